// The parent's side of the event-loop probe (probe-child.ts): starts it, collects the stalls it sees.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROBE_CHILD = fileURLToPath(new URL('./probe-child.ts', import.meta.url));

/** A probe request the simulator took longer than the threshold to answer, with the machine's share taken out. */
export interface ProbeStall {
  startMs: number;
  endMs: number;
  /** Wall time from sending to the whole answer. */
  latencyMs: number;
  /**
   * The simulator's own stall: latencyMs less the time either process sat runnable waiting for a core, and no
   * more than its main thread spent on a CPU meanwhile.
   */
  effectiveMs: number;
  simWaitMs: number;
  probeWaitMs: number;
  /** How long the simulator's main thread was on a CPU meanwhile: near effectiveMs means it was busy, not blocked. */
  simOnCpuMs: number;
  /** Still unanswered when the probe was stopped. */
  ongoing: boolean;
}

export type ProbeMessage =
  { type: 'stall'; stall: ProbeStall } | { type: 'final'; samples: number; failures: number; maxEffectiveMs: number; ongoing?: ProbeStall };

export interface ProbeSummary {
  stalls: ProbeStall[];
  samples: number;
  failures: number;
  maxEffectiveMs: number;
}

/** Probes GET /healthz on `port` every `intervalMs`, reporting answers slower than `thresholdMs`. */
export class LoopProbe {
  readonly stalls: ProbeStall[] = [];
  private final: Extract<ProbeMessage, { type: 'final' }> | undefined;
  private readonly child: ChildProcess;

  constructor(port: number, simPid: number, intervalMs: number, thresholdMs: number) {
    // the probe needs no more than a few MiB: keep its heap small so that it collects in microseconds
    this.child = fork(PROBE_CHILD, [String(port), String(simPid), String(intervalMs), String(thresholdMs)], {
      execArgv: ['--max-old-space-size=32'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: ProbeMessage) => {
      if (message.type === 'stall') this.stalls.push(message.stall);
      else this.final = message;
    });
  }

  /** Stops probing; an answer still outstanding past the threshold is reported as an ongoing stall. */
  async stop(): Promise<ProbeSummary> {
    if (this.child.connected) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.send('stop');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.final?.ongoing) this.stalls.push(this.final.ongoing);
    return {
      stalls: this.stalls,
      samples: this.final?.samples ?? 0,
      failures: this.final?.failures ?? 0,
      maxEffectiveMs: this.final?.maxEffectiveMs ?? 0,
    };
  }
}
