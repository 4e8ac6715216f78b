export { isModelRouter, resolveRouter, type ModelRoute, type ResolvedRouter } from './resolve-router.ts';
