// Sending one package (K-FLOW, P-SEC): POST with OMADM-DevID and Accept; Basic credentials
// preemptively over HTTPS; a Digest challenge answered once per request, its nonce then reused with an
// increasing nonce-count; the account's trust anchor and client certificate.
import { randomBytes } from 'node:crypto';
import { digestResponse, parseAuthParams } from '../common/digest.ts';
import { MT, cborOf, encodeBody } from '../common/media.ts';
import type { SessionState } from './commands.ts';
import type { Device } from './device.ts';
import { headerValues, httpRequest, type HttpRequest } from './transport.ts';

export interface DigestState {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: string;
  nc: number;
}

export type PostResult =
  | { ok: true; status: number; contentType: string | undefined; body: Buffer }
  | { ok: false; why: string };

function authType(s: SessionState): string {
  return (s.account.clientAuth?.type ?? '').toLowerCase();
}

function digestHeader(device: Device, s: SessionState, d: DigestState, url: URL): string {
  d.nc++;
  const nc = d.nc.toString(16).padStart(8, '0');
  const cnonce = randomBytes(8).toString('hex');
  const user = s.account.clientAuth?.name ?? device.devId;
  const uri = url.pathname + url.search;
  const response = digestResponse({
    algorithm: d.algorithm,
    user,
    realm: d.realm,
    password: s.account.clientAuth?.secret ?? '',
    method: 'POST',
    uri,
    nonce: d.nonce,
    nc,
    cnonce,
    qop: 'auth',
  });
  let h = `Digest username="${user}", realm="${d.realm}", nonce="${d.nonce}", uri="${uri}", algorithm=${d.algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
  if (d.opaque !== undefined) h += `, opaque="${d.opaque}"`;
  return h;
}

export async function postPackage(device: Device, s: SessionState, target: string, type: string, body: unknown): Promise<PostResult> {
  const url = new URL(target);
  const payload = encodeBody(type, body);
  const kind = authType(s);
  let answeredChallenge = false;
  for (;;) {
    const headers: Record<string, string> = {
      'content-type': type,
      accept: `${MT.request}, ${cborOf(MT.request)}`,
      'accept-encoding': 'gzip, br',
      'omadm-devid': device.devId,
    };
    if (kind === 'basic') {
      const name = s.account.clientAuth?.name ?? device.devId;
      headers.authorization = `Basic ${Buffer.from(`${name}:${s.account.clientAuth?.secret ?? ''}`, 'utf8').toString('base64')}`;
    }
    const digest = device.digest.get(s.account.srvId);
    if (kind === 'digest' && digest) headers.authorization = digestHeader(device, s, digest, url);
    const req: HttpRequest = { method: 'POST', url: target, headers, body: payload, tls: device.tlsFor(s, target, true) };
    if (device.localAddress) req.localAddress = device.localAddress;
    let res;
    try {
      res = await httpRequest(req);
    } catch (e) {
      return { ok: false, why: e instanceof Error ? e.message : String(e) };
    }
    device.log(`POST ${target} ${type} -> ${res.status}`);
    if (res.status === 401 && kind === 'digest' && !answeredChallenge) {
      // Prefer a SHA-256 challenge; answer MD5 only when that is all the server offers.
      const digests = headerValues(res, 'www-authenticate')
        .map(parseAuthParams)
        .filter((c) => c.scheme === 'digest');
      const challenge = digests.find((c) => (c.params.get('algorithm') ?? '').toUpperCase() === 'SHA-256') ?? digests[0];
      if (challenge) {
        const algs = challenge.params.get('algorithm') ?? 'MD5';
        const d: DigestState = {
          realm: challenge.params.get('realm') ?? '',
          nonce: challenge.params.get('nonce') ?? '',
          algorithm: algs.toUpperCase().startsWith('SHA-256') ? 'SHA-256' : 'MD5',
          nc: 0,
        };
        const opaque = challenge.params.get('opaque');
        if (opaque !== undefined) d.opaque = opaque;
        device.digest.set(s.account.srvId, d);
        answeredChallenge = true;
        continue;
      }
    }
    return { ok: true, status: res.status, contentType: res.headers['content-type'], body: res.body };
  }
}
