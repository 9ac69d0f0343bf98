/**
 * Moving MO serializations between the device and a ServerURI (HGET, HPUT, HPOST, SUB) with K-NEG:
 * fetches ask for the device's encodings; pushes that get 415 retry once in the first encoding of the
 * server's `OMADM-Accept` the device supports, or end in 406 when there is none. The outcome is the
 * Status code the command reports: 200, 502 unreachable, or the HTTP status the target answered.
 */
import { decodeBody, encodeBody } from '../protocol/body-codec.ts';
import { mediaType, parseMediaType, type Encoding } from '../protocol/media-types.ts';
import { acceptHeader, OMADM_DEVID, parseOmadmAccept } from '../protocol/negotiation.ts';
import type { MoSerialization } from '../protocol/packages.ts';
import { SC } from '../protocol/status-codes.ts';
import { HttpFailure, type HttpResponse, type HttpSender } from '../transport/http-client.ts';

export type TransferOutcome<T> = { sc: 200; value: T } | { sc: number; reason: string };

export interface TransferContext {
  /** The device's HTTP client for this server (an http:// target of a device that requires TLS fails: 502). */
  http: HttpSender;
  devId: string;
  encodings: readonly Encoding[];
}

export async function fetchMo(ctx: TransferContext, url: string): Promise<TransferOutcome<MoSerialization>> {
  let res: HttpResponse;
  try {
    res = await ctx.http.send({
      method: 'GET',
      url,
      headers: { accept: acceptHeader('mo', ctx.encodings[0] ?? 'json', ctx.encodings), 'accept-encoding': 'gzip, br', [OMADM_DEVID]: ctx.devId },
    });
  } catch (error) {
    return { sc: SC.BAD_GATEWAY, reason: error instanceof HttpFailure ? error.message : String(error) };
  }
  return moFromResponse(ctx, url, res.status, res.headers, res.body);
}

/** The MO serialization a fetch answered (content decoded already), or the Status code it comes to. */
export function moFromResponse(
  ctx: Pick<TransferContext, 'encodings'>,
  url: string,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
): TransferOutcome<MoSerialization> {
  if (status < 200 || status > 299) return { sc: status, reason: `${url} answered HTTP ${status}` };
  const type = parseMediaType(headers['content-type']);
  if (type?.kind !== 'mo' || !ctx.encodings.includes(type.encoding)) {
    return { sc: SC.BAD_REQUEST, reason: `${url} sent "${headers['content-type'] ?? 'no Content-Type'}", not an MO serialization this device reads` };
  }
  const decoded = decodeBody('mo', body, type.encoding);
  if (!decoded.ok) return { sc: SC.BAD_REQUEST, reason: `${url} sent an invalid MO serialization: ${decoded.error.message}` };
  return { sc: 200, value: decoded.value };
}

export async function pushMo(ctx: TransferContext, method: 'PUT' | 'POST', url: string, entries: MoSerialization): Promise<TransferOutcome<Encoding>> {
  let encoding: Encoding = ctx.encodings[0] ?? 'json';
  for (let attempt = 0; attempt < 2; attempt++) {
    let res: HttpResponse;
    try {
      res = await ctx.http.send({
        method,
        url,
        headers: { 'content-type': mediaType('mo', encoding), [OMADM_DEVID]: ctx.devId },
        body: encodeBody(entries, encoding),
      });
    } catch (error) {
      return { sc: SC.BAD_GATEWAY, reason: error instanceof HttpFailure ? error.message : String(error) };
    }
    if (res.status >= 200 && res.status <= 299) return { sc: 200, value: encoding };
    if (res.status !== 415 || attempt > 0) return { sc: res.status, reason: `${url} answered HTTP ${res.status}` };
    const accepted = parseOmadmAccept(res.headers['omadm-accept']);
    const next = accepted.find((e) => ctx.encodings.includes(e) && e !== encoding);
    if (!next) {
      return { sc: SC.NOT_ACCEPTABLE, reason: `${url} accepts ${res.headers['omadm-accept'] ?? 'nothing it names'}, none of which this device can send` };
    }
    encoding = next;
  }
  return { sc: SC.NOT_ACCEPTABLE, reason: 'no acceptable format' };
}
