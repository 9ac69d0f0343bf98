// Moving MO serializations between the device and ServerURIs (K-CMD HGET/HPUT/HPOST/SUB, K-NEG):
// fetch with Accept mo+json; send as mo+json, retrying a 415 once when OMADM-Accept lists a type we
// speak, else 406; an unreachable target (or a plain http:// one) is 502.
import { MT, cborOf, decodeBody, encodeBody, mediaType } from '../common/media.ts';
import { fault } from '../common/faults.ts';
import { fromWire } from './wire-values.ts';
import { parseMoSerialization, type MoEntry } from './serialize.ts';
import { httpRequest, TransportError, type TlsProfile } from './transport.ts';

export interface TransferContext {
  tls: (url: string) => TlsProfile;
  localAddress?: string;
  log: (line: string) => void;
}

export type FetchResult = { ok: true; entries: MoEntry[] } | { ok: false; sc: number; why: string };

export async function fetchMo(ctx: TransferContext, url: string): Promise<FetchResult> {
  let res;
  try {
    const req: Parameters<typeof httpRequest>[0] = {
      method: 'GET',
      url,
      headers: { accept: `${MT.mo}, ${cborOf(MT.mo)}`, 'accept-encoding': 'gzip, br' },
      tls: ctx.tls(url),
    };
    if (ctx.localAddress) req.localAddress = ctx.localAddress;
    res = await httpRequest(req);
  } catch (e) {
    ctx.log(`HGET ${url}: ${e instanceof Error ? e.message : String(e)}`);
    return { ok: false, sc: 502, why: 'target unreachable' };
  }
  if (res.status < 200 || res.status > 299) return { ok: false, sc: res.status, why: `target answered ${res.status}` };
  const type = mediaType(res.headers['content-type']);
  if (type !== MT.mo && type !== cborOf(MT.mo)) return { ok: false, sc: 400, why: `target sent ${type}` };
  try {
    return { ok: true, entries: parseMoSerialization(fromWire(decodeBody(type, MT.mo, res.body))) };
  } catch (e) {
    return { ok: false, sc: 400, why: `not an MO serialization: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** PUT or POST an MO serialization; returns the status code for the command's Status. */
export async function sendMo(ctx: TransferContext, method: 'PUT' | 'POST', url: string, entries: MoEntry[]): Promise<number> {
  let type: string = MT.mo;
  for (let attempt = 0; attempt < 2; attempt++) {
    let res;
    const body = encodeBody(type, entries);
    try {
      const req: Parameters<typeof httpRequest>[0] = { method, url, headers: { 'content-type': type }, body, tls: ctx.tls(url) };
      if (ctx.localAddress) req.localAddress = ctx.localAddress;
      res = await httpRequest(req);
    } catch (e) {
      ctx.log(`${method} ${url}: ${e instanceof TransportError || e instanceof Error ? e.message : String(e)}`);
      return 502;
    }
    if (res.status >= 200 && res.status <= 299) return 200;
    // SEEDED FAULT client-415-no-retry: a 415 is reported like any other HTTP error.
    if (res.status !== 415 || fault('client-415-no-retry')) return res.status;
    const omaAccept = String(res.headers['omadm-accept'] ?? '');
    // Retry once, in the first OMADM-Accept type this device speaks (K-NEG).
    const next = omaAccept.split(',').map(mediaType).find((t) => t === MT.mo || t === cborOf(MT.mo));
    if (!next) return 406;
    if (attempt === 1) return 415;
    type = next;
  }
  return 415;
}
