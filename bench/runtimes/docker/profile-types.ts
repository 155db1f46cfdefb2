/**
 * The types an image profile is written against (what the daemon says about an image, what the
 * runtime gives a profile, the container it plans). A file of their own so that profiles.ts
 * (the selection) and the per-family profile files (redis-profile.ts) both import them without
 * importing each other.
 */
import type { ServerFamily } from '../../core/engine.js';

export type NetworkMode = 'bridge' | 'host';

/** What the daemon says about an image (docker image inspect). */
export interface ImageFacts {
  ref: string;
  id: string;
  labels: Record<string, string>;
  env: Record<string, string>;
}

export interface PlanInput {
  network: NetworkMode;
  /** Host mode: free 127.0.0.1 ports picked by the runtime (profile.hostPorts of them). */
  hostPorts: number[];
  /** Engine settings: requirements.settings, then the scenario's `settings` (later wins). */
  settings: Record<string, string>;
  /** shared_preload_libraries entries from the engine's requirements. */
  preloadLibraries: string[];
  /** Per-run secrets (registered with the redactor by the caller). */
  password: string;
  token: string;
}

export interface Credentials {
  username: string;
  password: string;
  database?: string;
  token?: string;
  org?: string;
  bucket?: string;
}

export interface ContainerPlan {
  /** Replaces the image's CMD (arguments to its entrypoint, or the whole command). */
  command: string[];
  env: Record<string, string>;
  /** Container user, when the profile runs the server as a non-root user itself. */
  user?: string;
  /** Port the server listens on inside the container (= the host port in host mode). */
  port: number;
  /** Readiness: the log line and how many times it must appear. */
  waitLog: { pattern: RegExp; times: number };
  /** Settings as the server receives them (for results.json). */
  appliedSettings: Record<string, string>;
  credentials: Credentials;
  /** 'influxdb1': the provider creates `credentials` as the admin user once the server is up. */
  adminBootstrap?: 'influxdb1';
}

export interface ImageProfile {
  id: string;
  family: ServerFamily;
  /** One line for logs and details. */
  description: string;
  /** Server data directory inside the container; allocatedBytes() paths are relative to it. */
  dataDir: string;
  /** Number of host ports the server needs in host network mode (the client port first). */
  hostPorts: number;
  plan(input: PlanInput): ContainerPlan;
}
