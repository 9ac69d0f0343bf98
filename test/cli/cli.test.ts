import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/dmcts.mjs', import.meta.url));

function dmcts(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('dmcts CLI', () => {
  it('prints help listing every command and exits 0', () => {
    const r = dmcts('--help');
    expect(r.code).toBe(0);
    for (const c of ['serve', 'device', 'queue', 'notify', 'devices', 'demo']) expect(r.out).toContain(`  ${c} `);
  });

  it('exits 2 with no command, naming how to get help', () => {
    const r = dmcts();
    expect(r.code).toBe(2);
    expect(r.out).toContain('Usage: dmcts <command>');
  });

  it('exits 2 on an unknown command and lists the known ones', () => {
    const r = dmcts('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "frobnicate"');
    expect(r.err).toContain('serve');
  });

  it('exits 2 on an unknown flag, naming it and the help to read', () => {
    const r = dmcts('serve', '--prot', '1');
    expect(r.code).toBe(2);
    expect(r.err).toContain("'--prot'");
    expect(r.err).toContain('dmcts serve --help');
  });

  it('refuses plain HTTP on a non-loopback address with the fix', () => {
    const r = dmcts('serve', '--plain', '--host', '0.0.0.0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/loopback/);
    expect(r.err).toContain('--host 127.0.0.1');
  });

  it('refuses a device pointed at a plain http server without --plain', () => {
    const r = dmcts('device', '--server', 'http://127.0.0.1:9/dm');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--plain');
  });

  it('queue without a running server says how to start one', () => {
    const r = dmcts('queue', '--dev', 'x', '--state-dir', '/nonexistent-dmcts-dir', 'GET', 'urn:oma:mo:oma-dm-devinfo:1.0//');
    expect(r.code).toBe(2);
    expect(r.err).toContain('dmcts serve');
  });

  it('each command has --help', () => {
    for (const c of ['serve', 'device', 'queue', 'notify', 'devices', 'demo']) {
      const r = dmcts(c, '--help');
      expect(r.code, c).toBe(0);
      expect(r.out, c).toContain(`dmcts ${c}`);
    }
  });

  it('demo runs all twelve commands between the reference peers over HTTPS and exits 0', () => {
    const r = dmcts('demo', '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('all as expected');
    expect(r.out).not.toContain('FAIL');
  }, 60_000);
});
