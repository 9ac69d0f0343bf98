// MOID handling (K-ADDR, K-DDF): `urn:` and the namespace ID compare in lower case (RFC 8141);
// the DMAcc MOID is accepted as 1.2 and always kept as 1.0.
export const MOID = {
  devInfo: 'urn:oma:mo:oma-dm-devinfo:1.0',
  dmAcc: 'urn:oma:mo:oma-dm-dmacc:1.0',
  features: 'urn:oma:mo:oma-dm-features:1.0',
  sessionInfo: 'urn:oma:mo:oma-sessioninfomo:1.0',
  diag: 'urn:oma:mo:acme-diagnostics:1.0',
} as const;

export function normalizeMoid(moid: string): string {
  const m = /^(urn):([^:]+):(.*)$/i.exec(moid);
  const n = m ? `urn:${m[2]!.toLowerCase()}:${m[3]!}` : moid;
  return n === 'urn:oma:mo:oma-dm-dmacc:1.2' ? MOID.dmAcc : n;
}
