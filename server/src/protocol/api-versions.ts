/**
 * The api-versions the service knows, and the features each one gates (../shared/docs/aoai-protocol.md §1).
 * A feature "from X" is available in every version dated X or later, preview or stable.
 */
export const STABLE_API_VERSIONS = ['2022-12-01', '2023-05-15', '2024-02-01', '2024-06-01', '2024-10-21'] as const;

export const PREVIEW_API_VERSIONS = [
  '2023-03-15-preview',
  '2023-06-01-preview',
  '2023-07-01-preview',
  '2023-08-01-preview',
  '2023-09-01-preview',
  '2023-12-01-preview',
  '2024-02-15-preview',
  '2024-03-01-preview',
  '2024-04-01-preview',
  '2024-05-01-preview',
  '2024-07-01-preview',
  '2024-08-01-preview',
  '2024-09-01-preview',
  '2024-10-01-preview',
  '2024-12-01-preview',
  '2025-01-01-preview',
  '2025-02-01-preview',
  '2025-03-01-preview',
  '2025-04-01-preview',
] as const;

const KNOWN = new Set<string>([...STABLE_API_VERSIONS, ...PREVIEW_API_VERSIONS]);

/** The versions the `/openai/v1/` routes take (the parameter is optional there). */
export const V1_API_VERSIONS = ['v1', 'preview'] as const;

/** Features gated on a value or a route; request parameters are gated by the table in parameter-versions.ts. */
export type Feature = 'json_schema' | 'responses' | 'batches';

const FEATURES: Readonly<Record<Feature, string>> = {
  json_schema: '2024-08-01',
  responses: '2025-03-01',
  // the inference specs have /batches from 2024-07-01-preview; the stable 2024-10-21 has them, 2024-06-01 does not
  batches: '2024-07-01',
};

export function isKnownApiVersion(version: string): boolean {
  return KNOWN.has(version);
}

/**
 * Whether `version` has `feature`. Versions outside the known list (accepted under the `any` policy) and the v1
 * routes have every feature: they are newer than the list, or the caller asked not to be checked.
 */
export function supports(version: string | undefined, feature: Feature): boolean {
  if (version === undefined || !KNOWN.has(version)) return true;
  return version.slice(0, 10) >= FEATURES[feature];
}

/** The oldest version with the feature, for error messages. */
export function firstVersionWith(feature: Feature): string {
  return FEATURES[feature];
}
