/**
 * Who runs the server: PostgreSQL refuses to run as root, so as root initdb and postgres run as
 * the OS user `postgres` (override: $PG_OS_USER) and the temp dir is chowned to it; nothing else
 * system-wide is created. As any other user they run as that user.
 */
import { readFileSync } from 'node:fs';

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/** As root: the unprivileged user to run PostgreSQL as ($PG_OS_USER or `postgres`); otherwise null. */
export function serverOsUser(): OsUser | null | { error: string } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const name = process.env.PG_OS_USER || 'postgres';
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    /* fall through */
  }
  const line = passwd.split('\n').find((l) => l.split(':')[0] === name);
  if (!line) {
    return {
      error:
        `running as root and there is no OS user '${name}' to run PostgreSQL as (it refuses to run as root); ` +
        "install Debian's postgresql package (creates it), set PG_OS_USER to an existing unprivileged user, or run as non-root",
    };
  }
  const [, , uid, gid] = line.split(':');
  return { name, uid: Number(uid), gid: Number(gid) };
}
