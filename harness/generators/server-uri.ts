/** ServerURIs: absolute http(s) URIs, as HGET, HPUT, CONT, ... carry them (K-CMD). */
import fc from 'fast-check';

export function serverUriArb(): fc.Arbitrary<string> {
  return fc
    .record({
      scheme: fc.constantFrom('https', 'http', 'HTTPS'),
      host: fc.constantFrom('dm.operator.example', 'localhost:8443', '127.0.0.1:9000', 'files.example'),
      path: fc.array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,10}$/), { maxLength: 3 }),
      query: fc.option(fc.stringMatching(/^[a-z]{1,5}=[A-Za-z0-9]{1,8}$/), { nil: undefined }),
    })
    .map(({ scheme, host, path, query }) => `${scheme}://${host}/${path.join('/')}${query ? `?${query}` : ''}`);
}
