import { describe, expect, it } from 'vitest';
import { checkMeta, type CaseMeta } from '../../harness/conformance/case-meta.ts';
import { unofferedUtMethod } from '../../harness/conformance/ut-method-need.ts';
import { utMethodsOf } from '../../harness/protocol/upper-tester.ts';

const base: CaseMeta = {
  id: 'DMCTS-C-SESSION-009',
  title: 'moves network',
  requirement: 'A client MUST keep its session across a network change.',
  labels: [],
  rules: ['P-SESSION'],
  level: 'MUST',
  role: 'client',
  utMethods: ['client.moveNetwork'],
};

describe('upper-tester methods a case needs (utMethods)', () => {
  it('make a case N/A, naming the method and the adapter item, when the adapter did not offer one in its ut.hello', () => {
    const offered = utMethodsOf('client').filter((m) => m !== 'client.moveNetwork');
    expect(unofferedUtMethod(base, { methods: offered })).toEqual({
      method: 'client.moveNetwork',
      why: "the IUT's upper-tester adapter does not offer client.moveNetwork (not among the methods of its ut.hello)",
      icsItem: 'adapter.methods.client.moveNetwork',
    });
  });

  it('name the first method missing when several are', () => {
    const meta = { ...base, utMethods: ['client.localApp.register', 'client.localApp.read'] };
    expect(unofferedUtMethod(meta, { methods: ['client.bootstrap', 'client.localApp.register'] })?.method).toBe('client.localApp.read');
  });

  it('let a case run when the adapter offers every method it needs, or it declares none', () => {
    expect(unofferedUtMethod(base, { methods: utMethodsOf('client') })).toBeUndefined();
    expect(unofferedUtMethod({}, { methods: [] })).toBeUndefined();
  });

  it('are checked against the upper-tester method list: a misspelt method, or one of the other role, is a declaration problem', () => {
    expect(checkMeta(base)).toEqual([]);
    expect(checkMeta({ ...base, utMethods: ['client.moveNetwrok'] }).join('\n')).toMatch(/unknown upper-tester method client\.moveNetwrok/);
    expect(checkMeta({ ...base, utMethods: ['server.queue'] }).join('\n')).toMatch(
      /utMethods names server\.queue, a method of a server's adapter, but the IUT of this case is a client/,
    );
  });
});
