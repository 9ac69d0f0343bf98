import { afterEach, describe, expect, it } from 'vitest';
import { UpperTesterHub, UtError } from '../../harness/conformance/ut-hub.ts';
import { connectUpperTester, type UtLink } from '../../harness/transport/ut-link.ts';

let hub: UpperTesterHub | undefined;
let link: UtLink | undefined;
afterEach(async () => {
  await link?.close();
  await hub?.close();
  link = undefined;
  hub = undefined;
});

async function setup(handlers: Record<string, (p: never) => unknown>, role: 'client' | 'server' = 'client') {
  hub = await UpperTesterHub.start({ host: '127.0.0.1', port: 0, role: 'client' });
  link = await connectUpperTester({ url: hub.url, role, product: { name: 'fake', version: '1' }, handlers });
  return hub.waitForAdapter(2000);
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    if (error instanceof UtError) return error.code;
    throw error;
  }
  return 'resolved';
}

describe('the upper-tester hub and adapter link (P-UT)', () => {
  it('accepts an adapter of the expected role and calls its methods over a real WebSocket', async () => {
    const hello = await setup({
      'client.startSession': (p: { srvId: string }) => ({ echo: p.srvId }) as never,
      'client.shown': () => ({ urls: ['https://a'] }),
    });
    expect(hello.methods).toContain('client.shown');
    await expect(hub!.call('client.shown', {}, 1000)).resolves.toEqual({ urls: ['https://a'] });
  });

  it('refuses params that violate the method schema before sending them', async () => {
    await setup({ 'client.startSession': () => ({}) });
    expect(await code(hub!.call('client.startSession', { srvId: '' }, 1000))).toBe('UT_INVALID_PARAMS');
  });

  it('refuses a result that violates the method schema', async () => {
    await setup({ 'client.shown': () => ({ urls: 'not a list' }) });
    expect(await code(hub!.call('client.shown', {}, 1000))).toBe('UT_INVALID_RESULT');
  });

  it('reports a method the adapter does not offer as unsupported, and a failing one as failed with its message', async () => {
    await setup({
      'client.factoryReset': () => {
        throw new Error('flash is read-only');
      },
    });
    expect(await code(hub!.call('client.shown', {}, 1000))).toBe('UT_UNSUPPORTED');
    await expect(hub!.call('client.factoryReset', {}, 1000)).rejects.toThrow(/flash is read-only/);
  });

  it('ends a call whose answer nests deeper than 256 levels as an invalid result, and keeps answering later calls', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 3_000; i++) deep = [deep];
    let calls = 0;
    await setup({ 'client.shown': () => (++calls === 1 ? { urls: [], extra: deep } : { urls: ['https://a'] }) });
    await expect(hub!.call('client.shown', {}, 1000)).rejects.toThrow(/nested deeper than 256 levels/);
    await expect(hub!.call('client.shown', {}, 1000)).resolves.toEqual({ urls: ['https://a'] });
  });

  it('times out a call the adapter never answers', async () => {
    await setup({ 'client.factoryReset': () => new Promise(() => {}) });
    const t0 = Date.now();
    expect(await code(hub!.call('client.factoryReset', {}, 200))).toBe('UT_TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('refuses an adapter announcing the wrong role', async () => {
    hub = await UpperTesterHub.start({ host: '127.0.0.1', port: 0, role: 'client' });
    await expect(connectUpperTester({ url: hub.url, role: 'server', product: { name: 'x', version: '1' }, handlers: {} })).rejects.toThrow(/tests a client/);
  });

  it('says clearly when no adapter connects in time', async () => {
    hub = await UpperTesterHub.start({ host: '127.0.0.1', port: 0, role: 'server' });
    await expect(hub.waitForAdapter(100)).rejects.toThrow(/no upper-tester adapter connected .* within 100 ms/);
  });
});
