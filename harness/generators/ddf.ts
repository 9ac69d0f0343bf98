/**
 * MO definitions a DM 1.x DDF can express (K-DDF), for the DDF round-trip property: node names
 * distinct among siblings (at most one `<x>`), no `Ext` (read back as an open subtree), interior nodes
 * with a children array, leaves without; access types non-empty, in the reader's order.
 */
import fc from 'fast-check';
import { FORMATS, type LeafFormat } from '../tree/formats.ts';
import { PLACEHOLDER, type AccessType, type MoDefinition, type NodeDef, type Occurrence, type Scope } from '../tree/mo-definition.ts';

const ACCESS: readonly AccessType[] = ['Add', 'Delete', 'Exec', 'Get', 'Replace'];
const OCCURRENCES: readonly Occurrence[] = ['One', 'ZeroOrOne', 'ZeroOrMore', 'OneOrMore'];
const SCOPES: readonly Scope[] = ['Permanent', 'Dynamic'];
const LEAF_FORMATS = FORMATS.filter((f): f is LeafFormat => f !== 'node');

const nameArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(PLACEHOLDER) },
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,11}$/).filter((n) => n !== 'Ext') },
);

/** Description text as a DDF holds it: trimmed, non-empty, with characters XML must escape. */
const descriptionArb = fc.option(
  fc
    .string({ minLength: 1, maxLength: 30 })
    .map((s) => s.replace(/[^\x20-\x7e]/g, '').trim())
    .filter((s) => s.length > 0),
  { nil: undefined },
);

const accessArb = fc.subarray([...ACCESS], { minLength: 1 });

const propsArb = fc.record({
  name: nameArb,
  occurrence: fc.constantFrom(...OCCURRENCES),
  scope: fc.constantFrom(...SCOPES),
  access: accessArb,
  description: descriptionArb,
});

const withDescription = (node: NodeDef, description: string | undefined): NodeDef => (description === undefined ? node : { ...node, description });

const uniqueByName = (nodes: NodeDef[]): NodeDef[] => nodes.filter((n, i) => nodes.findIndex((m) => m.name === n.name) === i);

const { tree } = fc.letrec<{ tree: NodeDef; leaf: NodeDef; interior: NodeDef }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('interior')),
  leaf: fc
    .tuple(propsArb, fc.constantFrom(...LEAF_FORMATS))
    .map(([{ description, ...p }, format]) =>
      withDescription({ name: p.name, format, occurrence: p.occurrence, scope: p.scope, access: p.access }, description),
    ),
  interior: fc
    .tuple(propsArb, fc.array(tie('tree'), { maxLength: 4 }))
    .map(([{ description, ...p }, children]) =>
      withDescription(
        { name: p.name, format: 'node', occurrence: p.occurrence, scope: p.scope, access: p.access, children: uniqueByName(children) },
        description,
      ),
    ),
}));

const moidArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}:[0-9]\.[0-9]$/).map((s) => `urn:oma:mo:${s}`);

/** A definition whose root is an interior `<x>` node. */
export const ddfDefinitionArb: fc.Arbitrary<MoDefinition> = fc
  .tuple(moidArb, propsArb, fc.array(tree, { maxLength: 5 }))
  .map(([moid, { description, ...p }, children]) => ({
    moid,
    root: withDescription(
      { name: PLACEHOLDER, format: 'node', occurrence: p.occurrence, scope: p.scope, access: p.access, children: uniqueByName(children) },
      description,
    ),
  }));
