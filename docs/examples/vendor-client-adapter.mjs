#!/usr/bin/env node
// A minimal dmcts upper-tester adapter for a hypothetical vendor DM client, the "Acme DM agent",
// in plain JavaScript with one dependency: ws (npm install ws). docs/adapters.md explains each part.
//
//   DMCTS_UT_URL=ws://127.0.0.1:7311/ut node vendor-client-adapter.mjs
//
// dmcts run starts it (process or container adapter) with DMCTS_UT_URL set; a remote adapter is
// started by hand with the harness's fixed utPort in that URL.
import WebSocket from 'ws';

const url = process.env.DMCTS_UT_URL;
if (!url) {
  console.error('DMCTS_UT_URL is not set: dmcts run sets it; by hand, give the harness URL (ws://host:utPort/ut)');
  process.exit(2);
}

// ---- The vendor-specific part: replace each function with a call into your device (its SDK, a
// ---- debug socket, a test CLI over adb or a serial console). Here they act on a simulated device,
// ---- so the file runs as it is; a real agent would open real DM sessions.
const agent = {
  devId: 'ACME-0001',
  accounts: [],
  shown: [],
  async bootstrap(servers) {
    // Acme: write the factory profile (one DMAcc per server, with its trust anchor) and restart.
    this.accounts = servers.map((s) => ({ srvId: s.srvId, srvUri: s.srvUri, perm: s.perm }));
    this.shown = [];
    return { devId: this.devId };
  },
  async startSession(srvId) {
    if (!this.accounts.some((a) => a.srvId === srvId)) throw new Error(`no DMAcc account for ${srvId}`);
    // Acme: `acme-agentctl session --server <srvId>`; return as soon as the session has started.
  },
  async factoryReset() {
    this.accounts = [];
    this.shown = [];
  },
  async shownUrls() {
    return this.shown;
  },
};

// The methods this adapter offers (ut.hello lists exactly these; the harness calls no other).
const handlers = {
  'client.bootstrap': async ({ servers }) => agent.bootstrap(servers),
  'client.startSession': async ({ srvId }) => {
    await agent.startSession(srvId);
    return {};
  },
  'client.factoryReset': async () => {
    await agent.factoryReset();
    return {};
  },
  'client.shown': async () => ({ urls: await agent.shownUrls() }),
};

// ---- The protocol: JSON-RPC 2.0 over a WebSocket with subprotocol dmcts.ut.1, opened by the adapter.
const ws = new WebSocket(url, 'dmcts.ut.1');
const send = (message) => ws.send(JSON.stringify({ jsonrpc: '2.0', ...message }));

ws.on('open', () => {
  send({
    id: 0,
    method: 'ut.hello',
    params: { protocol: 1, role: 'client', product: { name: 'Acme DM agent', version: '4.2.0', vendor: 'Acme' }, methods: Object.keys(handlers) },
  });
});

// One listener for everything: the harness's first request may arrive right behind its answer to ut.hello.
ws.on('message', async (data) => {
  let msg;
  try {
    msg = JSON.parse(data.toString());
  } catch {
    send({ id: null, error: { code: -32700, message: 'not JSON' } });
    return;
  }
  if (msg.method === undefined) {
    // A response: the only request this adapter sends is ut.hello (id 0).
    if (msg.id !== 0) return;
    if (msg.error) {
      console.error(`the harness refused this adapter: ${msg.error.message}`);
      process.exit(1);
    }
    console.log('the harness accepted the adapter');
    return;
  }
  if (msg.id === undefined || msg.id === null) return; // a notification: nothing to answer
  const handler = handlers[msg.method];
  if (!handler) {
    send({ id: msg.id, error: { code: -32601, message: `this adapter does not implement ${msg.method}` } });
    return;
  }
  try {
    send({ id: msg.id, result: (await handler(msg.params ?? {})) ?? {} });
  } catch (error) {
    // The call was understood but the device could not do it: the case is inconclusive, with this reason.
    send({ id: msg.id, error: { code: -32000, message: error.message } });
  }
});

ws.on('error', (error) => {
  console.error(`cannot reach the harness at ${url}: ${error.message}`);
  process.exit(1);
});

// The harness closes the channel when the run is over: stop the device, then exit.
ws.on('close', async () => {
  console.log('the harness closed the upper tester');
  await agent.factoryReset();
  process.exit(0);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => ws.close(1000, 'adapter stopping'));
