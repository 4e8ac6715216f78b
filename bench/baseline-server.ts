/**
 * The baseline for `npm run bench`: a bare node:http server that reads the body, parses the JSON and answers a
 * fixed chat completion of the same size as the simulator's (or a fixed stream of as many chunks). Whatever
 * the simulator does beyond this is its cost.
 *
 *   node bench/baseline-server.ts PORT
 */
import { createServer } from 'node:http';

const content = 'Sure. The simplest approach keeps the overall structure over time. A quick test gives useful feedback in practice. Most teams improve a clear plan step by step, and each small change brings fewer surprises later on.';
const completion = JSON.stringify({
  choices: [{ content_filter_results: {}, finish_reason: 'stop', index: 0, logprobs: null, message: { annotations: [], content, refusal: null, role: 'assistant' } }],
  created: 1758119573,
  id: 'chatcmpl-CGnVFG8AVBjwC9UPyLDLxehmdOSth',
  model: 'gpt-4o-2024-08-06',
  object: 'chat.completion',
  system_fingerprint: 'fp_9ab7d013ff',
  usage: { completion_tokens: 50, prompt_tokens: 12, total_tokens: 62 },
});
const chunks = content.split(/(?<= )/).map((piece) => `data: ${JSON.stringify({ choices: [{ delta: { content: piece }, index: 0 }], id: 'chatcmpl-x', object: 'chat.completion.chunk' })}\n\n`);

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    const parsed = JSON.parse(body) as { stream?: boolean };
    if (parsed.stream) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const chunk of chunks) response.write(chunk);
      response.end('data: [DONE]\n\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(completion);
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`));
