/** The `run` option of the external runtime: where the servers are. */
import type { RuntimeCli } from '../../core/runtime.js';
import { parsePairs } from '../../core/pairs.js';

export const externalCli: RuntimeCli = {
  options: {
    url: {
      type: 'string',
      array: true,
      describe:
        'External runtime URL per engine: --url postgres=postgres://bench:${PGPASSWORD}@db:5432/bench?sslmode=verify-full, or the whole URL from an env var: --url postgres=env:PG_URL. ' +
        'Give secrets through the environment (single-quote the ${VAR} so the shell does not expand it): a literal password on the command line is visible to other users in `ps` while the shell/npm wrapper runs; the harness masks it in its own process title and in every file',
    },
  },
  flags: (v) => ({ urls: parsePairs(v.url as string[] | undefined, 'url') }),
};
