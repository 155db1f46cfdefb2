/**
 * Image profiles: everything that differs between kinds of images, as data. An official image
 * (postgres, timescale/timescaledb, influxdb 1.x/2.x/3.x Core) has an entrypoint that initialises the
 * server from environment variables; a local image (scripts/build-images.sh, label
 * tsdb-bench.image=local) is plain Debian with the package installed, so the profile supplies
 * the whole command (initdb + postgres as the postgres user, or influxd as influxdb).
 * Providers call selectProfile() and profile.plan(); nothing else branches on the image kind.
 */
import type { ServerFamily } from '../../core/engine.js';
import { redisEntrypointProfile } from './redis-profile.js';
import { INFLUX1_ADMIN_USER } from '../influx1-auth.js';

export type { ContainerPlan, Credentials, ImageFacts, ImageProfile, NetworkMode, PlanInput } from './profile-types.js';
import type { ContainerPlan, Credentials, ImageFacts, ImageProfile, PlanInput } from './profile-types.js';

// --- settings -> arguments / environment -------------------------------------------------

/** `postgres -c key=value` arguments. */
export function postgresArgs(settings: Record<string, string>): string[] {
  return Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
}

/** InfluxDB 1.x: "section.key-name" -> INFLUXDB_SECTION_KEY_NAME (a key without section: top level). */
export function influx1EnvName(key: string): string {
  return 'INFLUXDB_' + key.replace(/[.-]/g, '_').toUpperCase();
}

/** InfluxDB 2.x: "storage-cache-max-memory-size" -> INFLUXD_STORAGE_CACHE_MAX_MEMORY_SIZE. */
export function influx2EnvName(key: string): string {
  return 'INFLUXD_' + key.replace(/[.-]/g, '_').toUpperCase();
}

function envFrom(settings: Record<string, string>, name: (key: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [name(k), v]));
}

// --- PostgreSQL ----------------------------------------------------------------------------

const PG_DATA = '/var/lib/postgresql/data';
const PG_PORT = 5432;
/** Same locale on every PostgreSQL container (and C collation rules for text keys). */
export const PG_INITDB_ARGS = ['--locale=C.UTF-8', '--encoding=UTF8'];

/** Settings the server receives: the engine's and the network binding. */
export function postgresSettings(input: PlanInput): Record<string, string> {
  const settings: Record<string, string> = { ...input.settings };
  const preload = new Set([...(settings.shared_preload_libraries ?? '').split(','), ...input.preloadLibraries].map((s) => s.trim()).filter(Boolean));
  if (preload.size > 0) settings.shared_preload_libraries = [...preload].join(',');
  if (input.network === 'host') {
    settings.listen_addresses = '127.0.0.1';
    settings.port = String(input.hostPorts[0]);
  } else {
    settings.listen_addresses = '*';
  }
  return settings;
}

function pgPort(input: PlanInput): number {
  return input.network === 'host' ? input.hostPorts[0] : PG_PORT;
}

const pgCredentials = (input: PlanInput): Credentials => ({
  username: 'postgres',
  password: input.password,
  database: 'postgres',
});

/** Official postgres / timescale images: docker-entrypoint.sh runs initdb from the environment. */
export const postgresEntrypointProfile: ImageProfile = {
  id: 'postgres-entrypoint',
  family: 'postgresql',
  description: "image entrypoint (initdb from POSTGRES_* variables), 'postgres -c' arguments",
  dataDir: PG_DATA,
  hostPorts: 1,
  plan(input) {
    const settings = postgresSettings(input);
    const port = pgPort(input);
    return {
      command: ['postgres', ...postgresArgs(settings)],
      env: {
        POSTGRES_PASSWORD: input.password,
        POSTGRES_USER: 'postgres',
        POSTGRES_DB: 'postgres',
        // Locked: password (scram-sha-256) for every TCP connection, loopback ones included
        // (initdb's default trusts 127.0.0.1, which is where host-network clients come from);
        // trust only on the container's own Unix socket, which the entrypoint's setup uses.
        POSTGRES_INITDB_ARGS: [...PG_INITDB_ARGS, '--auth-host=scram-sha-256', '--auth-local=trust'].join(' '),
        POSTGRES_HOST_AUTH_METHOD: 'scram-sha-256',
        PGDATA: PG_DATA,
        // The entrypoint's temporary init server and psql use this port too.
        PGPORT: String(port),
        // timescale/timescaledb images: keep postgresql.conf untouched (timescaledb-tune would
        // size memory settings from the host, making containers differ) and telemetry off.
        NO_TS_TUNE: 'true',
        TIMESCALEDB_TELEMETRY: 'off',
      },
      port,
      // The entrypoint starts a temporary server for initialisation first: two "ready" lines.
      waitLog: { pattern: /database system is ready to accept connections/, times: 2 },
      appliedSettings: settings,
      credentials: pgCredentials(input),
    };
  },
};

/**
 * Local Debian image: initdb then exec postgres, as the postgres user. The password reaches
 * initdb through a file that is removed before the server starts.
 */
export const POSTGRES_LOCAL_SCRIPT = [
  'set -e',
  'umask 077',
  'pwfile=$(mktemp)',
  'printf "%s" "$POSTGRES_PASSWORD" > "$pwfile"',
  `initdb -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 ${PG_INITDB_ARGS.join(' ')} >/dev/null`,
  'rm -f "$pwfile"',
  'echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"',
  'exec postgres -D "$PGDATA" "$@"',
].join('\n');

export const postgresLocalProfile: ImageProfile = {
  id: 'postgres-local',
  family: 'postgresql',
  description: "local Debian image: initdb + postgres as user postgres, 'postgres -c' arguments",
  dataDir: PG_DATA,
  hostPorts: 1,
  plan(input) {
    const settings = postgresSettings(input);
    return {
      // sh -c <script> <$0> <$@...>: the settings become postgres' arguments.
      command: ['/bin/sh', '-c', POSTGRES_LOCAL_SCRIPT, 'postgres', ...postgresArgs(settings)],
      env: { POSTGRES_PASSWORD: input.password, PGDATA: PG_DATA },
      user: 'postgres',
      port: pgPort(input),
      waitLog: { pattern: /database system is ready to accept connections/, times: 1 },
      appliedSettings: settings,
      credentials: pgCredentials(input),
    };
  },
};

// --- InfluxDB 1.x --------------------------------------------------------------------------

const INFLUX1_DATA = '/var/lib/influxdb';
const INFLUX_PORT = 8086;

/** Settings every InfluxDB 1.x container gets (the scenario's settings override them). */
export const INFLUX1_BASE_SETTINGS: Readonly<Record<string, string>> = {
  'reporting-disabled': 'true',
  'meta.dir': `${INFLUX1_DATA}/meta`,
  'data.dir': `${INFLUX1_DATA}/data`,
  'data.wal-dir': `${INFLUX1_DATA}/wal`,
  // Short, so the engine's flush() (wait until the cache is written to TSM) converges quickly.
  'data.cache-snapshot-write-cold-duration': '10s',
  'data.query-log-enabled': 'false',
  'monitor.store-enabled': 'false',
  'http.log-enabled': 'false',
};

/** The per-run admin the provider creates right after start (http.auth-enabled is forced). */
export { INFLUX1_ADMIN_USER };

function influx1Settings(input: PlanInput): Record<string, string> {
  const settings: Record<string, string> = { ...INFLUX1_BASE_SETTINGS, ...input.settings, 'http.auth-enabled': 'true' };
  if (input.network === 'host') {
    settings['http.bind-address'] = `127.0.0.1:${input.hostPorts[0]}`;
    settings['bind-address'] = `127.0.0.1:${input.hostPorts[1]}`;
  } else {
    settings['http.bind-address'] = `:${INFLUX_PORT}`;
  }
  return settings;
}

function influx1Plan(input: PlanInput, command: string[], user?: string): ContainerPlan {
  const settings = influx1Settings(input);
  return {
    command,
    env: envFrom(settings, influx1EnvName),
    user,
    port: input.network === 'host' ? input.hostPorts[0] : INFLUX_PORT,
    waitLog: { pattern: /Listening on HTTP/, times: 1 },
    appliedSettings: settings,
    // Authentication on; the provider creates this admin right after start (no user exists
    // yet, so 1.x allows it without credentials). The engine picks its database per run.
    credentials: { username: INFLUX1_ADMIN_USER, password: input.password },
    adminBootstrap: 'influxdb1',
  };
}

/** Official influxdb:1.x images: entrypoint runs influxd; configuration from INFLUXDB_* variables. */
export const influx1EntrypointProfile: ImageProfile = {
  id: 'influxdb1-entrypoint',
  family: 'influxdb',
  description: 'InfluxDB 1.x image entrypoint, settings as INFLUXDB_<SECTION>_<KEY> variables',
  dataDir: INFLUX1_DATA,
  hostPorts: 2,
  plan: (input) => influx1Plan(input, ['influxd']),
};

/** Local Debian image: influxd from built-in defaults (never /etc/influxdb), as user influxdb. */
export const influx1LocalProfile: ImageProfile = {
  id: 'influxdb1-local',
  family: 'influxdb',
  description: 'local Debian image: influxd -config /dev/null as user influxdb, INFLUXDB_* variables',
  dataDir: INFLUX1_DATA,
  hostPorts: 2,
  plan: (input) => influx1Plan(input, ['influxd', '-config', '/dev/null'], 'influxdb'),
};

// --- InfluxDB 2.x --------------------------------------------------------------------------

const INFLUX2_DATA = '/var/lib/influxdb2';
export const INFLUX2_ORG = 'tsdb-bench';
export const INFLUX2_BUCKET = 'tsdb-bench';
export const INFLUX2_USER = 'tsdb-bench';

export const INFLUX2_BASE_SETTINGS: Readonly<Record<string, string>> = {
  'reporting-disabled': 'true',
  'storage-cache-snapshot-write-cold-duration': '10s',
};

/**
 * Official influxdb:2.x images: onboarding through DOCKER_INFLUXDB_INIT_* (user, org, bucket,
 * per-run admin token); settings as INFLUXD_<KEY>. During setup the entrypoint runs a
 * temporary influxd on INFLUXD_INIT_PORT, so readiness waits for the final port.
 */
export const influx2EntrypointProfile: ImageProfile = {
  id: 'influxdb2-entrypoint',
  family: 'influxdb',
  description: 'InfluxDB 2.x image entrypoint, onboarding via DOCKER_INFLUXDB_INIT_*, INFLUXD_* variables',
  dataDir: INFLUX2_DATA,
  hostPorts: 2,
  plan(input) {
    const host = input.network === 'host';
    const port = host ? input.hostPorts[0] : INFLUX_PORT;
    const settings: Record<string, string> = {
      ...INFLUX2_BASE_SETTINGS,
      ...input.settings,
      'http-bind-address': host ? `127.0.0.1:${port}` : `:${port}`,
    };
    const env: Record<string, string> = {
      ...envFrom(settings, influx2EnvName),
      DOCKER_INFLUXDB_INIT_MODE: 'setup',
      DOCKER_INFLUXDB_INIT_USERNAME: INFLUX2_USER,
      DOCKER_INFLUXDB_INIT_PASSWORD: input.password,
      DOCKER_INFLUXDB_INIT_ORG: INFLUX2_ORG,
      DOCKER_INFLUXDB_INIT_BUCKET: INFLUX2_BUCKET,
      DOCKER_INFLUXDB_INIT_ADMIN_TOKEN: input.token,
    };
    if (host) env.INFLUXD_INIT_PORT = String(input.hostPorts[1]);
    return {
      command: ['influxd'],
      env,
      port,
      waitLog: { pattern: new RegExp(`msg=Listening.*transport=http.*port=${port}\\b`), times: 1 },
      appliedSettings: settings,
      credentials: {
        username: INFLUX2_USER,
        password: input.password,
        token: input.token,
        org: INFLUX2_ORG,
        bucket: INFLUX2_BUCKET,
      },
    };
  },
};

// --- InfluxDB 3 Core -----------------------------------------------------------------------

/** Pinned InfluxDB 3 Core image (docker-library influxdb:<version>-core; `latest` moved to 3 Core). */
export const INFLUXDB3_CORE_IMAGE = 'influxdb:3.11.1-core';
const INFLUX3_DATA = '/var/lib/influxdb3';
const INFLUX3_PORT = 8181;
/** Where the start script writes the offline admin token file (inside the container only). */
export const INFLUX3_TOKEN_FILE = '/tmp/tsdb-bench-admin-token.json';

/**
 * `influxdb3 serve` options every container gets (the scenario's settings override them):
 * WAL snapshots every ~10 s instead of 10 min, so flush() (wait until every row is in Parquet)
 * converges; telemetry upload off. The query file limit is left at the server default (432),
 * so a 7-day query over 10-minute gen1 files meets the limit real users meet.
 */
export const INFLUX3_BASE_SETTINGS: Readonly<Record<string, string>> = {
  'wal-snapshot-size': '10',
  'disable-telemetry-upload': 'true',
};

/** Settings -> `influxdb3 serve` arguments: `--key value`, a 'true' flag alone, 'false' left out. */
export function influx3Args(settings: Record<string, string>): string[] {
  return Object.entries(settings).flatMap(([k, v]) => (v === 'true' ? [`--${k}`] : v === 'false' ? [] : [`--${k}`, v]));
}

/**
 * Writes the per-run admin token as an offline admin token file (the documented schema:
 * {"token": "apiv3_...", "name": "_admin"}), removes it from the environment, and execs
 * influxdb3 serve with the remaining arguments. The image's entrypoint runs any command that
 * is not `serve`/`influxdb3`/an option unchanged.
 * https://docs.influxdata.com/influxdb3/core/admin/tokens/admin/preconfigured/
 */
export const INFLUX3_START_SCRIPT = [
  'set -e',
  'umask 077',
  `printf '{"token":"%s","name":"_admin"}' "$TSDB_BENCH_ADMIN_TOKEN" > ${INFLUX3_TOKEN_FILE}`,
  'unset TSDB_BENCH_ADMIN_TOKEN',
  'exec influxdb3 serve "$@"',
].join('\n');

/** The token the server accepts: 3.x tokens begin with `apiv3_`. */
export function influx3Token(token: string): string {
  return token.startsWith('apiv3_') ? token : `apiv3_${token}`;
}

/**
 * Official influxdb:3.x-core images: `influxdb3 serve --node-id tsdb-bench --object-store file
 * --data-dir /var/lib/influxdb3 --http-bind <addr> --admin-token-file <file>` as the image's
 * user influxdb3; ready when the server logs "startup time: <n>ms" (after it bound the port).
 * https://docs.influxdata.com/influxdb3/core/reference/cli/influxdb3/serve/
 */
export const influx3CoreProfile: ImageProfile = {
  id: 'influxdb3-core',
  family: 'influxdb',
  description: 'InfluxDB 3 Core image: influxdb3 serve (file object store) with a per-run offline admin token',
  dataDir: INFLUX3_DATA,
  hostPorts: 1,
  plan(input) {
    const host = input.network === 'host';
    const port = host ? input.hostPorts[0] : INFLUX3_PORT;
    const settings: Record<string, string> = {
      ...INFLUX3_BASE_SETTINGS,
      ...input.settings,
      'node-id': 'tsdb-bench',
      'object-store': 'file',
      'data-dir': INFLUX3_DATA,
      'http-bind': host ? `127.0.0.1:${port}` : `0.0.0.0:${port}`,
      'admin-token-file': INFLUX3_TOKEN_FILE,
    };
    const token = influx3Token(input.token);
    return {
      // sh -c <script> <$0> <$@...>: the settings become influxdb3 serve's arguments.
      command: ['/bin/sh', '-c', INFLUX3_START_SCRIPT, 'influxdb3', ...influx3Args(settings)],
      env: { TSDB_BENCH_ADMIN_TOKEN: token },
      port,
      waitLog: { pattern: /startup time: \d+ms/, times: 1 },
      appliedSettings: settings,
      credentials: { username: '', password: '', token },
    };
  },
};

// --- selection -----------------------------------------------------------------------------

export const LOCAL_IMAGE_LABEL = 'tsdb-bench.image';

export function isLocalImage(facts: ImageFacts): boolean {
  return facts.labels[LOCAL_IMAGE_LABEL] === 'local';
}

/** Major version of InfluxDB in an official image (ENV INFLUXDB_VERSION), else from the tag. */
export function influxMajor(facts: ImageFacts): number | null {
  const fromEnv = /^(\d+)\./.exec(facts.env.INFLUXDB_VERSION ?? '');
  if (fromEnv) return Number(fromEnv[1]);
  const fromTag = /:(\d+)(?:[.-]|$)/.exec(facts.ref);
  return fromTag ? Number(fromTag[1]) : null;
}

/** The profile for an image of a family; throws for images the runtime cannot drive. */
export function selectProfile(family: ServerFamily, facts: ImageFacts): ImageProfile {
  if (family === 'postgresql') {
    return isLocalImage(facts) ? postgresLocalProfile : postgresEntrypointProfile;
  }
  if (family === 'redis') return redisEntrypointProfile;
  if (isLocalImage(facts)) return influx1LocalProfile;
  const major = influxMajor(facts) ?? 1;
  if (major === 1) return influx1EntrypointProfile;
  if (major === 2) return influx2EntrypointProfile;
  if (major === 3 && !/enterprise/i.test(facts.ref)) return influx3CoreProfile;
  throw new Error(`${facts.ref}: InfluxDB ${major}.x${major === 3 ? ' Enterprise' : ''} is not supported by the docker runtime (use a 1.x, 2.x or 3.x Core image)`);
}

/** `KEY=value` list (docker inspect Config.Env) -> record. */
export function envListToRecord(list: readonly string[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const i = item.indexOf('=');
    if (i > 0) out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}
