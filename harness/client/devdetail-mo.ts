/**
 * The reference device's DevDetail MO (DM 1.x, reused by DM 2.0 through K-DDF): its definition read
 * from the DevDetail DDF (harness/tree/ddf), and its factory data.
 */
import { readDdf } from '../tree/ddf/ddf-to-mo.ts';
import { DEVDETAIL_DDF } from '../tree/ddf/devdetail-ddf.ts';
import type { MoDefinition } from '../tree/mo-definition.ts';

export const DEVDETAIL_MO: MoDefinition = readDdf(DEVDETAIL_DDF, { file: 'devdetail.ddf', deviceMade: true }).definition;

export const DEVDETAIL_MOID = DEVDETAIL_MO.moid;

/** What the device says of itself in DevDetail (no limits on URIs: 0; large objects supported, P-LO). */
export function devDetailData(fwV: string): Record<string, unknown> {
  return {
    URI: { MaxDepth: '0', MaxTotLen: '0', MaxSegLen: '0' },
    DevTyp: 'reference',
    OEM: 'dmcts',
    FwV: fwV,
    SwV: '1.0',
    HwV: 'none',
    LrgObj: true,
  };
}
