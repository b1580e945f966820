/** Moved to contracts/household-facts.ts (shared with the web); re-exported for the domain's importers. */
export * from '../contracts/household-facts.js';
