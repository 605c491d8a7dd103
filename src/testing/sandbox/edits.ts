/**
 * Helpers for the sandboxes' typed edit hooks (`SandboxEditHooks`): finding the record an
 * edit targets by remote id or position, with one error wording for every provider.
 * @module
 */
import type { SandboxRecordRef } from './types.js';
import type { StoredRecord } from './store.js';

/**
 * The record `ref` names among `records` (the provider's records of one kind, in seed order): the
 * one whose id is `ref` when it is a string (pass `idOf` when the remote id is not the stored id),
 * the `ref`-th when it is a number. Throws a plain `Error` naming `what` when there is none.
 */
export function pickRecord(
  records: readonly StoredRecord[],
  ref: SandboxRecordRef,
  what: string,
  idOf: (record: StoredRecord) => string = (record) => record.id,
): StoredRecord {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 0) throw new Error(`A ${what} position must be a non-negative integer, not ${ref}`);
    const found = records[ref];
    if (!found) throw new Error(`The sandbox has no ${what} #${ref} (it has ${records.length})`);
    return found;
  }
  const found = ref === '' ? undefined : records.find((record) => idOf(record) === ref);
  if (!found) throw new Error(`No ${what} with remote id ${JSON.stringify(ref)} in the sandbox`);
  return found;
}
