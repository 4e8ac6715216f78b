import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ResolvedServer } from '../config/resolve-config.ts';
import { ConfigError } from '../config/config-error.ts';
import { realClock } from '../clock/index.ts';

/** What an HTTPS server is started with, and where a client finds the certificate to trust. */
export interface ServerCertificate {
  /** The certificate (PEM), its chain after it. */
  readonly cert: string;
  /** Its private key (PEM). */
  readonly key: string;
  /** A file holding `cert`, for NODE_EXTRA_CA_CERTS, SSL_CERT_FILE or an agent's `ca`. */
  readonly certPath: string;
  /** Made at startup, not given. */
  readonly selfSigned: boolean;
}

/** The names a local client dials the simulator by: what the self-signed certificate is valid for. */
const LOCAL_NAMES = [
  { type: 2, value: 'localhost' },
  { type: 7, ip: '127.0.0.1' },
  { type: 7, ip: '::1' },
] as const;

/**
 * The certificate `server.tls` asks for: the PEM files given, or a self-signed one for localhost, 127.0.0.1 and
 * ::1, made now and written to a temporary file whose path the startup line shows. The self-signed one is a leaf
 * and its own issuer, so trusting it as a CA (what NODE_EXTRA_CA_CERTS does) is enough for a client.
 */
export async function serverCertificate(tls: ResolvedServer['tls']): Promise<ServerCertificate> {
  if (tls.cert !== undefined && tls.key !== undefined) return givenCertificate(tls.cert, tls.key, tls.selfSigned ?? false);
  // the wall clock's time, whatever clock the simulation runs on: a client checks validity against its own
  const notBeforeDate = new Date(realClock.epochMs() - 60_000);
  // loaded when a certificate is made, not with the command: it adds about 0.3 s to every start (validate too)
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...LOCAL_NAMES] },
    ],
  });
  const certPath = join(await mkdtemp(join(tmpdir(), 'aoai-sim-tls-')), 'aoai-sim-cert.pem');
  await writeFile(certPath, pems.cert, { mode: 0o644 });
  return { cert: pems.cert, key: pems.private, certPath, selfSigned: true };
}

async function givenCertificate(certFile: string, keyFile: string, selfSigned: boolean): Promise<ServerCertificate> {
  const certPath = resolve(certFile);
  const [cert, key] = await Promise.all([readPem(certPath, '/server/tls/cert'), readPem(resolve(keyFile), '/server/tls/key')]);
  return { cert, key, certPath, selfSigned };
}

/**
 * The files of a self-signed certificate for worker processes to serve (`--workers N --tls`): one certificate for
 * them all, so that the path the startup lines name is the one a client trusts whichever worker it reaches. The
 * key is written beside the certificate, readable by this user only.
 */
export async function shareCertificate(tls: ResolvedServer['tls']): Promise<{ cert: string; key: string } | undefined> {
  if (!tls.enabled || tls.cert !== undefined) return undefined;
  const made = await serverCertificate(tls);
  const keyPath = join(dirname(made.certPath), 'aoai-sim-key.pem');
  await writeFile(keyPath, made.key, { mode: 0o600 });
  return { cert: made.certPath, key: keyPath };
}

async function readPem(path: string, pointer: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ pointer, message: `cannot read ${path}: ${(error as Error).message}` }]);
  }
}
