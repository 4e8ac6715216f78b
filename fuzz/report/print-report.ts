// The run's report: a compact text for people, the same as JSON for tools.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { excerpt } from '../oracle/json-body.ts';
import type { FuzzReport } from '../run/run-fuzz.ts';
import type { PhaseStats } from '../run/phase.ts';
import type { Failure, FailureGroup } from './failures.ts';

/** The report as lines; `hide` maps secret values to the placeholders printed instead. */
export function reportLines(report: FuzzReport, durationMs: number, show: number, hide: Record<string, string>): string[] {
  const conceal = (text: string) => Object.entries(hide).reduce((out, [secret, placeholder]) => out.split(secret).join(placeholder), text);
  const lines = [
    `aoai-sim fuzz: seed ${report.seed}, ${Math.round(durationMs / 1000)} s${report.pinned ? ', simulator on core 0, fuzzer on core 1' : ', not pinned'}`,
  ];
  for (const phase of report.phases) lines.push(`  ${phaseLine(phase)}`);
  const kinds = report.failures.byKind();
  if (kinds.size === 0) {
    lines.push('PASSED: no failures');
    return lines;
  }
  lines.push(
    `FAILED: ${kinds.size} kinds of failure. Send a case again alone with: npm run fuzz -- --seed ${report.seed} --case <case id>`,
  );
  for (const [kind, groups] of kinds) {
    const total = groups.reduce((sum, group) => sum + group.count, 0);
    lines.push('', `[${kind}] ${groups.length} distinct, ${total} in all`);
    groups.sort((a, b) => b.count - a.count);
    groups.slice(0, show).forEach((group, i) => lines.push(...groupLines(group, i + 1).map(conceal)));
    if (groups.length > show) lines.push(`  … ${groups.length - show} more (see the JSON report)`);
  }
  return lines;
}

function phaseLine(phase: PhaseStats): string {
  const statuses = Object.entries(phase.byStatus)
    .map(([key, count]) => `${key} ${count}`)
    .join(', ');
  const memory =
    phase.baselineRssMiB !== undefined
      ? `RSS ${phase.baselineRssMiB} → ${phase.finalRssMiB ?? '?'} MiB after collection, peak ${phase.peakRssMiB} MiB`
      : `peak RSS ${phase.peakRssMiB} MiB`;
  return `${phase.configuration}: ${phase.requests} requests in ${Math.round(phase.durationMs / 1000)} s (${statuses}), ${phase.cases} cases; ${memory}; probe ${phase.probeSamples} samples, longest ${phase.maxEffectiveStallMs} ms`;
}

function groupLines(group: FailureGroup, number: number): string[] {
  const failure = group.first;
  const lines = [`  ${number}. ${failure.detail.slice(0, 400)}  ×${group.count} (${[...group.configurations].join(', ')})`];
  if (failure.caseId) lines.push(`     case ${failure.caseId} (${failure.family})`);
  else if (failure.family) lines.push(`     while in flight: ${failure.family}`);
  if (failure.request) lines.push(...requestLines(failure.request));
  if (failure.answer) lines.push(`     answer: ${failure.answer.status} ${failure.answer.excerpt.slice(0, 240)}`);
  for (const blamed of failure.inFlight ?? []) lines.push(`     in flight: ${blamed}`);
  return lines;
}

function requestLines(request: NonNullable<Failure['request']>): string[] {
  const lines = [`     ${request.method} ${request.target.slice(0, 200)}${request.note ? `  [${request.note.slice(0, 160)}]` : ''}`];
  if (Object.keys(request.headers).length > 0) lines.push(`     headers: ${excerpt(JSON.stringify(request.headers), 240)}`);
  if (request.bytes)
    lines.push(`     bytes (${request.bodyLength ?? request.bytes.length}): ${excerpt(request.bytes.toString('latin1'), 240)}`);
  return lines;
}

/** The report as JSON, every signature in full, for a tool or a closer look. */
export function writeJsonReport(file: string, report: FuzzReport, hide: Record<string, string>): void {
  let text = JSON.stringify(
    {
      seed: report.seed,
      pinned: report.pinned,
      phases: report.phases,
      failures: [...report.failures.byKind()].flatMap(([, groups]) =>
        groups.map((group) => ({
          ...group,
          configurations: [...group.configurations],
          first: {
            ...group.first,
            request: group.first.request && { ...group.first.request, bytes: group.first.request.bytes?.toString('latin1') },
          },
        })),
      ),
    },
    null,
    2,
  );
  for (const [secret, placeholder] of Object.entries(hide)) text = text.split(secret).join(placeholder);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
