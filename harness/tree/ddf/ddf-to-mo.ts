/**
 * A DM 1.2/1.3 DDF (K-DDF) as an MO definition: the MgmtTree's one top-level Node is the instance root
 * (its name is the instance's MIID: `<x>` in the definition), its DFType DDFName the MOID unless one is
 * given. Mandatory: MgmtTree, VerDTD, Node, NodeName (below the root), DFProperties, AccessType, DFFormat.
 */
import type { MoDefinition } from '../mo-definition.ts';
import { DdfError, type DdfFault } from './ddf-error.ts';
import { child, nodeDef } from './ddf-node.ts';
import { parseDdfXml, type XmlElement } from './ddf-xml.ts';

export interface DdfReadOptions {
  /** The file name errors name. */
  file: string;
  /** The MOID, when the DDF names none or another (e.g. a DM 1.x DDF reused under a DM 2.0 MOID). */
  moid?: string;
  /** Where the DDF is published (MoDefinition.ddf). */
  ddfUrl?: string;
  deviceMade?: boolean;
}

export interface DdfMo {
  definition: MoDefinition;
  verDtd: string;
  man?: string;
  mod?: string;
  /** The root's NodeName in the DDF (DevInfo, DMAcc, ...), when it has one. */
  rootName?: string;
}

/** Reads DDF text; throws a DdfError naming the file, element and line of the first fault. */
export function readDdf(text: string, options: DdfReadOptions): DdfMo {
  const fail = (fault: DdfFault): never => {
    throw new DdfError(options.file, fault);
  };
  const tree = parseDdfXml(text, options.file);
  if (tree.name !== 'MgmtTree') {
    fail({
      code: 'DDF_STRUCTURE',
      element: tree.name,
      line: tree.line,
      problem: 'is not MgmtTree, the root element of a DDF',
      fix: 'wrap the Nodes in <MgmtTree>',
    });
  }
  const verDtd = child(tree, 'VerDTD');
  if (!verDtd) {
    return fail({ code: 'DDF_MISSING', element: 'MgmtTree', line: tree.line, problem: 'has no VerDTD (mandatory, K-DDF)', fix: 'add <VerDTD>1.2</VerDTD>' });
  }
  const version = verDtd.text.trim();
  if (!/^1\.\d+(\.\d+)?$/.test(version)) {
    fail({ code: 'DDF_VALUE', element: 'VerDTD', line: verDtd.line, problem: `"${version}" is not a DM 1.x DDF version`, fix: 'write 1.2 or 1.3' });
  }
  const [rootNode, second] = tree.children.filter((c) => c.name === 'Node');
  if (!rootNode) {
    return fail({
      code: 'DDF_MISSING',
      element: 'MgmtTree',
      line: tree.line,
      problem: 'has no Node (mandatory, K-DDF)',
      fix: 'describe the MO root in a <Node>',
    });
  }
  if (second) {
    fail({
      code: 'DDF_STRUCTURE',
      element: 'Node',
      line: second.line,
      problem: 'is a second top-level Node; a DDF here describes one MO, whose root is the first',
      fix: 'put each MO in its own DDF file',
    });
  }
  const root = nodeDef(rootNode, fail, true);
  if (root.format !== 'node') {
    fail({
      code: 'DDF_STRUCTURE',
      element: 'Node',
      line: rootNode.line,
      problem: `is the MO root but has format ${root.format}`,
      fix: 'give the root <DFFormat><node/></DFFormat>',
    });
  }
  const moid = options.moid ?? moidOf(rootNode, fail);
  const definition: MoDefinition = { moid, root };
  if (options.ddfUrl) definition.ddf = options.ddfUrl;
  if (options.deviceMade) definition.deviceMade = true;
  const out: DdfMo = { definition, verDtd: version };
  const man = child(tree, 'Man')?.text.trim();
  const mod = child(tree, 'Mod')?.text.trim();
  const rootName = child(rootNode, 'NodeName')?.text.trim();
  if (man) out.man = man;
  if (mod) out.mod = mod;
  if (rootName) out.rootName = rootName;
  return out;
}

/** The root's `DFProperties/DFType/DDFName`, which must be a URN. */
function moidOf(rootNode: XmlElement, fail: (f: DdfFault) => never): string {
  const props = child(rootNode, 'DFProperties');
  const type = props ? child(props, 'DFType') : undefined;
  const ddfName = type ? child(type, 'DDFName') : undefined;
  const fix = "name the MOID in the root's <DFType><DDFName>urn:oma:mo:...</DDFName></DFType>, or give the MOID when reading";
  if (!ddfName) return fail({ code: 'DDF_MOID', element: 'Node', line: rootNode.line, problem: 'is the MO root but names no MOID (DFType DDFName)', fix });
  const moid = ddfName.text.trim();
  if (!/^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(moid)) {
    return fail({ code: 'DDF_MOID', element: 'DDFName', line: ddfName.line, problem: `"${moid}" is not a URN`, fix });
  }
  return moid;
}
