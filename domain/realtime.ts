/** Moved to contracts/realtime.ts (shared with the web); re-exported for the domain's importers. */
export * from '../contracts/realtime.js';
