/**
 * Use case B.1 ("query all MOs") as bytes on the wire in each format, from one run over the same
 * data (bench/b1-device-tree.json): the DM 2.0 Package#3 answering a GET of each MO (JSON and
 * P-CBOR; its Data entries without the CV members, which bench/b1-bytes.ts counts), the DM 1.2
 * SyncML XML Results of the same Gets (bench/support/syncml-results.ts), the LwM2M view of the
 * data (P-MAP) as SenML-JSON and SenML-CBOR, and its TR-181 view as a USP-style GetResp JSON —
 * each raw, gzip and brotli (node:zlib, default levels). The LwM2M and TR-181 views carry only
 * what the P-MAP tables map: the table says how many leaves each one carries.
 *
 *   npm run bench:formats
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { encodeBody } from '../harness/protocol/body-codec.ts';
import type { Package3 } from '../harness/protocol/packages.ts';
import { leavesOf } from '../harness/tree/mapping/dm-data.ts';
import { encodeSenmlCbor, encodeSenmlJson } from '../harness/tree/mapping/senml.ts';
import { toLwm2m } from '../harness/tree/mapping/to-lwm2m.ts';
import { toTr181 } from '../harness/tree/mapping/to-tr181.ts';
import { uspGetResp } from '../harness/tree/mapping/usp-json.ts';
import { syncmlResults } from './support/syncml-results.ts';

const B1 = JSON.parse(readFileSync(new URL('./b1-device-tree.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
const DEV_ID = 'IMEI:356938035643809';
const SRV_URI = 'https://dm.operator.example/dm20';

const leaves = (data: Record<string, Record<string, unknown>>): number =>
  Object.values(data).reduce<number>((n, byMiid) => n + Object.values(byMiid).reduce<number>((m, d) => m + leavesOf(d).length, 0), 0);
const total = leaves(B1);

/** The DM 2.0 Package#3: one Status per GET MOID/*, its data in the Status (P-GET). */
const package3: Package3 = {
  Status: Object.entries(B1).map(([moid, byMiid]) => ({
    sc: 200,
    URI: Object.keys(byMiid).map((miid) => `${moid}/${miid}`),
    Data: Object.entries(byMiid).map(([miid, MOData]) => ({ ClientURI: `${moid}/${miid}`, MOData })),
  })),
};

const lwm2m = toLwm2m(B1);
const lwm2mLeaves = lwm2m.instances.reduce((n, i) => n + i.resources.length, 0);
const lwm2mShortServerIds = lwm2m.instances.reduce(
  (n, i) => n + i.resources.filter((r) => (i.object === 0 && r.id === 10) || (i.object === 1 && r.id === 0)).length,
  0,
);
const tr181 = toTr181(B1);

interface Row {
  format: string;
  bytes: Uint8Array;
  carried: string;
}

const rows: Row[] = [
  { format: 'DM 2.0 JSON (Package#3)', bytes: encodeBody(package3, 'json'), carried: `${total}/${total}` },
  { format: 'DM 2.0 CBOR (Package#3, P-CBOR)', bytes: encodeBody(package3, 'cbor'), carried: `${total}/${total}` },
  {
    format: 'DM 1.2 SyncML XML (Results)',
    bytes: Buffer.from(syncmlResults(B1, { devId: DEV_ID, srvUri: SRV_URI, sessionId: '1' }), 'utf8'),
    carried: `${total}/${total}`,
  },
  {
    format: 'LwM2M SenML-JSON (P-MAP)',
    bytes: Buffer.from(encodeSenmlJson(lwm2m.instances), 'utf8'),
    carried: `${lwm2mLeaves - lwm2mShortServerIds}/${total}`,
  },
  { format: 'LwM2M SenML-CBOR (P-MAP)', bytes: encodeSenmlCbor(lwm2m.instances), carried: `${lwm2mLeaves - lwm2mShortServerIds}/${total}` },
  {
    format: 'TR-181 USP-style GetResp JSON (P-MAP)',
    bytes: Buffer.from(JSON.stringify(uspGetResp(tr181.params)), 'utf8'),
    carried: `${Object.keys(tr181.params).length}/${total}`,
  },
];

const fmt = (n: number, width = 9) => n.toLocaleString('en-US').padStart(width);
const out = process.stdout;
out.write(
  `B.1 "query all MOs" (bench/b1-device-tree.json): ${Object.keys(B1).length} MOs, ${total} leaves; bytes of the body, one run, node:zlib default levels\n`,
);
out.write(`P-MAP tables: LwM2M ${lwm2m.version}, TR-181 ${tr181.version}\n\n`);
out.write(`${'format'.padEnd(40)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}   leaves carried\n`);
for (const r of rows) {
  out.write(`${r.format.padEnd(40)} ${fmt(r.bytes.length)} ${fmt(gzipSync(r.bytes).length)} ${fmt(brotliCompressSync(r.bytes).length)}   ${r.carried}\n`);
}
out.write(
  `\nLwM2M carries ${lwm2mLeaves - lwm2mShortServerIds} of the ${total} leaves (+${lwm2mShortServerIds} Short Server IDs linking Security and Server instances), ` +
    `TR-181 ${Object.keys(tr181.params).length}: the rest is listed as unmapped (LwM2M ${lwm2m.unmapped.length}, TR-181 ${tr181.unmapped.length} nodes; ` +
    'the features and session-info MOs have no counterpart in either table).\n',
);
