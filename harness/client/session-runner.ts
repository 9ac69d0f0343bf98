/**
 * The client side of one management session (K-FLOW, K-NEG, P-SESSION): POST Package#1, run each
 * Package#2's commands in order, POST the Package#3 (one Status per command, same order) to the
 * URI the last CONT named, until a Package#2 holds END. An HTTP 4xx/5xx, an unreadable Package#2 or
 * a network failure aborts the session; it is not retried — except a Package#3 whose connection
 * dropped before its answer came: it is sent again, identical, on a new connection (bounded;
 * package3-resend.ts, P-SESSION ours), so no command runs twice and no Status is lost. (A 401 whose challenge the device can
 * answer is answered once inside the HTTP client, before the session sees it: HTTP authentication,
 * P-SEC.)
 */
import { setTimeout } from 'node:timers/promises';
import { decodeBody, encodeBody } from '../protocol/body-codec.ts';
import type { Encoding } from '../protocol/media-types.ts';
import { mediaType, parseMediaType } from '../protocol/media-types.ts';
import { acceptHeader, chooseContentCoding, OMADM_DEVID } from '../protocol/negotiation.ts';
import type { Package1, Package3, StatusEntry } from '../protocol/packages.ts';
import { summarizePackage1, summarizePackage2, summarizePackage3 } from '../protocol/package-summary.ts';
import { bytesText } from '../transport/bytes-text.ts';
import { compressIfSmaller } from '../transport/content-coding.ts';
import { HttpFailure, type HttpResponse, type HttpSender } from '../transport/http-client.ts';
import type { CommandContext } from './command-context.ts';
import { executeCommand } from './commands/dispatch.ts';
import { distinctPackage3, RESEND_WAITS_MS, resendable } from './package3-resend.ts';

export interface SessionOutcome {
  srvId: string;
  ok: boolean;
  /** Packages this side sent (Package#1 and every Package#3). */
  packagesSent: number;
  commands: number;
  /** Set when the server answered an HTTP error. */
  httpStatus?: number;
  /** Package#3s sent again, identical, after their connection dropped before the answer (P-SESSION, ours). */
  resends?: number;
  reason?: string;
}

export interface SessionRun {
  http: HttpSender;
  devId: string;
  srvId: string;
  url: string;
  package1: Package1;
  encoding: Encoding;
  encodings: readonly Encoding[];
  /** The device's Accept-Encoding for Package#2 (default "gzip, br"; "" for none). */
  acceptEncoding?: string;
  context: Omit<CommandContext, 'setContinuation'>;
  log: (line: string) => void;
  maxPackages?: number;
  /** Aborted when the device stops: a Package#3 whose connection dropped is then not sent again (no wait either). */
  signal?: AbortSignal;
}

const DEFAULT_MAX_PACKAGES = 1000;

export async function runSession(run: SessionRun): Promise<SessionOutcome> {
  let url = run.url;
  let packagesSent = 0;
  let commands = 0;
  let resends = 0;
  let compress: 'br' | 'gzip' | 'identity' = 'identity';
  /** The body of the session's last Package#3, so that the next one differs from it (package3-resend.ts). */
  let lastPackage3: Uint8Array | undefined;
  const outcome = (ok: boolean, extra: Partial<SessionOutcome> = {}): SessionOutcome => ({
    srvId: run.srvId,
    ok,
    packagesSent,
    commands,
    ...(resends > 0 ? { resends } : {}),
    ...extra,
  });

  const post = async (kind: 'initiation' | 'response', body: unknown): Promise<HttpResponse | SessionOutcome> => {
    const plain = kind === 'response' ? distinctPackage3(body as Package3, run.encoding, lastPackage3) : encodeBody(body, run.encoding);
    if (kind === 'response') lastPackage3 = plain;
    const headers: Record<string, string> = {
      'content-type': mediaType(kind, run.encoding),
      accept: acceptHeader('request', run.encoding, run.encodings),
      ...(run.acceptEncoding !== '' ? { 'accept-encoding': run.acceptEncoding ?? 'gzip, br' } : {}),
      [OMADM_DEVID]: run.devId,
    };
    const packed = compressIfSmaller(plain, compress);
    if (packed.coding !== 'identity') headers['content-encoding'] = packed.coding;
    const payload = packed.body;
    packagesSent += 1;
    for (let attempt = 0; ; attempt++) {
      try {
        // Read at each attempt: a resend goes over the device's connection of now (a new WebSocket, a new address).
        return await run.http.send({ method: 'POST', url, headers, body: payload });
      } catch (error) {
        // (ours) The connection dropped with the Package#3 in flight: the same bytes again, to the same URI.
        if (kind === 'response' && resendable(error) && attempt < RESEND_WAITS_MS.length && !run.signal?.aborted) {
          run.log(`the connection dropped before the answer to the Package#3 came (${(error as Error).message}): sending it again`);
          const waited = await setTimeout(RESEND_WAITS_MS[attempt], true, { signal: run.signal }).catch(() => false);
          if (waited) {
            resends += 1;
            continue;
          }
        }
        return failed(error, kind === 'response' && resendable(error));
      }
    }
  };

  const failed = (error: unknown, gaveUp: boolean): SessionOutcome => {
    const failure = error instanceof HttpFailure ? package2Failure(error) : String(error);
    const reason = gaveUp ? `${failure} (the Package#3 was sent ${RESEND_WAITS_MS.length + 1} times, each connection dropped before the answer)` : failure;
    run.log(`session with ${run.srvId} aborted: ${reason}`);
    return outcome(false, { reason });
  };

  run.log(`-> ${summarizePackage1(run.package1)} to ${url}`);
  let res = await post('initiation', run.package1);
  for (let round = 0; round < (run.maxPackages ?? DEFAULT_MAX_PACKAGES); round++) {
    if (!('status' in res)) return res;
    if (res.status >= 400) {
      const reason = `the server answered HTTP ${res.status}${res.body.length ? `: ${res.body.toString('utf8').trim().slice(0, 200)}` : ''}`;
      run.log(`session with ${run.srvId} aborted: ${reason}`);
      return outcome(false, { httpStatus: res.status, reason });
    }
    // RFC 7694: a server that lists codings in Accept-Encoding takes compressed request bodies.
    compress = res.headers['accept-encoding'] ? chooseContentCoding(res.headers['accept-encoding']) : 'identity';
    const type = parseMediaType(res.headers['content-type']);
    if (res.status >= 300 && res.status < 400) {
      // A DM session does not follow redirects: its Package#2 comes in a 200 answer (K-FLOW).
      const reason = `the server answered HTTP ${res.status}${res.headers.location ? ` (a redirect to ${res.headers.location.slice(0, 200)})` : ''}, not a Package#2`;
      run.log(`session with ${run.srvId} aborted: ${reason}`);
      return outcome(false, { httpStatus: res.status, reason });
    }
    if (type?.kind !== 'request' || !run.encodings.includes(type.encoding)) {
      const reason = `the answer is "${res.headers['content-type'] ?? 'untyped'}", not a Package#2`;
      run.log(`session with ${run.srvId} aborted: ${reason}`);
      return outcome(false, { reason });
    }
    const p2 = decodeBody('request', res.body, type.encoding);
    if (!p2.ok) {
      run.log(`session with ${run.srvId} aborted: invalid Package#2: ${p2.error.message}`);
      return outcome(false, { reason: `invalid Package#2: ${p2.error.message}` });
    }
    run.log(`<- ${summarizePackage2(p2.value)}`);
    let next = url;
    const context: CommandContext = { ...run.context, setContinuation: (u) => (next = u) };
    const statuses: StatusEntry[] = [];
    let end = false;
    for (const raw of p2.value.CMD) {
      commands += 1;
      if (raw[0] === 'END' && raw.length === 1) {
        end = true;
        continue;
      }
      statuses.push(await executeCommand(raw, context));
    }
    if (end) {
      run.log(`session with ${run.srvId} ended (END)`);
      return outcome(true);
    }
    url = next;
    const p3: Package3 = { Status: statuses };
    run.log(`-> ${summarizePackage3(p3)} to ${url}`);
    res = await post('response', p3);
  }
  return outcome(false, { reason: `more than ${run.maxPackages ?? DEFAULT_MAX_PACKAGES} packages in one session` });
}

/** Why the answer to a Package#1 or #3 could not be read, naming the bound the server's Package#2 broke. */
function package2Failure(error: HttpFailure): string {
  const d = error.detail;
  if (!d) return error.message;
  switch (d.bound) {
    case 'size':
      return `the server's Package#2 exceeded ${bytesText(d.limit)} (${bytesText(d.received)} received)`;
    case 'headers':
      return `the server sent no answer (no response headers) within ${d.limit} ms`;
    case 'bodyIdle':
      return `the server's Package#2 stalled: no byte for ${d.limit} ms (${bytesText(d.received)} received)`;
    case 'exchange':
      return `the server's Package#2 was not complete within ${d.limit} ms (${bytesText(d.received)} received)`;
    case 'decodedSize':
      return `the server's Package#2 decodes to more than ${bytesText(d.limit)} (${bytesText(d.received)} on the wire: a compression bomb)`;
    case 'broken':
      return `the server's Package#2 broke off: the connection closed after ${bytesText(d.received)} of it`;
  }
}
