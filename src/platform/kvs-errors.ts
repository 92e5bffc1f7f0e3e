import { ForgeKvsAPIError } from '@forge/kvs';
import { validationError } from '../shared/domain-errors';

/**
 * Runs a conditional write: a transaction with conditions, or a `FAIL_IF_EXISTS` set. Forge
 * documents no error code for a condition that does not hold or a key that is taken
 * (storage-reference/handling-errors-kvs), so a refusal is never recognised by its code: when the
 * write is refused, `stillApplies` reads again and says whether what the write depended on still
 * holds. If it does, the write failed for another reason and its error stands; if not, another
 * request got there first and the answer is false — nothing was written.
 * Storage trouble (5xx, 429) is rethrown at once: it says nothing about the condition.
 */
export async function writeConditionally(write: () => Promise<unknown>, stillApplies: () => Promise<boolean>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (!isRefusal(error)) throw error;
    if (await stillApplies()) throw error;
    return false;
  }
}

/** An answer of the storage service to this request in particular, as opposed to an outage. */
function isRefusal(error: unknown): boolean {
  if (!(error instanceof ForgeKvsAPIError)) return false;
  const status = error.responseDetails.status;
  return status >= 400 && status < 500 && status !== 429;
}

type CursorQuery<R> = { cursor(cursor: string): { getMany(): Promise<R> }; getMany(): Promise<R> };

/**
 * The page of `query` that `cursor` names (none: the first). A cursor the storage refuses — one
 * of another listing, or a mangled one — is the caller's mistake, answered as an invalid
 * `cursor` field rather than a crash.
 */
export async function pageOf<R>(query: CursorQuery<R>, cursor: string | undefined): Promise<R> {
  try {
    return await (cursor === undefined ? query.getMany() : query.cursor(cursor).getMany());
  } catch (error) {
    if (cursor !== undefined && error instanceof ForgeKvsAPIError && error.responseDetails.status === 400) {
      throw validationError([{ field: 'cursor', message: 'is not a cursor of this listing' }]);
    }
    throw error;
  }
}
