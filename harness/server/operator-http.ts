/**
 * The operator API over HTTP, for the CLI (`dmcts queue`, `dmcts notify`, `dmcts devices`):
 * JSON in and out under `/operator/`, each request authorized by the bearer token the server
 * printed (and wrote to its state directory) at start.
 */
import { timingSafeEqual } from 'node:crypto';
import type { RawCommand } from '../protocol/commands.ts';
import type { Encoding } from '../protocol/media-types.ts';
import type { MoSerialization } from '../protocol/packages.ts';
import { validateBody } from '../protocol/validate.ts';
import { redact } from '../security/redact.ts';
import type { EndpointReply, EndpointRequest } from '../transport/http-endpoint.ts';
import type { DeviceRecord } from './device-registry.ts';
import type { Operator } from './operator.ts';

function json(status: number, value: unknown): EndpointReply {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(`${JSON.stringify(value, null, 2)}\n`) };
}

function problem(status: number, message: string): EndpointReply {
  return json(status, { error: message });
}

function authorized(req: EndpointRequest, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function summary(record: DeviceRecord, operator: Operator) {
  return {
    devId: record.devId,
    lastSeen: new Date(record.lastSeen).toISOString(),
    lastAddress: record.lastAddress,
    sessions: record.sessions,
    queued: record.queue.length,
    notificationUrl: record.notificationUrl ?? null,
    ws: operator.wsOpen(record.devId),
  };
}

function parseJson(req: EndpointRequest): { ok: true; value: Record<string, unknown> } | { ok: false; reply: EndpointReply } {
  if (req.body.length === 0) return { ok: true, value: {} };
  try {
    const value = JSON.parse(req.body.toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { ok: false, reply: problem(400, 'the request body must be a JSON object') };
    return { ok: true, value: value as Record<string, unknown> };
  } catch (error) {
    return { ok: false, reply: problem(400, `the request body is not JSON: ${(error as Error).message}`) };
  }
}

export async function handleOperator(req: EndpointRequest, operator: Operator, token: string): Promise<EndpointReply> {
  if (!authorized(req, token)) return problem(401, 'missing or wrong operator token (Authorization: Bearer <token>; see the server state directory)');
  const parts = req.url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [, resource, id, sub] = parts;
  const body = parseJson(req);
  if (!body.ok) return body.reply;
  const b = body.value;

  if (resource === 'devices' && !id && req.method === 'GET')
    return json(
      200,
      operator.devices().map((r) => summary(r, operator)),
    );
  if (resource === 'devices' && id && !sub && req.method === 'GET') {
    const record = operator.device(id);
    // Secrets the server holds for the device (its notification secret) never leave over the operator API.
    return record ? json(200, { ...(redact(record) as object), ws: operator.wsOpen(id) }) : problem(404, `no device "${id}" is known to this server`);
  }
  if (resource === 'devices' && id && sub === 'commands' && req.method === 'POST') {
    if (!Array.isArray(b.command) || typeof b.command[0] !== 'string')
      return problem(400, 'body.command must be an array like ["GET", "urn:oma:mo:oma-dm-devinfo:1.0//"]');
    const queued = operator.queue(id, b.command as RawCommand, { raw: b.raw === true });
    if (!queued.ok) return problem(400, queued.error.message);
    const waitMs = typeof b.waitMs === 'number' ? Math.min(Math.max(b.waitMs, 0), 600_000) : 0;
    if (waitMs > 0) await operator.wait(queued.value, waitMs);
    return json(waitMs > 0 ? 200 : 202, queued.value);
  }
  if (resource === 'devices' && id && sub === 'notify' && req.method === 'POST') {
    const outcome = await operator.notify(id, {
      ...(typeof b.url === 'string' ? { url: b.url } : {}),
      ...(typeof b.secret === 'string' ? { secret: b.secret } : {}),
      ...(b.reqMos === true ? { reqMos: true } : {}),
    });
    return outcome.ok ? json(200, outcome.value) : problem(409, outcome.error.message);
  }
  if (resource === 'devices' && id && sub === 'credentials' && req.method === 'PUT') {
    const basic = b.basic as { name?: unknown; password?: unknown } | undefined;
    if (basic !== undefined && (typeof basic !== 'object' || basic === null || typeof basic.name !== 'string' || typeof basic.password !== 'string')) {
      return problem(400, 'body.basic must be {"name": string, "password": string}');
    }
    if (b.x509 !== undefined && typeof b.x509 !== 'boolean') return problem(400, 'body.x509 must be a boolean');
    const set = operator.setCredentials(id, {
      ...(basic ? { basic: { name: basic.name as string, password: basic.password as string } } : {}),
      ...(b.x509 === true ? { x509: true } : {}),
    });
    return set.ok ? json(200, {}) : problem(400, set.error.message);
  }
  if (resource === 'commands' && id && req.method === 'GET') {
    const cmd = operator.command(id);
    return cmd ? json(200, cmd) : problem(404, `no command "${id}"`);
  }
  if (resource === 'content' && !id && req.method === 'POST') {
    const entries = validateBody('mo', b.entries);
    if (!entries.ok) return problem(400, `body.entries: ${entries.error.message}`);
    return json(201, operator.publish(entries.value as MoSerialization));
  }
  if (resource === 'receivers' && !id && req.method === 'POST') {
    const accept = Array.isArray(b.accept) ? (b.accept.filter((e) => e === 'json' || e === 'cbor') as Encoding[]) : undefined;
    return json(201, operator.receiver(accept));
  }
  if (resource === 'receivers' && id && req.method === 'GET') return json(200, operator.received(id));
  return problem(404, `no operator route ${req.method} ${req.url.pathname}`);
}
