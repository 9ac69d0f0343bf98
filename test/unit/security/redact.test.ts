import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTextRules, isSecretName, REDACTED, redact, redactHeaders, redactText } from '../../../harness/security/redact.ts';

const PEM_KEY = ['-----BEGIN PRIVATE KEY-----', 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPLANTEDKEYMATERIAL', '-----END PRIVATE KEY-----', ''].join(
  '\n',
);
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

describe('redact: member names', () => {
  it('replaces values under secret names, case-insensitively', () => {
    const input = {
      user: 'alice',
      Password: 'hunter2',
      PASSWD: 'pw',
      secret: { nested: 'object' },
      psk: 1234,
      privateKey: 'k',
      KeyPem: 'k2',
      Authorization: 'Basic YWxpY2U6aHVudGVyMg==',
      'proxy-authorization': 'Digest x',
      Cookie: 'sid=1',
      'Set-Cookie': ['a=1', 'b=2'],
      token: 't',
      'nonce-secret': 'n',
    };
    expect(redact(input)).toEqual({
      user: 'alice',
      Password: REDACTED,
      PASSWD: REDACTED,
      secret: REDACTED,
      psk: REDACTED,
      privateKey: REDACTED,
      KeyPem: REDACTED,
      Authorization: REDACTED,
      'proxy-authorization': REDACTED,
      Cookie: REDACTED,
      'Set-Cookie': REDACTED,
      token: REDACTED,
      'nonce-secret': REDACTED,
    });
  });

  it('covers compound names and DM paths, keeps null/undefined', () => {
    expect(isSecretName('clientSecret')).toBe(true);
    expect(isSecretName('AAuthSecret')).toBe(true);
    expect(isSecretName('access_token')).toBe(true);
    expect(isSecretName('./DMAcc/Srv/AppAuth/1/Password')).toBe(true);
    expect(isSecretName('secretary')).toBe(false);
    expect(isSecretName('key')).toBe(false);
    expect(isSecretName('nonce')).toBe(false);
    expect(redact({ './Auth/Noti/Secret': 'x', password: null, token: undefined })).toEqual({
      './Auth/Noti/Secret': REDACTED,
      password: null,
      token: undefined,
    });
  });

  it('redacts DM tree leaves named Secret/Password at any depth', () => {
    const tree = { Auth: { Noti: { Secret: 'x', Level: 'APPSRV' } }, DMAcc: [{ Password: 'p', Name: 'srv' }] };
    expect(redact(tree)).toEqual({
      Auth: { Noti: { Secret: REDACTED, Level: 'APPSRV' } },
      DMAcc: [{ Password: REDACTED, Name: 'srv' }],
    });
  });

  it('redacts the value of items that target a secret DM node', () => {
    const items = [
      { path: './DMAcc/1/AppAuth/1/AAuthSecret', value: 'topsecret' },
      { Target: { LocURI: './Auth/Noti/Password' }, Data: 'pw' },
      { Target: { LocURI: './DevInfo/Mod' }, Data: 'Model-X' },
    ];
    expect(redact(items)).toEqual([
      { path: './DMAcc/1/AppAuth/1/AAuthSecret', value: REDACTED },
      { Target: { LocURI: './Auth/Noti/Password' }, Data: REDACTED },
      { Target: { LocURI: './DevInfo/Mod' }, Data: 'Model-X' },
    ]);
  });

  it('redacts `key` only when it holds a PEM private key', () => {
    expect(redact({ key: PEM_KEY, cert: PEM_CERT })).toEqual({ key: REDACTED, cert: PEM_CERT });
    expect(redact({ key: 'Mod', keyId: 'abc' })).toEqual({ key: 'Mod', keyId: 'abc' });
  });

  it('redacts any string containing a PEM private key, wherever it is', () => {
    expect(redact(['x', `log: ${PEM_KEY} end`, { blob: { note: PEM_KEY } }])).toEqual(['x', REDACTED, { blob: { note: REDACTED } }]);
    expect(redact(PEM_KEY)).toBe(REDACTED);
  });
});

describe('redact: header maps', () => {
  it('redacts Basic/Digest/Bearer credentials in header maps but not challenges', () => {
    const message = {
      url: 'https://127.0.0.1/dm',
      headers: {
        'x-dm-auth': 'Basic Zm9vOmJhcg==',
        'X-Proxy-Creds': 'Digest username="a", response="abc"',
        'WWW-Authenticate': 'Digest realm="dm", nonce="abc"',
        'content-type': 'application/vnd.oma.dm.request+json',
      },
      note: 'Basic is what we use', // not a header map
    };
    expect(redact(message)).toEqual({
      url: 'https://127.0.0.1/dm',
      headers: {
        'x-dm-auth': REDACTED,
        'X-Proxy-Creds': REDACTED,
        'WWW-Authenticate': 'Digest realm="dm", nonce="abc"',
        'content-type': 'application/vnd.oma.dm.request+json',
      },
      note: 'Basic is what we use',
    });
  });

  it('redactHeaders keeps arrays and undefined, redacts credential headers', () => {
    expect(
      redactHeaders({
        authorization: 'Bearer abc',
        'set-cookie': ['a=1', 'b=2'],
        accept: '*/*',
        'x-custom': 'Basic dXNlcjpwYXNz',
        'proxy-authenticate': 'Basic realm="p"',
        missing: undefined,
      }),
    ).toEqual({
      authorization: REDACTED,
      'set-cookie': [REDACTED, REDACTED],
      accept: '*/*',
      'x-custom': REDACTED,
      'proxy-authenticate': 'Basic realm="p"',
      missing: undefined,
    });
  });

  it('handles Headers and Map instances', () => {
    const h = new Headers({ Authorization: 'Basic x', Accept: 'a' });
    const out = redact({ h });
    expect(out.h).toBeInstanceOf(Headers);
    expect(out.h.get('authorization')).toBe(REDACTED);
    expect(out.h.get('accept')).toBe('a');
    const m = redact(
      new Map<string, unknown>([
        ['password', 'p'],
        ['ok', 1],
      ]),
    );
    expect([...m]).toEqual([
      ['password', REDACTED],
      ['ok', 1],
    ]);
  });
});

describe('redact: structure', () => {
  it('returns a deep copy and leaves the input untouched', () => {
    const input = { a: { password: 'p', list: [1, { token: 't' }] }, d: new Date(0) };
    const snapshot = structuredClone(input);
    const out = redact(input);
    expect(input).toEqual(snapshot);
    expect(out).not.toBe(input);
    expect(out.a).not.toBe(input.a);
    expect(out.a.list).not.toBe(input.a.list);
    expect(out.d).toEqual(new Date(0));
    expect(out.d).not.toBe(input.d);
  });

  it('leaves Uint8Array as is', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const out = redact({ body: bytes, secret: 'x' });
    expect(out.body).toBe(bytes);
    expect(out.secret).toBe(REDACTED);
  });

  it('terminates on cycles and preserves them in the copy', () => {
    type Node = { name: string; password: string; self?: Node; list: unknown[] };
    const node: Node = { name: 'n', password: 'p', list: [] };
    node.self = node;
    node.list.push(node, node.list);
    const out = redact(node);
    expect(out.password).toBe(REDACTED);
    expect(out.self).toBe(out);
    expect(out.list[0]).toBe(out);
    expect(out.list[1]).toBe(out.list);
  });

  it('copies Errors including message, stack and own fields', () => {
    const err = Object.assign(new Error('login failed for password=hunter2'), { config: { password: 'x' } });
    const out = redact(err);
    expect(out).toBeInstanceOf(Error);
    expect(out.message).toBe(`login failed for password=${REDACTED}`);
    expect(out.stack).not.toContain('hunter2');
    expect(out.config).toEqual({ password: REDACTED });
  });

  it('does not let a __proto__ member change the prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "password": "p"}') as Record<string, unknown>;
    const out = redact(input);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'password']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('redacts URL passwords and secret query parameters', () => {
    const out = redact({ u: new URL('https://dm:pw@127.0.0.1/x?token=abc&a=1') });
    expect(out.u.href).not.toContain('pw@');
    expect(out.u.searchParams.get('token')).toBe(REDACTED);
    expect(out.u.searchParams.get('a')).toBe('1');
  });
});

describe('redactText', () => {
  it('redacts PEM private key blocks, complete or truncated', () => {
    const text = `before\n${PEM_KEY}middle\n${PEM_CERT}-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI`;
    const out = redactText(text);
    expect(out).toBe(`before\n${REDACTED}\nmiddle\n${PEM_CERT}${REDACTED}`);
  });

  it('redacts Authorization / Cookie header lines, keeping the scheme', () => {
    const log = [
      'POST /dm HTTP/1.1',
      'Authorization: Digest username="dev", realm="dm", response="6629fae49393a05397450978507c4ef1"',
      'proxy-authorization: secret-stuff',
      'Cookie: sid=abc',
      'Content-Type: application/json',
    ].join('\r\n');
    expect(redactText(log)).toBe(
      [
        'POST /dm HTTP/1.1',
        `Authorization: Digest ${REDACTED}`,
        `proxy-authorization: ${REDACTED}`,
        `Cookie: ${REDACTED}`,
        'Content-Type: application/json',
      ].join('\r\n'),
    );
  });

  it('redacts secret=/password= query and form values', () => {
    expect(redactText('GET /cb?user=a&password=hunter2&client_secret=s3&x=1 HTTP/1.1')).toBe(
      `GET /cb?user=a&password=${REDACTED}&client_secret=${REDACTED}&x=1 HTTP/1.1`,
    );
    expect(redactText('form: secret=abc; token=def, psk=ghi')).toBe(`form: secret=${REDACTED}; token=${REDACTED}, psk=${REDACTED}`);
    expect(redactText('passwordless=1 mysecretary=2')).toBe('passwordless=1 mysecretary=2');
  });

  it('redacts JSON members with secret names inside a log line', () => {
    expect(redactText('{"user":"a","password":"p\\"q","Authorization":"Basic x","n":1}')).toBe(
      `{"user":"a","password":"${REDACTED}","Authorization":"${REDACTED}","n":1}`,
    );
  });

  it('leaves ordinary text alone', () => {
    const line = 'session 42: Replace ./DevInfo/Mod -> 200 OK (Basic auth negotiated)';
    expect(redactText(line)).toBe(line);
  });
});

// ---------------------------------------------------------------- properties

const MARKER = 'ZQXSECRETZQX';

const SECRET_NAMES = [
  'secret',
  'password',
  'passwd',
  'psk',
  'privateKey',
  'keyPem',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'token',
  'nonce-secret',
  'Secret',
  'Password',
];

const secretName = fc.constantFrom(...SECRET_NAMES).chain((n) => fc.mixedCase(fc.constant(n)));

/** A secret value: a marked string, or a structure holding marked strings. */
const secretValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.string({ maxLength: 12 }), fc.nat())
  .map(([s, n]) => `${MARKER}${n}${s}`)
  .chain((marked) =>
    fc.oneof(fc.constant<unknown>(marked), fc.constant<unknown>([marked, 1]), fc.constant<unknown>({ inner: marked, more: { deep: marked } })),
  );

const safeKey = fc
  .stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,9}$/)
  .filter((k) => !isSecretName(k) && !/headers?$/i.test(k) && !/^(path|uri|locuri|target|source|node|value|data|content|key)$/i.test(k));

const safeLeaf = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9 ./]{0,16}$/), fc.integer(), fc.boolean(), fc.constant(null));

const { tree } = fc.letrec<{ tree: unknown; node: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, safeLeaf, tie('node')),
  node: fc.oneof(
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.tuple(fc.dictionary(safeKey, tie('tree'), { maxKeys: 4 }), fc.array(fc.tuple(secretName, secretValue), { maxLength: 2 })).map(([safe, secrets]) => {
      const obj: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(safe)) obj[k] = v;
      for (const [k, v] of secrets) obj[k] = v;
      return obj;
    }),
  ),
}));

/** Plant a secret member at a random object along a random path (so secrets reach every depth). */
function plant(value: unknown, name: string, secret: unknown, path: readonly number[]): unknown {
  if (Array.isArray(value) && value.length > 0 && path.length > 0) {
    const [head = 0, ...rest] = path;
    const i = head % value.length;
    const copy = [...value];
    copy[i] = plant(copy[i], name, secret, rest);
    return copy;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(obj).filter((k) => !isSecretName(k));
    const [head = 0, ...rest] = path;
    if (path.length > 0 && keys.length > 0) {
      const k = keys[head % keys.length] as string;
      obj[k] = plant(obj[k], name, secret, rest);
    } else {
      obj[name] = secret;
    }
    return obj;
  }
  return { wrapped: value, [name]: secret };
}

describe('redact properties', () => {
  it('no planted secret survives in JSON.stringify(redact(x))', () => {
    fc.assert(
      fc.property(tree, fc.array(fc.tuple(secretName, secretValue, fc.array(fc.nat(), { maxLength: 6 })), { maxLength: 4 }), (base, plants) => {
        let value = base;
        for (const [name, secret, path] of plants) value = plant(value, name, secret, path);
        const out = JSON.stringify(redact(value)) ?? '';
        expect(out).not.toContain(MARKER);
      }),
      { numRuns: 300 },
    );
  });

  it('values without secrets come back deep-equal (and the input is untouched)', () => {
    const { clean } = fc.letrec<{ clean: unknown }>((tie) => ({
      clean: fc.oneof({ depthSize: 'small' }, safeLeaf, fc.array(tie('clean'), { maxLength: 4 }), fc.dictionary(safeKey, tie('clean'), { maxKeys: 4 })),
    }));
    fc.assert(
      fc.property(clean, (value) => {
        const before = JSON.stringify(value);
        expect(redact(value)).toEqual(value);
        expect(JSON.stringify(value)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});

describe('redact: HTTP authentication and device credentials (P-SEC)', () => {
  const KEY = ['-----BEGIN PRIVATE KEY-----', 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgREALKEY', '-----END PRIVATE KEY-----', ''].join('\n');

  it('hides the secrets of client.bootstrap and server.setCredentials calls, keeps the public parts', () => {
    const bootstrap = {
      jsonrpc: '2.0',
      id: 3,
      method: 'client.bootstrap',
      params: {
        servers: [
          {
            srvId: 'srv-1',
            srvUri: 'https://127.0.0.1:1/dm',
            trustAnchorPem: PEM_CERT,
            clientAuth: { type: 'digest', name: 'dev-user', secret: 'digest-pw-1' },
            clientCertPem: PEM_CERT,
            clientKeyPem: KEY,
          },
          // A key in another armour (not PEM) is still hidden by its name.
          { srvId: 'srv-2', srvUri: 'https://127.0.0.1:2/dm', clientKeyPem: 'MIGHAgEAMBMGByqGSM49base64only' },
        ],
      },
    };
    const out = redact(bootstrap);
    const text = JSON.stringify(out);
    for (const secret of ['digest-pw-1', 'REALKEY', 'base64only']) expect(text).not.toContain(secret);
    expect(out.params.servers[0]).toMatchObject({
      clientAuth: { type: 'digest', name: 'dev-user', secret: REDACTED },
      clientKeyPem: REDACTED,
      clientCertPem: PEM_CERT,
      trustAnchorPem: PEM_CERT,
    });
    expect(out.params.servers[1]!.clientKeyPem).toBe(REDACTED);
    const creds = redact({ method: 'server.setCredentials', params: { devId: 'd', basic: { name: 'dev-user', password: 'basic-pw-2' }, x509: true } });
    expect(creds.params).toEqual({ devId: 'd', basic: { name: 'dev-user', password: REDACTED }, x509: true });
  });

  it('hides Digest and Basic credentials in headers and in free text, keeps challenges', () => {
    const digest = 'Digest username="dev-user", realm="srv", uri="/dm", algorithm=SHA-256, nonce="n", nc=00000001, cnonce="c", qop=auth, response="abcdef0123"';
    const basic = `Basic ${Buffer.from('dev-user:basic-pw-3').toString('base64')}`;
    const challenge = 'Digest realm="srv", qop="auth", algorithm=SHA-256, nonce="n", opaque="o", Basic realm="srv"';
    expect(redactHeaders({ authorization: digest, 'www-authenticate': challenge })).toEqual({ authorization: REDACTED, 'www-authenticate': challenge });
    expect(redact({ headers: { Authorization: basic } })).toEqual({ headers: { Authorization: REDACTED } });
    // A log line or an error message quoting the value without its header name.
    expect(redactText(`retrying with ${digest} now`)).toBe(`retrying with Digest ${REDACTED}`);
    expect(redactText(`sent ${basic}, got 401`)).toBe(`sent Basic ${REDACTED}, got 401`);
    expect(redactText(`sent basic ${Buffer.from('u:p').toString('base64')}`)).toBe(`sent basic ${REDACTED}`);
    // Challenges and prose stay readable.
    expect(redactText(`401 with ${challenge}`)).toBe(`401 with ${challenge}`);
    expect(redactText('Basic authentication failed; Basic realm=dmcts')).toBe('Basic authentication failed; Basic realm=dmcts');
    expect(redactText('Digest: wrong name or password')).toBe('Digest: wrong name or password');
  });

  it('an MO serialization of a DMAcc account keeps the trust anchor and hides Auth/Client/Secret', () => {
    const entry = [
      {
        ClientURI: 'urn:oma:mo:oma-dm-dmacc:1.0/1',
        MOData: { SrvID: 's', Auth: { Client: { Type: 'Basic', Name: 'u', Secret: 'dmacc-pw-4' }, Server: { Type: 'X509', Data: PEM_CERT } } },
      },
    ];
    const out = redact(entry);
    expect(JSON.stringify(out)).not.toContain('dmacc-pw-4');
    expect(out[0]!.MOData.Auth.Server.Data).toBe(PEM_CERT);
  });
});

describe('redactText: the pre-test', () => {
  // Texts made of the words the rules look for, in any case and order, among harmless ones: the
  // pre-test lets a text skip the rules only when applying them would change nothing.
  const words = [
    '-----BEGIN PRIVATE KEY-----',
    '-----END PRIVATE KEY-----',
    '-----BEGIN EC PRIVATE KEY-----',
    'Authorization',
    'Proxy-Authorization',
    'Cookie',
    'Set-Cookie',
    'Basic',
    'Digest',
    'response=',
    'YWxpY2U6aHVudGVyMg==',
    'secret',
    'password',
    'passwd',
    'pwd',
    'psk',
    'token',
    'private_key',
    'key-pem',
    'access_token',
    '"',
    ':',
    '=',
    '&',
    '?',
    ' ',
    '\n',
    'realm',
    'GET',
    './DevInfo',
    'abc',
    '42',
  ];
  const cased = fc
    .tuple(fc.constantFrom(...words), fc.constantFrom('lower', 'upper', 'same'))
    .map(([w, c]) => (c === 'lower' ? w.toLowerCase() : c === 'upper' ? w.toUpperCase() : w));
  it('changes nothing the rules would change', () => {
    fc.assert(
      fc.property(fc.array(cased, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(redactText(text)).toBe(applyTextRules(text));
      }),
      { numRuns: 3000 },
    );
  });
});
