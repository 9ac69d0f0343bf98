// Media types of DM 2.0 packages and MO serializations (K-FLOW, P-DETAIL).
export const MT = {
  initiation: 'application/vnd.oma.dm.initiation+json',
  request: 'application/vnd.oma.dm.request+json',
  response: 'application/vnd.oma.dm.response+json',
  mo: 'application/vnd.oma.dm.mo+json',
  notification: 'application/vnd.oma.dm.notification',
} as const;

export const ALERT = {
  clientInitiated: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt',
  serverInitiated: 'urn:oma:at:dm:2.0:ServerInitiatedMgmt',
  execResult: 'urn:oma:at:dm:2.0:ExecResult',
} as const;

/** The bare media type of a Content-Type header, lower case. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Whether an Accept header admits the given type with q > 0 (absent Accept admits anything). */
export function accepts(accept: string | undefined, type: string): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  const [major] = type.split('/');
  for (const part of accept.split(',')) {
    const [rangeRaw, ...paramsRaw] = part.split(';');
    const range = (rangeRaw ?? '').trim().toLowerCase();
    let q = 1;
    for (const p of paramsRaw) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k === 'q' && v !== undefined) q = Number(v);
    }
    if (!(q > 0)) continue;
    if (range === type || range === '*/*' || range === `${major}/*`) return true;
  }
  return false;
}
