/**
 * One Redis connection (node-redis' core client, @redis/client) with the only call the engine
 * needs: send(args) -> reply. RESP2, so replies are plain strings, numbers and arrays. Commands
 * issued in the same tick are pipelined by the client, so a writer sends a batch's commands
 * back to back and awaits all replies. No reconnect: a lost server fails the target.
 */
import { createClient } from '@redis/client';
import type { RedisEndpoint } from '../../core/sql.js';

export interface RedisConnection {
  send(args: readonly string[]): Promise<unknown>;
  close(): Promise<void>;
}

/** How long a connection attempt and a silent socket may take before the target fails. */
const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 120_000;

export async function connectRedis(endpoint: RedisEndpoint, name: string): Promise<RedisConnection> {
  const client = createClient({
    RESP: 2,
    socket: { host: endpoint.host, port: endpoint.port, connectTimeout: CONNECT_TIMEOUT_MS, socketTimeout: SOCKET_TIMEOUT_MS, reconnectStrategy: false },
    ...(endpoint.username ? { username: endpoint.username } : {}),
    ...(endpoint.password ? { password: endpoint.password } : {}),
    name,
    disableOfflineQueue: true,
  });
  // Without a listener an 'error' event would crash the process; the failing command reports it.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    client.destroy();
    throw new Error(`Redis ${endpoint.display}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let open = true;
  return {
    send: (args) => client.sendCommand(args as string[]),
    async close() {
      if (!open) return;
      open = false;
      try {
        await client.close();
      } catch {
        client.destroy();
      }
    },
  };
}
