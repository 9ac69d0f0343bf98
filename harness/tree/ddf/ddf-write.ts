/**
 * An MO definition written as a DM 1.2 DDF (K-DDF): what readDdf reads back to the same definition
 * (the round trip the DDF property test checks). Every DFProperties element is written explicitly;
 * an x-name node gets an empty NodeName, the root its DDFName (the MOID).
 */
import { PLACEHOLDER, type MoDefinition, type NodeDef } from '../mo-definition.ts';

export interface DdfWriteOptions {
  /** The root's NodeName (the DM 1.x mount point name); empty by default, as the root is an instance. */
  rootName?: string;
  man?: string;
  mod?: string;
}

export function writeDdf(def: MoDefinition, options: DdfWriteOptions = {}): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE MgmtTree PUBLIC "-//OMA//DTD-DM-DDF 1.2//EN" "http://www.openmobilealliance.org/tech/DTD/DM_DDF-V1_2.dtd">',
    '<MgmtTree>',
    '  <VerDTD>1.2</VerDTD>',
  ];
  if (options.man) lines.push(`  <Man>${escapeXml(options.man)}</Man>`);
  if (options.mod) lines.push(`  <Mod>${escapeXml(options.mod)}</Mod>`);
  writeNode(lines, def.root, '  ', { rootName: options.rootName ?? '', moid: def.moid });
  lines.push('</MgmtTree>', '');
  return lines.join('\n');
}

function writeNode(lines: string[], node: NodeDef, indent: string, root?: { rootName: string; moid: string }): void {
  const i2 = `${indent}  `;
  const i3 = `${i2}  `;
  const name = root ? root.rootName : node.name === PLACEHOLDER ? '' : node.name;
  lines.push(`${indent}<Node>`, name === '' ? `${i2}<NodeName/>` : `${i2}<NodeName>${escapeXml(name)}</NodeName>`);
  lines.push(`${i2}<DFProperties>`);
  lines.push(`${i3}<AccessType>${node.access.map((a) => `<${a}/>`).join('')}</AccessType>`);
  if (node.description !== undefined) lines.push(`${i3}<Description>${escapeXml(node.description)}</Description>`);
  lines.push(`${i3}<DFFormat><${node.format}/></DFFormat>`);
  lines.push(`${i3}<Occurrence><${node.occurrence}/></Occurrence>`);
  lines.push(`${i3}<Scope><${node.scope}/></Scope>`);
  lines.push(root ? `${i3}<DFType><DDFName>${escapeXml(root.moid)}</DDFName></DFType>` : `${i3}<DFType><MIME>text/plain</MIME></DFType>`);
  lines.push(`${i2}</DFProperties>`);
  for (const c of node.children ?? []) writeNode(lines, c, i2);
  lines.push(`${indent}</Node>`);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
