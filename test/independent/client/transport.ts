// HTTPS requests of the device (P-SEC): TLS 1.2+, the server chain checked against a trust anchor,
// host name, Extended Key Usage serverAuth and Key Usage digitalSignature; optional client
// certificate; a fixed local address after client.moveNetwork. Bodies are decoded per Content-Encoding.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { X509Certificate } from 'node:crypto';
import { fault } from '../common/faults.ts';

export interface TlsProfile {
  ca?: string[];
  cert?: string;
  key?: string;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  tls: TlsProfile;
  localAddress?: string;
  timeoutMs?: number;
  /** Plain http:// is refused unless this is set (only Package#0 replies... never used for DM). */
  allowPlain?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

export class TransportError extends Error {}

const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/** Key Usage bits of a DER certificate (2.5.29.15), or undefined without the extension. */
export function keyUsageBits(der: Buffer): number | undefined {
  const oid = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0f]);
  let i = der.indexOf(oid);
  if (i < 0) return undefined;
  i += oid.length;
  if (der[i] === 0x01) i += 2 + der[i + 1]!; // critical BOOLEAN
  if (der[i] !== 0x04) return undefined; // OCTET STRING
  i += 2;
  if (der[i] !== 0x03) return undefined; // BIT STRING
  const len = der[i + 1]!;
  const first = len >= 2 ? der[i + 3]! : 0;
  const second = len >= 3 ? der[i + 4]! : 0;
  return (first << 8) | second;
}

const DIGITAL_SIGNATURE = 0x8000;

function checkServer(host: string, cert: tls.PeerCertificate): Error | undefined {
  const err = tls.checkServerIdentity(host, cert);
  if (err) return err;
  try {
    const c = new X509Certificate(cert.raw);
    const eku = c.keyUsage as string[] | undefined;
    if (eku && eku.length > 0 && !eku.includes(EKU_SERVER_AUTH)) return new Error('certificate EKU does not allow serverAuth');
    const ku = keyUsageBits(cert.raw);
    if (ku !== undefined && (ku & DIGITAL_SIGNATURE) === 0) return new Error('certificate Key Usage lacks digitalSignature');
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
  return undefined;
}

function decodeBody(body: Buffer, coding: string | undefined): Buffer {
  const c = (coding ?? 'identity').trim().toLowerCase();
  if (c === 'identity' || c === '') return body;
  if (c === 'gzip' || c === 'x-gzip') return zlib.gunzipSync(body);
  if (c === 'br') return zlib.brotliDecompressSync(body);
  if (c === 'deflate') return zlib.inflateSync(body);
  throw new TransportError(`unknown content coding ${c}`);
}

export function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(req.url);
  const secure = url.protocol === 'https:';
  if (!secure && !(url.protocol === 'http:' && req.allowPlain)) {
    return Promise.reject(new TransportError(`refusing ${url.protocol} target (TLS only)`));
  }
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body) headers['content-length'] = req.body.length;
    const base: http.RequestOptions = {
      method: req.method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (secure ? 443 : 80),
      path: url.pathname + url.search,
      headers,
      agent: false,
      timeout: req.timeoutMs ?? 10000,
    };
    if (req.localAddress) base.localAddress = req.localAddress;
    const onResponse = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(new TransportError(e.message)));
      res.on('end', () => {
        try {
          const body = decodeBody(Buffer.concat(chunks), res.headers['content-encoding']);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body });
        } catch (e) {
          reject(new TransportError(`cannot decode body: ${e instanceof Error ? e.message : String(e)}`));
        }
      });
    };
    let r: http.ClientRequest;
    if (secure) {
      const opts: https.RequestOptions = {
        ...base,
        minVersion: 'TLSv1.2',
        rejectUnauthorized: true,
        checkServerIdentity: checkServer,
      };
      if (fault('client-tls-any-cert')) {
        // SEEDED FAULT client-tls-any-cert: "make it work" — no chain, validity or host name check.
        opts.rejectUnauthorized = false;
        opts.checkServerIdentity = () => undefined;
      }
      if (req.tls.ca && req.tls.ca.length > 0) opts.ca = req.tls.ca;
      if (req.tls.cert && req.tls.key) {
        opts.cert = req.tls.cert;
        opts.key = req.tls.key;
      }
      r = https.request(opts, onResponse);
    } else {
      r = http.request(base, onResponse);
    }
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', (e) => reject(new TransportError(e.message)));
    r.end(req.body);
  });
}

/** Every value of one response header, one per line received (rawHeaders keeps them apart). */
export function headerValues(res: HttpResponse, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) if (res.rawHeaders[i]!.toLowerCase() === name) out.push(res.rawHeaders[i + 1]!);
  return out;
}
