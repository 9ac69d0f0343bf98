// Package#1 and Package#3 structure checks (K-FLOW; unknown members are errors, both MOS and Alert
// required in a Package#1).
export interface Alert {
  AlertType: string;
  SourceURI?: string;
  TargetURI?: string;
  Mark?: unknown;
  DataType?: string;
  Data?: unknown;
}
export interface StatusEntry {
  sc: number;
  URI: string[];
  Data?: unknown[];
}
export interface Package1 {
  MOS: { DDF?: string; MOID: string; MIID: string[] }[];
  Alert: Alert[];
}
export interface Package3 {
  Status: StatusEntry[];
  Alert?: Alert[];
}

const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const only = (o: Record<string, unknown>, keys: string[]): boolean => Object.keys(o).every((k) => keys.includes(k));
const strs = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function isAlert(a: unknown): a is Alert {
  if (!obj(a) || !only(a, ['AlertType', 'SourceURI', 'TargetURI', 'Mark', 'DataType', 'Data'])) return false;
  if (typeof a.AlertType !== 'string' || a.AlertType === '') return false;
  for (const k of ['SourceURI', 'TargetURI', 'DataType']) if (a[k] !== undefined && typeof a[k] !== 'string') return false;
  return true;
}

export function checkPackage1(v: unknown): string | undefined {
  if (!obj(v)) return 'not an object';
  if (!only(v, ['MOS', 'Alert'])) return 'unknown member';
  if (!Array.isArray(v.MOS) || !Array.isArray(v.Alert)) return 'MOS and Alert are required arrays';
  for (const m of v.MOS) {
    if (!obj(m) || !only(m, ['DDF', 'MOID', 'MIID'])) return 'bad MOS entry';
    if (typeof m.MOID !== 'string' || m.MOID === '' || !strs(m.MIID)) return 'MOS entry needs MOID and MIID';
    if (m.DDF !== undefined && typeof m.DDF !== 'string') return 'bad DDF';
  }
  if (!v.Alert.every(isAlert)) return 'bad alert';
  return undefined;
}

export function checkPackage3(v: unknown): string | undefined {
  if (!obj(v)) return 'not an object';
  if (!only(v, ['Status', 'Alert'])) return 'unknown member';
  if (!Array.isArray(v.Status)) return 'Status is required';
  for (const s of v.Status) {
    if (!obj(s) || !only(s, ['sc', 'URI', 'Data'])) return 'bad Status entry';
    if (!Number.isInteger(s.sc) || !strs(s.URI)) return 'Status needs sc and URI';
    if (s.Data !== undefined && !Array.isArray(s.Data)) return 'bad Data';
  }
  if (v.Alert !== undefined && !(Array.isArray(v.Alert) && v.Alert.every(isAlert))) return 'bad alert';
  return undefined;
}
