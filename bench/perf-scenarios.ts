// The scenarios and request bodies of `npm run bench`, shared with `npm run bench:memory` so that both measure the
// same simulator under the same load.

/** The bench's deployments: quotas high enough never to refuse, a journal of 1,000 entries, and a templated rule. */
export const PERF_SCENARIOS = `server: { journal: { maxEntries: 1000 } }
deployments:
  gpt-4o: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 2000000000, rpm: 2000000000 } }
  embed: { model: text-embedding-3-small, rateLimit: { tpm: 2000000000, rpm: 2000000000 } }
  templated: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 2000000000, rpm: 2000000000 } }
scenarios:
  - name: order-status
    match: { deployment: templated, lastUserMessage: { regex: "order (\\\\d+)" } }
    respond: { template: "Order {{ captures[1] }} ships on {{ now | date: '%A' }}, {{ request.deployment }}." }
`;

export const CHAT = { max_tokens: 50, messages: [{ role: 'user', content: 'Tell me about the history of the bicycle.' }] };
export const STREAM = { ...CHAT, stream: true };
export const EMBED = {
  input: Array.from({ length: 16 }, (_, i) => `document number ${i} about bicycles and their history`),
  encoding_format: 'base64',
};
export const TEMPLATE = { messages: [{ role: 'user', content: 'Where is order 4711?' }] };
