import { describe, expect, it } from 'vitest';
import type { CaseMeta } from '../../harness/conformance/case-meta.ts';
import { checkMeta, tagsOf } from '../../harness/conformance/case-meta.ts';
import type { Ics } from '../../harness/conformance/ics.ts';
import { selectCases } from '../../harness/conformance/selection.ts';

const base: CaseMeta = {
  id: 'DMCTS-C-GET-001',
  title: 'GET works',
  requirement: 'A client SHOULD answer GET.',
  labels: ['DM-HLF-004'],
  rules: ['P-GET'],
  level: 'SHOULD',
  role: 'client',
  features: ['GET'],
};
const ics: Ics = { dmcts: 'ics/1', role: 'client', product: { name: 'x', version: '1' }, features: { GET: true, CBOR: false } };

describe('case declarations', () => {
  it('accepts a sound declaration and tags it by label, rule, role, level and ID', () => {
    expect(checkMeta(base)).toEqual([]);
    expect(tagsOf(base)).toEqual(['DM-HLF-004', 'P-GET', 'role:client', 'level:SHOULD', 'DMCTS-C-GET-001']);
  });

  it('refuses unknown labels and rules, a wrong ID, a role mismatch and a sentence without a keyword', () => {
    const p = checkMeta({ ...base, id: 'DMCTS-S-GET-1', labels: ['DM-HLF-099'], rules: ['P-NOPE'], requirement: 'GET works.', role: 'client' });
    expect(p.join('\n')).toMatch(/not of the form/);
    expect(p.join('\n')).toMatch(/unknown requirement label DM-HLF-099/);
    expect(p.join('\n')).toMatch(/unknown rule P-NOPE/);
    expect(p.join('\n')).toMatch(/no MUST\/SHALL\/SHOULD\/MAY/);
    expect(checkMeta({ ...base, id: 'DMCTS-S-GET-001' }).join()).toMatch(/says role S/);
  });
});

describe('case selection', () => {
  it('makes a case needing more than the ICS capacities grant N/A, naming the capacity; no claim means no limit', () => {
    const two = { ...base, id: 'DMCTS-C-MA-001', features: [], needs: { accounts: 2 } } satisfies CaseMeta;
    expect(selectCases([two], { ...ics, capacities: { accounts: 1 } }, {})[0]).toEqual({
      id: 'DMCTS-C-MA-001',
      status: 'not-applicable',
      why: 'the case needs 2 management accounts; the ICS grants 1 (capacities.accounts)',
      icsItem: 'capacities.accounts',
    });
    expect(selectCases([two], { ...ics, capacities: { accounts: 2 } }, {})[0]!.status).toBe('selected');
    expect(selectCases([two], ics, {})[0]!.status).toBe('selected');
  });

  it('selects an applicable case and says why', () => {
    expect(selectCases([base], ics, {})[0]).toMatchObject({ status: 'selected' });
  });

  it('makes a case N/A naming the ICS item that is not claimed', () => {
    const s = selectCases([{ ...base, features: ['CBOR'] }], ics, {})[0]!;
    expect(s).toEqual({ id: base.id, status: 'not-applicable', why: 'the ICS does not claim CBOR', icsItem: 'features.CBOR' });
  });

  it('filters by requirement label or rule, by case ID or prefix, and by role', () => {
    expect(selectCases([base], ics, { requirements: ['DM-HLF-004'] })[0]!.status).toBe('selected');
    expect(selectCases([base], ics, { requirements: ['P-GET'] })[0]!.status).toBe('selected');
    expect(selectCases([base], ics, { requirements: ['DM-HLF-008'] })[0]!.status).toBe('filtered');
    expect(selectCases([base], ics, { cases: ['DMCTS-C-GET'] })[0]!.status).toBe('selected');
    expect(selectCases([base], ics, { cases: ['DMCTS-C-GE'] })[0]!.status).toBe('filtered');
    expect(selectCases([base], { ...ics, role: 'server' }, {})[0]!.status).toBe('filtered');
  });
});
