/** The reference device's DevDetail: its embedded DDF is the vector's, and its factory data conforms to it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVDETAIL_MO, devDetailData } from '../../../harness/client/devdetail-mo.ts';
import { buildFactoryTree } from '../../../harness/client/factory-profile.ts';
import { ddfProblems } from '../../../harness/conformance/fixtures/client/ddf-conformance.ts';
import { DEVDETAIL_DDF } from '../../../harness/tree/ddf/devdetail-ddf.ts';

describe('the reference DevDetail MO', () => {
  it('carries vectors/ddf/devdetail.ddf byte for byte', () => {
    expect(DEVDETAIL_DDF).toBe(readFileSync(join(import.meta.dirname, '../../../vectors/ddf/devdetail.ddf'), 'utf8'));
    expect(DEVDETAIL_MO.moid).toBe('urn:oma:mo:oma-dm-devdetail:1.0');
    expect(DEVDETAIL_MO.deviceMade).toBe(true);
  });

  it('its factory data conforms to the DDF, and a factory tree holds one instance of it', () => {
    expect(ddfProblems(DEVDETAIL_MO.root, devDetailData('1.0'), 'DevDetail')).toEqual([]);
    const tree = buildFactoryTree({ devId: 'dev-1', servers: [] });
    expect([...tree.instancesOf(DEVDETAIL_MO.moid)].map((i) => i.miid)).toEqual(['1']);
  });

  it('the conformance check finds what is wrong in a bad DevDetail', () => {
    const bad = { ...devDetailData('1.0'), LrgObj: 'yes', Color: 'blue' } as Record<string, unknown>;
    delete bad.DevTyp;
    expect(ddfProblems(DEVDETAIL_MO.root, bad, 'D').map((p) => `${p.kind} ${p.text.split(':')[0]}`)).toEqual([
      'missing D/DevTyp',
      'format D/LrgObj',
      'unknown D/Color',
    ]);
  });
});
