/**
 * Write actions: typed inputs (zod schemas) and results, and the full `Connector` contract.
 * @module
 */
export * from './inputs.js';
export * from './results.js';
