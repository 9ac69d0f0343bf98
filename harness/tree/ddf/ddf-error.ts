/**
 * A DM 1.x DDF the reader cannot use (K-DDF): which file, which element on which line, what is wrong
 * and how to fix it. A ConfigError, so the CLI reports it like any other configuration mistake.
 */
import { ConfigError } from '../../core/config-error.ts';

export type DdfErrorCode =
  /** Not well-formed XML, or over the reader's size or depth limits. */
  | 'DDF_XML'
  /** Not a MgmtTree, or an element where the DTD does not allow it. */
  | 'DDF_STRUCTURE'
  /** A mandatory element is missing (K-DDF: VerDTD, Node, NodeName, DFProperties, AccessType, DFFormat). */
  | 'DDF_MISSING'
  /** A DFFormat that is none of the eleven formats. */
  | 'DDF_FORMAT'
  /** An AccessType, Occurrence or Scope value the DTD does not define. */
  | 'DDF_VALUE'
  /** A NodeName that is not a usable node name, or two siblings of the same name. */
  | 'DDF_NAME'
  /** No MOID: the root names no DDFName and none was given. */
  | 'DDF_MOID';

export interface DdfFault {
  code: DdfErrorCode;
  /** The element at fault; for a missing element, the element that lacks it. */
  element: string;
  /** 1-based line of that element's start tag (of the fault, for malformed XML). */
  line: number;
  problem: string;
  fix: string;
}

export class DdfError extends ConfigError {
  readonly code: DdfErrorCode;
  readonly element: string;
  readonly line: number;

  constructor(
    readonly file: string,
    fault: DdfFault,
  ) {
    super([`${file}:${fault.line}: <${fault.element}> ${fault.problem}. Fix: ${fault.fix}.`]);
    this.name = 'DdfError';
    this.code = fault.code;
    this.element = fault.element;
    this.line = fault.line;
  }
}
