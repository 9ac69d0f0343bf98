/**
 * Mutants of the trust issue (issue 7, "Verdicts a vendor can trust"): faults that went unnoticed
 * against an independent implementation — an asynchronous EXEC answered synchronously without its
 * alert, an IUT server's receivers answering 415 without OMADM-Accept, a wildcard leaking an instance
 * on a single-account device, … Each must FAIL a case citing its rule (and label).
 * Client mutants go in TRUST_CLIENT_MUTANTS, server mutants in TRUST_SERVER_MUTANTS.
 */
import type { Mutant } from './mutant.ts';

export const TRUST_CLIENT_MUTANTS: Mutant[] = [];

export const TRUST_SERVER_MUTANTS: Mutant[] = [];
