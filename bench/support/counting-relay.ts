/**
 * A TCP relay on loopback that counts every byte it passes each way: put between a device and a
 * server, it measures what crossed the connection (HTTP headers, WebSocket handshake and frame
 * headers included; TCP/IP headers not). The target port may be set after the relay listens, so a
 * server can be started with the relay's URL as its public URL.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ByteCounts {
  /** Bytes from the connecting side (the device) to the target (the server). */
  up: number;
  /** Bytes from the target back to the connecting side. */
  down: number;
  connections: number;
}

export interface CountingRelay {
  url: string;
  port: number;
  /** Where to relay new connections to (127.0.0.1:<port>). */
  target(port: number): void;
  /** The counts so far, as a copy. */
  counts(): ByteCounts;
  close(): Promise<void>;
}

export async function startCountingRelay(): Promise<CountingRelay> {
  const counts: ByteCounts = { up: 0, down: 0, connections: 0 };
  const sockets = new Set<Socket>();
  let targetPort = 0;
  const server: Server = createServer((inbound) => {
    if (targetPort === 0) {
      inbound.destroy();
      return;
    }
    counts.connections += 1;
    const outbound = connect(targetPort, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.on('data', (chunk: Buffer) => {
      counts.up += chunk.length;
      outbound.write(chunk);
    });
    outbound.on('data', (chunk: Buffer) => {
      counts.down += chunk.length;
      inbound.write(chunk);
    });
    inbound.on('end', () => outbound.end());
    outbound.on('end', () => inbound.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    target: (p) => {
      targetPort = p;
    },
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
