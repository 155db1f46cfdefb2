/**
 * The server settings of a native PostgreSQL: the engine's and the scenario's (`-c key=value`),
 * then the ones the runtime always sets itself, last (a later `-c` wins), so that no scenario
 * can make the throwaway server listen beyond loopback or move its socket or hba file.
 */
import { join } from 'node:path';
import type { ServerRequest } from '../../../core/runtime.js';

export const FORCED_SETTING_KEYS = ['listen_addresses', 'port', 'unix_socket_directories', 'unix_socket_permissions', 'unix_socket_group', 'hba_file'] as const;

export function forcedSettings(port: number, dir: string, dataDir: string): Record<string, string> {
  return {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    unix_socket_permissions: '0700',
    unix_socket_group: '',
    hba_file: join(dataDir, 'pg_hba.conf'),
  };
}

/** The requested settings (forced keys removed), with the engine's preload libraries merged in. */
export function settingsFor(request: Pick<ServerRequest, 'requirements' | 'options'>): Record<string, string> {
  const settings: Record<string, string> = { ...request.requirements.settings, ...request.options.settings };
  for (const key of FORCED_SETTING_KEYS) delete settings[key];
  const preload = new Set<string>(request.requirements.preloadLibraries ?? []);
  for (const lib of (settings.shared_preload_libraries ?? '').split(',')) if (lib.trim()) preload.add(lib.trim());
  if (preload.size > 0) settings.shared_preload_libraries = [...preload].join(',');
  else delete settings.shared_preload_libraries;
  return settings;
}

/** postgres arguments: the data dir, then every setting as `-c key=value`, forced ones last. */
export function postmasterArgs(dataDir: string, settings: Record<string, string>, forced: Record<string, string>): string[] {
  const args = ['-D', dataDir];
  for (const [k, v] of Object.entries({ ...settings, ...forced })) args.push('-c', `${k}=${v}`);
  return args;
}
