// ajv's standalone code as an ES module of the server's generated/ folder.

/**
 * `code` (standalone.default's output, made with `code: { esm: true }`) under `banner`, with the `require` it calls:
 * the standalone code requires ajv's runtime helpers (string length, deep equality) even as an ES module.
 */
export function standaloneModule(banner: string, code: string): string {
  return `${banner}
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
${code}
`;
}
