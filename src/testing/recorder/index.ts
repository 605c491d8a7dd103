/**
 * Fixture recording: run a fixed list of read requests against a real account through a
 * connector's transport and write redacted, pseudonymised fixtures (`npm run record -- <provider>`).
 * @module
 */
export { Pseudonymiser } from './pseudonymiser.js';
export { redactExchange, type RedactionContext } from './redact-exchange.js';
export { recordingPlans, teamtailorRecordingPlan, type RecordingStep } from './plan.js';
export { runRecording, type RecordingOptions, type RecordingResult } from './run.js';
