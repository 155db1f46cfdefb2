/** The machine a run happened on, recorded in results.json so figures can be reproduced. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { EnvironmentFingerprint } from '../core/results.js';

/** PRETTY_NAME from an os-release file's text, or null. */
export function prettyNameFromOsRelease(text: string): string | null {
  const line = text.split('\n').find((l) => l.startsWith('PRETTY_NAME='));
  if (!line) return null;
  return (
    line
      .slice('PRETTY_NAME='.length)
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2') || null
  );
}

function osName(): string {
  for (const file of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      const name = prettyNameFromOsRelease(readFileSync(file, 'utf8'));
      if (name) return name;
    } catch {
      // not on this system: try the next one
    }
  }
  return `${os.type()} ${os.release()}`;
}

export function environmentFingerprint(): EnvironmentFingerprint {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim().replace(/\s+/g, ' ') ?? 'unknown',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memoryBytes: os.totalmem(),
    os: osName(),
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    hostname: os.hostname(),
  };
}
