import type { StartedTestContainer } from 'testcontainers';

/**
 * Where the server writes the self-signed certificate it makes at startup (server/src/tls/server-certificate.ts):
 * a fresh `aoai-sim-tls-*` folder in the temporary directory, one per container. The startup line names the
 * exact file, but it is logged at `info`, which `withLogLevel('warn')` silences; the folder is always there.
 */
const CERTIFICATE_FILES = '"${TMPDIR:-/tmp}"/aoai-sim-tls-*/aoai-sim-cert.pem';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/;

/**
 * The certificate (PEM) a container started with TLS serves, read from its file through Docker rather than taken
 * from whatever answers on the mapped port: what a client pins is what the simulator made.
 */
export async function containerCertificate(started: StartedTestContainer): Promise<string> {
  const { exitCode, stdout, stderr } = await started.exec(['sh', '-c', `cat ${CERTIFICATE_FILES}`]);
  const pem = PEM_CERTIFICATE.exec(stdout)?.[0];
  if (exitCode !== 0 || pem === undefined) {
    const said = (stderr || stdout).trim().slice(0, 300);
    throw new Error(
      `withTls(): the container serves TLS but its self-signed certificate could not be read from ${CERTIFICATE_FILES}` +
        ` (exit code ${exitCode}${said ? `: ${said}` : ''}). A certificate given in the scenarios' server.tls is` +
        ` not read back: trust it from your own copy.`,
    );
  }
  return pem;
}
