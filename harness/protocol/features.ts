/**
 * The optional features of P-FEAT: one bool leaf each in the features MO (MOID.FEATURES), and the
 * names an ICS claims. One copy: the tree, the reference client, the ICS and the cases take them here.
 */
export const FEATURE_NAMES = [
  'GET',
  'SHOW',
  'DEFAULT',
  'SUB',
  'CACHE',
  'ACL',
  'DELEGATION',
  'WS',
  'CBOR',
  'LARGEOBJECT',
  'NOTIFICATION',
  'LOCALAPI',
  'UI',
  'FUMO',
  'SCOMO',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
