import { describe, expect, it } from 'vitest';
import { checkMeta, withRole, type CaseDeclaration } from '../../harness/conformance/case-meta.ts';

const declared = (id: string, extra: Partial<CaseDeclaration> = {}): CaseDeclaration => ({
  id,
  title: 'a case',
  requirement: 'A client MUST do it (K-CMD).',
  labels: [],
  rules: ['K-CMD'],
  level: 'MUST',
  ...extra,
});

describe('a case declaration’s role', () => {
  it('is the one its ID names: DMCTS-C- a client, DMCTS-S- a server', () => {
    expect(withRole(declared('DMCTS-C-GET-900')).role).toBe('client');
    expect(withRole(declared('DMCTS-S-CMD-900')).role).toBe('server');
  });

  it('may be written out, and must then agree with the ID', () => {
    expect(checkMeta(withRole(declared('DMCTS-S-CMD-900', { role: 'server' })))).toEqual([]);
    expect(checkMeta(withRole(declared('DMCTS-S-CMD-900', { role: 'client' })))).toEqual([
      'DMCTS-S-CMD-900: ID DMCTS-S-CMD-900 says role S but the case declares role client',
    ]);
  });
});
