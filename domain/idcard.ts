/** Moved to contracts/idcard.ts (shared with the web); re-exported for the domain's importers. */
export * from '../contracts/idcard.js';
