/** Generic alerts (K-FLOW) and the session, bootstrap and ExecResult (P-DETAIL) alerts built on them. */
import fc from 'fast-check';
import { printClientUri } from '../protocol/client-uri.ts';
import { ALERT, MARKS, type GenericAlert, type Mark } from '../protocol/packages.ts';
import { concreteClientUriArb } from './client-uri.ts';
import { serverUriArb } from './server-uri.ts';

export function markArb(): fc.Arbitrary<Mark> {
  return fc.constantFrom(...MARKS);
}

function noNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(noNegativeZero);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, noNegativeZero(v)]));
  return value;
}

/** Any JSON value as alert Data (no -0, which JSON cannot keep apart from 0). */
export function alertDataArb(): fc.Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: 3 }).map(noNegativeZero);
}

export function alertTypeArb(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...Object.values(ALERT)),
    fc.stringMatching(/^[a-z0-9-]{1,12}$/).map((s) => `urn:vendor:at:${s}`),
  );
}

/** A generic alert with any subset of the optional members. */
export function genericAlertArb(): fc.Arbitrary<GenericAlert> {
  return fc.record(
    {
      AlertType: alertTypeArb(),
      SourceURI: fc.oneof(concreteClientUriArb().map(printClientUri), serverUriArb()),
      TargetURI: serverUriArb(),
      Mark: markArb(),
      DataType: fc.constantFrom('application/json', 'text/plain', 'application/vnd.vendor.state'),
      Data: alertDataArb(),
    },
    { requiredKeys: ['AlertType'], noNullPrototype: true },
  );
}

export function clientInitiatedAlertArb(): fc.Arbitrary<GenericAlert> {
  return fc.constant({ AlertType: ALERT.CLIENT_INITIATED });
}

/** ServerInitiatedMgmt carries the NOTIFICATION-ID of the Package#0 that caused it. */
export function serverInitiatedAlertArb(): fc.Arbitrary<GenericAlert> {
  return fc.record(
    {
      AlertType: fc.constant(ALERT.SERVER_INITIATED),
      SourceURI: serverUriArb(),
      Data: fc.integer({ min: 0, max: 0xffff }).map((id) => ({ NotificationID: id })),
    },
    { requiredKeys: ['AlertType', 'Data'], noNullPrototype: true },
  );
}

export function bootstrapCompleteAlertArb(): fc.Arbitrary<GenericAlert> {
  return fc.constant({ AlertType: ALERT.BOOTSTRAP_COMPLETE });
}

/** P-DETAIL: SourceURI the executed ClientURI, Data {"sc": code}. */
export function execResultAlertArb(): fc.Arbitrary<GenericAlert> {
  return fc.record(
    {
      AlertType: fc.constant(ALERT.EXEC_RESULT),
      SourceURI: concreteClientUriArb().map(printClientUri),
      Data: fc.integer({ min: 100, max: 599 }).map((sc) => ({ sc })),
    },
    { noNullPrototype: true },
  );
}
