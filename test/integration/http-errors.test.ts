/**
 * HTTP error handling of the reference device (K-FLOW): on an HTTP 4xx/5xx, an answer that is not a
 * Package#2, or a broken connection, the device aborts the session and does not retry it. A small
 * node:http server stands in for the DM server, so every request the device makes is counted.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PERM } from '../../harness/client/factory-profile.ts';
import { DEVINFO, integrationEnv, json, type StubRequest } from './support.ts';

const env = integrationEnv();

const REQUEST_JSON = 'application/vnd.oma.dm.request+json';

/** A stand-in DM server: `answer(n, req, res)` answers the n-th request (0-based). */
async function fakeServer(answer: (n: number, req: StubRequest, res: ServerResponse, base: string) => void) {
  let n = 0;
  let base = '';
  const stub = await env.stub((req, res) => answer(n++, req, res, base));
  base = stub.url;
  const device = await env.device(undefined, { servers: [{ srvId: 'fake', srvUri: `${stub.url}/dm`, perm: DEFAULT_PERM }] });
  return { stub, device };
}

function package2(res: ServerResponse, cmds: unknown[]): void {
  res.writeHead(200, { 'content-type': REQUEST_JSON });
  res.end(JSON.stringify({ CMD: cmds }));
}

describe('the device aborts without retrying', () => {
  it('when the server answers a Package#3 with 500', async () => {
    const { stub, device } = await fakeServer((n, _req, res, base) => {
      if (n === 0)
        return package2(res, [
          ['GET', `${DEVINFO}//DevID`],
          ['CONT', `${base}/dm/s/abcdefghijklmnop`],
        ]);
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('broken\n');
    });
    const outcome = await device.clientInitiated();
    expect(outcome).toMatchObject({ ok: false, httpStatus: 500, packagesSent: 2 });
    expect(outcome.reason).toMatch(/HTTP 500: broken/);
    await device.idle();
    expect(stub.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/dm'],
      ['POST', '/dm/s/abcdefghijklmnop'],
    ]);
    // The Package#3 it did send was complete: the GET's status, then CONT's.
    expect(json(stub.requests[1]!.body).Status.map((s: { sc: number }) => s.sc)).toEqual([200, 200]);
    expect(device.tree.instance('urn:oma:mo:oma-sessioninfomo:1.0', '1')!.root.children.get('LastSessionResult')).toMatchObject({ value: '500' });
  });

  it('when the server answers the Package#1 with a 4xx or 5xx', async () => {
    for (const status of [401, 404, 503]) {
      const { stub, device } = await fakeServer((_n, _req, res) => {
        res.writeHead(status);
        res.end();
      });
      const outcome = await device.clientInitiated();
      expect(outcome, `HTTP ${status}`).toMatchObject({ ok: false, httpStatus: status, packagesSent: 1, commands: 0 });
      await device.idle();
      expect(stub.requests, `HTTP ${status}: exactly one request`).toHaveLength(1);
    }
  });

  it('when the answer is not a Package#2 (wrong type, invalid body), running none of its commands', async () => {
    const answers: Array<(res: ServerResponse) => void> = [
      (res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html></html>');
      },
      (res) => {
        res.writeHead(200, { 'content-type': REQUEST_JSON });
        res.end('{"CMD": "not a list"}');
      },
      (res) => {
        res.writeHead(200, { 'content-type': REQUEST_JSON });
        res.end('{"CMD": [["EXEC", "urn:oma:mo:dmcts-diagnostics:1.0/1/Run"]');
      },
    ];
    for (const [i, answer] of answers.entries()) {
      const { stub, device } = await fakeServer((_n, _req, res) => answer(res));
      const outcome = await device.clientInitiated();
      expect(outcome.ok, `answer ${i}`).toBe(false);
      expect(outcome.reason, `answer ${i}`).toMatch(/not a Package#2|invalid Package#2/);
      await device.idle();
      expect(stub.requests, `answer ${i}`).toHaveLength(1);
      expect(device.tree.instance('urn:oma:mo:dmcts-diagnostics:1.0', '1')!.root.children.get('RunCount')).toMatchObject({ value: 0 });
    }
  });

  it('when the connection breaks before an answer', async () => {
    const { stub, device } = await fakeServer((_n, req, res) => {
      void req;
      res.socket?.destroy();
    });
    const outcome = await device.clientInitiated();
    expect(outcome.ok).toBe(false);
    expect(outcome.httpStatus).toBeUndefined();
    expect(outcome.reason).toMatch(/closed the connection before its answer|unreachable|failed/);
    await device.idle();
    expect(stub.requests).toHaveLength(1);
  });
});
