/** The DM 2.0 package bodies (K-FLOW, K-TREE, P-GET) as TypeScript types; the JSON Schemas in schemas/ define them on the wire. */
import type { RawCommand } from './commands.ts';

export const ALERT = {
  CLIENT_INITIATED: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt',
  SERVER_INITIATED: 'urn:oma:at:dm:2.0:ServerInitiatedMgmt',
  BOOTSTRAP_COMPLETE: 'urn:oma:at:dm:2.0:BootstrapComplete',
  /** P-DETAIL: the result of an asynchronous EXEC. */
  EXEC_RESULT: 'urn:oma:at:dm:2.0:ExecResult',
  /** P-BOOT (ours): a client-initiated bootstrap, in the Package#1 of a session the device opens with its bootstrap server. */
  BOOTSTRAP_REQUEST: 'urn:oma:at:dm:2.0:BootstrapRequest',
} as const;

export const MARKS = ['fatal', 'critical', 'minor', 'warning', 'informational', 'harmless', 'indeterminate'] as const;
export type Mark = (typeof MARKS)[number];

/** The generic alert object (K-FLOW). */
export interface GenericAlert {
  AlertType: string;
  SourceURI?: string;
  TargetURI?: string;
  Mark?: Mark;
  DataType?: string;
  Data?: unknown;
}

/** One MO the client reports in Package#1: its MOID, its instances, optionally where its DDF is. */
export interface MosEntry {
  DDF?: string;
  MOID: string;
  MIID: string[];
}

/** Package#1, client -> server. */
export interface Package1 {
  MOS: MosEntry[];
  Alert: GenericAlert[];
}

/** Package#2, server -> client: commands, run in order. */
export interface Package2 {
  CMD: RawCommand[];
}

/** One MO serialization entry (K-TREE): MOData is the value of the node ClientURI names. */
export interface MoEntry {
  DDF?: string;
  ClientURI: string;
  CV?: string;
  MOData: unknown;
}

export type MoSerialization = MoEntry[];

/** A Status entry of Package#3: one per command of the Package#2, same order (P-GET: GET data in Data). */
export interface StatusEntry {
  sc: number;
  URI: string[];
  Data?: MoSerialization;
}

/** Package#3, client -> server. */
export interface Package3 {
  Status: StatusEntry[];
  Alert?: GenericAlert[];
}

export type PackageBody = Package1 | Package2 | Package3 | MoSerialization;
