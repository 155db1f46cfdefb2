/**
 * The official `redis` image (docker-library, Debian bookworm based): the command replaces the
 * image's CMD and the entrypoint runs it as given. A small script writes `requirepass` into a
 * 0600 file (so the per-run password is not on redis-server's command line) and execs
 * redis-server with that file plus the runtime's arguments: no persistence (`--save ''`,
 * `--appendonly no`) unless the scenario's settings ask, loopback bind in host network mode.
 * Runs as the image's `redis` user. Ready when the log says "Ready to accept connections".
 */
import type { ImageProfile, PlanInput } from './profile-types.js';

export const REDIS_IMAGE = 'redis:7.4.2-bookworm';
const REDIS_PORT = 6379;
const REDIS_DATA = '/data';

export const REDIS_START_SCRIPT = ['set -e', 'umask 077', 'conf=$(mktemp)', `printf 'requirepass %s\\n' "$REDIS_PASSWORD" > "$conf"`, 'exec redis-server "$conf" "$@"'].join('\n');

/** Defaults a scenario may override. */
export const REDIS_BASE_SETTINGS: Readonly<Record<string, string>> = { save: '', appendonly: 'no', loglevel: 'warning' };
const RESERVED = ['bind', 'port', 'requirepass', 'protected-mode', 'dir', 'daemonize', 'include', 'aclfile'];

/** Settings as redis-server receives them: defaults, the scenario's, then where to listen. */
export function redisDockerSettings(input: PlanInput): Record<string, string> {
  const bad = Object.keys(input.settings).find((k) => RESERVED.includes(k.toLowerCase()));
  if (bad) throw new Error(`redis setting '${bad}' is set by the docker runtime and cannot be changed`);
  const host = input.network === 'host';
  return {
    ...REDIS_BASE_SETTINGS,
    ...input.settings,
    bind: host ? '127.0.0.1' : '0.0.0.0',
    port: String(host ? input.hostPorts[0] : REDIS_PORT),
    dir: REDIS_DATA,
  };
}

/** `--key value` arguments (a value with spaces, e.g. save "900 1", splits into words as in redis.conf). */
export function redisArgs(settings: Record<string, string>): string[] {
  return Object.entries(settings).flatMap(([k, v]) => [`--${k}`, ...(v === '' ? [''] : v.split(/\s+/))]);
}

export const redisEntrypointProfile: ImageProfile = {
  id: 'redis-entrypoint',
  family: 'redis',
  description: "official redis image: redis-server with requirepass from a 0600 file, '--key value' arguments",
  dataDir: REDIS_DATA,
  hostPorts: 1,
  plan(input) {
    const settings = redisDockerSettings(input);
    return {
      // sh -c <script> <$0> <$@...>: the settings become redis-server's arguments.
      command: ['/bin/sh', '-c', REDIS_START_SCRIPT, 'redis-server', ...redisArgs(settings)],
      env: { REDIS_PASSWORD: input.password },
      user: 'redis',
      port: Number(settings.port),
      waitLog: { pattern: /Ready to accept connections/, times: 1 },
      appliedSettings: settings,
      credentials: { username: '', password: input.password },
    };
  },
};
