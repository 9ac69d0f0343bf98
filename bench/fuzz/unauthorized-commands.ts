/**
 * Well-formed commands a server has no right to send (K-ACL, P-ACL, P-DELEG): each aimed at data of
 * another management authority, at permanent device data, or at MOs outside the server's Perm.
 */
import type { RawCommand } from '../../harness/protocol/commands.ts';
import { pick, type Rng } from './mutate.ts';

export const VICTIM_MO = 'urn:oma:mo:oma-dm-connmo:1.0';
export const VICTIM_URI = `${VICTIM_MO}/1`;
const DEVINFO = 'urn:oma:mo:oma-dm-devinfo:1.0';
const DIAG = 'urn:oma:mo:dmcts-diagnostics:1.0/1';
const DELEGATION = 'urn:oma:mo:oma-dm-delegation:1.0';
const DMACC = 'urn:oma:mo:oma-dm-dmacc:1.0';

export function unauthorizedCommand(r: Rng, contentUrl: string, receiverUrl: string): RawCommand {
  const target = pick(r, [
    VICTIM_URI,
    `${VICTIM_URI}/APN`,
    `${VICTIM_MO}//`,
    `${VICTIM_MO}/*`,
    `${VICTIM_MO}/*/APN`,
    `${DEVINFO}/1/Man`,
    `${DMACC}/1`,
    `${DMACC}/1/Auth/Noti/Secret`,
  ]);
  return pick<() => RawCommand>(r, [
    () => ['GET', target],
    () => ['HGET', contentUrl, target],
    () => ['HGET', contentUrl],
    () => ['DELETE', target],
    () => ['EXEC', `${DIAG}/Run`],
    () => ['EXEC', `${VICTIM_URI}/APN`],
    () => ['HPUT', receiverUrl, target],
    () => ['HPOST', receiverUrl, target],
    () => ['SUB', target, receiverUrl],
    () => ['HGET', `${contentUrl}?grant`],
    () => ['DELETE', `${DELEGATION}/*`],
    () => ['GET', `${DELEGATION}/*`],
  ])();
}
