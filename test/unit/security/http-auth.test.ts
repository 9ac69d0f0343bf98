/**
 * HTTP authentication primitives (K-SEC, P-SEC): challenge/credential parsing, the RFC 7616 Digest
 * arithmetic against the RFC's own worked example, and the reference server's authenticator on its
 * own (nonces bound to the server instance, replay, expiry, the algorithms and parameters it takes).
 */
import { describe, expect, it } from 'vitest';
import {
  basicAuthorization,
  digestAuthorization,
  digestHa1,
  digestResponse,
  parseAuthHeader,
  parseBasicCredentials,
} from '../../../harness/security/http-auth.ts';
import { ClientAuthenticator } from '../../../harness/server/client-auth.ts';
import type { EndpointRequest } from '../../../harness/transport/http-endpoint.ts';

describe('parseAuthHeader', () => {
  it('splits challenges joined into one header, keeping quoted commas and escapes', () => {
    const items = parseAuthHeader('Basic realm="a, b", charset="UTF-8", Digest realm="r\\"x", qop="auth,auth-int", algorithm=SHA-256, nonce="n1", stale=true');
    expect(items).toEqual([
      { scheme: 'basic', params: { realm: 'a, b', charset: 'UTF-8' } },
      { scheme: 'digest', params: { realm: 'r"x', qop: 'auth,auth-int', algorithm: 'SHA-256', nonce: 'n1', stale: 'true' } },
    ]);
  });

  it('reads Basic credentials as token68 and refuses malformed ones', () => {
    const [item] = parseAuthHeader(basicAuthorization('dev-user', 'pa:ss wörd'));
    expect(item!.scheme).toBe('basic');
    expect(parseBasicCredentials(item!)).toEqual({ name: 'dev-user', password: 'pa:ss wörd' });
    expect(parseBasicCredentials(parseAuthHeader('Basic bm9jb2xvbg==')[0]!)).toBeUndefined(); // "nocolon"
    expect(parseBasicCredentials(parseAuthHeader('Basic realm="x"')[0]!)).toBeUndefined();
    expect(parseAuthHeader('Bearer abc==, Basic realm=x')).toEqual([
      { scheme: 'bearer', params: {}, token68: 'abc==' },
      { scheme: 'basic', params: { realm: 'x' } },
    ]);
  });
});

describe('Digest arithmetic (RFC 7616 §3.9.1)', () => {
  const example = {
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    method: 'GET',
    uri: '/dir/index.html',
  };
  it('gives the RFC response for SHA-256 and for MD5', () => {
    const sha = digestHa1('SHA-256', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(digestResponse({ algorithm: 'SHA-256', ha1: sha, ...example })).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    const md5 = digestHa1('MD5', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(digestResponse({ algorithm: 'MD5', ha1: md5, ...example })).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('builds an Authorization that names everything the server needs', () => {
    const value = digestAuthorization(
      { realm: 'r', nonce: 'n', opaque: 'o', algorithm: 'SHA-256' },
      { name: 'u', password: 'p' },
      { method: 'POST', uri: '/dm', nc: 10 },
    );
    const [item] = parseAuthHeader(value);
    expect(item!.scheme).toBe('digest');
    expect(item!.params).toMatchObject({ username: 'u', realm: 'r', uri: '/dm', algorithm: 'SHA-256', nonce: 'n', nc: '0000000a', qop: 'auth', opaque: 'o' });
    const p = item!.params;
    expect(p.response).toBe(
      digestResponse({ algorithm: 'SHA-256', ha1: digestHa1('SHA-256', 'u', 'r', 'p'), nonce: 'n', nc: p.nc!, cnonce: p.cnonce!, method: 'POST', uri: '/dm' }),
    );
    expect(value).not.toContain('"p"');
  });
});

/** A request as the endpoint hands it to the server (no TLS peer certificate). */
function request(authorization?: string, path = '/dm'): EndpointRequest {
  return {
    method: 'POST',
    url: new URL(path, 'https://127.0.0.1'),
    headers: authorization ? { authorization } : {},
    body: Buffer.alloc(0),
    wireBytes: 0,
    remoteAddress: '127.0.0.1',
  };
}

function challengeOf(auth: ClientAuthenticator) {
  const digest = parseAuthHeader(auth.challenges().join(', ')).find((c) => c.scheme === 'digest')!;
  return { realm: digest.params.realm!, nonce: digest.params.nonce!, opaque: digest.params.opaque!, algorithm: 'SHA-256' as const };
}

describe('ClientAuthenticator', () => {
  const DEV = 'dev-1';
  const make = (options: Partial<ConstructorParameters<typeof ClientAuthenticator>[0]> = {}) => {
    const auth = new ClientAuthenticator({ modes: ['basic', 'digest'], required: true, ...options }, 'srv-1');
    expect(auth.setCredentials(DEV, { basic: { name: 'user', password: 'pw' } }).ok).toBe(true);
    return auth;
  };

  it('challenges with Basic and a SHA-256 Digest (qop auth), a new nonce each time', () => {
    const auth = make();
    const [basic, digest] = auth.challenges();
    expect(basic).toBe('Basic realm="srv-1", charset="UTF-8"');
    expect(digest).toMatch(/^Digest realm="srv-1", qop="auth", algorithm=SHA-256, nonce="[A-Za-z0-9_-]+", opaque="[A-Za-z0-9_-]+", charset=UTF-8$/);
    expect(challengeOf(auth).nonce).not.toBe(challengeOf(auth).nonce);
  });

  it('takes a good Digest once, and refuses the same Authorization again (replay)', () => {
    const auth = make();
    const value = digestAuthorization(challengeOf(auth), { name: 'user', password: 'pw' }, { method: 'POST', uri: '/dm', nc: 1 });
    expect(auth.check(request(value), DEV)).toEqual({ ok: true, by: 'digest' });
    const again = auth.check(request(value), DEV);
    expect(again.ok).toBe(false);
    expect(!again.ok && again.reason).toMatch(/replay/);
  });

  it('accepts a response made with algorithm=MD5 but not an algorithm it does not know', () => {
    const auth = make();
    const c = challengeOf(auth);
    expect(
      auth.check(request(digestAuthorization({ ...c, algorithm: 'MD5' }, { name: 'user', password: 'pw' }, { method: 'POST', uri: '/dm', nc: 1 })), DEV),
    ).toEqual({ ok: true, by: 'digest' });
    const sha512 = digestAuthorization(c, { name: 'user', password: 'pw' }, { method: 'POST', uri: '/dm', nc: 2 }).replace(
      'algorithm=SHA-256',
      'algorithm=SHA-512-256',
    );
    expect(auth.check(request(sha512), DEV)).toMatchObject({ ok: false, reason: 'Digest: unsupported algorithm' });
  });

  it('refuses a nonce of another server instance, a wrong uri, a wrong opaque and wrong credentials', () => {
    const auth = make();
    const other = make();
    const creds = { name: 'user', password: 'pw' };
    const foreign = digestAuthorization(challengeOf(other), creds, { method: 'POST', uri: '/dm', nc: 1 });
    expect(auth.check(request(foreign), DEV)).toMatchObject({ ok: false, reason: 'Digest: a nonce this server did not issue' });
    expect(other.check(request(foreign), DEV)).toEqual({ ok: true, by: 'digest' });
    const c = challengeOf(auth);
    expect(auth.check(request(digestAuthorization(c, creds, { method: 'POST', uri: '/dm/s/x', nc: 1 })), DEV)).toMatchObject({
      ok: false,
      reason: 'Digest: the uri is not the request-target',
    });
    expect(auth.check(request(digestAuthorization({ ...c, opaque: 'nope' }, creds, { method: 'POST', uri: '/dm', nc: 1 })), DEV)).toMatchObject({
      ok: false,
      reason: 'Digest: wrong opaque',
    });
    expect(auth.check(request(digestAuthorization(c, { name: 'user', password: 'PW' }, { method: 'POST', uri: '/dm', nc: 1 })), DEV)).toMatchObject({
      ok: false,
      reason: 'Digest: wrong name or password',
    });
    expect(auth.check(request(digestAuthorization(c, creds, { method: 'POST', uri: '/dm', nc: 1 })), 'dev-2')).toMatchObject({
      ok: false,
      reason: 'Digest: the device has no name and password at this server',
    });
  });

  it('answers an expired nonce with stale=true only when the response was right', async () => {
    const auth = make({ nonceTtlMs: 50 });
    const c = challengeOf(auth);
    await new Promise((r) => setTimeout(r, 80));
    const good = auth.check(request(digestAuthorization(c, { name: 'user', password: 'pw' }, { method: 'POST', uri: '/dm', nc: 1 })), DEV);
    expect(good).toMatchObject({ ok: false, reason: 'Digest: the nonce expired' });
    expect(!good.ok && good.reply.challenges?.find((h) => h.startsWith('Digest'))).toMatch(/, stale=true$/);
    const bad = auth.check(request(digestAuthorization(c, { name: 'user', password: 'nope' }, { method: 'POST', uri: '/dm', nc: 1 })), DEV);
    expect(!bad.ok && bad.reply.challenges?.find((h) => h.startsWith('Digest'))).not.toContain('stale');
  });

  it('Basic: right pair only; a scheme that is not enabled is refused; nothing presented passes only when not required', () => {
    const auth = make({ modes: ['basic'] });
    expect(auth.check(request(basicAuthorization('user', 'pw')), DEV)).toEqual({ ok: true, by: 'basic' });
    expect(auth.check(request(basicAuthorization('user', 'pw2')), DEV)).toMatchObject({ ok: false, reason: 'Basic: wrong name or password' });
    expect(auth.check(request(basicAuthorization('other', 'pw')), DEV)).toMatchObject({ ok: false });
    expect(
      auth.check(request(digestAuthorization(challengeOf(make()), { name: 'user', password: 'pw' }, { method: 'POST', uri: '/dm', nc: 1 })), DEV),
    ).toMatchObject({ ok: false, reason: /scheme "digest"/ });
    const refused = auth.check(request(), DEV);
    expect(refused).toMatchObject({ ok: false, reason: 'no credentials' });
    expect(!refused.ok && refused.reply).toMatchObject({ status: 401, challenges: ['Basic realm="srv-1", charset="UTF-8"'] });
    // Not required: a device without credentials at this server may come in anonymously, an enrolled
    // one may not (nobody passes for it by leaving credentials out), and wrong credentials never pass.
    const optional = make({ modes: ['basic'], required: false });
    expect(optional.check(request(), 'dev-unenrolled')).toEqual({ ok: true });
    expect(optional.check(request(), DEV)).toMatchObject({ ok: false, reason: 'no credentials' });
    expect(optional.check(request(basicAuthorization('user', 'pw')), DEV)).toEqual({ ok: true, by: 'basic' });
    expect(optional.check(request(basicAuthorization('user', 'bad')), 'dev-unenrolled').ok).toBe(false);
  });

  it('X.509: needs a verified certificate naming the DevID (CN or subjectAltName) and the operator saying so', () => {
    const auth = new ClientAuthenticator({ modes: ['x509'], required: true, ca: 'PEM' }, 'srv-1');
    const withCert = (peerCertificate: EndpointRequest['peerCertificate']) => ({ ...request(), ...(peerCertificate ? { peerCertificate } : {}) });
    expect(auth.check(withCert({ authorized: true, subjectCN: DEV }), DEV)).toMatchObject({ ok: false, reason: /not set to authenticate by certificate/ });
    auth.setCredentials(DEV, { x509: true });
    expect(auth.check(withCert({ authorized: true, subjectCN: DEV }), DEV)).toEqual({ ok: true, by: 'x509' });
    expect(auth.check(withCert({ authorized: true, subjectCN: 'x', subjectAltNames: ['a', DEV] }), DEV)).toEqual({ ok: true, by: 'x509' });
    expect(auth.check(withCert({ authorized: false, subjectCN: DEV, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }), DEV)).toMatchObject({
      ok: false,
      reason: /does not verify.*UNABLE_TO_VERIFY_LEAF_SIGNATURE/,
    });
    expect(auth.check(withCert({ authorized: true, subjectCN: 'dev-10' }), DEV)).toMatchObject({
      ok: false,
      reason: /neither the subject CN nor a subjectAltName/,
    });
    const refused = auth.check(withCert(undefined), DEV);
    expect(refused).toMatchObject({ ok: false, reply: { status: 401, challenges: [] } });
  });

  it('validates credentials and forgets them on {}', () => {
    const auth = make();
    expect(auth.setCredentials(DEV, { basic: { name: 'a:b', password: 'x' } }).ok).toBe(false);
    expect(auth.setCredentials(DEV, { basic: { name: 'a', password: '' } }).ok).toBe(false);
    expect(auth.credentialsOf(DEV)).toEqual({ basic: true, x509: false });
    expect(auth.setCredentials(DEV, {}).ok).toBe(true);
    expect(auth.credentialsOf(DEV)).toEqual({ basic: false, x509: false });
    expect(auth.check(request(basicAuthorization('user', 'pw')), DEV).ok).toBe(false);
  });
});
