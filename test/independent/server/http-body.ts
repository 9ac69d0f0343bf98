// Reading a request body with a size limit and undoing its content coding (K-NEG, P-SEL).
import type http from 'node:http';
import zlib from 'node:zlib';

export type Body = { ok: true; body: Buffer } | { ok: false; status: number; why: string };

export const BODY_LIMIT = 1024 * 1024;

export function readBody(req: http.IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) tooBig = true;
      else chunks.push(c);
    });
    req.on('error', () => resolve({ ok: false, status: 400, why: 'request error' }));
    req.on('end', () => {
      if (tooBig) return resolve({ ok: false, status: 413, why: 'body over 1 MiB' });
      const raw = Buffer.concat(chunks);
      const coding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      try {
        if (coding === 'identity' || coding === '') return resolve({ ok: true, body: raw });
        if (coding === 'gzip' || coding === 'x-gzip') return resolve({ ok: true, body: zlib.gunzipSync(raw, { maxOutputLength: BODY_LIMIT }) });
        if (coding === 'br') return resolve({ ok: true, body: zlib.brotliDecompressSync(raw, { maxOutputLength: BODY_LIMIT }) });
        if (coding === 'deflate') return resolve({ ok: true, body: zlib.inflateSync(raw, { maxOutputLength: BODY_LIMIT }) });
      } catch {
        return resolve({ ok: false, status: 400, why: `body does not decode as ${coding}` });
      }
      resolve({ ok: false, status: 415, why: `unknown content coding ${coding}` });
    });
  });
}
