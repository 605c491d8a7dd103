/**
 * Building blocks of a connector's `capabilities`: the list filters of each model (all checked on
 * the records; the ones named `server` are also sent to the provider), and the plain entries of a
 * model or action the provider lacks.
 */
import type { ActionCapability, ModelCapability } from '../../core/capabilities.js';
import { filterNamesOf, type FilterName } from '../../core/list-filters.js';
import { modelNames, type ModelName } from '../../models/registry.js';

/** A model capability without its `filters` (filled by {@link withFilters}). */
export type ModelCapabilityBase = Omit<ModelCapability, 'filters'>;

/**
 * Adds `filters` to every model: each filter the model takes is `client`, except those the
 * connector sends to the provider (`server[model]`).
 */
export function withFilters(
  models: Record<ModelName, ModelCapabilityBase>,
  server: Partial<Record<ModelName, readonly FilterName[]>> = {},
): Record<ModelName, ModelCapability> {
  const out = {} as Record<ModelName, ModelCapability>;
  for (const model of modelNames) {
    const filters = Object.fromEntries(
      filterNamesOf(model).map((name) => [name, server[model]?.includes(name) ? 'server' : 'client'] as const),
    ) as ModelCapability['filters'];
    out[model] = { ...models[model], filters };
  }
  return out;
}

/** A model the provider does not expose, with the reason. */
export function unreadableModel(note: string): ModelCapabilityBase {
  return { read: false, delta: 'none', deletes: 'none', ordered: false, note };
}

/** An action the provider cannot do, with the reason. */
export function unsupportedAction(note: string): ActionCapability {
  return { supported: false, note };
}

/** `pushCandidate` is built on `findCandidatesByEmail`, `createCandidate` and `createApplication`. */
export function pushCandidateCapability(actions: { findCandidatesByEmail: ActionCapability; createCandidate: ActionCapability; createApplication: ActionCapability }): ActionCapability {
  const missing = (['findCandidatesByEmail', 'createCandidate', 'createApplication'] as const).filter((name) => !actions[name].supported);
  return missing.length === 0
    ? { supported: true, note: 'The shared orchestrator: findCandidatesByEmail, then createCandidate or reuse, createApplication unless already applied, moveApplicationToStage, attachments. Safe to call again after a timeout.' }
    : { supported: false, note: `Built on ${missing.join(' and ')}, which this connector does not support yet.` };
}
