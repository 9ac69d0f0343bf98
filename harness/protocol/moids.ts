/**
 * The MO identifiers the protocol and the cases name: the standard MOs (K-DDF; DMAcc is sent as 1.0,
 * see tree/standard-mos.ts for the 1.2 alias), the features MO of P-FEAT, and the two MOs of the
 * reference client that cases use as ordinary application MOs (ConnMO; the dmcts diagnostics MO with
 * executable nodes). One copy: cases and the harness import these instead of writing them out.
 */
export const MOID = {
  DEVINFO: 'urn:oma:mo:oma-dm-devinfo:1.0',
  DMACC: 'urn:oma:mo:oma-dm-dmacc:1.0',
  SESSIONINFO: 'urn:oma:mo:oma-sessioninfomo:1.0',
  FEATURES: 'urn:oma:mo:oma-dm-features:1.0',
  DELEGATION: 'urn:oma:mo:oma-dm-delegation:1.0',
  EXECENV: 'urn:oma:mo:oma-dm-execenv:1.0',
} as const;

/** DMAcc under its 1.2 suffix: a device takes it on input as DMAcc 1.0 and sends 1.0 (K-DDF). */
export const DMACC_1_2 = 'urn:oma:mo:oma-dm-dmacc:1.2';

/** The connectivity MO the reference client carries (writable: cases create instances of it). */
export const CONNMO = 'urn:oma:mo:oma-dm-connmo:1.0';

/** The reference client's diagnostics MO (nodes to EXEC: Run, Slow, Fail; Label, SlowMs). */
export const DIAGNOSTICS_MOID = 'urn:oma:mo:dmcts-diagnostics:1.0';
