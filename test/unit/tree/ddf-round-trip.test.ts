/**
 * Writing an MO definition as a DDF and reading it back gives the same definition (fast-check over
 * generated definitions, harness/generators/ddf.ts); and the reader's ZeroOrN/OneOrN, Copy and
 * default mappings are the documented ones, not what a writer would echo.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddfDefinitionArb } from '../../../harness/generators/ddf.ts';
import { readDdf } from '../../../harness/tree/ddf/ddf-to-mo.ts';
import { writeDdf } from '../../../harness/tree/ddf/ddf-write.ts';
import { DEVINFO_MO, DMACC_MO } from '../../../harness/tree/standard-mos.ts';

describe('DDF write and read', () => {
  it('reads back every generated definition unchanged', () => {
    fc.assert(
      fc.property(ddfDefinitionArb, (def) => {
        const text = writeDdf(def, { rootName: 'Generated', man: 'dmcts & co', mod: '<gen>' });
        const back = readDdf(text, { file: 'generated.ddf' });
        expect(back.definition).toEqual(def);
        expect(back).toMatchObject({ verDtd: '1.2', man: 'dmcts & co', mod: '<gen>', rootName: 'Generated' });
      }),
      { numRuns: 200 },
    );
  });

  it('reads back the built-in DevInfo and DMAcc definitions (their Ext subtrees open again)', () => {
    for (const def of [DEVINFO_MO, DMACC_MO]) {
      const back = readDdf(writeDdf(def), { file: 'builtin.ddf', ...(def.deviceMade ? { deviceMade: true } : {}) }).definition;
      expect(back).toEqual(def);
    }
  });

  it('escapes what XML reserves in names and descriptions', () => {
    const def = {
      moid: 'urn:oma:mo:x:1.0',
      root: {
        name: '<x>',
        format: 'node' as const,
        occurrence: 'One' as const,
        scope: 'Dynamic' as const,
        access: ['Get' as const],
        children: [
          { name: 'a&b', format: 'chr' as const, occurrence: 'One' as const, scope: 'Dynamic' as const, access: ['Get' as const], description: '<b>"&"</b>' },
        ],
      },
    };
    const text = writeDdf(def);
    expect(text).toContain('<NodeName>a&amp;b</NodeName>');
    expect(readDdf(text, { file: 'esc.ddf' }).definition).toEqual(def);
  });
});
