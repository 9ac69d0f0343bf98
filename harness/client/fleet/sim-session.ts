/**
 * One management session of a simulated device, lean: the steps of harness/client/session-runner.ts
 * (POST Package#1, run each Package#2's commands, send the Package#3 to the last CONT's URI until END)
 * without its logging, timing every exchange — the Package#1→#2 latency and each #3→#2 — and naming
 * a failure by kind (fleet-errors.ts). Commands run through the reference device's executors.
 */
import { decodeBody, encodeBody } from '../../protocol/body-codec.ts';
import type { RawCommand } from '../../protocol/commands.ts';
import { type Encoding, mediaType, parseMediaType } from '../../protocol/media-types.ts';
import { acceptHeader, chooseContentCoding, OMADM_DEVID } from '../../protocol/negotiation.ts';
import type { Package1, StatusEntry } from '../../protocol/packages.ts';
import { compressIfSmaller } from '../../transport/content-coding.ts';
import type { HttpResponse, HttpSender } from '../../transport/http-client.ts';
import type { CommandContext } from '../command-context.ts';
import { executeCommand } from '../commands/dispatch.ts';
import { errorOf, type FleetError } from './fleet-errors.ts';

export interface SimSessionRun {
  sender: HttpSender;
  devId: string;
  url: string;
  package1: Package1;
  encoding: Encoding;
  encodings: readonly Encoding[];
  /** The context a command runs in (the device may take a tree of its own before a command that changes it). */
  contextFor: (command: RawCommand, setContinuation: (url: string) => void) => CommandContext;
  /** Each exchange's latency: `first` for Package#1→#2, else a Package#3→#2. */
  onExchange: (ms: number, first: boolean) => void;
  /** When the first Package#2 came (the session is open). */
  onOpened?: () => void;
}

export type SimSessionOutcome = { ok: true; packages: number } | { ok: false; packages: number; error: FleetError };

const MAX_ROUNDS = 100;

export async function runSimSession(run: SimSessionRun): Promise<SimSessionOutcome> {
  let url = run.url;
  let packages = 0;
  let compress: 'br' | 'gzip' | 'identity' = 'identity';
  const fail = (error: FleetError): SimSessionOutcome => ({ ok: false, packages, error });
  let body: unknown = run.package1;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const first = round === 0;
    const plain = encodeBody(body, run.encoding);
    const packed = compressIfSmaller(plain, compress);
    const headers: Record<string, string> = {
      'content-type': mediaType(first ? 'initiation' : 'response', run.encoding),
      accept: acceptHeader('request', run.encoding, run.encodings),
      [OMADM_DEVID]: run.devId,
      ...(packed.coding !== 'identity' ? { 'content-encoding': packed.coding } : {}),
    };
    packages += 1;
    const started = performance.now();
    let res: HttpResponse;
    try {
      res = await run.sender.send({ method: 'POST', url, headers, body: packed.body });
    } catch (error) {
      return fail(errorOf(error));
    }
    if (res.status >= 300) {
      const text = res.body.toString('utf8').trim().slice(0, 200);
      return fail({ kind: 'http-status', status: res.status, reason: `the server answered HTTP ${res.status}${text ? `: ${text}` : ''}` });
    }
    run.onExchange(performance.now() - started, first);
    if (first) run.onOpened?.();
    compress = res.headers['accept-encoding'] ? chooseContentCoding(res.headers['accept-encoding']) : 'identity';
    const type = parseMediaType(res.headers['content-type']);
    if (type?.kind !== 'request' || !run.encodings.includes(type.encoding)) {
      return fail({ kind: 'protocol', reason: `the answer is "${res.headers['content-type'] ?? 'untyped'}", not a Package#2` });
    }
    const p2 = decodeBody('request', res.body, type.encoding);
    if (!p2.ok) return fail({ kind: 'protocol', reason: `invalid Package#2: ${p2.error.message}` });
    let next = url;
    const setContinuation = (u: string) => {
      next = u;
    };
    const statuses: StatusEntry[] = [];
    let end = false;
    for (const raw of p2.value.CMD) {
      if (raw[0] === 'END' && raw.length === 1) {
        end = true;
        continue;
      }
      statuses.push(await executeCommand(raw, run.contextFor(raw, setContinuation)));
    }
    if (end) return { ok: true, packages };
    url = next;
    body = { Status: statuses };
  }
  return fail({ kind: 'protocol', reason: `more than ${MAX_ROUNDS} packages in one session` });
}
