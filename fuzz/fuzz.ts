/**
 * `npm run fuzz`: a bounded fuzzer for the simulator (issue 15, "Keeping it fixed"). It starts the simulator as a
 * child process in four configurations (with and without a data-plane key and an admin key), sends it mutated
 * requests of every route and byte-level abuse, and fails on any 5xx nobody configured, any answer not in the
 * service's shape, a protected route answering without its key, a planted secret in an answer or the log, a
 * crash, an event-loop stall over 100 ms or RSS growing past a bound. See docs/fuzz-and-soak.md.
 */
import { writeJsonReport, reportLines } from './report/print-report.ts';
import { parseFuzzOptions, USAGE, UsageHelp } from './run/options.ts';
import { runFuzz } from './run/run-fuzz.ts';

async function main(): Promise<number> {
  let options;
  try {
    options = parseFuzzOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageHelp) return print(USAGE, 0);
    return print(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
  console.log(`aoai-sim fuzz: seed ${options.seed} (replay with --seed ${options.seed})`);
  const started = performance.now();
  const report = await runFuzz(options, (line) => console.log(`  ${line}`));
  const lines = reportLines(report, performance.now() - started, options.show, report.hide);
  console.log(lines.join('\n'));
  if (options.json) {
    writeJsonReport(options.json, report, report.hide);
    console.log(`report: ${options.json}`);
  }
  return report.failures.size > 0 ? 1 : 0;
}

function print(text: string, code: number): number {
  console.log(text);
  return code;
}

process.exitCode = await main();
