/**
 * Actions: typed inputs (zod schemas) and results, and the full `Connector` contract.
 * @module
 */
export * from './inputs.js';
export * from './candidate-details.js';
export * from './push-inputs.js';
export * from './remote-fields.js';
export * from './results.js';
