import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDmFrame, encodeDmFrame, MAX_FRAME_HEAD, problemFrame, readProblem, wsUrlOf } from '../../../harness/protocol/ws-frame.ts';

const types = [
  'application/vnd.oma.dm.initiation+json',
  'application/vnd.oma.dm.response+cbor',
  'application/vnd.oma.dm.notification',
  'application/problem+json',
];

describe('P-WS frames', () => {
  it('carry media type, target and body through encode and decode unchanged', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.option(fc.constantFrom('https://srv.example:8443/dm/s/AbCdEf0123456789xyz', '/dm/s/tok_en-123', 'https://[::1]:9/dm?x=1'), { nil: undefined }),
        fc.uint8Array({ maxLength: 300 }),
        (type, target, body) => {
          const decoded = decodeDmFrame(encodeDmFrame({ type, ...(target ? { target } : {}), body }));
          expect(decoded.ok).toBe(true);
          if (!decoded.ok) return;
          expect(decoded.value.type).toBe(type);
          expect(decoded.value.target).toBe(target);
          expect(Buffer.from(decoded.value.body).equals(Buffer.from(body))).toBe(true);
        },
      ),
    );
  });

  it('keep media type parameters that hold spaces, and a CRLF line end', () => {
    const a = decodeDmFrame(Buffer.from('text/plain; charset=utf-8\nhello'));
    expect(a.ok && a.value).toMatchObject({ type: 'text/plain; charset=utf-8', body: Buffer.from('hello') });
    expect(a.ok && a.value.target).toBeUndefined();
    const b = decodeDmFrame(Buffer.from('application/vnd.oma.dm.response+json /dm/s/abc\r\n{}'));
    expect(b.ok && b.value).toMatchObject({ type: 'application/vnd.oma.dm.response+json', target: '/dm/s/abc' });
  });

  it('refuse a frame without a first line, with an over-long one, or one that is no media type', () => {
    for (const [bytes, error] of [
      [Buffer.from('application/vnd.oma.dm.initiation+json'), /no first line/],
      [Buffer.from(`${'a'.repeat(MAX_FRAME_HEAD + 10)}\n{}`), /longer than/],
      [Buffer.from('{"MOS":[]}\n{}'), /does not start with a media type/],
    ] as const) {
      const decoded = decodeDmFrame(bytes);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.error.message).toMatch(error);
    }
  });

  it('refuse to encode a head that would break the line', () => {
    expect(() => encodeDmFrame({ type: 'a/b\nc/d', body: new Uint8Array() })).toThrow(/line break/);
    expect(() => encodeDmFrame({ type: 'a/b', target: '/dm s', body: new Uint8Array() })).toThrow(/white space/);
  });

  it('carry an error status as a problem frame, bounded when read', () => {
    const frame = problemFrame(415, 'Content-Type must be JSON or CBOR');
    expect(readProblem(frame.body)).toEqual({ status: 415, detail: 'Content-Type must be JSON or CBOR' });
    expect(readProblem(Buffer.from('{"status":99}')).status).toBe(500);
    expect(readProblem(Buffer.from('not json')).status).toBe(500);
  });

  it('go to the wss:// twin of an https:// DM URL', () => {
    expect(wsUrlOf('https://srv.example:8443/dm')).toBe('wss://srv.example:8443/dm');
    expect(wsUrlOf('http://127.0.0.1:9/dm')).toBe('ws://127.0.0.1:9/dm');
  });
});
