/** LwM2M object instances as the P-MAP translators produce and take them (OMA LwM2M 1.1 data model). */
import type { Unmapped } from './dm-data.ts';
import type { Lwm2mType } from './mapping-table.ts';

/** String and Objlnk (`"obj:inst"`) as text, Integer, Float and Time (seconds) as numbers, Opaque as bytes. */
export type Lwm2mValue = string | number | boolean | Uint8Array;

export interface Lwm2mResource {
  id: number;
  type: Lwm2mType;
  value: Lwm2mValue;
}

export interface Lwm2mInstance {
  object: number;
  instance: number;
  resources: Lwm2mResource[];
}

/** Which DM MO instance an LwM2M object instance stands for (ours: the bridge keeps it). */
export interface Lwm2mBinding {
  object: number;
  instance: number;
  moid: string;
  miid: string;
}

/** The LwM2M view of DM tree data. */
export interface Lwm2mView {
  /** The mapping table's version. */
  version: string;
  instances: Lwm2mInstance[];
  bindings: Lwm2mBinding[];
  unmapped: Unmapped[];
}

export const lwm2mPath = (object: number, instance?: number, resource?: number): string =>
  [object, instance, resource].filter((p) => p !== undefined).reduce<string>((path, p) => `${path}/${p}`, '');
