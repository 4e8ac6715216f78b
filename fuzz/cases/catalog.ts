// Which case comes at which index: families by weight, and the crafted cases by name.
import type { CaseBuilder, FuzzCase, FuzzEnvironment } from './case.ts';
import { controlFaultCase, controlReadCase, controlScenariosCase, imageFileCase } from './control-cases.ts';
import { robustnessCases } from './crafted-robustness.ts';
import { stallCases } from './crafted-stalls.ts';
import { securityCases } from './crafted-security.ts';
import { listingCase, operationCase, storedResponseCase } from './data-plane-cases.ts';
import { Draw } from './draw.ts';
import { rawCase } from './raw-cases.ts';

/** How often each family comes up: mostly the data plane, as a load test would call it. */
const FAMILIES: ReadonlyArray<readonly [number, CaseBuilder]> = [
  [56, operationCase],
  [5, listingCase],
  [6, storedResponseCase],
  [9, controlReadCase],
  [2, controlScenariosCase],
  [3, controlFaultCase],
  [3, imageFileCase],
  [9, rawCase],
];

/** Case `index` of configuration `configuration` in a run seeded with `seed`: the same every time. */
export function caseAt(seed: number, configuration: string, index: number, env: FuzzEnvironment): FuzzCase {
  const draw = Draw.forCase(seed, configuration, index);
  const builder = draw.weighted(FAMILIES);
  return { id: `${configuration}:${index}`, ...builder(draw, env) };
}

/**
 * The crafted cases, each run once per configuration (ids `configuration:crafted-name`); `memory` adds the one that
 * costs seconds (56 MiB of requests, alone), which one configuration of a run is enough to run.
 */
export function craftedCases(seed: number, configuration: string, memory = true): FuzzCase[] {
  const draw = Draw.forCase(seed, configuration, 'crafted');
  return [...securityCases(), ...stallCases(draw), ...robustnessCases(draw, { memory })].map(({ name, ...rest }) => ({
    id: `${configuration}:crafted-${name}`,
    ...rest,
  }));
}

/** The case a report names (`configuration:index` or `configuration:crafted-name`), to send it again alone. */
export function caseById(seed: number, id: string, env: FuzzEnvironment): FuzzCase | undefined {
  const [configuration, rest] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
  if (/^\d+$/.test(rest)) return caseAt(seed, configuration, Number(rest), env);
  return craftedCases(seed, configuration).find((crafted) => crafted.id === id);
}
