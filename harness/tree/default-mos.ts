/** The MOs every device tree knows unless told otherwise: the standard MOs and the Delegation MO. */
import { DELEGATION_MO } from './delegation-mo.ts';
import type { MoDefinition } from './mo-definition.ts';
import { STANDARD_MOS } from './standard-mos.ts';

export const DEFAULT_MOS: readonly MoDefinition[] = [...STANDARD_MOS, DELEGATION_MO];
