/**
 * Bootstrap between the reference peers (P-BOOT): a bootstrap server authenticated mutually (TLS both
 * ways) creates a management account by HGET of a DMAcc instance; the device then sends it
 * BootstrapComplete in a new session and talks to the new server; client-initiated bootstrap carries
 * BootstrapRequest; only the bootstrap server changes `Auth/Bootstrap/*`; a bootstrap account without
 * mutual-TLS material is not used; the tree rule on its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { requestBootstrap, sendBootstrapComplete } from '../../harness/client/bootstrap-session.ts';
import { buildFactoryTree, DEFAULT_PERM } from '../../harness/client/factory-profile.ts';
import { ALERT } from '../../harness/protocol/packages.ts';
import { createTestPki, type Credential, type TestPki } from '../../harness/security/test-pki.ts';
import { serverPrincipal } from '../../harness/tree/principal.ts';
import { DEV_ID, DEVINFO, DMACC, integrationEnv, queue, settled } from './support.ts';

const env = integrationEnv();
let pki: TestPki;
let deviceCert: Credential;

beforeAll(async () => {
  pki = await createTestPki();
  deviceCert = await pki.issue({ kind: 'client', commonName: DEV_ID });
});

/** A bootstrap server requiring the device's certificate, a management server, and a device that knows only the bootstrap server. */
async function setup() {
  const tls = { cert: pki.server.chainPem, key: pki.server.keyPem };
  const boot = await env.server({ srvId: 'boot', tls, clientAuth: { modes: ['x509'], required: true, ca: pki.ca.certPem } });
  boot.operator.setCredentials(DEV_ID, { x509: true });
  const mgmt = await env.server({ srvId: 'mgmt', tls });
  const device = await env.device(undefined, {
    servers: [
      {
        srvId: 'boot',
        srvUri: boot.dmUrl,
        perm: [],
        bootstrap: true,
        trustAnchorPem: pki.ca.certPem,
        clientAuth: { type: 'x509' },
        clientCertPem: deviceCert.chainPem,
        clientKeyPem: deviceCert.keyPem,
      },
    ],
  });
  sendBootstrapComplete(device);
  return { boot, mgmt, device };
}

const mgmtAccount = (url: string) => ({ srvId: 'mgmt', srvUri: url, perm: DEFAULT_PERM, trustAnchorPem: pki.ca.certPem });

describe('bootstrap between the reference peers (P-BOOT)', () => {
  it('server-initiated: the bootstrap server creates an account, gets BootstrapComplete in a new session, and the device then talks to the new server', async () => {
    const { boot, mgmt, device } = await setup();
    const [hget] = unwrap(boot.operator.bootstrap(DEV_ID, [mgmtAccount(mgmt.dmUrl)]));
    const first = await device.clientInitiated('boot');
    expect(first.ok, first.reason).toBe(true);
    await settled(boot, hget!);
    expect(hget!.status?.sc).toBe(200);
    await device.idle();
    expect(boot.operator.bootstrapCompletes(DEV_ID).map((a) => a.AlertType)).toEqual([ALERT.BOOTSTRAP_COMPLETE]);
    expect(boot.registry.get(DEV_ID)?.sessions).toBe(2);
    const account = device.accounts().find((a) => a.srvId === 'mgmt');
    expect(account?.srvUri).toBe(mgmt.dmUrl);
    // The account is device-made (bootstrap, P-ACL): its server reads it, and manages what Perm says.
    const inst = [...device.tree.instancesOf(DMACC)].find((i) => i.miid === account?.miid);
    expect(inst?.owner).toBeUndefined();
    const get = queue(mgmt, ['GET', `${DEVINFO}//DevID`]);
    const own = queue(mgmt, ['GET', `${DMACC}/${account?.miid}/SrvID`]);
    const session = await device.clientInitiated('mgmt');
    expect(session.ok, session.reason).toBe(true);
    expect((await settled(mgmt, get)).status?.sc).toBe(200);
    expect((await settled(mgmt, own)).status?.sc).toBe(200);
  });

  it('client-initiated: the Package#1 carries BootstrapRequest, and a device without a bootstrap server says so', async () => {
    const { boot, device } = await setup();
    const outcome = await requestBootstrap(device);
    expect(outcome.ok, outcome.reason).toBe(true);
    const alerts = (boot.registry.get(DEV_ID)?.events ?? []).flatMap((e) => (e.alert ? [e.alert.AlertType] : []));
    expect(alerts).toEqual([ALERT.BOOTSTRAP_REQUEST]);
    expect(() => requestBootstrap(device, 'mgmt')).toThrow(/"mgmt" is not a bootstrap server of this device/);
  });

  it('a bootstrap server whose certificate does not chain to the trust anchor gets no session and creates nothing', async () => {
    const other = await createTestPki({ commonName: 'some other CA' });
    const boot = await env.server({ srvId: 'boot', tls: { cert: other.server.chainPem, key: other.server.keyPem } });
    const device = await env.device(undefined, {
      servers: [
        {
          srvId: 'boot',
          srvUri: boot.dmUrl,
          perm: [],
          bootstrap: true,
          trustAnchorPem: pki.ca.certPem,
          clientAuth: { type: 'x509' },
          clientCertPem: deviceCert.chainPem,
          clientKeyPem: deviceCert.keyPem,
        },
      ],
    });
    const [hget] = unwrap(boot.operator.bootstrap(DEV_ID, [mgmtAccount('https://127.0.0.1:9/dm')]));
    const outcome = await device.clientInitiated('boot');
    expect(outcome.ok).toBe(false);
    expect(hget!.state).toBe('queued');
    expect(device.accounts().map((a) => a.srvId)).toEqual(['boot']);
  });

  it('a bootstrap account that does not say how both sides authenticate by X.509 is not used', async () => {
    const device = await env.device(undefined, {
      servers: [
        { srvId: 'boot', srvUri: 'https://127.0.0.1:9/dm', perm: [], bootstrap: true, trustAnchorPem: pki.ca.certPem },
        { srvId: 'plain', srvUri: 'https://127.0.0.1:9/dm', perm: [] },
      ],
    });
    expect(device.accounts().map((a) => a.srvId)).toEqual(['plain']);
  });
});

describe('Auth/Bootstrap in the tree (P-BOOT)', () => {
  const tree = () =>
    buildFactoryTree({
      devId: DEV_ID,
      servers: [
        { srvId: 'boot', srvUri: 'https://b/dm', perm: [], bootstrap: true },
        { srvId: 'mgmt', srvUri: 'https://m/dm', perm: [{ moid: DMACC, rights: 'RW' }], notificationSecret: 'noti' },
      ],
    });
  const boot = serverPrincipal('boot');
  const mgmt = serverPrincipal('mgmt');

  it('a server with W on DMAcc changes its accounts but not Auth/Bootstrap: adding, changing, deleting it or an account holding it is 403', () => {
    const t = tree();
    expect(t.write(mgmt, DMACC, '2', ['Name'], 'renamed').ok).toBe(true);
    const refused = [
      t.write(mgmt, DMACC, '2', ['Auth', 'Bootstrap'], { Type: 'Bootstrap' }),
      t.write(mgmt, DMACC, '2', ['Auth'], { Bootstrap: { Type: 'Bootstrap' } }),
      t.write(mgmt, DMACC, '1', ['Auth', 'Bootstrap', 'Type'], 'X509'),
      t.write(mgmt, DMACC, '1', [], { SrvID: 'boot', SrvURI: 'https://b/dm' }),
      t.remove(mgmt, { moid: DMACC, miid: '1', path: ['Auth', 'Bootstrap'] }),
      t.remove(mgmt, { moid: DMACC, miid: '1', path: [] }),
      t.create(mgmt, DMACC, { SrvID: 'evil', SrvURI: 'https://e/dm', Auth: { Bootstrap: { Type: 'Bootstrap' } } }),
    ];
    for (const r of refused) expect(r.ok ? 200 : r.error.sc).toBe(403);
    expect(t.instance(DMACC, '1')?.root.children.get('Auth')).toBeDefined();
    // A write that leaves Auth/Bootstrap as it was is no change of it.
    expect(t.write(mgmt, DMACC, '1', ['SrvURI'], 'https://b2/dm').ok).toBe(true);
  });

  it('the bootstrap server creates device-made accounts and changes Auth/Bootstrap without any Perm', () => {
    const t = tree();
    const made = t.create(boot, DMACC, { SrvID: 'new', SrvURI: 'https://n/dm', Auth: { Bootstrap: { Type: 'Bootstrap' } } });
    expect(made.ok).toBe(true);
    const miid = made.ok ? made.value.uri.split('/').pop()! : '';
    expect(t.instance(DMACC, miid)?.owner).toBeUndefined();
    expect(t.remove(boot, { moid: DMACC, miid: '2', path: [] }).ok).toBe(true);
    expect(t.remove(boot, { moid: DMACC, miid, path: ['Auth', 'Bootstrap'] }).ok).toBe(true);
  });
});

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
