import { useState } from 'react';
import type { PollCard } from '../../../src/shared/poll-ui';
import type { ResolverError, ResolverResult } from '../../../src/shared/resolver-contract';

const UNREACHABLE = "That didn't get through. Check your connection and try again.";

/** What a refused call means to the person who made it. */
export function errorText(error: ResolverError): string {
  if (error.code === 'CLOSED') return 'This poll has closed; your vote was not counted.';
  if (error.fields && error.fields.length > 0) return error.fields.map((f) => f.message).join(' ');
  return error.message;
}

/**
 * A resolver call from a card that answers the poll as it is now: `busy` while it runs; a refusal
 * or a lost connection as `error`, in words; the new poll handed to `onDone`.
 */
export function usePollCall(unreachable = UNREACHABLE): {
  busy: boolean;
  error: string | null;
  setError: (error: string | null) => void;
  run: (call: () => Promise<ResolverResult<{ poll: PollCard }>>, onDone: (poll: PollCard) => void) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (call: () => Promise<ResolverResult<{ poll: PollCard }>>, onDone: (poll: PollCard) => void): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await call();
      if (result.ok) onDone(result.data.poll);
      else setError(errorText(result.error));
    } catch {
      setError(unreachable);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
