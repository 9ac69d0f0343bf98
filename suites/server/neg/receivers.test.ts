/**
 * The IUT's own receivers (the ServerURIs it hosts for HPUT, HPOST, SUB; K-NEG): a body in a format
 * they do not take gets 415 with OMADM-Accept, and the retry in a listed format is taken.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { deliver } from '../../../harness/conformance/fixtures/server/deliver.ts';
import { RawDm } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { show } from '../../../harness/conformance/fixtures/verify.ts';
import { encodeBody } from '../../../harness/protocol/body-codec.ts';
import { mediaType, parseMediaType } from '../../../harness/protocol/media-types.ts';
import { DIAGNOSTICS_MOID as DIAG } from '../../../harness/protocol/moids.ts';
import { OMADM_ACCEPT, OMADM_DEVID } from '../../../harness/protocol/negotiation.ts';

defineCase(
  {
    id: 'DMCTS-S-NEG-013',
    title: "The IUT's own receivers: a body in a format they do not take gets 415 with OMADM-Accept, and the retry in a listed format is taken",
    requirement:
      'A server that hosts the ServerURI of its HPUT, HPOST or SUB MUST answer a delivery whose body it cannot read with HTTP 415 and an OMADM-Accept listing what it takes, and MUST take the delivery again in a format it listed (K-NEG).',
    labels: ['DM-IOP-001'],
    rules: ['K-NEG', 'K-CMD', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const label = `${DIAG}/1/Label`;
    t.step('queue HPUT with a ServerURI the IUT hosts itself ("auto")');
    const queued = await dev.tryQueue(['HPUT', 'auto', label]);
    if ('error' in queued) {
      t.inconclusive(
        `not demonstrated: the IUT's adapter does not queue HPUT with a ServerURI the server hosts itself (server.queue of HPUT with ServerURI "auto": ${queued.error}), so its receivers could not be reached`,
      );
    }
    const [r] = await deliver(t, dev, [queued.commandId], "the HPUT to the IUT's own receiver");
    const hput = dev.commandsReceived().find((c) => c[0] === 'HPUT');
    const url = typeof hput?.[1] === 'string' && /^https?:\/\//i.test(hput[1]) ? hput[1] : undefined;
    if (!url) t.inconclusive(`the HPUT queued with ServerURI "auto" reached the device as ${show(hput)}: no receiver URL of the IUT to deliver to`);
    // K: HPUT sends the data to the ServerURI, and the IUT's receiver took the device's delivery (in a format of the device's choosing).
    t.check(
      r?.state === 'done' && r.status?.sc === 200,
      `the device's own HPUT to the IUT's receiver ${url} ended ${r?.state} with ${show(r?.status)}, not done with sc 200`,
      'K',
    );
    const entries = [{ ClientURI: label, MOData: `made-up-${t.seed >>> 0}` }];
    const raw = RawDm.start(t);
    const madeUp = 'application/vnd.dmcts.made-up-serialization+json';
    t.step(`deliver to the IUT's receiver as ${madeUp}`);
    const refused = await raw.send({
      method: 'PUT',
      url,
      headers: { 'content-type': madeUp, [OMADM_DEVID]: dev.devId },
      body: Buffer.from(JSON.stringify(entries)),
    });
    // K-NEG: a body the server cannot read is 415, and OMADM-Accept lists what it takes for HPUT/HPOST/SUB.
    t.check(
      refused.status === 415,
      `a delivery to the IUT's receiver as "${madeUp}" was answered HTTP ${refused.status}${refused.error ? ` (${refused.error})` : ''}, not 415`,
      'K',
    );
    const listed = refused.headers[OMADM_ACCEPT] ?? '';
    t.check(listed.trim() !== '', `the 415 of the IUT's receiver carries no OMADM-Accept listing what it takes (headers: ${show(refused.headers)})`, 'K');
    // The names of the MO serialization media types are the profile's (P-DETAIL).
    const encoding = t.need(
      listed
        .split(',')
        .map((x) => parseMediaType(x.trim()))
        .find((m) => m?.kind === 'mo')?.encoding,
      `the OMADM-Accept "${listed}" of the IUT's receiver names no MO serialization the device can send (${mediaType('mo', 'json')}, ${mediaType('mo', 'cbor')})`,
      'P',
    );
    t.step(`retry in ${mediaType('mo', encoding)}, which the receiver listed`);
    const retry = await raw.send({
      method: 'PUT',
      url,
      headers: { 'content-type': mediaType('mo', encoding), [OMADM_DEVID]: dev.devId },
      body: encodeBody(entries, encoding),
    });
    // K-NEG: the sender retries in a format the receiver listed; the receiver takes it.
    t.check(
      retry.status >= 200 && retry.status < 300,
      `the retry in ${mediaType('mo', encoding)}, a format the IUT's receiver listed in OMADM-Accept "${listed}", was answered HTTP ${retry.status}${retry.error ? ` (${retry.error})` : ''}, not taken (2xx)`,
      'K',
    );
  },
);
