/** Package#1, Package#2 and Package#3 bodies (K-FLOW, P-GET) whose every member is valid. */
import fc from 'fast-check';
import type { MosEntry, Package1, Package2, Package3, StatusEntry } from '../protocol/packages.ts';
import { printClientUri } from '../protocol/client-uri.ts';
import { bootstrapCompleteAlertArb, clientInitiatedAlertArb, execResultAlertArb, genericAlertArb, serverInitiatedAlertArb } from './alerts.ts';
import { concreteClientUriArb, miidArb, moidArb } from './client-uri.ts';
import { commandArb } from './commands.ts';
import { ddfUrlArb, moSerializationArb } from './mo-serialization.ts';
import type { MoDataOptions } from './mo-data.ts';

export function mosEntryArb(): fc.Arbitrary<MosEntry> {
  return fc.record(
    { DDF: ddfUrlArb(), MOID: moidArb(), MIID: fc.uniqueArray(miidArb(), { maxLength: 5 }) },
    { requiredKeys: ['MOID', 'MIID'], noNullPrototype: true },
  );
}

/** Package#1: a session alert first (client- or server-initiated), then optional others. */
export function package1Arb(): fc.Arbitrary<Package1> {
  return fc.record(
    {
      MOS: fc.array(mosEntryArb(), { maxLength: 5 }),
      Alert: fc
        .tuple(
          fc.oneof(clientInitiatedAlertArb(), serverInitiatedAlertArb()),
          fc.array(fc.oneof(bootstrapCompleteAlertArb(), execResultAlertArb(), genericAlertArb()), { maxLength: 3 }),
        )
        .map(([session, others]) => [session, ...others]),
    },
    { noNullPrototype: true },
  );
}

/** Package#2: one or more commands, each of the twelve with correct parameters. */
export function package2Arb(): fc.Arbitrary<Package2> {
  return fc.record({ CMD: fc.array(commandArb(), { minLength: 1, maxLength: 6 }) }, { noNullPrototype: true });
}

export function statusCodeArb(): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(200, 202, 304, 400, 403, 404, 405, 406, 409, 501, 502), fc.integer({ min: 100, max: 599 }));
}

/** A Status entry; a 200 may carry GET data (P-GET). */
export function statusEntryArb(options: MoDataOptions = {}): fc.Arbitrary<StatusEntry> {
  return fc.oneof(
    fc.record({ sc: statusCodeArb(), URI: fc.array(concreteClientUriArb().map(printClientUri), { maxLength: 3 }) }, { noNullPrototype: true }),
    fc.record(
      { sc: fc.constant(200), URI: fc.array(concreteClientUriArb().map(printClientUri), { maxLength: 3 }), Data: moSerializationArb(options) },
      { noNullPrototype: true },
    ),
  );
}

export function package3Arb(options: MoDataOptions = {}): fc.Arbitrary<Package3> {
  return fc.record(
    { Status: fc.array(statusEntryArb(options), { maxLength: 5 }), Alert: fc.array(fc.oneof(genericAlertArb(), execResultAlertArb()), { maxLength: 3 }) },
    { requiredKeys: ['Status'], noNullPrototype: true },
  );
}
