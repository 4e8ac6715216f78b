import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `prefix` + `length` random letters and digits, the shape of the service's ids (`chatcmpl-` + 29). */
export function serviceId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return id;
}

export const ids = {
  chatCompletion: () => serviceId('chatcmpl-', 29),
  completion: () => serviceId('cmpl-', 29),
  toolCall: () => serviceId('call_', 24),
  response: () => `resp_${randomBytes(24).toString('hex')}`,
  message: () => `msg_${randomBytes(24).toString('hex')}`,
  functionCall: () => `fc_${randomBytes(24).toString('hex')}`,
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
