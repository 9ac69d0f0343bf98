import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../harness/core/config-error.ts';
import { loadIcs, parseIcs } from '../../harness/conformance/ics.ts';
import { loadIxit, parseIxit, DEFAULT_TIMEOUTS } from '../../harness/conformance/ixit.ts';
import { selfTestConfig } from '../../harness/conformance/self-test-plan.ts';

const ics = { dmcts: 'ics/1', role: 'client', product: { name: 'acme', version: '1' }, features: { GET: true } };

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('ICS and IXIT loading', () => {
  it('accepts the self-test configurations', () => {
    for (const role of ['client', 'server'] as const) {
      const { ics: i, ixit: x } = selfTestConfig(role);
      expect(i.role).toBe(role);
      expect(x.role).toBe(role);
    }
  });

  it('names the file, the field, what is wrong and the fix', () => {
    const p = problems(() => parseIcs('my.ics.json', { ...ics, features: { GET: 'yes', TELEPORT: true } }));
    expect(p.some((l) => l.startsWith('my.ics.json: /features/GET: must be boolean') && l.includes('fix: write a boolean'))).toBe(true);
    expect(p.some((l) => l.includes('"TELEPORT"') && l.includes('remove "TELEPORT" or check its spelling'))).toBe(true);
  });

  it('reports every problem at once, not only the first', () => {
    const p = problems(() => parseIcs('x.json', { dmcts: 'ics/2', role: 'toaster', features: {} }));
    expect(p.length).toBeGreaterThanOrEqual(3);
    expect(p.join('\n')).toMatch(/product/);
    expect(p.join('\n')).toMatch(/role/);
  });

  it('fills IXIT defaults and requires a command for a process adapter', () => {
    const x = parseIxit('a.ixit.json', { dmcts: 'ixit/1', role: 'client', adapter: { kind: 'remote' } });
    expect(x.timeouts).toEqual(DEFAULT_TIMEOUTS);
    expect(x.harness).toEqual({ host: '127.0.0.1', utPort: 0 });
    const p = problems(() => parseIxit('b.ixit.json', { dmcts: 'ixit/1', role: 'client', adapter: { kind: 'process' } }));
    expect(p.join('\n')).toContain('command');
  });

  it('requires server.dmUrl for a server IUT that is not the in-process reference', () => {
    const p = problems(() => parseIxit('c.ixit.json', { dmcts: 'ixit/1', role: 'server', adapter: { kind: 'remote' } }));
    expect(p.join('\n')).toContain('server');
    expect(() => parseIxit('d.ixit.json', { dmcts: 'ixit/1', role: 'server', adapter: { kind: 'reference' } })).not.toThrow();
  });

  it('says when a file is missing or is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmcts-cfg-'));
    expect(problems(() => loadIcs(join(dir, 'none.json')))[0]).toMatch(/cannot read the ICS \(ENOENT\); check the path/);
    writeFileSync(join(dir, 'bad.json'), '{ "dmcts": ');
    expect(problems(() => loadIxit(join(dir, 'bad.json')))[0]).toMatch(/the IXIT is not valid JSON/);
  });
});
