/**
 * Talking to the Docker daemon through testcontainers' runtime client (and the dockerode it
 * bundles): environment set-up, image presence and pulls with a bounded wait, label queries,
 * container logs and stats. Every call here is bounded in time: a missing daemon or a registry
 * that hangs must never hang the harness.
 */
import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';
import type Dockerode from 'dockerode';
import type { Logger } from '../../core/log.js';
import { envListToRecord, type ImageFacts } from './profiles.js';

export const CONNECT_TIMEOUT_MS = 8_000;
export const PULL_TIMEOUT_MS = 5_000;

let environmentPrepared = false;

/**
 * testcontainers settings the harness needs: Ryuk (the reaper container) disabled unless the
 * user chose otherwise (its image cannot be pulled without a registry; the harness removes its
 * containers by label itself). TESTCONTAINERS_HOST_OVERRIDE is respected as given.
 */
export function prepareEnvironment(log: Logger, env: NodeJS.ProcessEnv = process.env): void {
  if (env.TESTCONTAINERS_RYUK_DISABLED === undefined) {
    env.TESTCONTAINERS_RYUK_DISABLED = 'true';
    if (!environmentPrepared) log.debug('docker: TESTCONTAINERS_RYUK_DISABLED=true (set by tsdb-bench; containers are removed by label)');
  } else if (!environmentPrepared) {
    log.debug(`docker: TESTCONTAINERS_RYUK_DISABLED=${env.TESTCONTAINERS_RYUK_DISABLED} (from the environment)`);
  }
  if (env.TESTCONTAINERS_HOST_OVERRIDE !== undefined) {
    if (!environmentPrepared) log.debug(`docker: TESTCONTAINERS_HOST_OVERRIDE=${env.TESTCONTAINERS_HOST_OVERRIDE} (from the environment)`);
  } else if (isLocalDaemon(env.DOCKER_HOST)) {
    // A local daemon publishes ports on this machine. Without the override, testcontainers
    // guesses the host from the bridge network's gateway when it believes it runs inside a
    // container, and fails outright when the daemon has no bridge (dockerd --bridge=none).
    env.TESTCONTAINERS_HOST_OVERRIDE = '127.0.0.1';
    if (!environmentPrepared) log.debug('docker: TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (set by tsdb-bench: local daemon)');
  } else if (!environmentPrepared) {
    log.debug(`docker: TESTCONTAINERS_HOST_OVERRIDE not set; remote daemon ${env.DOCKER_HOST}, testcontainers resolves the host`);
  }
  environmentPrepared = true;
}

/** No DOCKER_HOST, or a unix socket: the daemon runs on this machine. */
export function isLocalDaemon(dockerHost: string | undefined): boolean {
  return !dockerHost || dockerHost.startsWith('unix://') || dockerHost.startsWith('npipe://');
}

/** Rejects after `ms` with `message`; the timer never keeps the process alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let clientPromise: Promise<ContainerRuntimeClient> | null = null;

/** The runtime client (cached once it worked); rejects within CONNECT_TIMEOUT_MS without a daemon. */
export async function dockerClient(log: Logger): Promise<ContainerRuntimeClient> {
  prepareEnvironment(log);
  if (!clientPromise) {
    clientPromise = withTimeout(
      getContainerRuntimeClient().catch((err: unknown) => {
        const why = err instanceof Error ? err.message : String(err);
        throw new Error(/runtime strategy/i.test(why) ? `no Docker daemon reachable (testcontainers: ${why})` : why);
      }),
      CONNECT_TIMEOUT_MS,
      `no Docker daemon answered within ${CONNECT_TIMEOUT_MS / 1000} s`,
    );
    clientPromise.catch(() => {
      clientPromise = null;
    });
  }
  return clientPromise;
}

export function dockerode(client: ContainerRuntimeClient): Dockerode {
  return client.container.dockerode;
}

/** Image facts when the image is present locally, else null. */
export async function inspectImage(docker: Dockerode, ref: string): Promise<ImageFacts | null> {
  try {
    const info = await docker.getImage(ref).inspect();
    return {
      ref,
      id: info.Id,
      labels: (info.Config?.Labels as Record<string, string> | null) ?? {},
      env: envListToRecord(info.Config?.Env),
    };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

/** Pulls an image, giving up after `timeoutMs` (the request is aborted, nothing keeps running here). */
export async function pullImage(docker: Dockerode, ref: string, timeoutMs: number = PULL_TIMEOUT_MS): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  const pull = async (): Promise<void> => {
    const stream = (await docker.pull(ref, { abortSignal: signal })) as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null, output: Array<{ error?: string }>) => {
        const failed = output?.find((o) => o.error);
        if (err) reject(err);
        else if (failed?.error) reject(new Error(failed.error));
        else resolve();
      });
    });
  };
  await withTimeout(pull(), timeoutMs + 500, `pull did not finish within ${timeoutMs / 1000} s`);
}

/** Removes (force, with anonymous volumes) every container matching all `labels`; returns the count. */
export async function removeContainersByLabel(docker: Dockerode, labels: Record<string, string>): Promise<number> {
  const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
  const list = await docker.listContainers({ all: true, filters: JSON.stringify(filters) });
  let removed = 0;
  for (const c of list) {
    try {
      await docker.getContainer(c.Id).remove({ force: true, v: true });
      removed++;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  }
  return removed;
}

export async function hasNetwork(docker: Dockerode, name: string): Promise<boolean> {
  try {
    await docker.getNetwork(name).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Last lines of a container's output (stdout and stderr, demultiplexed). */
export async function containerLogTail(docker: Dockerode, id: string, lines = 20): Promise<string> {
  try {
    const raw = (await docker.getContainer(id).logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    return demultiplex(raw).trim();
  } catch {
    return '';
  }
}

/** Docker's log stream format: 8-byte frame headers (stream, 0, 0, 0, size32be) before each chunk. */
export function demultiplex(raw: Buffer): string {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= raw.length && (raw[i] === 1 || raw[i] === 2) && raw[i + 1] === 0) {
    const size = raw.readUInt32BE(i + 4);
    parts.push(raw.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return i === 0 ? raw.toString('utf8') : Buffer.concat(parts).toString('utf8');
}

export interface StatsSample {
  cpuPercent: number | null;
  memoryBytes: number | null;
}

interface DockerStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
}

/** cpu% (100 = one full CPU, as `docker stats`) and memory without page cache, from one stats reading. */
export function statsToSample(s: DockerStats): StatsSample {
  const cpu = s.cpu_stats;
  const pre = s.precpu_stats;
  let cpuPercent: number | null = null;
  if (cpu?.cpu_usage?.total_usage !== undefined && pre?.cpu_usage?.total_usage !== undefined && cpu.system_cpu_usage !== undefined && pre.system_cpu_usage !== undefined) {
    const cpuDelta = cpu.cpu_usage.total_usage - pre.cpu_usage.total_usage;
    const systemDelta = cpu.system_cpu_usage - pre.system_cpu_usage;
    const cpus = cpu.online_cpus ?? cpu.cpu_usage.percpu_usage?.length ?? 1;
    if (systemDelta > 0 && cpuDelta >= 0) cpuPercent = (cpuDelta / systemDelta) * cpus * 100;
  }
  let memoryBytes: number | null = null;
  const mem = s.memory_stats;
  if (mem?.usage !== undefined) {
    // cgroup v1 reports page cache as `cache` (`total_inactive_file` preferred by docker CLI), v2 as `inactive_file`.
    const cache = mem.stats?.total_inactive_file ?? mem.stats?.inactive_file ?? mem.stats?.cache ?? 0;
    memoryBytes = Math.max(0, mem.usage - cache);
  }
  return { cpuPercent, memoryBytes };
}

/** One stats reading (the daemon takes two samples ~1 s apart for the CPU figure). */
export async function containerStats(docker: Dockerode, id: string): Promise<StatsSample> {
  const s = await withTimeout(docker.getContainer(id).stats({ stream: false }) as Promise<DockerStats>, 10_000, 'docker stats did not answer within 10 s');
  return statsToSample(s);
}
