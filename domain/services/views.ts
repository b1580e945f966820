/** Moved to contracts/views.ts (shared with the web); re-exported for the domain's importers. */
export * from '../../contracts/views.js';
