/** Small constructors for MO definitions, so a definition reads like the DDF it mirrors. */
import type { LeafFormat } from './formats.ts';
import { PLACEHOLDER, type AccessType, type NodeDef, type Occurrence, type Scope } from './mo-definition.ts';

interface Options {
  occurrence?: Occurrence;
  scope?: Scope;
  access?: readonly AccessType[];
  description?: string;
}

export const READ_ONLY: readonly AccessType[] = ['Get'];
export const READ_WRITE: readonly AccessType[] = ['Get', 'Replace'];
export const DYNAMIC_RW: readonly AccessType[] = ['Add', 'Delete', 'Get', 'Replace'];
export const WRITE_ONLY: readonly AccessType[] = ['Add', 'Replace'];

export function leaf(name: string, format: LeafFormat, options: Options = {}): NodeDef {
  return {
    name,
    format,
    occurrence: options.occurrence ?? 'One',
    scope: options.scope ?? 'Dynamic',
    access: options.access ?? READ_WRITE,
    ...(options.description ? { description: options.description } : {}),
  };
}

export function interior(name: string, children: readonly NodeDef[], options: Options & { open?: boolean } = {}): NodeDef {
  return {
    name,
    format: 'node',
    occurrence: options.occurrence ?? 'One',
    scope: options.scope ?? 'Dynamic',
    access: options.access ?? DYNAMIC_RW,
    children,
    ...(options.open ? { open: true } : {}),
    ...(options.description ? { description: options.description } : {}),
  };
}

/** A dynamic `<x>` node the creator names, occurring any number of times. */
export function named(children: readonly NodeDef[], options: Options = {}): NodeDef {
  return interior(PLACEHOLDER, children, { occurrence: 'ZeroOrMore', ...options });
}

/** An `Ext` subtree: vendor extensions, any content. */
export function ext(): NodeDef {
  return interior('Ext', [], { occurrence: 'ZeroOrOne', open: true, description: 'vendor extensions' });
}
