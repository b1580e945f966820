/** Moved to contracts/beijing.ts (shared with the web); re-exported for the domain's importers. */
export * from '../../contracts/beijing.js';
