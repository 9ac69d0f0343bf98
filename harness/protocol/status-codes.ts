/** The status codes a DM 2.0 Status entry carries (P-DETAIL), as a typed table. */

export const SC = {
  OK: 200,
  ACCEPTED: 202,
  NOT_MODIFIED: 304,
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  CONFLICT: 409,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
} as const;

export type KnownStatusCode = (typeof SC)[keyof typeof SC];

export interface StatusCodeInfo {
  name: keyof typeof SC;
  meaning: string;
}

export const STATUS_TABLE: Readonly<Record<KnownStatusCode, StatusCodeInfo>> = {
  200: { name: 'OK', meaning: 'command done' },
  202: { name: 'ACCEPTED', meaning: 'asynchronous EXEC accepted; its result follows in a generic alert' },
  304: { name: 'NOT_MODIFIED', meaning: 'cv= matched: the instance is unchanged, no data' },
  400: {
    name: 'BAD_REQUEST',
    meaning:
      'unknown command, wrong parameters, unparsable ClientURI, MOID// with two or more instances, cv= on several instances, nv= x-name absent from the path',
  },
  403: { name: 'FORBIDDEN', meaning: 'an explicitly named instance or node without the right' },
  404: { name: 'NOT_FOUND', meaning: 'no such instance or node; UNSUB without a matching SUB' },
  405: { name: 'NOT_ALLOWED', meaning: 'the node is permanent or does not allow this operation' },
  406: { name: 'NOT_ACCEPTABLE', meaning: 'no acceptable format left after OMADM-Accept' },
  409: { name: 'CONFLICT', meaning: 'priority conflict between management authorities' },
  501: { name: 'NOT_IMPLEMENTED', meaning: 'optional command not supported' },
  502: { name: 'BAD_GATEWAY', meaning: 'the HGET/HPUT/HPOST/SUB target was unreachable' },
};

export function describeStatus(sc: number): string {
  const info = STATUS_TABLE[sc as KnownStatusCode];
  if (info) return `${sc} ${info.name}`;
  return `${sc} (HTTP status answered by a command's target)`;
}
