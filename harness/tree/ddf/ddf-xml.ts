/**
 * The XML of a DDF as a small element tree with the line of each start tag (saxes, a well-formed XML
 * parser; the DTD is not fetched or validated: ddf-to-mo.ts checks what K-DDF needs). Bounded: at most
 * MAX_DDF_BYTES of text and MAX_DDF_DEPTH nested elements.
 */
import { SaxesParser } from 'saxes';
import { DdfError } from './ddf-error.ts';

export const MAX_DDF_BYTES = 1024 * 1024;
export const MAX_DDF_DEPTH = 64;

export interface XmlElement {
  name: string;
  /** 1-based line of the start tag. */
  line: number;
  children: XmlElement[];
  /** The element's own text (character data and CDATA), untrimmed. */
  text: string;
}

/** Parses DDF text; throws a DdfError (DDF_XML) naming the line of the first well-formedness fault. */
export function parseDdfXml(text: string, file: string): XmlElement {
  if (text.length > MAX_DDF_BYTES) {
    throw new DdfError(file, {
      code: 'DDF_XML',
      element: 'MgmtTree',
      line: 1,
      problem: `is ${text.length} characters long, over the reader's limit of ${MAX_DDF_BYTES}`,
      fix: 'split the DDF: one MO per file',
    });
  }
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (element: string, problem: string, fix: string): never => {
    throw new DdfError(file, { code: 'DDF_XML', element, line: parser.line, problem, fix });
  };
  // saxes closes the open element before it reports a wrong end tag: that element is the one at fault.
  let closed: { name: string; at: number } | undefined;
  parser.on('error', (e) => {
    const element = closed?.at === parser.position ? closed.name : (stack.at(-1)?.name ?? 'MgmtTree');
    fail(element, `is not well-formed XML (${plainMessage(e.message)})`, 'correct the XML at that line');
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_DDF_DEPTH)
      fail(tag.name, `is nested ${stack.length + 1} elements deep, over the reader's limit of ${MAX_DDF_DEPTH}`, 'flatten the MO');
    const el: XmlElement = { name: tag.name, line: parser.line, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    closed = { name: tag.name, at: parser.position };
  });
  const addText = (t: string) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.write(text).close();
  if (!root) return fail('MgmtTree', 'holds no element', 'write a <MgmtTree> document');
  return root;
}

/** saxes prefixes its messages with `line:column: `; the DdfError says the line already. */
function plainMessage(message: string): string {
  return message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
}
