/**
 * Free TCP ports on 127.0.0.1 for a native server that needs several (influxd: RPC and HTTP).
 * All `count` listeners are bound at the same time before any is closed, so the kernel cannot
 * hand out one port twice; the result is checked anyway, because two ports that are equal make
 * the server fail in a way that looks unrelated ("address already in use" on its second bind).
 * Another process may still take a port between close and the server's bind: callers that can
 * tell (PostgreSQL's "could not bind") retry.
 */
import { createServer, type Server } from 'node:net';

function listenOnFreePort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      if (port) resolve({ server, port });
      else server.close(() => reject(new Error('no free port on 127.0.0.1')));
    });
  });
}

/** Throws unless every port is a valid, distinct TCP port. Pure. */
export function assertDistinctPorts(ports: readonly number[]): void {
  for (const p of ports) if (!Number.isInteger(p) || p < 1 || p > 65_535) throw new Error(`not a TCP port: ${p}`);
  if (new Set(ports).size !== ports.length) throw new Error(`ports are not distinct: ${ports.join(', ')}`);
}

/** `count` distinct free ports on 127.0.0.1 (closed again before the server binds them). */
export async function distinctFreePorts(count: number): Promise<number[]> {
  const held: { server: Server; port: number }[] = [];
  try {
    for (let i = 0; i < count; i++) held.push(await listenOnFreePort());
  } finally {
    await Promise.all(held.map(({ server }) => new Promise<void>((r) => server.close(() => r()))));
  }
  const ports = held.map((h) => h.port);
  assertDistinctPorts(ports);
  return ports;
}
