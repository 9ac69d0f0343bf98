/**
 * Mutants of the WebSocket binding (P-WS; DM-HLF-002 devices behind NAT): a reference peer that breaks
 * one P-WS duty each. Each must FAIL a case citing P-WS (and DM-HLF-002).
 */
import type { DmDevice } from '../../harness/client/dm-device.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import type { EndpointReply, EndpointRequest } from '../../harness/transport/http-endpoint.ts';
import { HttpFailure, type HttpSender } from '../../harness/transport/http-client.ts';
import type { Mutant } from './mutant.ts';

/** The device never opens a WebSocket: a wss:// server is treated as any other (and so never reached). */
function neverOpensWebSockets(device: DmDevice): void {
  (device as unknown as { usesWs: () => boolean }).usesWs = () => false;
}

/** The server answers every frame of a WebSocket with an error, as if it took the upgrade but not the binding. */
function refusesFrames(server: DmServer): void {
  const s = server as unknown as { route: (req: EndpointRequest) => Promise<EndpointReply> };
  const route = s.route.bind(server);
  s.route = (req) => (req.authenticatedAs !== undefined ? Promise.resolve({ status: 400, body: Buffer.from('frames are not taken') }) : route(req));
}

/** Every frame is taken as sent to the DM URL: the target a Package#3 frame names (its session URI) is ignored. */
function ignoresFrameTargets(server: DmServer): void {
  const s = server as unknown as { route: (req: EndpointRequest) => Promise<EndpointReply> };
  const route = s.route.bind(server);
  s.route = (req) => route(req.authenticatedAs !== undefined ? { ...req, url: new URL('/dm', req.url) } : req);
}

/** A session stays on the transport that opened it: a Package#3 that comes over the other one gets 404. */
function bindsSessionsToTheirTransport(server: DmServer): void {
  const s = server as unknown as { route: (req: EndpointRequest) => Promise<EndpointReply> };
  const route = s.route.bind(server);
  const opened = new Map<string, 'ws' | 'http'>();
  s.route = async (req) => {
    const over = req.authenticatedAs !== undefined ? 'ws' : 'http';
    const token = /^\/dm\/s\/([A-Za-z0-9_-]+)$/.exec(req.url.pathname)?.[1];
    if (token && opened.has(token) && opened.get(token) !== over) return { status: 404, body: Buffer.from('no such session') };
    const reply = await route(req);
    const cont = reply.body ? /\/dm\/s\/([A-Za-z0-9_-]+)/.exec(Buffer.from(reply.body).toString('latin1'))?.[1] : undefined;
    if (cont && !opened.has(cont)) opened.set(cont, over);
    return reply;
  };
}

/** The server sends Package#0 only over HTTP, to a notification URL: a device behind NAT is never reached. */
function notifiesOverHttpOnly(server: DmServer): void {
  (server.operator as unknown as { d: { wsNotify?: unknown } }).d.wsNotify = undefined;
}

/**
 * A Package#3 whose connection (WebSocket or HTTP) dropped before the answer is not sent again: the
 * session aborts and the device opens a new one instead (the commands of the lost Package#2 never run,
 * their Status is lost).
 */
function opensNewSessionInsteadOfResending(device: DmDevice): void {
  const faulty = new WeakSet<HttpSender>();
  const spoil = (sender: HttpSender, srvId: string): HttpSender => {
    if (faulty.has(sender)) return sender;
    faulty.add(sender);
    const send = sender.send.bind(sender);
    sender.send = async (req) => {
      try {
        return await send(req);
      } catch (error) {
        if (!(error instanceof HttpFailure) || error.code !== 'UNREACHABLE' || !req.url.includes('/dm/s/')) throw error;
        setTimeout(() => void device.clientInitiated(srvId), 0);
        throw new HttpFailure('PROTOCOL', `(mutant) the connection dropped with the Package#3 in flight: a new session instead (${error.message})`);
      }
    };
    return sender;
  };
  const d = device as unknown as {
    wsEntry: (account: { srvId: string }) => { link: HttpSender };
    accountHttp: (account: { srvId: string }) => HttpSender;
  };
  const wsEntry = d.wsEntry.bind(device);
  const accountHttp = d.accountHttp.bind(device);
  d.wsEntry = (account) => {
    const entry = wsEntry(account);
    spoil(entry.link, account.srvId);
    return entry;
  };
  d.accountHttp = (account) => spoil(accountHttp(account), account.srvId);
}

/**
 * A device told to change transport mid-session (useTransport: HTTP to its WebSocket or back) does not
 * go on in the session under way: the Package#3 it owes is never sent, the session aborts and the
 * device opens a new one over the new transport (the commands of the Package#2 it answered lose their
 * Status).
 */
function opensNewSessionOnTransportChange(device: DmDevice): void {
  let changed = false;
  const useTransport = device.useTransport.bind(device);
  device.useTransport = (transport) => {
    changed = true;
    useTransport(transport);
  };
  const spoiled = new WeakSet<HttpSender>();
  const spoil = (sender: HttpSender, srvId: string): HttpSender => {
    if (spoiled.has(sender)) return sender;
    spoiled.add(sender);
    const send = sender.send.bind(sender);
    sender.send = async (req) => {
      if (!req.url.includes('/dm/s/')) {
        // A Package#1: a session begun after the change is not spoiled.
        if (/\/dm(\/alert\/|$|\?)/.test(new URL(req.url).pathname)) changed = false;
        return send(req);
      }
      if (!changed) return send(req);
      changed = false;
      setTimeout(() => void device.clientInitiated(srvId), 0);
      throw new HttpFailure('PROTOCOL', '(mutant) the transport changed mid-session: a new session over it instead of the Package#3');
    };
    return sender;
  };
  const d = device as unknown as {
    wsEntry: (account: { srvId: string }) => { link: HttpSender };
    accountHttp: (account: { srvId: string }) => HttpSender;
  };
  const wsEntry = d.wsEntry.bind(device);
  const accountHttp = d.accountHttp.bind(device);
  d.wsEntry = (account) => {
    const entry = wsEntry(account);
    spoil(entry.link, account.srvId);
    return entry;
  };
  d.accountHttp = (account) => spoil(accountHttp(account), account.srvId);
}

/** A retransmitted Package#3 is processed again as if it were the next one (the server keeps no answer to send again). */
function reprocessesRetransmissions(server: DmServer): void {
  server.retransmits.replay = () => undefined;
}

/** A session's last answer is dropped with the session at END: a Package#3 sent again after a lost END gets 404. */
function forgetsEndedSessionAnswers(server: DmServer): void {
  server.retransmits.endedSessionOf = () => undefined;
}

export const WS_CLIENT_MUTANTS: Mutant[] = [
  {
    name: 'client-new-session-instead-of-resend',
    role: 'client',
    rule: 'P-SESSION',
    label: 'DM-HLF-008',
    cases: ['DMCTS-C-WS-004', 'DMCTS-C-SESSION-004'],
    fault: 'does not send a Package#3 whose connection dropped before the answer again: it aborts the session and opens a new one',
    started: opensNewSessionInsteadOfResending,
  },
  {
    name: 'client-new-session-on-transport-change',
    role: 'client',
    rule: 'P-SESSION',
    label: 'DM-HLF-008',
    cases: ['DMCTS-C-WS-005'],
    fault:
      'told mid-session to use its WebSocket (or HTTP) instead, aborts the session under way and opens a new one over the new transport: the Package#3 it owed is never sent',
    started: opensNewSessionOnTransportChange,
  },
  {
    name: 'client-ignores-ws-package0',
    role: 'client',
    rule: 'P-WS',
    label: 'DM-HLF-002',
    cases: ['DMCTS-C-WS-002'],
    fault: 'holds its WebSocket open but drops every Package#0 frame that comes over it',
    started: (device) => {
      device.takeWsPackage0 = () => undefined;
    },
  },
  {
    name: 'client-never-opens-websocket',
    role: 'client',
    rule: 'P-WS',
    label: 'DM-HLF-002',
    cases: ['DMCTS-C-WS-001'],
    fault: 'claims P-WS but never opens a WebSocket: a server its DMAcc names by a wss:// URI is never reached',
    started: neverOpensWebSockets,
  },
];

export const WS_SERVER_MUTANTS: Mutant[] = [
  {
    name: 'server-refuses-ws-frames',
    role: 'server',
    rule: 'P-WS',
    label: 'DM-HLF-002',
    cases: ['DMCTS-S-WS-001'],
    fault: 'takes the WebSocket upgrade but answers every package frame with a 400 problem frame',
    serverStarted: refusesFrames,
  },
  {
    name: 'server-ignores-frame-target',
    role: 'server',
    rule: 'P-WS',
    label: 'DM-HLF-008',
    cases: ['DMCTS-S-WS-003', 'DMCTS-S-WS-005'],
    fault: 'takes every frame as sent to the DM URL, ignoring the session URI a Package#3 frame names',
    serverStarted: ignoresFrameTargets,
  },
  {
    name: 'server-binds-session-to-transport',
    role: 'server',
    rule: 'P-SESSION',
    label: 'DM-HLF-008',
    cases: ['DMCTS-S-WS-003', 'DMCTS-S-WS-004'],
    fault: 'keeps a session on the transport that opened it: a Package#3 over the other one (HTTP or the WebSocket) gets 404',
    serverStarted: bindsSessionsToTheirTransport,
  },
  {
    name: 'server-notifies-over-http-only',
    role: 'server',
    rule: 'P-WS',
    label: 'DM-HLF-002',
    cases: ['DMCTS-S-WS-002'],
    fault: 'sends Package#0 only to a notification URL, never over the WebSocket a device behind NAT holds open',
    serverStarted: notifiesOverHttpOnly,
  },
  {
    name: 'server-reprocesses-retransmitted-package3',
    role: 'server',
    rule: 'P-SESSION',
    label: 'DM-HLF-008',
    cases: ['DMCTS-S-WS-006', 'DMCTS-S-SESSION-011'],
    fault: 'processes a Package#3 sent again after a dropped connection as the next one: its Status entries go to the commands of the Package#2 that was lost',
    serverStarted: reprocessesRetransmissions,
  },
  {
    name: 'server-forgets-ended-session-answer',
    role: 'server',
    rule: 'P-SESSION',
    label: 'DM-HLF-008',
    cases: ['DMCTS-S-WS-007', 'DMCTS-S-SESSION-012'],
    fault: 'forgets the END it answered when the session ends: the Package#3 sent again after that END was lost gets 404',
    serverStarted: forgetsEndedSessionAnswers,
  },
];
