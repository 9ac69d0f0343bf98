/**
 * `dmcts demo`: the reference server and a reference device in one process, over HTTPS with a
 * fresh test PKI, through one session that uses all twelve commands; each Status is checked
 * against what the profile says it must be. A quick proof that the two peers work on this machine.
 */
import { DmDevice } from '../../client/dm-device.ts';
import { buildFactoryTree, DEFAULT_PERM } from '../../client/factory-profile.ts';
import type { RawCommand } from '../../protocol/commands.ts';
import { describeStatus } from '../../protocol/status-codes.ts';
import { createTestPki } from '../../security/test-pki.ts';
import { DmServer } from '../../server/dm-server.ts';
import { consoleLogger } from '../console-log.ts';
import { parseOptions } from '../parse-options.ts';

export const DEMO_HELP = `dmcts demo — run the reference server and a reference device against each other

Usage: dmcts demo [--cbor] [--quiet]

Both peers run in this process over HTTPS (a test CA made for this run) on 127.0.0.1. The server
queues one of each of the twelve DM commands; the device runs them in a session; the demo checks
each Status against the profile and exits 0 when all are as expected.

Options:
  --cbor       the device prefers CBOR bodies
  --quiet      print only the result table
  -h, --help   this help
`;

const DIAG = 'urn:oma:mo:dmcts-diagnostics:1.0/1';
import { CONNMO } from '../../protocol/moids.ts';

export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('demo', args, {
    cbor: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(DEMO_HELP);
    return 0;
  }
  const pki = await createTestPki({ commonName: 'dmcts demo CA' });
  const server = await DmServer.start({
    srvId: 'dmcts-server',
    tls: { cert: pki.server.chainPem, key: pki.server.keyPem },
    log: consoleLogger('[server]', values.quiet),
  });
  const devId = 'dmcts-demo-device';
  const device = await DmDevice.start({
    tree: buildFactoryTree({ devId, servers: [{ srvId: 'dmcts-server', srvUri: server.dmUrl, perm: DEFAULT_PERM }], ui: true }),
    ca: pki.ca.certPem,
    ui: true,
    encodings: values.cbor ? ['cbor', 'json'] : ['json', 'cbor'],
    log: consoleLogger(`[${devId}]`, values.quiet),
  });
  const op = server.operator;
  const content = op.publish([{ ClientURI: CONNMO, MOData: { Name: 'demo', APN: 'demo.example', MTU: 1400 } }]);
  const plan: Array<[RawCommand, number]> = [
    [['GET', 'urn:oma:mo:oma-dm-devinfo:1.0//'], 200],
    [['HGET', content.url], 200],
    [['HGET', content.url, `${CONNMO}/7`], 200],
    [['HPUT', 'auto', `${CONNMO}/*?fields=APN`], 200],
    [['HPOST', 'auto', 'urn:oma:mo:oma-dm-features:1.0//'], 200],
    [['SUB', `${DIAG}/RunCount`, 'auto'], 200],
    [['EXEC', `${DIAG}/Run`], 200],
    [['EXEC', `${DIAG}/Slow`, 'auto'], 202],
    [['UNSUB', `${DIAG}/RunCount`], 200],
    [['DELETE', `${CONNMO}/7`], 200],
    [['SHOW', `${server.url}/content/${content.id}`], 200],
    [['DEFAULT', CONNMO, content.url], 200],
    [['GET', `${CONNMO}/7`], 404],
  ];
  const queued = plan.map(([cmd]) => {
    const q = op.queue(devId, cmd);
    if (!q.ok) throw new Error(q.error.message);
    return q.value;
  });
  const outcome = await device.clientInitiated();
  const exec = queued[7]!;
  await op.waitExecResult(exec, 5_000);
  await device.idle();
  let failures = 0;
  const out = process.stdout;
  out.write(`\nsession: ${outcome.ok ? 'ended normally' : `failed: ${outcome.reason}`}\n`);
  queued.forEach((q, i) => {
    const want = plan[i]![1];
    const got = q.status?.sc;
    const okLine = got === want;
    if (!okLine) failures += 1;
    out.write(
      `${okLine ? 'ok  ' : 'FAIL'} ${q.command.slice(0, 2).join(' ').slice(0, 70).padEnd(72)} ${got === undefined ? 'no status' : describeStatus(got)}${okLine ? '' : ` (expected ${want})`}\n`,
    );
  });
  const asyncOk = (exec.asyncResult?.Data as { sc?: number } | undefined)?.sc === 200;
  if (!asyncOk) failures += 1;
  out.write(`${asyncOk ? 'ok  ' : 'FAIL'} ${'EXEC result alert (ExecResult, new session)'.padEnd(72)} ${asyncOk ? 'sc 200' : 'missing'}\n`);
  const sub = queued[5]!;
  const delivered = sub.receiverId ? op.received(sub.receiverId).length : 0;
  if (delivered !== 1) failures += 1;
  out.write(`${delivered === 1 ? 'ok  ' : 'FAIL'} ${'SUB delivery of RunCount after EXEC Run'.padEnd(72)} ${delivered} PUT(s)\n`);
  await device.stop();
  await server.stop();
  out.write(failures === 0 ? '\nall as expected\n' : `\n${failures} unexpected outcome(s)\n`);
  return outcome.ok && failures === 0 ? 0 : 1;
}
