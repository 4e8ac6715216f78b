// What the simulator logged: the cause of each 500 it answered, and whether a secret ever reached the log.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Secrets } from '../oracle/secrets.ts';

export interface ServerLogFindings {
  /** By request id: the message of the error logged for it. */
  causes: Map<string, string>;
  /** The names of the secrets found in the log. */
  secrets: Set<string>;
  /** A few lines with a secret, cut short, for the report. */
  secretLines: string[];
}

/** Reads the JSON log line by line (it can be tens of MiB on a long run). */
export async function readServerLog(file: string, secrets: Secrets): Promise<ServerLogFindings> {
  const findings: ServerLogFindings = { causes: new Map(), secrets: new Set(), secretLines: [] };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    for (const [name, secret] of Object.entries(secrets)) {
      if (!line.includes(secret)) continue;
      findings.secrets.add(name);
      if (findings.secretLines.length < 5) findings.secretLines.push(line.slice(0, 400));
    }
    if (!line.includes('"level":50') && !line.includes('"level":60')) continue;
    try {
      const entry = JSON.parse(line) as { requestId?: string; err?: { message?: string; type?: string }; msg?: string };
      if (entry.requestId && findings.causes.size < 50_000)
        findings.causes.set(entry.requestId, `${entry.err?.type ?? 'Error'}: ${entry.err?.message ?? entry.msg ?? ''}`.slice(0, 300));
    } catch {
      // a line cut by a crash
    }
  }
  return findings;
}
