/**
 * Choosing interop scenarios and participants: --scenario by ID or prefix, ICS:IXIT arguments
 * (Windows drive letters kept), and the N/A reasons a pair gets when one side does not claim what a
 * scenario needs — each naming the ICS or IXIT item.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../harness/core/config-error.ts';
import type { PairContext } from '../../../harness/conformance/interop/pair-context.ts';
import { parsePairArg, type Participant } from '../../../harness/conformance/interop/participant.ts';
import { INTEROP_SCENARIOS, selectScenarios } from '../../../harness/conformance/interop/scenarios.ts';

const byId = (id: string) => INTEROP_SCENARIOS.find((s) => s.id === id)!;

function pair(
  client: Partial<Participant> & { features?: Record<string, boolean> },
  server: Partial<Participant> & { features?: Record<string, boolean> },
): PairContext {
  const make = (p: typeof client, role: 'client' | 'server') =>
    ({
      id: role,
      role,
      ics: { dmcts: 'ics/1', role, product: { name: role, version: '1' }, features: p.features ?? {} },
      ixit: p.ixit ?? { client: {} },
      ...(p.server ? { server: p.server } : {}),
    }) as unknown as Participant;
  return { client: make(client, 'client'), server: make(server, 'server'), otherServers: [] } as unknown as PairContext;
}

describe('interop scenario selection', () => {
  it('takes every scenario by default, an ID, or a prefix (cmd- for the twelve commands), and refuses an unknown one', () => {
    expect(selectScenarios([])).toHaveLength(INTEROP_SCENARIOS.length);
    expect(selectScenarios(['cmd-']).map((s) => s.id)).toEqual([
      'cmd-hget',
      'cmd-hput',
      'cmd-hpost',
      'cmd-delete',
      'cmd-exec',
      'cmd-exec-async',
      'cmd-get',
      'cmd-show',
      'cmd-default',
      'cmd-sub',
      'cmd-unsub',
      'cmd-cont',
      'cmd-end',
    ]);
    expect(selectScenarios(['mutual-auth', 'session-client']).map((s) => s.id)).toEqual(['session-client', 'mutual-auth']);
    expect(() => selectScenarios(['cmd-nope'])).toThrow(ConfigError);
  });

  it('reads ICS:IXIT, absolute and Windows paths included, and says how to write it when it is not', () => {
    expect(parsePairArg('--client', 'a.ics.json:b.ixit.json')).toEqual({ icsFile: 'a.ics.json', ixitFile: 'b.ixit.json' });
    expect(parsePairArg('--client', '/x/a.json:/y/b.json')).toEqual({ icsFile: '/x/a.json', ixitFile: '/y/b.json' });
    expect(parsePairArg('--server', 'C:\\x\\a.json:D:/y/b.json')).toEqual({ icsFile: 'C:\\x\\a.json', ixitFile: 'D:/y/b.json' });
    expect(() => parsePairArg('--client', 'a.json')).toThrow(/ICS:IXIT/);
    expect(() => parsePairArg('--client', 'a:b:c')).toThrow(/ICS:IXIT/);
  });
});

describe('interop N/A reasons', () => {
  const httpsServer = { dmUrl: 'https://127.0.0.1:1/dm', srvId: 's' };

  it('a Package#0 scenario needs NOTIFICATION on both sides', () => {
    const na = byId('session-server').notApplicable!;
    expect(na(pair({ features: {} }, { features: { NOTIFICATION: true } }))).toBe(
      'the client client does not claim NOTIFICATION (its ICS features.NOTIFICATION)',
    );
    expect(na(pair({ features: { NOTIFICATION: true } }, { features: {} }))).toContain('the server server does not claim NOTIFICATION');
    expect(na(pair({ features: { NOTIFICATION: true } }, { features: { NOTIFICATION: true } }))).toBeUndefined();
  });

  it('CBOR, WS and the client-SHOULD commands need the claims; EXEC needs the IXIT execNode', () => {
    expect(byId('encoding-cbor').notApplicable!(pair({ features: { CBOR: true } }, {}))).toContain('features.CBOR');
    expect(byId('encoding-json').notApplicable).toBeUndefined();
    expect(byId('ws-session').notApplicable!(pair({ features: { WS: true } }, { features: {} }))).toContain(
      'the server server does not claim the WebSocket transport',
    );
    expect(byId('ws-notify').notApplicable!(pair({ features: { WS: true } }, { features: { WS: true } }))).toContain('features.NOTIFICATION');
    expect(
      byId('ws-notify').notApplicable!(pair({ features: { WS: true, NOTIFICATION: true } }, { features: { WS: true, NOTIFICATION: true } })),
    ).toBeUndefined();
    expect(byId('cmd-sub').notApplicable!(pair({ features: {} }, {}))).toContain('features.SUB');
    expect(byId('cmd-unsub').notApplicable!(pair({ features: {} }, {}))).toContain('features.SUB');
    expect(byId('cmd-hget').notApplicable).toBeUndefined();
    expect(byId('cmd-exec').notApplicable!(pair({}, {}))).toContain('client.execNode');
    expect(byId('cmd-exec-async').notApplicable!(pair({ ixit: { client: { execNode: 'urn:x/1/Run' } } } as never, {}))).toContain('client.asyncExecNode');
    expect(byId('cmd-exec').notApplicable!(pair({ ixit: { client: { execNode: 'urn:x/1/Run' } } } as never, {}))).toBeUndefined();
  });

  it('delegation needs DELEGATION on the client and the server, and a second server that claims it', () => {
    const na = byId('delegation').notApplicable!;
    const both = { features: { DELEGATION: true } };
    expect(na(pair({}, both))).toContain('the client client does not claim DELEGATION');
    const lone = pair(both, { ...both, server: { dmUrl: 'https://127.0.0.1:1/dm', srvId: 'a' } } as never);
    expect(na(lone)).toContain('no second server of the run claims DELEGATION');
    const second = { ics: { features: { DELEGATION: true } }, proxy: { origin: 'https://127.0.0.1:2' }, server: { srvId: 'b' } } as unknown as Participant;
    expect(na({ ...lone, otherServers: [second] })).toBeUndefined();
    expect(na({ ...lone, otherServers: [{ ...second, ics: { features: {} } } as unknown as Participant] })).toContain('no second server');
  });

  it('mutual authentication needs Basic or Digest over TLS; X.509 alone cannot pass the proxy', () => {
    const na = byId('mutual-auth').notApplicable!;
    expect(na(pair({}, { server: { ...httpsServer, clientAuth: { modes: ['x509'], required: true } } } as never))).toContain('cannot be carried through');
    expect(na(pair({}, { server: { ...httpsServer, dmUrl: 'http://127.0.0.1:1/dm', clientAuth: { modes: ['basic'], required: false } } } as never))).toContain(
      'plain HTTP',
    );
    expect(na(pair({}, { server: httpsServer } as never))).toContain('names no device authentication');
    expect(na(pair({}, { server: { ...httpsServer, clientAuth: { modes: ['digest'], required: false } } } as never))).toBeUndefined();
  });
});
