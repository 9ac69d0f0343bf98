/** What a load records: sessions by outcome, latencies apart per package, errors by kind with bounded examples, a sample per second. */
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../harness/client/fleet/fleet-errors.ts';
import { LoadRecorder } from '../../../harness/client/fleet/load-recorder.ts';
import { HttpFailure } from '../../../harness/transport/http-client.ts';

describe('LoadRecorder', () => {
  it('keeps Package#1→#2 and #3→#2 latencies apart and counts sessions by outcome and initiator', () => {
    const r = new LoadRecorder();
    r.sessionStarted('client');
    r.exchange(10, true);
    r.exchange(4, false);
    r.exchange(6, false);
    r.sessionEnded(true);
    r.sessionStarted('server');
    r.sessionEnded(false);
    expect([r.package1.count, r.package3.count]).toEqual([1, 2]);
    expect(r.sessions).toEqual({ started: 2, ok: 1, failed: 1, clientInitiated: 1, serverInitiated: 1 });
    r.stop();
    expect(r.seconds.at(-1)).toMatchObject({ sessionsOk: 1, sessionsFailed: 1, exchanges: 3 });
  });

  it('counts errors by kind and HTTP status; like reasons (differing only in numbers) share one example; at most five examples a kind', () => {
    const r = new LoadRecorder();
    for (let port = 1000; port < 1010; port++) r.error({ kind: 'connect', reason: `connect ECONNREFUSED 127.0.0.1:${port}` });
    for (let i = 0; i < 8; i++) r.error({ kind: 'protocol', reason: `odd answer ${'x'.repeat(i)}` });
    r.error({ kind: 'http-status', status: 503, reason: 'the server answered HTTP 503' });
    r.error({ kind: 'http-status', status: 503, reason: 'the server answered HTTP 503' });
    const e = r.errors();
    expect(e.total).toBe(20);
    expect(e.byKind).toEqual({ connect: 10, tls: 0, 'http-status': 2, protocol: 8, timeout: 0 });
    expect(e.byStatus).toEqual({ '503': 2 });
    expect(e.examples.filter((x) => x.kind === 'connect')).toEqual([{ kind: 'connect', reason: 'connect ECONNREFUSED 127.0.0.1:1000', count: 10 }]);
    expect(e.examples.filter((x) => x.kind === 'protocol')).toHaveLength(5);
  });

  it('names the kind of a transport failure: refused → connect, TLS → tls, timeout → timeout, anything else → protocol', () => {
    expect(errorOf(new HttpFailure('UNREACHABLE', 'refused')).kind).toBe('connect');
    expect(errorOf(new HttpFailure('TLS', 'bad cert')).kind).toBe('tls');
    expect(errorOf(new HttpFailure('INSECURE', 'plain')).kind).toBe('tls');
    expect(errorOf(new HttpFailure('TIMEOUT', 'slow')).kind).toBe('timeout');
    expect(errorOf(new HttpFailure('TOO_LARGE', 'big')).kind).toBe('protocol');
    expect(errorOf(new Error('odd'))).toEqual({ kind: 'protocol', reason: 'odd' });
    // Out of descriptors or ports is this machine's limit, not a protocol fault of the server: named with its fix.
    const emfile = errorOf(new HttpFailure('PROTOCOL', 'HTTP exchange with http://127.0.0.1:1 failed: bind EMFILE 127.0.0.1'));
    expect(emfile.kind).toBe('connect');
    expect(emfile.reason).toMatch(/raise ulimit -n/);
  });
});
