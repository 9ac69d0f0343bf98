/**
 * The DDF reader's faults that vectors do not cover: its size and depth bounds, a second top-level
 * Node, a root that is a leaf, a VerDTD that is not 1.x, a NodeName holding "/"; and its error is a
 * ConfigError whose message names file, line, element and fix.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../harness/core/config-error.ts';
import { DdfError } from '../../../harness/tree/ddf/ddf-error.ts';
import { readDdf } from '../../../harness/tree/ddf/ddf-to-mo.ts';
import { MAX_DDF_BYTES, MAX_DDF_DEPTH } from '../../../harness/tree/ddf/ddf-xml.ts';

const node = (name: string, format: string, inner = '') =>
  `<Node><NodeName>${name}</NodeName><DFProperties><AccessType><Get/></AccessType><DFFormat><${format}/></DFFormat></DFProperties>${inner}</Node>`;
const ddf = (body: string, ver = '1.2') => `<MgmtTree>\n<VerDTD>${ver}</VerDTD>\n${body}\n</MgmtTree>`;
const root = (inner: string) =>
  `<Node><NodeName>R</NodeName><DFProperties><AccessType><Get/></AccessType><DFFormat><node/></DFFormat><DFType><DDFName>urn:oma:mo:x:1.0</DDFName></DFType></DFProperties>${inner}</Node>`;

function fault(text: string): DdfError {
  try {
    readDdf(text, { file: 'x.ddf' });
  } catch (e) {
    if (e instanceof DdfError) return e;
    throw e;
  }
  throw new Error('the DDF was read without an error');
}

describe('DDF reader faults', () => {
  it('a DdfError is a ConfigError (exit code 2) whose message names file, line, element and fix', () => {
    const e = fault(ddf(root(node('A', 'string'))));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^x\.ddf:3: <string> is not a DFFormat of the DDF DTD\. Fix: write exactly one of <node\/> .* inside <DFFormat>\.$/);
  });

  it('text over the size bound, and elements nested over the depth bound', () => {
    expect(fault(' '.repeat(MAX_DDF_BYTES + 1)).code).toBe('DDF_XML');
    let deep = node('L', 'chr');
    for (let i = 0; i < MAX_DDF_DEPTH; i++) deep = node(`N${i}`, 'node', deep);
    const e = fault(ddf(root(deep)));
    expect(e.code).toBe('DDF_XML');
    expect(e.message).toContain(`over the reader's limit of ${MAX_DDF_DEPTH}`);
  });

  it('a second top-level Node, a leaf root, a VerDTD other than 1.x, a NodeName with "/"', () => {
    expect(fault(ddf(`${root('')}\n${root('')}`))).toMatchObject({ code: 'DDF_STRUCTURE', element: 'Node', line: 4 });
    expect(fault(ddf(node('R', 'chr')))).toMatchObject({ code: 'DDF_STRUCTURE', element: 'Node', line: 3 });
    expect(fault(ddf(root(''), '2.0'))).toMatchObject({ code: 'DDF_VALUE', element: 'VerDTD', line: 2 });
    expect(fault(ddf(root(node('a/b', 'chr'))))).toMatchObject({ code: 'DDF_NAME', element: 'NodeName', line: 3 });
  });

  it('a DDFName that is not a URN, unless an MOID is given', () => {
    const text = ddf(root('').replace('urn:oma:mo:x:1.0', 'DevInfo'));
    expect(fault(text)).toMatchObject({ code: 'DDF_MOID', element: 'DDFName', line: 3 });
    expect(readDdf(text, { file: 'x.ddf', moid: 'urn:oma:mo:y:1.0' }).definition.moid).toBe('urn:oma:mo:y:1.0');
  });
});
