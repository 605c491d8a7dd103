/**
 * The unified models: strict zod schemas (the spec) and their inferred types.
 * @module
 */
export * from './common.js';
export * from './location.js';
export * from './role.js';
export * from './screening.js';
export * from './user.js';
export * from './job.js';
export * from './stage.js';
export * from './candidate.js';
export * from './application.js';
export * from './offer.js';
export * from './interview.js';
export * from './misc.js';
export * from './registry.js';
