/**
 * The deletion guard (docs/decisions/0014-deletion-guard.md): a complete full scan that misses more
 * than a share of a model's known records at once delivers none of those deletions.
 * @module
 */
import type { DeletionGuard } from './types.js';
import type { ModelReport } from './report.js';
import { isUnmarked, type StateKey, type StateStore } from './state-store.js';

/**
 * Whether the deletion guard holds back this complete scan's deletions: more than `maxShare` of the
 * live records (and at least `minRecords`) missing at once is more likely a credential now pointing
 * at another account, or a provider outage answering empty lists, than real deletions. Counting
 * reads the suspects in batches (no id is kept), so memory stays bounded.
 */
export async function deletionsHeld(
  context: { store: StateStore; key: StateKey; deletionGuard: Required<DeletionGuard> | null },
  report: ModelReport,
  scan: { scanId: string | null; quarantinedRemoteIds: ReadonlySet<string> },
  warn: (message: string) => void,
): Promise<boolean> {
  const guard = context.deletionGuard;
  if (guard === null || scan.scanId === null) return false;
  const { store, key } = context;
  let suspected = 0;
  for await (const batch of store.listEntries(key, { unmarkedBy: scan.scanId })) {
    for (const entry of batch) if (isUnmarked(entry, scan.scanId) && !scan.quarantinedRemoteIds.has(entry.remoteId)) suspected += 1;
  }
  if (suspected < guard.minRecords || suspected === 0) return false;
  const live = store.countEntries ? (await store.countEntries(key, scan.scanId)).live : await countLive(store, key);
  if (suspected <= guard.maxShare * live) return false;
  report.deletionsHeld = suspected;
  const share = live === 0 ? 100 : Math.round((suspected / live) * 1000) / 10;
  warn(
    `deletion_guard: ${suspected} of ${live} known ${key.model} records (${share} %) are missing from a complete scan, over the guard ` +
      `(more than ${Number((guard.maxShare * 100).toFixed(1))} % and at least ${guard.minRecords}); no deletion was delivered. If they are really gone, run with deletionGuard: false.`,
  );
  return true;
}

async function countLive(store: StateStore, key: StateKey): Promise<number> {
  let live = 0;
  for await (const batch of store.listEntries(key)) for (const entry of batch) if (entry.deletedAt === null) live += 1;
  return live;
}
