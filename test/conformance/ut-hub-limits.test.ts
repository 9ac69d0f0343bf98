/**
 * The hub bounds each adapter message while it arrives (issue 7, item 5): an answer or a hello over
 * UT_MESSAGE_MAX_BYTES closes the channel without the harness ever holding it, and the call under
 * way, later calls and the wait for a hello name that limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { UT_MESSAGE_MAX_BYTES } from '../../harness/conformance/iut-limits.ts';
import { UpperTesterHub } from '../../harness/conformance/ut-hub.ts';
import { UT_SUBPROTOCOL } from '../../harness/protocol/upper-tester.ts';

let hub: UpperTesterHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, UT_SUBPROTOCOL);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const hello = {
  jsonrpc: '2.0',
  id: 0,
  method: 'ut.hello',
  params: { protocol: 1, role: 'client', product: { name: 'big mouth', version: '1' }, methods: ['client.shown'] },
};

describe('upper-tester message limit', () => {
  it('closes the channel on an answer over the limit; the call and the next one say so', async () => {
    hub = await UpperTesterHub.start({ host: '127.0.0.1', port: 0, role: 'client' });
    const ws = await open(hub.url);
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { id: number; method?: string };
      if (msg.method === 'client.shown') ws.send(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: { urls: ['x'.repeat(UT_MESSAGE_MAX_BYTES + 10)] } }));
    });
    ws.send(JSON.stringify(hello));
    await hub.waitForAdapter(2_000);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await expect(hub.call('client.shown', {}, 5_000)).rejects.toThrow(/disconnected during client.shown: it sent a message over the harness's limit of 1 MiB/);
    expect(await closed).toBe(1009);
    await expect(hub.call('client.shown', {}, 1_000)).rejects.toThrow(/no upper-tester adapter is connected \(the last one: it sent a message over/);
  });

  it('names an oversize hello when no adapter said hello in time', async () => {
    hub = await UpperTesterHub.start({ host: '127.0.0.1', port: 0, role: 'client' });
    const ws = await open(hub.url);
    ws.on('error', () => undefined);
    const params = { ...hello.params, product: { name: 'n'.repeat(UT_MESSAGE_MAX_BYTES), version: '1' } };
    ws.send(JSON.stringify({ ...hello, params }));
    await expect(hub.waitForAdapter(1_500)).rejects.toThrow(/gave no usable ut.hello within 1500 ms: it sent a message over the harness's limit of 1 MiB/);
  });
});
