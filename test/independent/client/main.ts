// The independent DM client and its upper-tester adapter (docs/adapters.md, role client).
//   DMCTS_UT_URL=ws://127.0.0.1:PORT/ut node bin/run-ts.mjs test/independent/client/main.ts [--dev-id ID]
import { connectUt, type Handler } from '../common/ut-link.ts';
import { Device, type BootstrapServer } from './device.ts';
import { PRODUCT } from './standard-mos.ts';
import { checkFaults } from '../common/faults.ts';

const args = process.argv.slice(2);
const devIdArg = args.indexOf('--dev-id');
const devId = devIdArg >= 0 ? (args[devIdArg + 1] ?? 'acme-indep-0001') : (process.env.ACME_DEV_ID ?? 'acme-indep-0001');
const log = (line: string): void => console.log(`[client ${new Date().toISOString()}] ${line}`);

checkFaults('client', log);
const url = process.env.DMCTS_UT_URL;
if (!url) {
  console.error('DMCTS_UT_URL is not set');
  process.exit(2);
}

const device = new Device(devId, log);
await device.noti.start();
log(`device ${devId}, Package#0 at ${device.noti.url}`);

const handlers: Record<string, Handler> = {
  'client.bootstrap': async (p) => {
    device.bootstrap(p.servers as BootstrapServer[]);
    return { devId, notificationUrl: device.noti.url };
  },
  'client.startSession': async (p) => {
    await device.startSession(String(p.srvId));
    return {};
  },
  'client.factoryReset': async () => {
    device.factoryReset();
    return {};
  },
  'client.moveNetwork': async (p) => {
    device.localAddress = String(p.localAddress);
    return {};
  },
  'client.shown': async () => ({ urls: [] }),
};

const stop = (): void => {
  device.noti.stop();
  process.exit(0);
};
connectUt({ url, role: 'client', product: PRODUCT, handlers, onClose: stop, log });
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
