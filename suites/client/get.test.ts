/** GET (K-CMD SHOULD, P-GET, P-SEL): data in the Status entry, selection, cache validators. */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';

const DEVINFO = 'urn:oma:mo:oma-dm-devinfo:1.0';

defineCase(
  {
    id: 'DMCTS-C-GET-001',
    title: 'GET of DevInfo returns its data in the Status entry',
    requirement: 'A client that supports GET SHOULD answer it with sc 200, the concrete URIs and the data as an MO serialization in the Status entry (P-GET).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'P-GET', 'K-DDF'],
    level: 'SHOULD',
    role: 'client',
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.start(t);
    await srv.bootstrap();
    const get = await srv.one(['GET', `${DEVINFO}//`]);
    t.check(get.status.sc === 200, `GET ${DEVINFO}// answered sc ${get.status.sc}, not 200`);
    const entry = t.need(get.status.Data?.[0], 'the Status entry of GET carries no Data');
    t.check(/^urn:oma:mo:oma-dm-devinfo:1\.0\/[^/]+$/.test(entry.ClientURI), `the Data entry's ClientURI "${entry.ClientURI}" does not name a DevInfo instance`);
    const data = entry.MOData as Record<string, unknown>;
    t.check(data && typeof data === 'object', 'the DevInfo MOData is not an object of its nodes');
    t.check(data.DevID === srv.devId, `DevInfo DevID is ${JSON.stringify(data.DevID)}, but the device said its DevID is ${srv.devId}`);
    t.check(get.status.URI.includes(entry.ClientURI), 'the Status URI list does not name the instance the data came from');
  },
);

defineCase(
  {
    id: 'DMCTS-C-GET-002',
    title: 'GET with cv= of an unchanged instance is 304 without data',
    requirement: 'A client that supports cache validators MUST answer a GET whose cv= matches the unchanged instance with sc 304 and no data (K-ADDR, P-SEL).',
    labels: ['DM-HLF-004'],
    rules: ['K-ADDR', 'P-SEL', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
    features: ['GET', 'CACHE'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.start(t);
    await srv.bootstrap();
    const first = await srv.one(['GET', `${DEVINFO}//`]);
    const entry = first.status.Data?.[0];
    if (!entry?.CV) t.fail('the GET data carries no cache validator (CV) to repeat the query with');
    const again = await srv.one(['GET', `${entry.ClientURI}?cv=${encodeURIComponent(entry.CV)}`]);
    t.check(again.status.sc === 304, `GET with the current cv= answered sc ${again.status.sc}, not 304`);
    t.check(!again.status.Data || again.status.Data.length === 0, 'a 304 carried data anyway');
  },
);
