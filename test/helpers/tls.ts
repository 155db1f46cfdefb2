/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1 (openssl), so the
 * external-runtime tests can stand up servers that speak TLS the way a managed service does:
 * the harness must check the chain against a CA it was given, and refuse one it was not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  dir: string;
  /** PEM of the CA that signed the server certificate (what a client is given). */
  caFile: string;
  /** Server certificate (SAN IP:127.0.0.1, DNS:localhost) and its unencrypted key. */
  certFile: string;
  keyFile: string;
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.error?.message ?? r.stderr}`);
}

/** Makes the CA and the server certificate, or says why openssl cannot run here. */
export function makeTestCertificates(prefix: string): TestCertificates | string {
  if (spawnSync('openssl', ['version']).status !== 0) return 'no openssl binary (apt-get install openssl)';
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tsdb-bench test CA'], dir);
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
    openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf'], dir);
    return { dir, caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key'), remove };
  } catch (err) {
    remove();
    throw err;
  }
}
