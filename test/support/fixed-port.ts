/**
 * A loopback port for a process the test starts with a fixed `--port` (the IXIT names it before the
 * process runs). Taken below the kernel's ephemeral range: a port from `listen(0)` is free only until
 * it is closed, and the many `listen(0)` of a parallel test run (harness servers, hubs, fronts) could
 * be handed the same one before the child binds it. Ports below the range are never handed out that
 * way; this process never gives one twice, and a port some other program holds is skipped.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const given = new Set<number>();

function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 2048 ? low : 32768;
  } catch {
    return 32768;
  }
}

function bindable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

export async function fixedPort(host = '127.0.0.1'): Promise<number> {
  const high = ephemeralLow() - 1;
  const low = Math.max(1024, high - 12_000);
  for (let tries = 0; tries < 200; tries++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (given.has(port)) continue;
    given.add(port);
    if (await bindable(port, host)) return port;
  }
  throw new Error(`no free loopback port in ${low}-${high} after 200 tries`);
}
