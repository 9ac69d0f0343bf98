// SUB/UNSUB (K-CMD): for each change of a subscribed subtree, one PUT of the subscribed node's current
// MO serialization to the SUB's ServerURI, in change order. UNSUB matches the ClientURI text and the server.
import type { Account } from './acl.ts';
import { parseClientUri, UriError } from './client-uri.ts';
import type { CmdContext, Status } from './commands.ts';
import type { Device } from './device.ts';
import { sendMo } from './mo-transfer.ts';
import { resolve } from './resolver.ts';
import { entryFor } from './serialize.ts';
import type { Change } from './tree.ts';

interface Subscription {
  srvId: string;
  account: Account;
  text: string;
  serverUri: string;
  uris: string[];
  origins: Set<string>;
}

const within = (a: string[], b: string[]): boolean => a.length <= b.length && a.every((s, i) => s === b[i]);

export class Subscriptions {
  private subs: Subscription[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly device: Device) {
    device.tree.listeners.push((c) => this.onChange(c));
  }

  clear(): void {
    this.subs = [];
  }

  /** Waits for deliveries queued so far. */
  idle(): Promise<void> {
    return this.chain;
  }

  subscribe(ctx: CmdContext, text: string, serverUri: string): Status {
    let uri;
    try {
      uri = parseClientUri(text);
    } catch (e) {
      if (e instanceof UriError) return { sc: 400, URI: [text] };
      throw e;
    }
    const r = resolve(this.device.rctx(ctx.s.actor), uri, 'R');
    if (!r.ok) return { sc: r.sc, URI: [text] };
    const uris = r.targets.map((t) => entryFor(t, null)!.ClientURI);
    this.subs.push({ srvId: ctx.s.account.srvId, account: ctx.s.account, text, serverUri, uris, origins: new Set(ctx.s.origins) });
    return { sc: 200, URI: uris };
  }

  unsubscribe(ctx: CmdContext, text: string): Status {
    const i = this.subs.findIndex((s) => s.srvId === ctx.s.account.srvId && s.text === text);
    if (i < 0) return { sc: 404, URI: [text] };
    const [sub] = this.subs.splice(i, 1);
    return { sc: 200, URI: sub!.uris };
  }

  private onChange(c: Change): void {
    for (const sub of this.subs) {
      let uri;
      try {
        uri = parseClientUri(sub.text);
      } catch {
        continue;
      }
      if (uri.moid !== c.inst.moid) continue;
      const r = resolve(this.device.rctx({ kind: 'server', srvId: sub.srvId }), uri, 'R');
      if (!r.ok) continue;
      for (const t of r.targets) {
        if (t.inst !== c.inst || !(within(t.path, c.path) || within(c.path, t.path))) continue;
        const e = entryFor(t, this.device.tree.node(t.inst, t.path) ?? null);
        if (!e) continue;
        const body = [e];
        const ctx = this.device.transfer({ account: sub.account, origins: sub.origins });
        this.chain = this.chain.then(async () => {
          const sc = await sendMo(ctx, 'PUT', sub.serverUri, body);
          this.device.log(`SUB delivery to ${sub.serverUri}: ${sc}`);
        });
      }
    }
  }
}
