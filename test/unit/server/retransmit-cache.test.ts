/** The server's last answer per session (P-SESSION, ours): a retransmitted Package#3 gets it again; anything else does not. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { package3Identity, RetransmitCache } from '../../../harness/server/retransmit-cache.ts';
import { distinctPackage3 } from '../../../harness/client/package3-resend.ts';

const JSON3 = 'application/vnd.oma.dm.response+json';
const p3 = (body: string, type = JSON3) => ({ headers: { 'content-type': type }, body: Buffer.from(body) });
const answer = { status: 200, headers: { 'content-type': 'application/vnd.oma.dm.request+json' }, body: Buffer.from('{"CMD":[["END"]]}') };

afterEach(() => {
  vi.useRealTimers();
});

describe('RetransmitCache', () => {
  it('answers the identical Package#3 of the same device with the kept reply, and nothing else', () => {
    const cache = new RetransmitCache();
    cache.remember('tok', 'dev', p3('{"Status":[]}'), answer, false);
    expect(cache.replay('tok', 'dev', p3('{"Status":[]}'))).toBe(answer);
    expect(cache.replay('tok', 'dev', p3('{"Status": []}')), 'one byte more is another package').toBeUndefined();
    expect(cache.replay('tok', 'other', p3('{"Status":[]}')), 'another device').toBeUndefined();
    expect(cache.replay('tok2', 'dev', p3('{"Status":[]}')), 'another session').toBeUndefined();
    expect(cache.replay('tok', 'dev', p3('{"Status":[]}', 'application/vnd.oma.dm.response+cbor')), 'another media type').toBeUndefined();
    expect(cache.replay('tok', 'dev', p3('{"Status":[]}', `${JSON3}; charset=utf-8`)), 'parameters of the media type do not count').toBe(answer);
  });

  it('keeps only the last answer of a session', () => {
    const cache = new RetransmitCache();
    cache.remember('tok', 'dev', p3('{"Status":[1]}'), answer, false);
    cache.remember('tok', 'dev', p3('{"Status":[2]}'), answer, false);
    expect(cache.replay('tok', 'dev', p3('{"Status":[1]}'))).toBeUndefined();
    expect(cache.replay('tok', 'dev', p3('{"Status":[2]}'))).toBe(answer);
    expect(cache.size).toBe(1);
  });

  it("keeps an ended session's answer for the grace period only; an open session's while it lives", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const cache = new RetransmitCache(60_000);
    cache.remember('ended', 'dev', p3('{"Status":[]}'), answer, true);
    cache.remember('open', 'dev', p3('{"Status":[]}'), answer, false);
    expect(cache.endedSessionOf('ended')).toBe('dev');
    expect(cache.endedSessionOf('open'), 'an open session is not an ended one').toBeUndefined();
    vi.setSystemTime(1_000_000 + 59_999);
    expect(cache.replay('ended', 'dev', p3('{"Status":[]}'))).toBe(answer);
    vi.setSystemTime(1_000_000 + 60_000);
    expect(cache.replay('ended', 'dev', p3('{"Status":[]}'))).toBeUndefined();
    expect(cache.endedSessionOf('ended')).toBeUndefined();
    expect(cache.replay('open', 'dev', p3('{"Status":[]}'))).toBe(answer);
    cache.forget('open');
    expect(cache.replay('open', 'dev', p3('{"Status":[]}'))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops expired answers as new ones come (memory stays bounded by the live sessions)', () => {
    vi.useFakeTimers({ now: 5_000_000 });
    const cache = new RetransmitCache(1_000);
    for (let i = 0; i < 100; i++) cache.remember(`t${i}`, 'dev', p3('{}'), answer, true);
    vi.setSystemTime(5_000_000 + 2_000);
    cache.remember('new', 'dev', p3('{}'), answer, true);
    expect(cache.size).toBe(1);
  });

  it('the identity is the media type essence and the body', () => {
    expect(package3Identity(p3('a'))).toBe(package3Identity(p3('a', `${JSON3};x=1`)));
    expect(package3Identity(p3('a'))).not.toBe(package3Identity(p3('b')));
  });
});

describe('distinctPackage3 (the device side)', () => {
  const status = { Status: [{ sc: 200, URI: ['x'] }] };
  for (const encoding of ['json', 'cbor'] as const) {
    it(`never repeats the previous Package#3 byte for byte, and means the same (${encoding})`, () => {
      const first = distinctPackage3(status, encoding, undefined);
      const second = distinctPackage3(status, encoding, first);
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(false);
      const third = distinctPackage3(status, encoding, second);
      expect(Buffer.from(third).equals(Buffer.from(second))).toBe(false);
      expect(Buffer.from(third).equals(Buffer.from(first)), 'it alternates').toBe(true);
      const other = distinctPackage3({ Status: [{ sc: 404, URI: ['x'] }] }, encoding, first);
      expect(
        Buffer.from(distinctPackage3({ Status: [{ sc: 404, URI: ['x'] }] }, encoding, undefined)).equals(Buffer.from(other)),
        'a different one is left alone',
      ).toBe(true);
    });
  }
  it('adds an empty Alert array to tell them apart', () => {
    const first = distinctPackage3(status, 'json', undefined);
    expect(JSON.parse(Buffer.from(distinctPackage3(status, 'json', first)).toString())).toEqual({ ...status, Alert: [] });
  });
});

describe('RetransmitCache and connections', () => {
  it('an identical Package#3 on the connection the answer went out on is a new package; on another one a retransmission', () => {
    const cache = new RetransmitCache();
    const socketA = {};
    const socketB = {};
    cache.remember('tok', 'dev', { ...p3('{"Status":[]}'), connection: socketA }, answer, false);
    expect(cache.replay('tok', 'dev', { ...p3('{"Status":[]}'), connection: socketA })).toBeUndefined();
    expect(cache.replay('tok', 'dev', { ...p3('{"Status":[]}'), connection: socketB })).toBe(answer);
    expect(cache.replay('tok', 'dev', p3('{"Status":[]}')), 'no connection known: by the bytes alone').toBe(answer);
  });
});
