/** Migrations in order; each file is named <epoch>-<Name>.ts. */
import { Initial1764367200000 } from './1764367200000-Initial.js';
import { HouseholdNoSeq1764370800000 } from './1764370800000-HouseholdNoSeq.js';

export const MIGRATIONS = [Initial1764367200000, HouseholdNoSeq1764370800000];
