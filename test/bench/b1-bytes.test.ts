/**
 * bench:b1 in full (a few seconds): B.1 over HTTP and over P-WS in one run, every transport giving
 * the same 89 leaves, and over P-WS the relay's count of the session's bytes equal to the sum of its
 * messages and their frame headers (the bench exits 1 when not). Figures the bench prints are
 * checked only where they follow from the protocol, not where they are measurements.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('bench:b1', () => {
  it('measures B.1 over HTTP and over P-WS, and the WebSocket bytes add up to what crossed the connection', () => {
    const r = spawnSync(process.execPath, ['bin/run-ts.mjs', 'bench/b1-bytes.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('5 MOs, 89 leaves');
    const wsRows = r.stdout.split('\n').filter((l) => /^WS {8}(json|cbor) +identity /.test(l));
    expect(wsRows, 'a whole-session row per encoding over P-WS').toHaveLength(2);
    // Over P-WS the session needs no new connection: it goes over the one the device holds open.
    for (const row of wsRows) expect(row.trim().split(/\s+/).at(-1)).toBe('0');
    const checks = r.stdout.split('\n').filter((l) => /^WS (json|cbor): the upgrade handshake/.test(l));
    expect(checks).toHaveLength(2);
    for (const line of checks) expect(line).toContain("the relay's count exactly");
    // Every cv= repeat is answered 304, over both transports.
    expect(r.stdout.match(/ 9\/9$/gm)).toHaveLength(8);
  }, 90_000);
});
