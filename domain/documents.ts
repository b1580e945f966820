/** Moved to contracts/documents.ts (shared with the web); re-exported for the domain's importers. */
export * from '../contracts/documents.js';
