/** A FAIL names the root cause its trace shows: the first protocol fault of the IUT on the wire. */
import { describe, expect, it } from 'vitest';
import type { Evidence, WireRecord } from '../../harness/core/evidence-model.ts';
import { rootCauseInTrace, withRootCause } from '../../harness/conformance/trace-diagnosis.ts';

const ev = (wire: WireRecord[]): Evidence => ({ wire, steps: [], notes: [], truncated: 0 });
const p1 = (by: string): WireRecord => ({
  t: 1,
  by,
  direction: 'out',
  kind: 'request',
  method: 'POST',
  url: 'https://iut/dm',
  headers: { 'content-type': 'application/vnd.oma.dm.initiation+json', 'omadm-devid': 'd' },
  body: { MOS: [], Alert: [] },
});
const p2 = (by: string, CMD: unknown[], status = 200, type = 'application/vnd.oma.dm.request+json'): WireRecord => ({
  t: 2,
  by,
  direction: 'in',
  kind: 'response',
  status,
  url: 'https://iut/dm',
  headers: { 'content-type': type },
  body: { CMD },
});

describe('root cause in the trace', () => {
  it('server IUT: a Package#2 without CONT or END', () => {
    const wire = [p1('harness device d'), p2('harness device d', [['GET', 'urn:oma:mo:oma-dm-devinfo:1.0//']])];
    expect(rootCauseInTrace(ev(wire), 'server')).toBe('a Package#2 of the IUT has no CONT and no END (its last command is GET)');
    expect(withRootCause('no Package#3 reached the IUT', ev(wire), 'server')).toBe(
      'no Package#3 reached the IUT (the trace shows, earlier: a Package#2 of the IUT has no CONT and no END (its last command is GET))',
    );
  });
  it('server IUT: an HTTP error or a non-DM answer to a Package#1; nothing for a sound exchange', () => {
    expect(rootCauseInTrace(ev([p1('harness device d'), p2('harness device d', [], 500)]), 'server')).toBe('the IUT answered a Package#1 with HTTP 500');
    expect(rootCauseInTrace(ev([p1('harness device d'), p2('harness device d', [], 200, 'text/html')]), 'server')).toContain('Content-Type "text/html"');
    expect(rootCauseInTrace(ev([p1('harness device d'), p2('harness device d', [['END']])]), 'server')).toBeUndefined();
    expect(rootCauseInTrace(ev([p1('harness device d'), p2('harness device d', [['CONT', 'https://iut/dm/s/x']])]), 'server')).toBeUndefined();
  });
  it('client IUT: a new session instead of the answer at the CONT URI, a package without OMADM-DevID', () => {
    const inbound = (kind: string, devId = true): WireRecord => ({
      t: 1,
      by: 'harness server s',
      direction: 'in',
      kind: 'request',
      method: 'POST',
      url: '/dm',
      headers: { 'content-type': `application/vnd.oma.dm.${kind}+json`, ...(devId ? { 'omadm-devid': 'd' } : {}) },
    });
    const out: WireRecord = {
      t: 2,
      by: 'harness server s',
      direction: 'out',
      kind: 'response',
      status: 200,
      headers: { 'content-type': 'application/vnd.oma.dm.request+json' },
      body: {
        CMD: [
          ['GET', 'x'],
          ['CONT', 'https://h/dm/s/tok'],
        ],
      },
    };
    expect(rootCauseInTrace(ev([inbound('initiation'), out, inbound('initiation')]), 'client')).toContain(
      'instead of answering the Package#2 at its CONT URI https://h/dm/s/tok',
    );
    expect(rootCauseInTrace(ev([inbound('initiation'), out, inbound('response')]), 'client')).toBeUndefined();
    expect(rootCauseInTrace(ev([inbound('initiation', false)]), 'client')).toBe('a Package#1 of the IUT has no OMADM-DevID header');
  });
  it('a reason that already says it is left alone', () => {
    const wire = [p1('harness device d'), p2('harness device d', [], 503)];
    expect(withRootCause('the IUT answered a Package#1 with HTTP 503', ev(wire), 'server')).toBe('the IUT answered a Package#1 with HTTP 503');
  });
});
