export { isModelRouter, resolveRouter, type ModelRoute, type ResolvedRouter } from './resolve-router.ts';
export { routeModel } from './route-model.ts';
