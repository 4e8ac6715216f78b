/**
 * The baseline for `npm run bench`: a bare node:http server that reads the body, parses the JSON and answers
 * with a fixed response. The fixed responses are the simulator's own, captured from it in the same run
 * (bench/perf.ts does that): the same status, the same headers and the same body bytes, a stream as the same
 * frames in one chunked write. So both servers put the same bytes on the wire, and whatever the simulator
 * costs beyond this server is the cost of its work, not of a bigger answer.
 *
 *   node bench/baseline-server.ts PORT SAMPLES.json
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/** One captured answer: what the baseline sends back, byte for byte. */
export interface CapturedAnswer {
  status: number;
  /** The headers the simulator sent (content-length or transfer-encoding included), without date and connection, which Node adds. */
  headers: Record<string, string>;
  body: string;
}

export interface Samples {
  chat: CapturedAnswer;
  stream: CapturedAnswer;
  /** Asked for on /embeddings. */
  embeddings: CapturedAnswer;
}

const samples = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as Samples;

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    const parsed = JSON.parse(body) as { stream?: boolean };
    const answer = request.url === '/embeddings' ? samples.embeddings : parsed.stream ? samples.stream : samples.chat;
    // in one write, as the simulator writes a whole answer and an unpaced stream
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () =>
  console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`),
);
