import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ResolverError, ResolverResult } from '../../src/shared/resolver-contract';

export type Loadable<T> =
  { kind: 'loading' } | { kind: 'loaded'; data: T } | { kind: 'refused'; error: ResolverError } | { kind: 'unreachable' };

/** Told when any resolver answers FORBIDDEN, so the page shows one clear message, not broken tabs. */
export const ForbiddenContext = createContext<() => void>(() => undefined);

export function useForbidden(): () => void {
  return useContext(ForbiddenContext);
}

/** Outcome of a one-off call (create, revoke, save): the data, or a state to show. */
export type CallOutcome<T> = { ok: true; data: T } | { ok: false; error: ResolverError | null };

/** Runs a resolver call, reporting FORBIDDEN; `error: null` means the call itself failed. */
export async function settle<T>(call: Promise<ResolverResult<T>>, onForbidden: () => void): Promise<CallOutcome<T>> {
  try {
    const result = await call;
    if (!result.ok && result.error.code === 'FORBIDDEN') onForbidden();
    return result;
  } catch (error) {
    console.error('Resolver call failed', error);
    return { ok: false, error: null };
  }
}

/**
 * Loads a resolver's data when mounted. `reload()` starts over with a spinner (after a failure);
 * `refresh()` fetches again behind the data already shown; `setData` updates it in place.
 */
export function useResolver<T>(load: () => Promise<ResolverResult<T>>): {
  state: Loadable<T>;
  reload: () => void;
  refresh: () => void;
  setData: (update: (data: T) => T) => void;
} {
  const onForbidden = useForbidden();
  const [state, setState] = useState<Loadable<T>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    void settle(load(), onForbidden).then((outcome) => {
      if (!current) return;
      if (outcome.ok) setState({ kind: 'loaded', data: outcome.data });
      else setState(outcome.error ? { kind: 'refused', error: outcome.error } : { kind: 'unreachable' });
    });
    // A newer request (or React's dev double-effect) must not be overwritten by an older answer.
    return () => {
      current = false;
    };
    // Deliberately not keyed on `load`: callers pass inline arrows, and a new identity on every
    // render must not start a new request. `reload()`/`refresh()` ask for fresh data.
  }, [attempt, onForbidden]);

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  const reload = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  const setData = useCallback((update: (data: T) => T) => {
    setState((prev) => (prev.kind === 'loaded' ? { kind: 'loaded', data: update(prev.data) } : prev));
  }, []);
  return { state, reload, refresh, setData };
}

export type Resource<T> = ReturnType<typeof useResolver<T>>;

/** What to tell the admin when a one-off call failed. */
export function failureMessage(error: ResolverError | null): string {
  return error ? error.message : "Quorum isn't responding. Check your connection and try again.";
}
