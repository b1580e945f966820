/** Moved to contracts/roles.ts (shared with the web); re-exported for the domain's importers. */
export * from '../contracts/roles.js';
