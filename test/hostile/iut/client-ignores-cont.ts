/**
 * A client that ignores CONT: it answers every Package#2 with a new Package#1 to the server's DM URL
 * (never a Package#3 to the session URI), 40 times in a row.
 */
import { request } from 'node:https';
import { clientAdapter, DEV_ID } from './kit.ts';

const package1 = JSON.stringify({
  MOS: [{ MOID: 'urn:oma:mo:oma-dm-devinfo:1.0', MIID: ['1'] }],
  Alert: [{ AlertType: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt' }],
});

function post(url: URL): Promise<void> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        rejectUnauthorized: false,
        headers: { 'content-type': 'application/vnd.oma.dm.initiation+json', accept: 'application/vnd.oma.dm.request+json', 'omadm-devid': DEV_ID },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
        res.on('error', () => resolve());
      },
    );
    req.on('error', () => resolve());
    req.end(package1);
  });
}

await clientAdapter('ignores CONT', (url) => {
  void (async () => {
    for (let i = 0; i < 40; i++) await post(url);
  })();
});
