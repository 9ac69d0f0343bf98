/**
 * Secret redaction for anything that may reach a log, a report or a snapshot:
 * structured values (`redact`), HTTP header maps (`redactHeaders`) and free
 * text log lines (`redactText`).
 *
 * Redaction errs on the side of hiding: a value under a secret-looking name is
 * replaced whole, whatever its type (null/undefined are kept, they hide nothing).
 */

export const REDACTED = '[REDACTED]';

/**
 * Member names whose value is always secret, compared case-insensitively
 * after dropping '-' and '_' (so `Proxy-Authorization`, `set_cookie`,
 * `nonce-secret` all match). A name that is a DM tree path (contains '/')
 * is judged by its last segment (`./AppAuth/1/Secret`).
 */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  'secret',
  'password',
  'passwd',
  'psk',
  'privatekey',
  'keypem',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'token',
  'noncesecret',
  'apikey',
]);

/** Suffixes that make a compound name secret too: clientSecret, AAuthSecret, accessToken, adminPassword, x-api-key, clientKeyPem. */
const SECRET_SUFFIXES: readonly string[] = ['secret', 'password', 'passwd', 'token', 'privatekey', 'apikey', 'keypem'];

/** Members naming a DM node / URI; a sibling value/data of a secret node is secret. */
const PATH_MEMBERS: ReadonlySet<string> = new Set(['path', 'uri', 'locuri', 'target', 'source', 'node']);
const VALUE_MEMBERS: ReadonlySet<string> = new Set(['value', 'data', 'content']);

/** Header names whose values are challenges (not credentials): never redacted by scheme. */
const CHALLENGE_HEADERS: ReadonlySet<string> = new Set(['wwwauthenticate', 'proxyauthenticate']);

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const CREDENTIAL_SCHEME = /^\s*(?:basic|digest|bearer)\s+\S/i;

function normalizeName(name: string): string {
  const slash = name.lastIndexOf('/');
  const last = slash >= 0 ? name.slice(slash + 1) : name;
  return last.toLowerCase().replace(/[-_]/g, '');
}

/** True when a member / header / DM node name marks its value as secret. */
export function isSecretName(name: string): boolean {
  const n = normalizeName(name);
  if (SECRET_NAMES.has(n)) return true;
  return SECRET_SUFFIXES.some((s) => n.length > s.length && n.endsWith(s));
}

/** True when the string contains a PEM private key block (any flavour: PKCS#8, EC, RSA, ENCRYPTED). */
export function containsPrivateKey(text: string): boolean {
  return PEM_PRIVATE_KEY.test(text);
}

function isHeaderMapName(name: string): boolean {
  return /headers?$/i.test(name);
}

type Context = { readonly headerMap: boolean };

type Memo = { readonly plain: WeakMap<object, unknown>; readonly headers: WeakMap<object, unknown> };

/**
 * Deep copy of `value` with secrets replaced by "[REDACTED]":
 * - members with secret names (see `isSecretName`), including DM paths ending in /Secret, /Password;
 * - `key` members (and any other string) holding a PEM private key;
 * - `value`/`data` next to a `path`/`uri`/`LocURI`/`Target` naming a secret DM node;
 * - `Basic`/`Digest`/`Bearer` credentials inside header maps (members named `headers`/`…Headers`,
 *   and `Headers` instances); WWW-/Proxy-Authenticate challenges are kept;
 * - inside other strings, what `redactText` hides (secret=…, Authorization: … lines).
 * Uint8Array / other ArrayBuffer views and ArrayBuffers are returned as is (same reference).
 * Cycles and shared references are preserved in the copy. The input is not modified.
 */
export function redact<T>(value: T): T {
  const memo: Memo = { plain: new WeakMap(), headers: new WeakMap() };
  return copy(value, { headerMap: false }, memo) as T;
}

/** Header map with credential-bearing headers replaced by "[REDACTED]". */
export function redactHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    const redacted = value === undefined ? undefined : Array.isArray(value) ? value.map((v) => redactHeaderValue(name, v)) : redactHeaderValue(name, value);
    defineMember(out, name, redacted);
  }
  return out;
}

function redactHeaderValue(name: string, value: string): string {
  if (isSecretName(name)) return REDACTED;
  return redactString(value, { headerMap: true }, name);
}

function redactString(value: string, ctx: Context, memberName: string | undefined): string {
  if (containsPrivateKey(value)) return REDACTED;
  if (ctx.headerMap && CREDENTIAL_SCHEME.test(value) && !(memberName !== undefined && CHALLENGE_HEADERS.has(normalizeName(memberName)))) {
    return REDACTED;
  }
  return redactText(value);
}

function copy(value: unknown, ctx: Context, memo: Memo, memberName?: string): unknown {
  if (typeof value === 'string') return redactString(value, ctx, memberName);
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  if (value instanceof RegExp || value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet) {
    return value;
  }

  const table = ctx.headerMap ? memo.headers : memo.plain;
  const done = table.get(value);
  if (done !== undefined) return done;

  if (Array.isArray(value)) {
    const out: unknown[] = [];
    table.set(value, out);
    for (const item of value) out.push(copy(item, ctx, memo, memberName));
    return out;
  }
  if (value instanceof Date) {
    const out = new Date(value.getTime());
    table.set(value, out);
    return out;
  }
  if (value instanceof URL) {
    const out = new URL(value.href);
    table.set(value, out);
    if (out.password) out.password = REDACTED;
    for (const name of [...out.searchParams.keys()]) {
      if (isSecretName(name)) out.searchParams.set(name, REDACTED);
    }
    return out;
  }
  if (typeof Headers !== 'undefined' && value instanceof Headers) {
    const out = new Headers();
    table.set(value, out);
    for (const [name, v] of value) out.append(name, redactHeaderValue(name, v));
    return out;
  }
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    table.set(value, out);
    for (const [k, v] of value) {
      const name = typeof k === 'string' ? k : undefined;
      out.set(k, name !== undefined ? copyMember(name, v, ctx, memo) : copy(v, ctx, memo));
    }
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    table.set(value, out);
    for (const v of value) out.add(copy(v, ctx, memo, memberName));
    return out;
  }

  // Plain objects and class instances (incl. Errors): same prototype, own data copied.
  const source = value as Record<string, unknown>;
  const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  table.set(value, out);
  const keys = Object.keys(source);
  if (value instanceof Error) {
    for (const k of ['name', 'message', 'stack', 'cause'] as const) {
      if (Object.hasOwn(value, k) && !keys.includes(k)) keys.push(k);
    }
  }
  const secretNode = namesSecretNode(source);
  for (const key of keys) {
    const v = source[key];
    if (secretNode && VALUE_MEMBERS.has(key.toLowerCase()) && v !== undefined && v !== null) {
      defineMember(out, key, REDACTED);
    } else {
      defineMember(out, key, copyMember(key, v, ctx, memo));
    }
  }
  return out;
}

function copyMember(name: string, v: unknown, ctx: Context, memo: Memo): unknown {
  if (v === undefined || v === null) return v;
  if (isSecretName(name)) return REDACTED;
  if (typeof v === 'string' && name.toLowerCase() === 'key' && containsPrivateKey(v)) return REDACTED;
  const childCtx: Context = isHeaderMapName(name) ? { headerMap: true } : ctx;
  return copy(v, childCtx, memo, name);
}

/** Does this object describe a DM node (path/uri/LocURI/Target…) whose name is secret? */
function namesSecretNode(obj: Record<string, unknown>): boolean {
  for (const [k, v] of Object.entries(obj)) {
    if (!PATH_MEMBERS.has(k.toLowerCase())) continue;
    if (typeof v === 'string' && v.includes('/') && isSecretName(v)) return true;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [ik, iv] of Object.entries(v as Record<string, unknown>)) {
        if (PATH_MEMBERS.has(ik.toLowerCase()) && typeof iv === 'string' && iv.includes('/') && isSecretName(iv)) {
          return true;
        }
      }
    }
  }
  return false;
}

/** Assign without ever invoking setters such as `__proto__`. */
function defineMember(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const TEXT_SECRET_NAME = String.raw`[A-Za-z0-9_.\-]*?(?:secret|password|passwd|pwd|psk|token|private[_-]?key|key[_-]?pem)`;

type TextRule = readonly [RegExp, (match: string, ...groups: (string | undefined)[]) => string];

const TEXT_RULES: readonly TextRule[] = [
  // PEM private key blocks, including a truncated block running to the end of the text.
  [/-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$(?![\s\S]))/g, () => REDACTED],
  // JSON members: "password": "…", "Authorization": "…".
  [
    new RegExp(String.raw`("(?:${TEXT_SECRET_NAME}|(?:proxy-)?authorization|(?:set-)?cookie)"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi'),
    (_m, prefix = '') => `${prefix}"${REDACTED}"`,
  ],
  // Header lines: "Authorization: Basic xxx" -> "Authorization: Basic [REDACTED]" (scheme kept).
  [
    /(\b(?:proxy-)?authorization[ \t]*:[ \t]*)(?:(basic|digest|bearer|negotiate|ntlm)[ \t]+)?[^\r\n]*/gi,
    (_m, prefix = '', scheme) => `${prefix}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  ],
  [/(\b(?:set-)?cookie[ \t]*:[ \t]*)[^\r\n]*/gi, (_m, prefix = '') => `${prefix}${REDACTED}`],
  // Digest credentials anywhere (they carry response=; a challenge does not): the scheme is kept.
  [/\b(Digest)[ \t]+[^\r\n]*?\bresponse[ \t]*=[^\r\n]*/gi, (_m, scheme = 'Digest') => `${scheme} ${REDACTED}`],
  // Basic credentials anywhere: base64 that decodes to "name:password" (a "Basic realm=" challenge does not).
  [
    /\b(Basic)[ \t]+([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=."'])/gi,
    (m, scheme = 'Basic', token = '') => (Buffer.from(token, 'base64').toString('utf8').includes(':') ? `${scheme} ${REDACTED}` : m),
  ],
  // Query / form / key=value pairs: secret=…, password=…, access_token=…
  [new RegExp(String.raw`((?:^|[?&;,\s])${TEXT_SECRET_NAME}=)[^&;,\s#"']*`, 'gi'), (_m, prefix = '') => `${prefix}${REDACTED}`],
];

/**
 * A word every rule of TEXT_RULES needs in the text to match (PRIVATE KEY, a secret name, a header
 * name, an auth scheme): a text without any of them is returned as it is after this one test, not
 * seven. Most strings of a trace (URIs, command names, node values) are such texts.
 */
const MIGHT_HOLD_SECRET = /private[ _-]?key|secret|passw|pwd|psk|token|key[_-]?pem|authorization|cookie|digest|basic/i;

/**
 * Redact secrets in a free-text log line (or a whole log): PEM private key
 * blocks, `Authorization:`/`Proxy-Authorization:`/`Cookie:` header lines (the
 * auth scheme is kept), Basic and Digest credentials wherever they appear
 * (challenges are kept), JSON members with secret names, and `secret=`,
 * `password=`, `token=`… query/form values.
 */
export function redactText(text: string): string {
  return MIGHT_HOLD_SECRET.test(text) ? applyTextRules(text) : text;
}

/** Every rule of TEXT_RULES, without the pre-test (exported for the test that the pre-test misses nothing). */
export function applyTextRules(text: string): string {
  let out = text;
  for (const [pattern, replace] of TEXT_RULES) out = out.replace(pattern, replace);
  return out;
}
