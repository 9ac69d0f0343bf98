/** MO serialization entries (K-TREE) and serializations: `{DDF?, ClientURI, CV?, MOData}`. */
import fc from 'fast-check';
import { printClientUri } from '../protocol/client-uri.ts';
import type { MoEntry, MoSerialization } from '../protocol/packages.ts';
import { concreteClientUriArb, moidArb, textArb } from './client-uri.ts';
import { moDataOrLeafArb, type MoDataOptions } from './mo-data.ts';

export function ddfUrlArb(): fc.Arbitrary<string> {
  return fc.stringMatching(/^[a-z0-9-]{1,12}$/).map((name) => `https://ddf.example/${name}.ddf`);
}

/** An entry of a read (GET data, HPUT body): a concrete ClientURI, usually with its CV. */
export function moEntryArb(options: MoDataOptions = {}): fc.Arbitrary<MoEntry> {
  return fc.record(
    {
      DDF: ddfUrlArb(),
      ClientURI: concreteClientUriArb().map(printClientUri),
      CV: textArb(10),
      MOData: moDataOrLeafArb(options),
    },
    { requiredKeys: ['ClientURI', 'MOData'], noNullPrototype: true },
  );
}

/** An HGET body for a command without ClientURI: each entry names only the MOID. */
export function moidOnlyEntryArb(options: MoDataOptions = {}): fc.Arbitrary<MoEntry> {
  return fc.record(
    { ClientURI: moidArb(), MOData: moDataOrLeafArb({ ...options }).filter((d) => typeof d === 'object' && d !== null) },
    { noNullPrototype: true },
  );
}

export function moSerializationArb(options: MoDataOptions = {}): fc.Arbitrary<MoSerialization> {
  return fc.array(fc.oneof({ weight: 4, arbitrary: moEntryArb(options) }, { weight: 1, arbitrary: moidOnlyEntryArb(options) }), { maxLength: 4 });
}
