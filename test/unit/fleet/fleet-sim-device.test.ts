/**
 * A simulated device shares its kind's tree until a server changes something: GETs read the shared
 * tree; the first DELETE gives the device a tree of its own, so the change is its alone. Each exchange
 * is timed (Package#1→#2 apart from #3→#2); an HTTP error status ends the session as kind http-status.
 */
import { describe, expect, it } from 'vitest';
import { fleetProfiles } from '../../../harness/client/fleet/fleet-profiles.ts';
import { type FleetContext, registriesOf, SimDevice } from '../../../harness/client/fleet/sim-device.ts';
import type { SimSessionOutcome } from '../../../harness/client/fleet/sim-session.ts';
import type { HttpRequest, HttpResponse } from '../../../harness/transport/http-client.ts';

const CONNMO = 'urn:oma:mo:oma-dm-connmo:1.0';
const DM_URL = 'http://127.0.0.1:1/dm';

/** A server that answers each Package#1 with `next.commands`, each Package#3 with END, and records every package. */
function fakeServer(commands: unknown[][], status = 200) {
  const seen: Array<{ url: string; body: unknown }> = [];
  const server = {
    seen,
    next: { commands },
    /** The Status codes of the last Package#3. */
    lastCodes: () => ((seen.at(-1)!.body as { Status: Array<{ sc: number }> }).Status ?? []).map((s) => s.sc),
    send: async (req: HttpRequest): Promise<HttpResponse> => {
      seen.push({ url: req.url, body: JSON.parse(Buffer.from(req.body!).toString('utf8')) });
      const cmd = req.url === DM_URL ? [...server.next.commands, ['CONT', 'http://127.0.0.1:1/dm/s/abc']] : [['END']];
      const body = Buffer.from(JSON.stringify(status === 200 ? { CMD: cmd } : 'busy'));
      return { status, headers: { 'content-type': 'application/vnd.oma.dm.request+json' }, body, wireBytes: body.length };
    },
  };
  return server;
}

function fleetWith(server: ReturnType<typeof fakeServer>) {
  const profiles = fleetProfiles({ srvId: 'srv', srvUri: DM_URL }, ['json']);
  const exchanges: Array<[number, boolean]> = [];
  const ended: SimSessionOutcome[] = [];
  const shared = new Map(profiles.all.map((p) => [p, registriesOf(p.tree)]));
  const context: FleetContext = {
    dmUrl: DM_URL,
    srvId: 'srv',
    notificationSecret: '',
    encodings: ['json'],
    http: () => server,
    ws: { timeoutMs: 1000, pingMs: 30_000 },
    sourceAddress: () => undefined,
    shared: (p) => shared.get(p)!,
    onExchange: (ms, first) => exchanges.push([ms, first]),
    onSessionStarted: () => {},
    onSessionEnded: (_d, _k, outcome) => ended.push(outcome),
    onSessionOpened: () => {},
    onPackage0: () => {},
    onWsOpened: () => {},
    onWsClosed: () => {},
  };
  // Device index 8 is a gateway (five ConnMO instances).
  const gateway = profiles.of(8);
  return { profiles, gateway, context, exchanges, ended };
}

const instances = (tree: { instancesOf(moid: string): Iterable<{ miid: string }> }) => [...tree.instancesOf(CONNMO)].map((i) => i.miid);

describe('SimDevice', () => {
  it('answers GETs from the shared tree of its kind, and takes a tree of its own at the first DELETE (the shared one is unchanged)', async () => {
    const server = fakeServer([['GET', `${CONNMO}/2/APN`]]);
    const f = fleetWith(server);
    expect(f.gateway.name).toBe('gateway');
    const b = new SimDevice(18, 'dev-b', 'http', 'json', f.gateway, f.context);
    const c = new SimDevice(28, 'dev-c', 'http', 'json', f.gateway, f.context);
    expect(await b.session('client')).toEqual({ ok: true, packages: 2 });
    expect(server.seen[1]!.url).toBe('http://127.0.0.1:1/dm/s/abc');
    expect(server.lastCodes()[0]).toBe(200);
    expect(JSON.stringify(server.seen[1]!.body)).toContain('iot2.operator.example');
    expect(f.exchanges.map(([, first]) => first)).toEqual([true, false]);
    const p1 = server.seen[0]!.body as { MOS: Array<{ MOID: string; MIID: string[] }> };
    expect(p1.MOS.find((m) => m.MOID === CONNMO)?.MIID).toEqual(['1', '2', '3', '4', '5']);

    server.next.commands = [['DELETE', `${CONNMO}/2`]];
    await b.session('client');
    expect(server.lastCodes()[0]).toBe(200);
    // b's change is b's alone: the shared tree, and so device c, still has instance 2.
    expect(instances(f.gateway.tree)).toEqual(['1', '2', '3', '4', '5']);
    server.next.commands = [['GET', `${CONNMO}/2/APN`]];
    await b.session('client');
    expect(server.lastCodes()[0]).toBe(404);
    await c.session('client');
    expect(server.lastCodes()[0]).toBe(200);
  });

  it('an HTTP error status ends the session with kind http-status and the status, untimed', async () => {
    const busy = fakeServer([], 503);
    const f = fleetWith(busy);
    const d = new SimDevice(0, 'dev-z', 'http', 'json', f.profiles.of(0), f.context);
    const outcome = await d.session('client');
    expect(outcome).toMatchObject({ ok: false, packages: 1, error: { kind: 'http-status', status: 503 } });
    expect(f.exchanges).toEqual([]);
    expect(f.ended).toHaveLength(1);
  });
});
