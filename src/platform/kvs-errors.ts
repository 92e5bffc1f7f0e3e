import { ForgeKvsAPIError, type kvs } from '@forge/kvs';

/** A `FAIL_IF_EXISTS` write found the key taken. */
export function isKeyTaken(error: unknown): boolean {
  return error instanceof ForgeKvsAPIError && error.code === 'KEY_ALREADY_EXISTS';
}

/**
 * A transaction's condition did not hold: someone changed the record first. The service answers
 * 409 for it; the status is checked too, so a renamed code cannot turn a conflict into a crash.
 */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof ForgeKvsAPIError && (error.code === 'CONDITIONAL_CHECK_FAILED' || error.responseDetails.status === 409);
}

/** Runs a conditional transaction: false when a condition did not hold, so nothing was written. */
export async function executeConditionally(transaction: ReturnType<typeof kvs.transact>): Promise<boolean> {
  try {
    await transaction.execute();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
