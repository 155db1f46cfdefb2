/**
 * Starts one server container (testcontainers GenericContainer) from an image profile's plan,
 * labelled for cleanup, and wraps it with the storage/resource probes a RunningServer needs.
 * Family providers (postgresql.ts, influxdb.ts) turn it into an endpoint.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { ContainerRuntimeClient } from 'testcontainers';
import type Dockerode from 'dockerode';
import { registerCleanup } from '../../core/cleanup.js';
import type { Logger } from '../../core/log.js';
import { TargetError } from '../../core/errors.js';
import { EngineStoppedResponding, withDeadline } from '../../core/deadlines.js';
import { containerLogTail, containerStats, dockerode, removeContainersByLabel, type StatsSample } from './daemon.js';
import { ownerLabels } from './owner.js';
import type { DockerResources } from './resources.js';
import type { ContainerPlan, ImageFacts, ImageProfile, NetworkMode, PlanInput } from './profiles.js';
import { freePort } from '../ports.js';
import { startCommandWatchdog } from '../native/watchdog.js';

export const LABEL = 'tsdb-bench';
export const RUN_ID_LABEL = 'tsdb-bench.run-id';
export const ENGINE_LABEL = 'tsdb-bench.engine';
export const INSTANCE_LABEL = 'tsdb-bench.instance';

const STARTUP_TIMEOUT_MS = 120_000;
/** Whole container start (create + start + readiness): the daemon may stop answering too. */
const START_DEADLINE_MS = STARTUP_TIMEOUT_MS + 60_000;
const STOP_TIMEOUT_MS = 3_000;

export function containerLabels(runId: string, engine: string, instance: string): Record<string, string> {
  return { [LABEL]: '1', [RUN_ID_LABEL]: runId, [ENGINE_LABEL]: engine, [INSTANCE_LABEL]: instance };
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** `du -s -k -c` output (GNU or BusyBox) -> bytes of the "total" line. */
export function parseDuTotal(output: string): number | null {
  const lines = output.trim().split('\n').reverse();
  for (const line of lines) {
    const m = /^(\d+)\s+total$/.exec(line.trim());
    if (m) return Number(m[1]) * 1024;
  }
  return null;
}

/**
 * A container whose mapped ports are published on 127.0.0.1 only (testcontainers publishes on
 * every interface), for daemons on this machine: the throwaway server is reachable from here
 * and nowhere else.
 */
class LoopbackPortsContainer extends GenericContainer {
  publishOnLoopback(): this {
    for (const bindings of Object.values(this.hostConfig.PortBindings ?? {})) {
      for (const b of (bindings ?? []) as { HostIp?: string }[]) b.HostIp = '127.0.0.1';
    }
    return this;
  }
}

/** True when the daemon's published ports are on this machine (local socket or a loopback host). */
export function daemonIsLocal(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]';
}

/** `node [loader flags] <bench/cli> clean --run-id <id>`, or null when the CLI file is not found. */
function cleanCommand(runId: string): string[] | null {
  const here = fileURLToPath(import.meta.url);
  const cli = here.replace(/runtimes[\\/]docker[\\/]container\.(ts|js)$/, 'cli.$1');
  if (cli === here || !existsSync(cli)) return null;
  return [process.execPath, ...process.execArgv, cli, 'clean', '--run-id', runId];
}

/**
 * Last resort when the harness exits without its asynchronous cleanups (second Ctrl-C,
 * process.exit): a detached `tsdb-bench clean --run-id <id>` that outlives the harness and
 * removes the run's containers. Synchronous to start, never throws.
 */
function spawnDetachedClean(runId: string): void {
  try {
    const command = cleanCommand(runId);
    if (!command) return;
    const child = spawn(command[0], command.slice(1), { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    /* nothing more can be done synchronously */
  }
}

/** How long a stop during start waits for the container's create request to reach the daemon. */
export const CREATE_SETTLE_MS = 10_000;
const SWEEP_INTERVAL_MS = 100;

/**
 * Removes the instance's container. When a start is still in flight (Ctrl-C while testcontainers
 * creates the container), the container may not exist yet at the first look and appear a moment
 * later: keep looking until one was removed, the start settled, or CREATE_SETTLE_MS passed.
 */
export async function sweepInstance(docker: Dockerode, instance: string, starting: { settled: boolean } | null): Promise<number> {
  const deadline = Date.now() + CREATE_SETTLE_MS;
  for (;;) {
    // Read before the sweep: a start that settled before it cannot create anything afterwards.
    const settled = !starting || starting.settled;
    const removed = await removeContainersByLabel(docker, { [INSTANCE_LABEL]: instance });
    if (removed > 0 || settled || Date.now() >= deadline) return removed;
    await new Promise((resolve) => setTimeout(resolve, SWEEP_INTERVAL_MS));
  }
}

export interface StartContainerInput {
  client: ContainerRuntimeClient;
  facts: ImageFacts;
  profile: ImageProfile;
  network: NetworkMode;
  resources: DockerResources;
  engine: string;
  runId: string;
  log: Logger;
  signal: AbortSignal;
  /** Everything of PlanInput except the ports, which are chosen here. */
  planInput: Omit<PlanInput, 'network' | 'hostPorts'>;
}

export interface ServerContainer {
  id: string;
  /** Where the client connects. */
  host: string;
  port: number;
  plan: ContainerPlan;
  details: Record<string, unknown>;
  allocatedBytes(paths?: readonly string[]): Promise<number | null>;
  sampleResources(): Promise<StatsSample>;
  /** Resolves with "docker daemon went away" / "... container exited (...)" when it ends without stop(). */
  died: Promise<string>;
  stop(): Promise<void>;
}

const WATCH_INTERVAL_MS = 2_000;
const WATCH_TIMEOUT_MS = 10_000;

/**
 * Polls the daemon and the container (every 2 s, never keeping the process alive) and resolves
 * with one line naming what died. `isStopping` tells a requested stop from a death.
 */
export function watchContainer(docker: Dockerode, id: string, engine: string, isStopping: () => boolean): { died: Promise<string>; cancel(): void } {
  let timer: NodeJS.Timeout | null = null;
  let busy = false;
  const cancel = (): void => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const died = new Promise<string>((resolve) => {
    const report = (why: string): void => {
      cancel();
      if (!isStopping()) resolve(why);
    };
    timer = setInterval(() => {
      if (busy) return;
      if (isStopping()) return cancel();
      busy = true;
      void (async () => {
        try {
          await withDeadline(docker.ping(), WATCH_TIMEOUT_MS, 'a docker ping');
        } catch (err) {
          return report(err instanceof EngineStoppedResponding ? `docker daemon stopped responding (no answer within ${WATCH_TIMEOUT_MS / 1000} s)` : 'docker daemon went away');
        }
        try {
          const info = await withDeadline(docker.getContainer(id).inspect(), WATCH_TIMEOUT_MS, 'a container inspect');
          if (!info.State.Running) {
            const oom = info.State.OOMKilled ? ', out of memory' : '';
            report(`${engine} container exited (exit code ${info.State.ExitCode}${oom})`);
          }
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode === 404) report(`${engine} container was removed`);
        }
      })().finally(() => (busy = false));
    }, WATCH_INTERVAL_MS);
    timer.unref();
  });
  return { died, cancel };
}

export async function startServerContainer(input: StartContainerInput): Promise<ServerContainer> {
  const { client, facts, profile, network, resources, log } = input;
  const docker = dockerode(client);
  const hostPorts = network === 'host' ? await distinctFreePorts(profile.hostPorts) : [];
  const plan = profile.plan({ ...input.planInput, network, hostPorts });
  const instance = randomUUID();
  const labels = containerLabels(input.runId, input.engine, instance);

  let container = new LoopbackPortsContainer(facts.ref)
    .withLabels({ ...labels, ...ownerLabels() })
    .withEnvironment(plan.env)
    .withCommand(plan.command)
    .withSharedMemorySize(resources.shmSizeBytes)
    .withPullPolicy({ shouldPull: () => false })
    .withWaitStrategy(Wait.forLogMessage(plan.waitLog.pattern, plan.waitLog.times))
    .withStartupTimeout(STARTUP_TIMEOUT_MS);
  if (plan.user) container = container.withUser(plan.user);
  if (resources.cpus !== null || resources.memoryBytes !== null) {
    container = container.withResourcesQuota({
      cpu: resources.cpus ?? undefined,
      memory: resources.memoryBytes !== null ? resources.memoryBytes / 1024 ** 3 : undefined,
    });
  }
  container = network === 'host' ? container.withNetworkMode('host') : container.withExposedPorts(plan.port);
  if (network === 'bridge' && daemonIsLocal(client.info.containerRuntime.host)) container = container.publishOnLoopback();

  let started: StartedTestContainer | null = null;
  /** Set while container.start() runs; its create request may still be on its way to the daemon. */
  let starting: { settled: boolean } | null = null;
  let stopping: Promise<void> | null = null;
  const stopNow = (): Promise<void> => {
    stopping ??= (async () => {
      if (started) {
        await started.stop({ timeout: STOP_TIMEOUT_MS, remove: true, removeVolumes: true }).catch(() => {});
      }
      // Backstop for partial starts and failed stops: whatever carries this instance's label.
      await sweepInstance(docker, instance, starting);
    })();
    return stopping;
  };
  // When the harness itself is killed (SIGKILL, OOM), the watchdog runs `clean --run-id`.
  const command = cleanCommand(input.runId);
  const watchdog = command ? startCommandWatchdog(command) : { cancel: () => {} };
  const unregister = registerCleanup(
    `docker container ${input.engine} (${facts.ref})`,
    async () => {
      await stopNow();
      watchdog.cancel();
    },
    () => spawnDetachedClean(input.runId),
  );

  if (input.signal.aborted) {
    await unregister();
    throw new TargetError(`${input.engine}@docker: start cancelled`);
  }
  log.info(`docker: starting ${facts.ref} (${profile.id}, network ${network}${hostPorts.length ? `, ports ${hostPorts.join('/')}` : ''})`);
  const t0 = performance.now();
  try {
    const run = { settled: false };
    starting = run;
    const startingNow = container.start();
    // Settled only when the real start settles: a start past its deadline may still create the container.
    startingNow.then(
      () => (run.settled = true),
      () => (run.settled = true),
    );
    started = await withDeadline(startingNow, START_DEADLINE_MS, 'a docker container start');
  } catch (err) {
    const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${INSTANCE_LABEL}=${instance}`] }) }).catch(() => []);
    const tail = list[0] ? await containerLogTail(docker, list[0].Id, 15) : '';
    await unregister().catch(() => {});
    const reason = err instanceof Error ? err.message : String(err);
    throw new TargetError(`${input.engine}@docker: ${facts.ref} did not become ready: ${reason}${tail ? `\n--- container log (last lines) ---\n${tail}` : ''}`);
  }
  const startMs = Math.round(performance.now() - t0);
  const current = started;
  const watcher = watchContainer(docker, current.getId(), input.engine, () => stopping !== null);
  const host = network === 'host' ? '127.0.0.1' : current.getHost();
  const port = network === 'host' ? plan.port : current.getMappedPort(plan.port);
  log.info(`docker: ${facts.ref} ready on ${host}:${port} in ${startMs} ms (container ${current.getId().slice(0, 12)})`);

  return {
    id: current.getId(),
    host,
    port,
    plan,
    details: {
      image: facts.ref,
      imageId: facts.id,
      imageProfile: profile.id,
      imageKind: profile.description,
      container: current.getId().slice(0, 12),
      network,
      host,
      port,
      dataDir: profile.dataDir,
      limits: { cpus: resources.cpus, memoryBytes: resources.memoryBytes, shmSizeBytes: resources.shmSizeBytes },
      settings: plan.appliedSettings,
      startMs,
    },
    async allocatedBytes(paths) {
      const targets = paths && paths.length > 0 ? [...paths] : ['.'];
      const r = await current.exec(['du', '-s', '-k', '-c', '--', ...targets], { workingDir: profile.dataDir, user: '0' });
      const total = parseDuTotal(r.stdout);
      if (total === null) throw new Error(`du in ${profile.dataDir} failed (exit ${r.exitCode}): ${r.stderr.trim()}`);
      return total;
    },
    sampleResources: () => containerStats(docker, current.getId()),
    died: watcher.died,
    stop: () => {
      watcher.cancel();
      return unregister();
    },
  };
}
