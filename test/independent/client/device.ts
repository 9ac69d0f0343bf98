// The device: its tree and accounts, one session at a time, Package#0 listener, subscriptions.
import { ownerOf, rightsOf, type Account } from './acl.ts';
import type { SessionState } from './commands.ts';
import type { TransferContext } from './mo-transfer.ts';
import { MOID } from './moid.ts';
import { NotificationListener } from './notifications.ts';
import type { DigestState } from './package-post.ts';
import type { ResolveContext, Target } from './resolver.ts';
import { ALERT } from '../common/media.ts';
import { runSession, type SessionRequest } from './session.ts';
import { execute, installStandardMos } from './standard-mos.ts';
import { Subscriptions } from './subscriptions.ts';
import { Tree, type Actor, type Instance } from './tree.ts';
import type { TlsProfile } from './transport.ts';
import { normalizeMoid } from './moid.ts';

export interface BootstrapServer {
  srvId: string;
  srvUri: string;
  perm: { moid: string; rights?: string }[];
  notificationSecret?: string;
  trustAnchorPem?: string;
  clientAuth?: { type: 'basic' | 'digest' | 'x509'; name?: string; secret?: string };
  clientCertPem?: string;
  clientKeyPem?: string;
}

export class Device {
  readonly tree = new Tree();
  accounts: Account[] = [];
  localAddress: string | undefined;
  readonly digest = new Map<string, DigestState>();
  readonly subs: Subscriptions;
  readonly noti: NotificationListener;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly devId: string,
    readonly log: (line: string) => void,
  ) {
    this.subs = new Subscriptions(this);
    this.noti = new NotificationListener(this);
    installStandardMos(this.tree, devId, []);
  }

  bootstrap(servers: BootstrapServer[]): void {
    this.subs.clear();
    this.tree.clear();
    this.digest.clear();
    this.noti.clear();
    this.localAddress = undefined;
    this.accounts = servers.map((sv, i) => {
      const a: Account = {
        srvId: sv.srvId,
        srvUri: sv.srvUri,
        miid: `acc${i + 1}`,
        perm: new Map(sv.perm.map((p) => [normalizeMoid(p.moid), p.rights === undefined || p.rights === '' ? 'RWE' : p.rights])),
      };
      if (sv.notificationSecret !== undefined) a.notiSecret = sv.notificationSecret;
      if (sv.trustAnchorPem !== undefined) a.trustAnchorPem = sv.trustAnchorPem;
      if (sv.clientAuth) a.clientAuth = { ...sv.clientAuth };
      if (sv.clientCertPem !== undefined) a.clientCertPem = sv.clientCertPem;
      if (sv.clientKeyPem !== undefined) a.clientKeyPem = sv.clientKeyPem;
      return a;
    });
    installStandardMos(this.tree, this.devId, this.accounts);
  }

  factoryReset(): void {
    this.bootstrap([]);
  }

  rights(actor: Actor, inst: Instance): string {
    return rightsOf(actor, inst, this.accounts);
  }

  rctx(actor: Actor): ResolveContext {
    return { tree: this.tree, accounts: this.accounts, actor };
  }

  /** Package#1 MOS: every MO with the instances this server may read. */
  mosFor(actor: Actor): { MOID: string; MIID: string[] }[] {
    const byMoid = new Map<string, string[]>();
    for (const inst of this.tree.all()) {
      if (!this.rights(actor, inst).includes('R')) continue;
      const list = byMoid.get(inst.moid) ?? [];
      list.push(inst.miid);
      byMoid.set(inst.moid, list);
    }
    return [...byMoid].map(([moid, miids]) => ({ MOID: moid, MIID: miids }));
  }

  /** The general trust store: every account's trust anchor (used for other origins). */
  private generalStore(): string[] {
    return this.accounts.flatMap((a) => (a.trustAnchorPem ? [a.trustAnchorPem] : []));
  }

  tlsFor(s: Pick<SessionState, 'account' | 'origins'>, url: string, forPackage = false): TlsProfile {
    const a = s.account;
    let origin = '';
    try {
      origin = new URL(url).origin;
    } catch {
      /* bad URL: the request fails anyway */
    }
    const own = forPackage || s.origins.has(origin);
    const profile: TlsProfile = { ca: own && a.trustAnchorPem ? [a.trustAnchorPem] : this.generalStore() };
    if (forPackage && (a.clientAuth?.type ?? '').toLowerCase() === 'x509' && a.clientCertPem && a.clientKeyPem) {
      profile.cert = a.clientCertPem;
      profile.key = a.clientKeyPem;
    }
    return profile;
  }

  transfer(s: Pick<SessionState, 'account' | 'origins'>): TransferContext {
    const t: TransferContext = { tls: (url) => this.tlsFor(s, url), log: this.log };
    if (this.localAddress) t.localAddress = this.localAddress;
    return t;
  }

  async execute(t: Target): Promise<number> {
    return (await execute(this.tree, t.inst.moid, t.inst.miid, t.path)) ?? 405;
  }

  /** Queues a session (one at a time); resolves once it has started. */
  enqueueSession(account: Account, req: SessionRequest): Promise<void> {
    return new Promise((started) => {
      this.chain = this.chain
        .then(() => runSession(this, account, req, started))
        .catch((e: unknown) => {
          started();
          this.log(`session failed: ${e instanceof Error ? e.stack : String(e)}`);
        });
    });
  }

  startSession(srvId: string): Promise<void> {
    const account = this.accounts.find((a) => a.srvId === srvId);
    if (!account) throw new Error(`no DMAcc account for ${srvId}`);
    return this.enqueueSession(account, {
      reason: 'client-initiated',
      alerts: [{ AlertType: ALERT.clientInitiated, SourceURI: this.noti.url }],
    });
  }
}

export { ownerOf, MOID };
