import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random bytes drawn in blocks: a system call per id showed in profiles of the hot path. */
const pool = Buffer.alloc(8192);
let used = pool.length;

function randomByte(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++]!;
}

/** `prefix` + `length` random letters and digits, the shape of the service's ids (`chatcmpl-` + 29). */
export function serviceId(prefix: string, length: number): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += ALPHANUMERIC[randomByte() % ALPHANUMERIC.length];
  return id;
}

export const ids = {
  chatCompletion: () => serviceId('chatcmpl-', 29),
  completion: () => serviceId('cmpl-', 29),
  toolCall: () => serviceId('call_', 24),
  response: () => `resp_${randomBytes(24).toString('hex')}`,
  message: () => `msg_${randomBytes(24).toString('hex')}`,
  functionCall: () => `fc_${randomBytes(24).toString('hex')}`,
  /** Azure's batch ids: `batch_` and a UUID. */
  batch: () => `batch_${randomUUID()}`,
  /** A batch line's output id: `batch_req_` and a UUID's 32 hex digits. */
  batchRequest: () => `batch_req_${randomUUID().replaceAll('-', '')}`,
  video: () => `video_${randomBytes(16).toString('hex')}`,
  webhookEvent: () => `evt_${randomBytes(16).toString('hex')}`,
  /** A message's `webhook-id`, the same for every attempt to deliver it. */
  webhookMessage: () => `wh_${randomBytes(16).toString('hex')}`,
  webhookEndpoint: () => `whe_${randomBytes(16).toString('hex')}`,
};

/** A stable `fp_` + 10 hex for a model: the same model snapshot always reports the same fingerprint. */
export function systemFingerprint(model: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < model.length; i++) hash = Math.imul(hash ^ model.charCodeAt(i), 0x01000193) >>> 0;
  return `fp_${hash.toString(16).padStart(8, '0')}${((hash >>> 8) & 0xff).toString(16).padStart(2, '0')}`;
}

/** The `azureml-model-session` header: which backend session served the deployment, stable per deployment. */
export function modelSession(deployment: string): string {
  let hash = 0;
  for (let i = 0; i < deployment.length; i++) hash = (hash * 31 + deployment.charCodeAt(i)) >>> 0;
  return `d${(hash % 9000) + 1000}-20250916184327`;
}
