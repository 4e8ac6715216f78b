// The event-loop probe, run as its own small process (see probe.ts): `GET /healthz` every few milliseconds on one
// keep-alive connection, timing each answer. Being a separate process, a busy fuzzer cannot make it look slow.
import { connect, type Socket } from 'node:net';
import { nowMs, schedTimes, type SchedTimes } from './proc-stats.ts';
import type { ProbeMessage, ProbeStall } from './probe.ts';

const [port, simPid, intervalMs, thresholdMs] = process.argv.slice(2).map(Number) as [number, number, number, number];
const REQUEST = Buffer.from('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

let socket: Socket | undefined;
let received: Buffer = Buffer.alloc(0);
let inFlight: { startMs: number; sim?: SchedTimes; self?: SchedTimes; done: () => void } | undefined;
let stopped = false;
let samples = 0;
let maxEffectiveMs = 0;
let failures = 0;

function send(message: ProbeMessage): void {
  process.send?.(message);
}

function open(): Socket {
  const created = connect({ host: '127.0.0.1', port });
  created.setNoDelay(true);
  created.on('data', (chunk: Buffer) => {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    const end = received.indexOf(HEADER_END);
    if (end < 0) return;
    const length = Number(/content-length:\s*(\d+)/i.exec(received.subarray(0, end).toString('latin1'))?.[1] ?? 0);
    if (received.length < end + 4 + length) return;
    received = received.subarray(end + 4 + length);
    inFlight?.done();
  });
  const lost = () => {
    if (socket === created) socket = undefined;
    received = Buffer.alloc(0);
    inFlight?.done();
  };
  created.on('error', lost);
  created.on('close', lost);
  return created;
}

/** One timed request; the time the machine kept either process waiting for a core is not the simulator's stall. */
async function sample(): Promise<void> {
  const startMs = nowMs();
  const sim = schedTimes(simPid);
  const self = schedTimes('self');
  socket ??= open();
  await new Promise<void>((resolve) => {
    inFlight = { startMs, ...(sim ? { sim } : {}), ...(self ? { self } : {}), done: resolve };
    socket!.write(REQUEST);
  });
  const answered = socket !== undefined;
  inFlight = undefined;
  if (!answered) {
    failures++;
    return;
  }
  samples++;
  const stall = measure(startMs, sim, self, nowMs(), false);
  if (stall) send({ type: 'stall', stall });
}

function measure(startMs: number, sim: SchedTimes | undefined, self: SchedTimes | undefined, endMs: number, ongoing: boolean) {
  const simNow = schedTimes(simPid);
  const selfNow = schedTimes('self');
  const simWaitMs = sim && simNow ? simNow.waitingMs - sim.waitingMs : 0;
  const probeWaitMs = self && selfNow ? selfNow.waitingMs - self.waitingMs : 0;
  const latencyMs = endMs - startMs;
  const simOnCpuMs = sim && simNow ? simNow.onCpuMs - sim.onCpuMs : latencyMs;
  // On a saturated machine a late answer can also come from a thread of either process that waits on a lock
  // held by another thread the scheduler keeps off the CPU: neither running nor queued, that time is in no
  // account. What the simulator's own work held is at most what its main thread spent on a CPU meanwhile.
  const effectiveMs = Math.min(latencyMs - simWaitMs - probeWaitMs, simOnCpuMs);
  maxEffectiveMs = Math.max(maxEffectiveMs, effectiveMs);
  if (effectiveMs <= thresholdMs) return undefined;
  const stall: ProbeStall = {
    startMs,
    endMs,
    latencyMs,
    effectiveMs,
    simWaitMs,
    probeWaitMs,
    simOnCpuMs,
    ongoing,
  };
  return stall;
}

async function loop(): Promise<void> {
  while (!stopped) {
    const started = nowMs();
    await sample();
    const rest = intervalMs - (nowMs() - started);
    if (failures > 0 && socket === undefined) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    else if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
}

process.on('message', (message: string) => {
  if (message !== 'stop') return;
  stopped = true;
  const ongoing = inFlight ? measure(inFlight.startMs, inFlight.sim, inFlight.self, nowMs(), true) : undefined;
  socket?.destroy();
  process.send?.({ type: 'final', samples, failures, maxEffectiveMs, ...(ongoing ? { ongoing } : {}) } satisfies ProbeMessage, () =>
    process.exit(0),
  );
});

void loop();
