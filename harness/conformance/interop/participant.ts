/**
 * One implementation taking part in an interop run: its ICS and IXIT, its upper tester (its own
 * hub), and — for a server — where devices reach it, behind the run's recording proxy. Any IXIT
 * adapter kind works (process, container, remote; `reference` is the in-process reference peer,
 * reference-participants.ts). Started once per run; every pair it is in uses it in turn.
 */
import { readFileSync } from 'node:fs';
import type { Encoding } from '../../protocol/media-types.ts';
import type { StartContext } from './server-proxy.ts';
import { ConfigError } from '../../core/config-error.ts';
import { loadIcs, type Ics } from '../ics.ts';
import type { IutInstance } from '../iut/iut-instance.ts';
import { startIut } from '../iut/start-iut.ts';
import { loadIxit, type Ixit } from '../ixit.ts';
import { UpperTesterHub } from '../ut-hub.ts';
import type { RecordingProxy } from './recording-proxy.ts';
import { proxyFor } from './server-proxy.ts';
import { startReferenceClient, startReferenceServer } from './reference-participants.ts';

export interface ServerEndpoint {
  srvId: string;
  /** The server's own DM URL (the proxy forwards there). */
  dmUrl: string;
  /** The CA its certificate chains to (PEM), for an https DM URL. */
  ca?: string;
  notificationSecret?: string;
  clientAuth?: { modes: Array<'basic' | 'digest' | 'x509'>; required: boolean };
}

export interface Participant {
  /** Unique in the run: the product name, made unique with a number when two share it. */
  id: string;
  role: 'client' | 'server';
  ics: Ics;
  ixit: Ixit;
  /** Where the ICS and IXIT came from (files, or "built-in" for the reference peers). */
  source: { ics: string; ixit: string };
  hub: UpperTesterHub;
  description: string;
  /** A server: its endpoint and the proxy the run put in front of it. */
  server?: ServerEndpoint;
  proxy?: RecordingProxy;
  /** A client whose encoding preference the harness can set (the in-process reference client only). */
  preferEncoding?: (encoding: Encoding) => void;
  logs(): string[];
  stop(): Promise<void>;
}

export interface ParticipantSpec {
  icsFile: string;
  ixitFile: string;
}

/** Parses `ICS:IXIT` (two paths; a Windows drive letter is not split). */
export function parsePairArg(flag: string, value: string): ParticipantSpec {
  const parts: string[] = [];
  for (const piece of value.split(':')) {
    // "C" then "\\x" or "/x": a Windows drive letter, part of the path before it.
    const prev = parts.at(-1);
    if (prev !== undefined && /^[A-Za-z]$/.test(prev) && /^[\\/]/.test(piece)) parts[parts.length - 1] = `${prev}:${piece}`;
    else parts.push(piece);
  }
  if (parts.length !== 2 || !parts[0] || !parts[1])
    throw new ConfigError([`${flag} ${value}: give the ICS and the IXIT of one implementation as ICS:IXIT (two file paths joined by a colon)`]);
  return { icsFile: parts[0], ixitFile: parts[1] };
}

export type { StartContext } from './server-proxy.ts';

/** Starts a participant from its files; a reference IXIT starts the in-process reference peer. */
export async function startParticipant(spec: ParticipantSpec & { role: 'client' | 'server'; id: string }, ctx: StartContext): Promise<Participant> {
  const ics = loadIcs(spec.icsFile);
  const ixit = loadIxit(spec.ixitFile);
  if (ics.role !== spec.role || ixit.role !== spec.role)
    throw new ConfigError([
      `${spec.icsFile}:${spec.ixitFile}: given as a ${spec.role}, but the ICS says ${ics.role} and the IXIT says ${ixit.role}: pass it with --${ics.role}`,
    ]);
  const source = { ics: spec.icsFile, ixit: spec.ixitFile };
  if (ixit.adapter.kind === 'reference') {
    return spec.role === 'client'
      ? startReferenceClient({ id: spec.id, ics, ixit, source }, ctx)
      : startReferenceServer({ id: spec.id, ics, ixit, source }, ctx);
  }
  const hub = await UpperTesterHub.start({ host: ixit.harness.host, port: ixit.harness.utPort, role: spec.role });
  let iut: IutInstance | undefined;
  let proxy: RecordingProxy | undefined;
  try {
    iut = await startIut(ixit, hub.url, ctx.pki);
    const ended = iut.ended?.then((why) => Promise.reject(new Error(`${spec.id}: the IUT ended before its adapter said hello: ${why}`)));
    // Ending later (after its hello) is not an error here: the calls to its upper tester then fail and say so.
    ended?.catch(() => undefined);
    await Promise.race([hub.waitForAdapter(ixit.timeouts.readyMs), ...(ended ? [ended] : [])]);
    let server: ServerEndpoint | undefined;
    if (spec.role === 'server') {
      const s = iut.server ?? ixit.server;
      if (!s) throw new ConfigError([`${spec.ixitFile}: a server IXIT needs server.dmUrl and server.srvId`]);
      const caFile = ixit.server?.caFile;
      const ca = iut.server?.ca ?? (caFile ? readFileSync(caFile, 'utf8') : undefined);
      server = {
        srvId: s.srvId,
        dmUrl: s.dmUrl,
        ...(ca ? { ca } : {}),
        ...(s.notificationSecret ? { notificationSecret: s.notificationSecret } : {}),
        ...(s.clientAuth ? { clientAuth: s.clientAuth } : {}),
      };
      proxy = await proxyFor(server, ixit, ctx);
    }
    const started = iut;
    return {
      id: spec.id,
      role: spec.role,
      ics,
      ixit,
      source,
      hub,
      description: started.description,
      ...(server ? { server } : {}),
      ...(proxy ? { proxy } : {}),
      logs: () => started.logs(),
      stop: async () => {
        await proxy?.close();
        await started.stop();
        await hub.close();
      },
    };
  } catch (error) {
    await proxy?.close();
    await iut?.stop().catch(() => undefined);
    await hub.close();
    throw error;
  }
}

/** The DM URL a client is given for a server: the proxy's origin with the server's path. */
export function proxiedDmUrl(server: Participant, scheme: 'http' | 'ws' = 'http'): string {
  const path = new URL(server.server!.dmUrl).pathname;
  const origin = server.proxy!.origin;
  return scheme === 'ws' ? `${origin.replace(/^http/, 'ws')}${path}` : `${origin}${path}`;
}
