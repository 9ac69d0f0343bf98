/** The Status code (P-DETAIL) each protocol error code earns when it is the outcome of a command. */
import { SC } from './status-codes.ts';

const STATUS_OF: Readonly<Record<string, number>> = {
  CMD_UNKNOWN: SC.BAD_REQUEST,
  CMD_PARAMS: SC.BAD_REQUEST,
  URI_SYNTAX: SC.BAD_REQUEST,
  URI_QUERY: SC.BAD_REQUEST,
  URI_XNAME_UNBOUND: SC.BAD_REQUEST,
  URI_NO_INSTANCE: SC.BAD_REQUEST,
  URI_AMBIGUOUS: SC.BAD_REQUEST,
  URI_CV_MULTI: SC.BAD_REQUEST,
  URI_NOT_FOUND: SC.NOT_FOUND,
  URI_FORBIDDEN: SC.FORBIDDEN,
  SCHEMA: SC.BAD_REQUEST,
  BODY_SYNTAX: SC.BAD_REQUEST,
  VALUE_FORMAT: SC.BAD_REQUEST,
};

export function statusOf(code: string): number {
  return STATUS_OF[code] ?? SC.BAD_REQUEST;
}
