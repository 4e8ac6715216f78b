// What a request was aimed at, and so what its answer may be.

export type Operation = 'chat' | 'completions' | 'embeddings' | 'images' | 'transcriptions' | 'translations' | 'speech' | 'responses';
export type ControlRoute = 'config' | 'scenarios' | 'reset' | 'faults' | 'journal' | 'limits';

/** The route a request meant to reach. Path variants never change it (see paths.ts). */
export type Target =
  | { kind: 'operation'; operation: Operation }
  | { kind: 'listing'; listing: 'models' | 'deployments' | 'v1-models' }
  | { kind: 'stored-response' }
  | { kind: 'control'; route: ControlRoute }
  | { kind: 'image-file' }
  | { kind: 'healthz' }
  | { kind: 'metrics' }
  /** Nothing: a path no route has, or bytes that are no request. */
  | { kind: 'none' };

/** What a case tells the oracle beyond the request itself. */
export interface Expectation {
  target: Target;
  /** Any status and any bytes may come: a fault this harness armed, or an incident it started, is answering. */
  faulted?: boolean;
  /** The scenarios answer this with a service-shaped 500 on purpose (a template over its limits). */
  allow500?: boolean;
  /** The body's size as the simulator reads it, when known: a 413 for less than the limit is wrong. */
  bodyBytes?: number;
}

/** Targets the data plane's key protects. */
export function needsApiKey(target: Target): boolean {
  return target.kind === 'operation' || target.kind === 'listing' || target.kind === 'stored-response';
}

/** Targets the admin key protects (generated image files are public, like the service's storage URLs). */
export function needsAdminKey(target: Target): boolean {
  return target.kind === 'control';
}

export function describeTarget(target: Target): string {
  switch (target.kind) {
    case 'operation':
      return target.operation;
    case 'listing':
      return target.listing;
    case 'control':
      return `control ${target.route}`;
    default:
      return target.kind;
  }
}
