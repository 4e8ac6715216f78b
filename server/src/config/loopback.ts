import { isIP } from 'node:net';

/** Whether a listening address reaches only this machine: 127.0.0.0/8, ::1 (also IPv4-mapped), or `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const address = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (address === 'localhost' || address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return isIP(v4) === 4 && v4.startsWith('127.');
}
