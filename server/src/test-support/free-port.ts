import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Ports below every system's ephemeral range (Linux 32768–60999, macOS and Windows 49152–65535). */
const FIXED_PORTS = { low: 20_000, high: 32_767 };

/**
 * A port free now on 127.0.0.1, for a server whose command takes a fixed port (Redis, a compose file, a CLI).
 *
 * The port is drawn at random below the kernel's ephemeral range. A port the kernel handed out (`listen(0)`, an
 * outgoing connection, Docker's mapped ports) would be free again once probed here, and could be handed to another
 * test before the caller listens on it: CI failed once so, with `EADDRINUSE`.
 */
export async function freePort(): Promise<number> {
  const { low, high } = fixedPortRange();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (await canListen(port)) return port;
  }
  throw new Error(`freePort: no free port between ${low} and ${high} after 100 attempts`);
}

/** The fixed range, moved below the kernel's ephemeral range where that range is set lower than usual. */
function fixedPortRange(): { low: number; high: number } {
  try {
    const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (ephemeralLow && ephemeralLow <= FIXED_PORTS.high) return { low: Math.max(1_024, ephemeralLow - 12_000), high: ephemeralLow - 1 };
  } catch {
    // not Linux: the default range is below every other system's ephemeral range
  }
  return FIXED_PORTS;
}

function canListen(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
