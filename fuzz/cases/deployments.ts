// The deployments of scenarios/fuzz.yaml, by the operations they serve, and the api-versions to call them with.
import type { Operation } from '../oracle/expectation.ts';
import type { Draw } from './draw.ts';

export const DEPLOYMENTS: Readonly<Record<Operation, readonly string[]>> = {
  chat: ['gpt-4o', 'o3-mini', 'gpt-4o-limited'],
  completions: ['gpt-35-turbo-instruct'],
  embeddings: ['text-embedding-3-small', 'text-embedding-ada-002'],
  images: ['dall-e-3', 'gpt-image-1'],
  transcriptions: ['whisper'],
  translations: ['whisper'],
  speech: ['tts'],
  responses: ['gpt-4o', 'o3-mini'],
};

const ALL = [...new Set(Object.values(DEPLOYMENTS).flat())];

/** A deployment for `operation`: mostly one that serves it, sometimes one that does not, or none that exists. */
export function deploymentFor(draw: Draw, operation: Operation): string {
  return draw.weighted<() => string>([
    [85, () => draw.pick(DEPLOYMENTS[operation])],
    [6, () => draw.pick(ALL)],
    [4, () => draw.pick(['no-such-deployment', 'GPT-4O', 'gpt-4o%20', ''])],
    [2, () => encodeURIComponent(draw.pick(['gpt-4o/../dall-e-3', '..', '%', 'é\u0000', 'a'.repeat(300)]))],
  ])();
}

const DATED = ['2024-10-21', '2024-06-01', '2024-02-01', '2023-05-15', '2024-08-01-preview', '2024-12-01-preview', '2025-01-01-preview'];
const RESPONSES_DATED = ['2025-03-01-preview', '2025-04-01-preview'];

/** The `api-version` query for a route: a known version, or one the service refuses, twice, or none. */
export function apiVersionQuery(draw: Draw, route: 'dated' | 'v1', operation: Operation): string {
  const good =
    route === 'v1'
      ? draw.pick(['', 'v1', 'preview'])
      : draw.pick(operation === 'responses' ? RESPONSES_DATED : [...DATED, ...RESPONSES_DATED]);
  const version = draw.weighted<() => string | undefined>([
    [88, () => good],
    [3, () => undefined],
    [3, () => draw.pick(['2099-01-01', 'latest', '2024-10-21x', '', '2024-13-45-preview', 'a'.repeat(2000)])],
    [2, () => `${good}&api-version=${good}`],
    [2, () => `${good}&api-version=2099-01-01`],
    [2, () => draw.pick(['2024-10-21%00', '%ED%A0%80', '..%2F..', '%FF'])],
  ])();
  if (version === undefined || version === '') return '';
  return `?api-version=${version}${draw.chance(0.05) ? `&${draw.pick(['x=1', 'api-version', '%zz', 'a[b]=c', 'model=gpt-4o'])}` : ''}`;
}
