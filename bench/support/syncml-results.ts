/**
 * The same MO data as a DM 1.2 SyncML (OMA-TS-DM_RepPro 1.2, XML) Package#3 carrying Results of a
 * Get per MO: SyncHdr, a Status for the header and for each Get, and one Results per MO with an Item
 * per leaf (its LocURI, Meta Format and Type, Data). For measuring bytes only (bench/b1-formats.ts):
 * DM 1.2 addresses a node by its path, so an MO instance is `./<MO name>/<MIID>/...`.
 */

const MO_NAMES: Readonly<Record<string, string>> = {
  'urn:oma:mo:oma-dm-devinfo:1.0': 'DevInfo',
  'urn:oma:mo:oma-dm-dmacc:1.0': 'DMAcc',
  'urn:oma:mo:oma-dm-connmo:1.0': 'ConnMO',
  'urn:oma:mo:oma-fumo:1.0': 'FUMO',
};

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function moName(moid: string): string {
  return MO_NAMES[moid] ?? moid.split(':').at(-2) ?? moid;
}

function format(value: unknown): { format: string; type: string; data: string } {
  if (typeof value === 'boolean') return { format: 'bool', type: 'text/plain', data: String(value) };
  if (typeof value === 'number') return { format: Number.isInteger(value) ? 'int' : 'float', type: 'text/plain', data: String(value) };
  if (value instanceof Uint8Array) return { format: 'b64', type: 'application/octet-stream', data: Buffer.from(value).toString('base64') };
  if (value === null) return { format: 'null', type: 'text/plain', data: '' };
  return { format: 'chr', type: 'text/plain', data: escapeXml(String(value)) };
}

function items(prefix: string, value: unknown): string[] {
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.entries(value).flatMap(([name, child]) => items(`${prefix}/${name}`, child));
  }
  const f = format(value);
  return [
    `<Item><Source><LocURI>${escapeXml(prefix)}</LocURI></Source><Meta><Format xmlns="syncml:metinf">${f.format}</Format><Type xmlns="syncml:metinf">${f.type}</Type></Meta><Data>${f.data}</Data></Item>`,
  ];
}

/** A SyncML Package#3 (client -> server) answering one Get per MO of `data` (MOID -> MIID -> MOData). */
export function syncmlResults(data: Record<string, Record<string, unknown>>, ids: { devId: string; srvUri: string; sessionId: string }): string {
  const hdr = `<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>${escapeXml(ids.sessionId)}</SessionID><MsgID>2</MsgID><Target><LocURI>${escapeXml(ids.srvUri)}</LocURI></Target><Source><LocURI>${escapeXml(ids.devId)}</LocURI></Source></SyncHdr>`;
  let cmdId = 1;
  const body: string[] = [
    `<Status><CmdID>${cmdId++}</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><TargetRef>${escapeXml(ids.devId)}</TargetRef><SourceRef>${escapeXml(ids.srvUri)}</SourceRef><Data>212</Data></Status>`,
  ];
  Object.entries(data).forEach(([moid, instances], i) => {
    const root = `./${moName(moid)}`;
    body.push(
      `<Status><CmdID>${cmdId++}</CmdID><MsgRef>1</MsgRef><CmdRef>${i + 2}</CmdRef><Cmd>Get</Cmd><TargetRef>${root}?list=Struct</TargetRef><Data>200</Data></Status>`,
    );
    const all = Object.entries(instances).flatMap(([miid, moData]) => items(`${root}/${miid}`, moData));
    body.push(`<Results><CmdID>${cmdId++}</CmdID><MsgRef>1</MsgRef><CmdRef>${i + 2}</CmdRef>${all.join('')}</Results>`);
  });
  return `<?xml version="1.0" encoding="UTF-8"?><SyncML xmlns="SYNCML:SYNCML1.2">${hdr}<SyncBody>${body.join('')}<Final/></SyncBody></SyncML>`;
}
