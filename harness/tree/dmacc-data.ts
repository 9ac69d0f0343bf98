/**
 * The MOData of a DMAcc instance (K-DDF; layout ours, docs/protocol.md) from the account it stands
 * for: SrvID, SrvURI, Name, `Perm/<n>/{MOID,Rights}` and the `Auth/<x>` entries — Noti (the key of
 * Package#0 digests), Client (how the device authenticates to the server), Server (the trust anchor
 * of the server's TLS chain) and Bootstrap (a bootstrap server, P-BOOT). Used by the device's factory
 * profile and by a server bootstrapping a device (HGET of DMAcc instances).
 */
import { BOOTSTRAP_AUTH_TYPE } from './bootstrap-account.ts';

export interface DmAccountSpec {
  srvId: string;
  srvUri: string;
  name?: string;
  /** MOIDs this server may manage, with rights (default RWE). */
  perm: Array<{ moid: string; rights?: string }>;
  /** DMAcc Auth/Noti/Secret: the key of this server's Package#0 digests. */
  notificationSecret?: string;
  /** DMAcc Auth/Client: how the device authenticates to this server (P-SEC). */
  clientAuth?: { type: 'basic' | 'digest' | 'x509'; name?: string; secret?: string };
  /** DMAcc Auth/Server (Type X509, Data): the PEM trust anchor the device verifies this server's TLS chain against. */
  trustAnchorPem?: string;
  /** For clientAuth x509: the device's certificate chain (Auth/Client/Data) and private key (Auth/Client/Secret), PEM. */
  clientCertPem?: string;
  clientKeyPem?: string;
  /**
   * P-BOOT (ours): a bootstrap server's account (DMAcc `Auth/Bootstrap`): it may create and change
   * DMAcc accounts, and only it may change `Auth/Bootstrap/*`. A device talks to it only over mutual
   * TLS (clientAuth x509 with a certificate, and a trust anchor).
   */
  bootstrap?: boolean;
}

export function accountData(account: DmAccountSpec): Record<string, unknown> {
  const perm: Record<string, unknown> = {};
  account.perm.forEach((p, i) => {
    perm[String(i + 1)] = { MOID: p.moid, ...(p.rights ? { Rights: p.rights } : {}) };
  });
  const auth = authData(account);
  return {
    SrvID: account.srvId,
    SrvURI: account.srvUri,
    ...(account.name ? { Name: account.name } : {}),
    Perm: perm,
    ...(Object.keys(auth).length > 0 ? { Auth: auth } : {}),
  };
}

const CLIENT_AUTH_TYPE = { basic: 'Basic', digest: 'Digest', x509: 'X509' } as const;

/** DMAcc `Auth/<x>` entries (ours, P-SEC, P-BOOT): Noti (Package#0 key), Client (device -> server), Server (trust anchor), Bootstrap. */
function authData(account: DmAccountSpec): Record<string, unknown> {
  const auth: Record<string, unknown> = {};
  if (account.notificationSecret) auth.Noti = { Type: 'Noti', Secret: account.notificationSecret };
  const c = account.clientAuth;
  if (c) {
    const x509 = c.type === 'x509';
    const secret = x509 ? account.clientKeyPem : c.secret;
    auth.Client = {
      Type: CLIENT_AUTH_TYPE[c.type],
      ...(c.name ? { Name: c.name } : {}),
      ...(secret ? { Secret: secret } : {}),
      ...(x509 && account.clientCertPem ? { Data: account.clientCertPem } : {}),
    };
  }
  if (account.trustAnchorPem) auth.Server = { Type: 'X509', Data: account.trustAnchorPem };
  if (account.bootstrap) auth.Bootstrap = { Type: BOOTSTRAP_AUTH_TYPE };
  return auth;
}
