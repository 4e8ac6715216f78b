// `npm run fuzz -- …`: the options, their defaults, and what they mean.
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CONFIGURATIONS, type Configuration } from './configurations.ts';

export interface FuzzOptions {
  seed: number;
  durationMs: number;
  /** The most requests the whole run sends (shared between the configurations). */
  requests: number;
  concurrency: number;
  configurations: Configuration[];
  /** Case ids to send again, alone (`configuration:index` or `configuration:crafted-name`). */
  cases: string[];
  /** An event-loop stall longer than this fails the run. */
  stallMs: number;
  probeIntervalMs: number;
  /** RSS after a full collection may grow this much from the end of warm-up to the end of a configuration. */
  rssGrowthMiB: number;
  /** RSS may never go over this, collected or not. */
  rssCeilingMiB: number;
  /** The share of each configuration's time spent warming up before the baseline RSS is taken. */
  warmupShare: number;
  pin: boolean;
  /** Where the JSON report goes; none when empty. */
  json: string;
  /** How many failures of each kind the report shows in full. */
  show: number;
}

export const USAGE = `Usage: npm run fuzz -- [options]

  --seed N            the run's seed (default: random, printed); the same seed sends the same cases
  --duration D        how long the whole run lasts, e.g. 60s, 20m (default 60s)
  --requests N        stop after about N requests in all (default: no limit)
  --concurrency N     requests in flight at once (default 8)
  --configs LIST      comma-separated: ${CONFIGURATIONS.map((c) => c.name).join(', ')} (default: all)
  --case ID           send only this case again (repeatable): an id from a report, e.g. both-keys:1234
  --stall-ms N        the longest event-loop stall allowed (default 100)
  --rss-growth-mib N  RSS growth allowed per configuration, after warm-up and a full collection (default 128)
  --rss-ceiling-mib N RSS never allowed (default 1536)
  --json FILE         also write the report as JSON (default .bench-results/fuzz-<seed>.json)
  --show N            failures shown in full per kind (default 5)
  --no-pin            do not pin the simulator and the fuzzer to separate cores`;

export function parseFuzzOptions(argv: string[]): FuzzOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      duration: { type: 'string', default: '60s' },
      requests: { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      configs: { type: 'string' },
      case: { type: 'string', multiple: true, default: [] },
      'stall-ms': { type: 'string', default: '100' },
      'rss-growth-mib': { type: 'string', default: '128' },
      'rss-ceiling-mib': { type: 'string', default: '1536' },
      json: { type: 'string' },
      show: { type: 'string', default: '5' },
      'no-pin': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new UsageHelp();
  const seed = values.seed === undefined ? randomInt(2 ** 31) : whole(values.seed, 'seed');
  const names = values.configs?.split(',').map((name) => name.trim());
  const configurations = names ? CONFIGURATIONS.filter((configuration) => names.includes(configuration.name)) : [...CONFIGURATIONS];
  if (names && configurations.length !== names.length) throw new Error(`--configs takes ${CONFIGURATIONS.map((c) => c.name).join(', ')}`);
  return {
    seed,
    durationMs: duration(values.duration),
    requests: values.requests === undefined ? Number.MAX_SAFE_INTEGER : whole(values.requests, 'requests'),
    concurrency: Math.max(1, whole(values.concurrency, 'concurrency')),
    configurations,
    cases: values.case,
    stallMs: whole(values['stall-ms'], 'stall-ms'),
    probeIntervalMs: 10,
    rssGrowthMiB: whole(values['rss-growth-mib'], 'rss-growth-mib'),
    rssCeilingMiB: whole(values['rss-ceiling-mib'], 'rss-ceiling-mib'),
    warmupShare: 0.15,
    pin: !values['no-pin'],
    json: values.json ?? `.bench-results/fuzz-${seed}.json`,
    show: whole(values.show, 'show'),
  };
}

/** --help was asked for. */
export class UsageHelp extends Error {}

/** "90", "90s", "1500ms", "20m" as milliseconds (a bare number is seconds). */
export function duration(text: string): number {
  const found = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!found) throw new Error(`"${text}" is not a duration (e.g. 60s, 20m)`);
  const scale = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[found[2] ?? 's']!;
  return Number(found[1]) * scale;
}

function whole(text: string, name: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`--${name} takes a whole number, not "${text}"`);
  return Number(text);
}
