/**
 * How much the harness takes from an IUT at most (docs/ics.md, "Limits on what the IUT sends"): every
 * read is bounded by these while it streams, so a run stays under 1 GB whatever the IUT sends, and a
 * read past one ends with a reason naming the limit and the bytes that came.
 */

/** One HTTP body either way (a DM package, an MO serialization, a notification answer), after content decoding too. */
export const IUT_BODY_MAX_BYTES = 1024 * 1024;

/** One upper-tester message from the adapter (its hello included). */
export const UT_MESSAGE_MAX_BYTES = 1024 * 1024;

/**
 * Body bytes a fixture keeps of its raw wire trace in one case (the evidence keeps less): beyond it,
 * later messages are counted, not kept. DM packages are a few kB; a legitimate case stays far below.
 */
export const FIXTURE_WIRE_MAX_BYTES = 32 * 1024 * 1024;

/** Raw TCP bytes a relay keeps per direction in one case (for checks of what crossed it in clear). */
export const RELAY_KEPT_MAX_BYTES = 8 * 1024 * 1024;
