/**
 * One DDF `Node` element as an MO node definition (K-DDF): NodeName (empty or a `<x>`-style placeholder:
 * the tree's `<x>`), DFProperties' AccessType, DFFormat, Occurrence, Scope and Description, and the child
 * Nodes. Path, RTProperties, DefaultValue, DFTitle, DFType (of a leaf), CaseSense and ACL are ignored.
 */
import type { Format } from '../formats.ts';
import { PLACEHOLDER, type AccessType, type NodeDef, type Occurrence, type Scope } from '../mo-definition.ts';
import type { DdfFault } from './ddf-error.ts';
import {
  ACCESS_ORDER,
  DDF_ACCESS_TYPES,
  DDF_FORMATS,
  DDF_OCCURRENCES,
  DDF_SCOPES,
  DEFAULT_OCCURRENCE,
  DEFAULT_SCOPE,
  isPlaceholderName,
} from './ddf-vocabulary.ts';
import type { XmlElement } from './ddf-xml.ts';

export type Fail = (fault: DdfFault) => never;

export const child = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);

/** The one element of a choice element (`<DFFormat><chr/></DFFormat>`), or a fault naming the choices. */
function choice(el: XmlElement, allowed: readonly string[], fail: Fail, code: DdfFault['code'] = 'DDF_VALUE'): XmlElement {
  const [only, second] = el.children;
  const fix = `write exactly one of ${allowed.map((a) => `<${a}/>`).join(' ')} inside <${el.name}>`;
  if (!only) return fail({ code, element: el.name, line: el.line, problem: 'names no value', fix });
  if (second) return fail({ code, element: second.name, line: second.line, problem: `is a second value of <${el.name}>`, fix });
  if (!allowed.includes(only.name)) return fail({ code, element: only.name, line: only.line, problem: `is not a ${el.name} of the DDF DTD`, fix });
  return only;
}

function required(el: XmlElement, name: string, fail: Fail, fix: string): XmlElement {
  return child(el, name) ?? fail({ code: 'DDF_MISSING', element: el.name, line: el.line, problem: `has no ${name} (mandatory, K-DDF)`, fix });
}

function nodeName(node: XmlElement, isRoot: boolean, fail: Fail): string {
  const el = child(node, 'NodeName');
  if (!el) {
    if (isRoot) return PLACEHOLDER;
    return fail({
      code: 'DDF_MISSING',
      element: 'Node',
      line: node.line,
      problem: 'has no NodeName (mandatory, K-DDF)',
      fix: 'name the node with <NodeName>, or write an empty <NodeName/> for a node whose name its creator chooses',
    });
  }
  const name = el.text.trim();
  if (isRoot || name === '' || isPlaceholderName(name)) return PLACEHOLDER;
  if (name.includes('/') || name === '.' || name === '..') {
    return fail({
      code: 'DDF_NAME',
      element: 'NodeName',
      line: el.line,
      problem: `"${name}" is not a node name (no "/", not "." or "..")`,
      fix: 'give one path segment; the parent nodes are the enclosing <Node> elements',
    });
  }
  return name;
}

function accessTypes(props: XmlElement, fail: Fail): AccessType[] {
  const el = required(props, 'AccessType', fail, 'list the allowed operations, e.g. <AccessType><Get/></AccessType>');
  const fix = `use ${DDF_ACCESS_TYPES.map((a) => `<${a}/>`).join(' ')}`;
  if (el.children.length === 0) return fail({ code: 'DDF_VALUE', element: 'AccessType', line: el.line, problem: 'lists no access type', fix });
  for (const c of el.children) {
    if (!(DDF_ACCESS_TYPES as readonly string[]).includes(c.name)) {
      fail({ code: 'DDF_VALUE', element: c.name, line: c.line, problem: 'is not an AccessType of the DDF DTD', fix });
    }
  }
  const named = new Set(el.children.map((c) => c.name));
  return ACCESS_ORDER.filter((a) => named.has(a));
}

function format(props: XmlElement, fail: Fail): Format {
  const el = required(props, 'DFFormat', fail, 'give the node format, e.g. <DFFormat><chr/></DFFormat>');
  return choice(el, DDF_FORMATS, fail, 'DDF_FORMAT').name as Format;
}

function occurrence(props: XmlElement, fail: Fail): Occurrence {
  const el = child(props, 'Occurrence');
  return el ? (DDF_OCCURRENCES[choice(el, Object.keys(DDF_OCCURRENCES), fail).name] as Occurrence) : DEFAULT_OCCURRENCE;
}

function scope(props: XmlElement, fail: Fail): Scope {
  const el = child(props, 'Scope');
  return el ? (choice(el, DDF_SCOPES, fail).name as Scope) : DEFAULT_SCOPE;
}

/** The node definition of a `Node` element and its descendants. */
export function nodeDef(node: XmlElement, fail: Fail, isRoot = false): NodeDef {
  const name = nodeName(node, isRoot, fail);
  const props = required(node, 'DFProperties', fail, 'describe the node in <DFProperties> (AccessType, DFFormat, ...)');
  const access = accessTypes(props, fail);
  const fmt = format(props, fail);
  const description = child(props, 'Description')?.text.trim();
  const def: NodeDef = { name, format: fmt, occurrence: occurrence(props, fail), scope: scope(props, fail), access };
  if (description) def.description = description;
  const kids = node.children.filter((c) => c.name === 'Node');
  if (fmt !== 'node') {
    const first = kids[0];
    if (first) {
      fail({
        code: 'DDF_STRUCTURE',
        element: 'Node',
        line: first.line,
        problem: `is a child of "${name}", a leaf of format ${fmt}`,
        fix: 'give the parent <DFFormat><node/></DFFormat>, or move the child elsewhere',
      });
    }
    return def;
  }
  const children: NodeDef[] = [];
  for (const k of kids) {
    const c = nodeDef(k, fail);
    if (children.some((s) => s.name === c.name)) {
      const at = child(k, 'NodeName') ?? k;
      fail({
        code: 'DDF_NAME',
        element: at.name,
        line: at.line,
        problem: `names a second child "${c.name}" of "${name}"`,
        fix: 'give sibling nodes distinct names (at most one x-name node per parent)',
      });
    }
    children.push(c);
  }
  def.children = children;
  // An `Ext` node with no children described: vendor extensions, any content (as standard-mos.ts's ext()).
  if (name === 'Ext' && children.length === 0) def.open = true;
  return def;
}
