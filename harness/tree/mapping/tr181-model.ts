/** TR-181 parameters as the P-MAP translators produce and take them: full path -> value text (USP carries every value as text). */
import type { Unmapped } from './dm-data.ts';

export type Tr181Params = Record<string, string>;

/** Which DM MO instance a TR-181 instance number stands for; `instance` 0: the MO's single-instance objects (ours). */
export interface Tr181Binding {
  moid: string;
  instance: number;
  miid: string;
}

export interface Tr181View {
  version: string;
  params: Tr181Params;
  bindings: Tr181Binding[];
  unmapped: Unmapped[];
}

/** The largest TR-181 instance number the translators assign (unsignedInt allows more; ours). */
export const MAX_TR181_INSTANCE = 999_999;

export const isMultiInstance = (path: string): boolean => path.includes('.{i}.');
