/**
 * The twelve DM 2.0 commands (K-CMD) as they travel in a Package#2: `[name, param1, ...]`.
 * The wire tuple is the one representation the code uses; the name at index 0 narrows it.
 */

export const COMMAND_NAMES = ['HGET', 'HPUT', 'HPOST', 'DELETE', 'EXEC', 'GET', 'SHOW', 'CONT', 'END', 'DEFAULT', 'SUB', 'UNSUB'] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

export type ServerUri = string;
export type ClientUriText = string;
export type Moid = string;

export type HgetCommand = ['HGET', ServerUri] | ['HGET', ServerUri, ClientUriText];
export type HputCommand = ['HPUT', ServerUri, ClientUriText, ...ClientUriText[]];
export type HpostCommand = ['HPOST', ServerUri, ClientUriText, ...ClientUriText[]];
export type DeleteCommand = ['DELETE', ClientUriText];
export type ExecCommand = ['EXEC', ClientUriText] | ['EXEC', ClientUriText, ServerUri];
export type GetCommand = ['GET', ClientUriText];
export type ShowCommand = ['SHOW', ServerUri];
export type ContCommand = ['CONT', ServerUri];
export type EndCommand = ['END'];
export type DefaultCommand = ['DEFAULT', Moid, ServerUri];
export type SubCommand = ['SUB', ClientUriText, ServerUri];
export type UnsubCommand = ['UNSUB', ClientUriText];

export type Command =
  | HgetCommand
  | HputCommand
  | HpostCommand
  | DeleteCommand
  | ExecCommand
  | GetCommand
  | ShowCommand
  | ContCommand
  | EndCommand
  | DefaultCommand
  | SubCommand
  | UnsubCommand;

/** A command as received: a non-empty array led by a string; its parameters are not checked yet. */
export type RawCommand = [string, ...unknown[]];

/** Who MUST implement what (K-CMD): the server all twelve, the client these seven; the rest SHOULD. */
export const CLIENT_MUST: readonly CommandName[] = ['HGET', 'HPUT', 'HPOST', 'DELETE', 'EXEC', 'CONT', 'END'];
export const CLIENT_SHOULD: readonly CommandName[] = ['GET', 'SHOW', 'DEFAULT', 'SUB', 'UNSUB'];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && (COMMAND_NAMES as readonly string[]).includes(name);
}
