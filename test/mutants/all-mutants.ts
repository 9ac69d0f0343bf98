/** Every mutant of every family, in one list: the mutant adapter finds a mutant here by name, and each family's test checks names are unique across it. */
import { MUTANTS } from './mutants.ts';
import { BOOT_CLIENT_MUTANTS, BOOT_SERVER_MUTANTS } from './mutants-boot.ts';
import { DDF_CLIENT_MUTANTS } from './mutants-ddf.ts';
import { ENV_CLIENT_MUTANTS, ENV_SERVER_MUTANTS } from './mutants-env.ts';
import { FUMO_CLIENT_MUTANTS, FUMO_SERVER_MUTANTS } from './mutants-fumo.ts';
import { IOP_CLIENT_MUTANTS } from './mutants-iop.ts';
import { LO_CLIENT_MUTANTS, LO_SERVER_MUTANTS } from './mutants-lo.ts';
import { SCOMO_CLIENT_MUTANTS, SCOMO_SERVER_MUTANTS } from './mutants-scomo.ts';
import { SECURITY_MUTANTS } from './mutants-security.ts';
import { TRUST_CLIENT_MUTANTS, TRUST_SERVER_MUTANTS } from './mutants-trust.ts';
import { WS_CLIENT_MUTANTS, WS_SERVER_MUTANTS } from './mutants-ws.ts';
import type { Mutant } from './mutant.ts';

export const ALL_MUTANTS: readonly Mutant[] = [
  ...MUTANTS,
  ...SECURITY_MUTANTS,
  ...TRUST_CLIENT_MUTANTS,
  ...TRUST_SERVER_MUTANTS,
  ...WS_CLIENT_MUTANTS,
  ...WS_SERVER_MUTANTS,
  ...LO_CLIENT_MUTANTS,
  ...LO_SERVER_MUTANTS,
  ...BOOT_CLIENT_MUTANTS,
  ...BOOT_SERVER_MUTANTS,
  ...ENV_CLIENT_MUTANTS,
  ...ENV_SERVER_MUTANTS,
  ...FUMO_CLIENT_MUTANTS,
  ...FUMO_SERVER_MUTANTS,
  ...SCOMO_CLIENT_MUTANTS,
  ...SCOMO_SERVER_MUTANTS,
  ...DDF_CLIENT_MUTANTS,
  ...IOP_CLIENT_MUTANTS,
];
