/**
 * The parts of the docs that are generated from the code, so they cannot drift from it:
 * docs/ics.schema.json and docs/ixit.schema.json (from harness/conformance/ics.ts and ixit.ts), and
 * the method reference of docs/adapters.md (from harness/protocol/upper-tester.ts), between its
 * `<!-- methods:begin -->` and `<!-- methods:end -->` markers. test/adapters/docs.test.ts checks them;
 *   DMCTS_UPDATE_DOCS=1 npx vitest run test/adapters/docs.test.ts
 * rewrites them.
 */
import { ICS_SCHEMA } from '../../harness/conformance/ics.ts';
import { IXIT_SCHEMA } from '../../harness/conformance/ixit.ts';
import { moEntrySchema } from '../../harness/protocol/schemas/common.ts';
import { UT_ERROR, UT_METHODS, UT_SUBPROTOCOL, UT_URL_ENV } from '../../harness/protocol/upper-tester.ts';

export const METHODS_BEGIN = '<!-- methods:begin (generated from harness/protocol/upper-tester.ts by test/adapters/doc-sections.ts) -->';
export const METHODS_END = '<!-- methods:end -->';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

/** A JSON Schema file of the docs: the schema the loader validates with, as it is. */
export function schemaDocument(kind: 'ics' | 'ixit'): string {
  const schema = kind === 'ics' ? ICS_SCHEMA : IXIT_SCHEMA;
  return `${JSON.stringify({ $schema: DRAFT, ...schema }, null, 2)}\n`;
}

type Schema = Record<string, unknown> | boolean;

/** A JSON Schema as a TypeScript-like type, for people (the JSON Schemas stay the reference). */
export function typeOf(schema: Schema, indent = ''): string {
  if (schema === true) return 'any';
  if (schema === false) return 'never';
  if (schema === moEntrySchema) return 'MoEntry';
  const s = schema;
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  const notes: string[] = [];
  if (typeof s.minLength === 'number' && s.minLength > 0) notes.push('non-empty');
  if (typeof s.pattern === 'string') notes.push(`matches ${s.pattern}`);
  if (typeof s.minItems === 'number' && s.minItems > 0) notes.push(`at least ${s.minItems}`);
  const note = notes.length ? ` /* ${notes.join(', ')} */` : '';
  switch (s.type) {
    case 'string':
    case 'boolean':
      return `${s.type}${note}`;
    case 'integer':
      return `integer${note}`;
    case 'array': {
      if (Array.isArray(s.prefixItems)) {
        const head = (s.prefixItems as Schema[]).map((p) => typeOf(p, indent));
        return `[${head.join(', ')}, ...${s.items === true ? 'any' : typeOf(s.items as Schema, indent)}[]]${note}`;
      }
      const item = typeOf((s.items as Schema | undefined) ?? true, indent);
      return `${item.includes(' ') && !item.startsWith('{') ? `(${item})` : item}[]${note}`;
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = new Set((s.required ?? []) as string[]);
      const names = Object.keys(props);
      if (names.length === 0) {
        if (s.additionalProperties && typeof s.additionalProperties === 'object')
          return `{ [key: string]: ${typeOf(s.additionalProperties as Schema, indent)} }`;
        return s.additionalProperties === false ? '{}' : 'object';
      }
      const inner = `${indent}  `;
      const lines = names.map((n) => `${inner}${n}${required.has(n) ? '' : '?'}: ${typeOf(props[n]!, inner)};`);
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
    default:
      return 'any';
  }
}

const ERROR_MEANING: Record<keyof typeof UT_ERROR, string> = {
  PARSE: 'the message was not JSON',
  INVALID_REQUEST: 'not a JSON-RPC 2.0 request',
  METHOD_NOT_FOUND: 'the adapter does not implement the method: the case is N/A',
  INVALID_PARAMS: 'params the adapter cannot use (the harness checks params against the schema before sending)',
  FAILED: 'the adapter understood the call but the IUT could not do it (message says why): the case is INCONC',
};

/** The method reference of docs/adapters.md, markers included. */
export function methodsSection(): string {
  const out: string[] = [METHODS_BEGIN, ''];
  out.push(`Subprotocol \`${UT_SUBPROTOCOL}\`; URL in \`${UT_URL_ENV}\`. Types below are written TypeScript-style from the`);
  out.push('JSON Schemas in `harness/protocol/upper-tester.ts`, which the harness validates every params and result against.');
  out.push('`?` marks an optional member; no other member is allowed (`additionalProperties: false`).');
  out.push('');
  out.push('| error code | name | meaning |');
  out.push('| --- | --- | --- |');
  for (const [name, code] of Object.entries(UT_ERROR)) out.push(`| ${code} | ${name} | ${ERROR_MEANING[name as keyof typeof UT_ERROR]} |`);
  out.push('');
  for (const role of ['any', 'client', 'server'] as const) {
    out.push(role === 'any' ? '### Every adapter' : `### ${role === 'client' ? 'Client' : 'Server'} adapters (role \`${role}\`)`);
    out.push('');
    for (const [name, spec] of Object.entries(UT_METHODS)) {
      if (spec.role !== role) continue;
      out.push(`#### \`${name}\``);
      out.push('');
      out.push(`${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`);
      out.push('');
      out.push('```ts');
      out.push(`params: ${typeOf(spec.params as Schema)}`);
      out.push(`result: ${typeOf(spec.result as Schema)}`);
      out.push('```');
      out.push('');
    }
  }
  out.push('where');
  out.push('');
  out.push('```ts');
  out.push(`type MoEntry = ${typeOf({ ...moEntrySchema } as Schema)}  // one entry of an MO serialization (K-TREE)`);
  out.push('```');
  out.push('');
  out.push(METHODS_END);
  return out.join('\n');
}

/** The text between the markers (markers included), or undefined. */
export function currentSection(doc: string): string | undefined {
  const start = doc.indexOf(METHODS_BEGIN);
  const end = doc.indexOf(METHODS_END);
  if (start < 0 || end < start) return undefined;
  return doc.slice(start, end + METHODS_END.length);
}
