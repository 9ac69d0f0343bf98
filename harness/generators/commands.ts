/**
 * Package#2 commands (K-CMD), each with a correct parameter list, and commands that are wrong in a
 * known way (CMD_PARAMS, CMD_UNKNOWN) for negative properties.
 */
import fc from 'fast-check';
import {
  COMMAND_NAMES,
  type Command,
  type CommandName,
  type ContCommand,
  type DefaultCommand,
  type DeleteCommand,
  type EndCommand,
  type ExecCommand,
  type GetCommand,
  type HgetCommand,
  type HpostCommand,
  type HputCommand,
  type RawCommand,
  type ShowCommand,
  type SubCommand,
  type UnsubCommand,
} from '../protocol/commands.ts';
import { clientUriTextArb, moidArb } from './client-uri.ts';
import { serverUriArb } from './server-uri.ts';

const clientUris = () => fc.array(clientUriTextArb(), { minLength: 1, maxLength: 3 });

export function hgetCommandArb(): fc.Arbitrary<HgetCommand> {
  return fc.oneof(
    serverUriArb().map((s): HgetCommand => ['HGET', s]),
    fc.tuple(serverUriArb(), clientUriTextArb()).map(([s, c]): HgetCommand => ['HGET', s, c]),
  );
}

export function hputCommandArb(): fc.Arbitrary<HputCommand> {
  return fc.tuple(serverUriArb(), clientUris()).map(([s, [first, ...rest]]): HputCommand => ['HPUT', s, first!, ...rest]);
}

export function hpostCommandArb(): fc.Arbitrary<HpostCommand> {
  return fc.tuple(serverUriArb(), clientUris()).map(([s, [first, ...rest]]): HpostCommand => ['HPOST', s, first!, ...rest]);
}

export function deleteCommandArb(): fc.Arbitrary<DeleteCommand> {
  return clientUriTextArb().map((c): DeleteCommand => ['DELETE', c]);
}

export function execCommandArb(): fc.Arbitrary<ExecCommand> {
  return fc.oneof(
    clientUriTextArb().map((c): ExecCommand => ['EXEC', c]),
    fc.tuple(clientUriTextArb(), serverUriArb()).map(([c, s]): ExecCommand => ['EXEC', c, s]),
  );
}

export function getCommandArb(): fc.Arbitrary<GetCommand> {
  return clientUriTextArb().map((c): GetCommand => ['GET', c]);
}

export function showCommandArb(): fc.Arbitrary<ShowCommand> {
  return serverUriArb().map((s): ShowCommand => ['SHOW', s]);
}

export function contCommandArb(): fc.Arbitrary<ContCommand> {
  return serverUriArb().map((s): ContCommand => ['CONT', s]);
}

export function endCommandArb(): fc.Arbitrary<EndCommand> {
  return fc.constant<EndCommand>(['END']);
}

export function defaultCommandArb(): fc.Arbitrary<DefaultCommand> {
  return fc.tuple(moidArb(), serverUriArb()).map(([m, s]): DefaultCommand => ['DEFAULT', m, s]);
}

export function subCommandArb(): fc.Arbitrary<SubCommand> {
  return fc.tuple(clientUriTextArb(), serverUriArb()).map(([c, s]): SubCommand => ['SUB', c, s]);
}

export function unsubCommandArb(): fc.Arbitrary<UnsubCommand> {
  return clientUriTextArb().map((c): UnsubCommand => ['UNSUB', c]);
}

export const COMMAND_ARBS: { readonly [N in CommandName]: () => fc.Arbitrary<Extract<Command, [N, ...unknown[]]>> } = {
  HGET: hgetCommandArb,
  HPUT: hputCommandArb,
  HPOST: hpostCommandArb,
  DELETE: deleteCommandArb,
  EXEC: execCommandArb,
  GET: getCommandArb,
  SHOW: showCommandArb,
  CONT: contCommandArb,
  END: endCommandArb,
  DEFAULT: defaultCommandArb,
  SUB: subCommandArb,
  UNSUB: unsubCommandArb,
};

/** Any of the twelve commands with a correct parameter list. */
export function commandArb(): fc.Arbitrary<Command> {
  return fc.oneof(...COMMAND_NAMES.map((name) => COMMAND_ARBS[name]() as fc.Arbitrary<Command>));
}

/** Parameter counts each command accepts: [min, max] (max Infinity: the last repeats). */
export const PARAM_COUNTS: Readonly<Record<CommandName, readonly [number, number]>> = {
  HGET: [1, 2],
  HPUT: [2, Number.POSITIVE_INFINITY],
  HPOST: [2, Number.POSITIVE_INFINITY],
  DELETE: [1, 1],
  EXEC: [1, 2],
  GET: [1, 1],
  SHOW: [1, 1],
  CONT: [1, 1],
  END: [0, 0],
  DEFAULT: [2, 2],
  SUB: [2, 2],
  UNSUB: [1, 1],
};

/** A known command with too few or too many parameters (each parameter a plausible string). */
export function wrongCountCommandArb(): fc.Arbitrary<RawCommand> {
  return fc
    .tuple(fc.constantFrom(...COMMAND_NAMES), fc.boolean(), fc.nat(), fc.array(fc.oneof(serverUriArb(), clientUriTextArb()), { minLength: 5, maxLength: 5 }))
    .map(([name, tooFew, k, params]): RawCommand => {
      const [min, max] = PARAM_COUNTS[name];
      // Too few where possible and asked for (or where there is no maximum), else too many.
      const n = (tooFew && min > 0) || !Number.isFinite(max) ? k % min : max + 1 + (k % 3);
      return [name, ...params.slice(0, n)];
    });
}

/** A correct command with one parameter replaced by a value of the wrong JSON type. */
export function wrongTypeCommandArb(): fc.Arbitrary<{ command: RawCommand; index: number }> {
  return fc
    .tuple(
      commandArb().filter((c) => c.length > 1),
      fc.nat(),
      fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([])),
    )
    .map(([c, k, bad]) => {
      const index = 1 + (k % (c.length - 1));
      const command = [...c] as RawCommand;
      command[index] = bad;
      return { command, index };
    });
}

/** A name that is none of the twelve (DM 1.x names, other cases, anything else). */
export function unknownCommandNameArb(): fc.Arbitrary<string> {
  return fc
    .oneof(fc.constantFrom('Replace', 'Add', 'Atomic', 'get', 'Hget', 'END ', ''), fc.string({ maxLength: 8 }))
    .filter((n) => !(COMMAND_NAMES as readonly string[]).includes(n));
}
