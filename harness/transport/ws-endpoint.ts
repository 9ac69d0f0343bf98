/**
 * The server side of the P-WS binding: takes the WebSocket upgrade of an HTTP(S) endpoint at one path
 * (subprotocol `oma.dm.2.0`, TLS and client authentication exactly as over HTTPS), and turns each DM
 * frame the device sends into the request an HTTP POST would have been; the handler's reply goes back
 * as a frame (a problem frame for an error status). The server may send a frame (Package#0) at any
 * time. Frames are bounded in size; a connection is pinged to keep NATs open and closed when the
 * peer stops answering.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeDmFrame, DM_WS_SUBPROTOCOL, encodeDmFrame, problemFrame, type DmFrame } from '../protocol/ws-frame.ts';
import { bytesText } from './bytes-text.ts';
import { peerCertificateOf, type EndpointReply, type EndpointRequest, type UpgradeHandler } from './http-endpoint.ts';
import { flattenHeaders, type TraceSink } from './trace.ts';

export interface WsAcceptOptions {
  /** The path devices open the WebSocket at (P-WS: `/dm`). */
  path: string;
  /** The largest frame taken; a larger one closes the connection (1009). */
  maxFrameBytes: number;
  side: 'server' | 'harness';
  trace?: TraceSink;
  /** Ping interval; a peer that has not answered the previous ping by the next is cut off. Default 30 s. */
  pingMs?: number;
  /**
   * Decides on an upgrade, seen as an HTTP request (its headers, TLS peer certificate): the refusal
   * (status, challenges) or the device the connection speaks for.
   */
  admit: (req: EndpointRequest) => { refuse: EndpointReply } | { devId: string };
  /** A DM frame of the device, as the POST it stands for; the reply goes back as a frame. */
  onRequest: (connection: WsConnection, req: EndpointRequest) => Promise<EndpointReply> | EndpointReply;
  onOpen?: (connection: WsConnection) => void;
  onClose?: (connection: WsConnection, why: string) => void;
  log?: (line: string) => void;
}

/** One device's open WebSocket. */
export class WsConnection {
  /** Requests are answered in the order they came (one DM exchange at a time, like HTTP/1.1). */
  private queue: Promise<unknown> = Promise.resolve();
  closed = false;

  constructor(
    private readonly socket: WebSocket,
    readonly devId: string,
    readonly remoteAddress: string,
    readonly peerCertificate: EndpointRequest['peerCertificate'],
    private readonly options: WsAcceptOptions,
  ) {}

  /** Sends a frame now (Package#0, or an answer); false when the connection is gone. */
  send(frame: DmFrame, traced: { kind: 'response' | 'frame'; status?: number } = { kind: 'frame' }): boolean {
    if (this.closed) return false;
    const bytes = encodeDmFrame(frame);
    this.options.trace?.({
      at: Date.now(),
      side: this.options.side,
      direction: 'out',
      kind: traced.kind,
      method: 'WS',
      ...(traced.status !== undefined ? { status: traced.status } : {}),
      headers: { 'content-type': frame.type },
      body: frame.body,
      wireBytes: bytes.length,
      peer: this.remoteAddress,
    });
    this.socket.send(bytes, { binary: true });
    return true;
  }

  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }

  /** Drops the connection at once (no closing handshake), as a network failure would. */
  terminate(): void {
    this.closed = true;
    this.socket.terminate();
  }

  /** Handles a frame the device sent: in order, after the previous one was answered. */
  take(data: Buffer): void {
    this.queue = this.queue.then(() => this.answer(data)).catch((error) => this.options.log?.(`P-WS frame of ${this.devId}: ${(error as Error).message}`));
  }

  private async answer(data: Buffer): Promise<void> {
    const decoded = decodeDmFrame(data);
    const path = this.options.path;
    if (!decoded.ok) {
      this.options.trace?.({
        at: Date.now(),
        side: this.options.side,
        direction: 'in',
        kind: 'frame',
        method: 'WS',
        headers: {},
        body: data,
        wireBytes: data.length,
        peer: this.remoteAddress,
        problem: decoded.error.message,
      });
      this.send(problemFrame(400, decoded.error.message), { kind: 'response', status: 400 });
      return;
    }
    const frame = decoded.value;
    let url: URL;
    try {
      url = new URL(frame.target ?? path, 'http://ws.invalid');
    } catch {
      url = new URL(path, 'http://ws.invalid');
    }
    // What the frame says: its media type; the device is the one its upgrade named (P-WS).
    const traced: Record<string, string> = { 'content-type': frame.type, 'omadm-devid': this.devId };
    const headers: Record<string, string> = { ...traced };
    // (ours) The Package#2 comes in the encoding of the package it answers: a frame has no Accept
    // (given to the handler only, never traced as if the device had sent it).
    const answerType = frame.type.replace(/\.(initiation|response)\+/, '.request+');
    if (answerType !== frame.type) headers.accept = answerType;
    const request: EndpointRequest = {
      method: 'POST',
      url,
      headers,
      body: Buffer.from(frame.body),
      wireBytes: data.length,
      remoteAddress: this.remoteAddress,
      connection: this,
      authenticatedAs: this.devId,
      ...(this.peerCertificate ? { peerCertificate: this.peerCertificate } : {}),
    };
    this.options.trace?.({
      at: Date.now(),
      side: this.options.side,
      direction: 'in',
      kind: 'request',
      method: 'WS',
      url: url.pathname + url.search,
      headers: traced,
      body: frame.body,
      wireBytes: data.length,
      peer: this.remoteAddress,
    });
    let reply: EndpointReply;
    try {
      reply = await this.options.onRequest(this, request);
    } catch (error) {
      this.options.log?.(`internal error answering a P-WS frame: ${(error as Error).message}`);
      reply = { status: 500, body: Buffer.from('internal error of the reference implementation') };
    }
    const type = reply.headers?.['content-type'];
    if (reply.status === 200 && type && reply.body) this.send({ type, body: reply.body }, { kind: 'response', status: 200 });
    else
      this.send(problemFrame(reply.status, reply.body ? Buffer.from(reply.body).toString('utf8').trim().slice(0, 500) : ''), {
        kind: 'response',
        status: reply.status,
      });
  }
}

/** The upgrade handler for an endpoint (EndpointOptions.upgrade) and the devices' open connections. */
export function acceptWs(options: WsAcceptOptions): { upgrade: UpgradeHandler; close: () => void } {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes,
    // P-WS (ours): no permessage-deflate — an offer is declined (the 101 names no extension).
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(DM_WS_SUBPROTOCOL) ? DM_WS_SUBPROTOCOL : false),
  });
  const pingMs = options.pingMs ?? 30_000;
  const upgrade: UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://ws.invalid');
    const headers = flattenHeaders(req.headers);
    const refuse = (status: number, text: string, extra: Record<string, string> = {}, challenges: string[] = []) => {
      const lines = [`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Bad Request'}`];
      for (const c of challenges) lines.push(`WWW-Authenticate: ${c}`);
      for (const [k, v] of Object.entries(extra)) lines.push(`${k}: ${v}`);
      lines.push('Content-Type: text/plain; charset=utf-8', `Content-Length: ${Buffer.byteLength(text) + 1}`, 'Connection: close', '', `${text}\n`);
      socket.end(lines.join('\r\n'));
    };
    if (url.pathname !== options.path) return refuse(404, `no WebSocket at ${url.pathname}: P-WS devices open ${options.path}`);
    const protocols = (headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!protocols.includes(DM_WS_SUBPROTOCOL)) return refuse(400, `a P-WS connection asks for the subprotocol ${DM_WS_SUBPROTOCOL}`);
    const peerCertificate = peerCertificateOf(req.socket as Socket);
    const asRequest: EndpointRequest = {
      method: req.method ?? 'GET',
      url,
      headers,
      body: Buffer.alloc(0),
      wireBytes: 0,
      remoteAddress: req.socket.remoteAddress ?? '',
      ...(peerCertificate ? { peerCertificate } : {}),
    };
    const admitted = options.admit(asRequest);
    if ('refuse' in admitted) {
      const r = admitted.refuse;
      return refuse(r.status, r.body ? Buffer.from(r.body).toString('utf8').trim() : '', {}, r.challenges ?? []);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new WsConnection(ws, admitted.devId, asRequest.remoteAddress, peerCertificate, options);
      let alive = true;
      const ping = setInterval(() => {
        if (!alive) {
          options.log?.(`P-WS ${connection.devId}: no pong within ${pingMs} ms, connection dropped`);
          connection.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, pingMs);
      ping.unref();
      ws.on('pong', () => {
        alive = true;
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) {
          connection.send(problemFrame(400, 'P-WS frames are binary'), { kind: 'response', status: 400 });
          return;
        }
        connection.take(data);
      });
      ws.on('error', (error) => {
        const tooBig = /max payload/i.test(error.message);
        options.log?.(`P-WS ${connection.devId}: ${tooBig ? `a frame exceeded ${bytesText(options.maxFrameBytes)}` : error.message}`);
      });
      ws.on('close', (code, reason) => {
        clearInterval(ping);
        connection.closed = true;
        options.onClose?.(connection, `closed (${code}${reason.length ? ` ${reason.toString('utf8').slice(0, 120)}` : ''})`);
      });
      options.onOpen?.(connection);
    });
  };
  return {
    upgrade,
    close: () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
