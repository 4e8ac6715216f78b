export { embed, embedBatch, embedTokens, type EmbedOptions } from './embed.ts';
export { toBase64, toFloatArray } from './encode.ts';
export { baselineSimilarity } from './baseline.ts';
