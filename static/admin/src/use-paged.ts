import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResolverError, ResolverResult } from '../../../src/shared/resolver-contract';
import { failureMessage, settle, useForbidden } from '../../common/use-resolver';

export type Page<T> = { items: T[]; nextCursor: string | null };

export type PagedList<T> =
  | { kind: 'loading' }
  | { kind: 'refused'; error: ResolverError }
  | { kind: 'unreachable' }
  | { kind: 'loaded'; items: T[]; nextCursor: string | null; loadingMore: boolean; moreError: string | null };

/**
 * A list the server hands out a page at a time. A new `key` (the filter, say) or `refreshKey`
 * starts again from the first page; `loadMore` appends the next one; `update` edits what is shown.
 * Nothing is fetched while `enabled` is false (until what the first fetch needs is there).
 */
export function usePaged<T>(
  fetchPage: (cursor: string | null) => Promise<ResolverResult<Page<T>>>,
  key: string,
  refreshKey: number,
  enabled = true,
): { list: PagedList<T>; loadMore: () => void; reload: () => void; update: (edit: (items: T[]) => T[]) => void } {
  const onForbidden = useForbidden();
  const [list, setList] = useState<PagedList<T>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // Every fetch gets a number; an answer for anything but the latest is dropped.
  const generation = useRef(0);
  // The latest fetch function, without making a new identity on every render start a request.
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    const mine = ++generation.current;
    setList({ kind: 'loading' });
    if (!enabled) return;
    void settle(fetchRef.current(null), onForbidden).then((result) => {
      if (mine !== generation.current) return;
      if (result.ok) setList({ kind: 'loaded', ...result.data, loadingMore: false, moreError: null });
      else setList(result.error ? { kind: 'refused', error: result.error } : { kind: 'unreachable' });
    });
  }, [key, refreshKey, attempt, onForbidden, enabled]);

  const loadMore = useCallback(() => {
    if (list.kind !== 'loaded' || list.nextCursor === null || list.loadingMore) return;
    const mine = generation.current;
    setList({ ...list, loadingMore: true, moreError: null });
    void settle(fetchRef.current(list.nextCursor), onForbidden).then((result) => {
      if (mine !== generation.current) return;
      setList((prev) => {
        if (prev.kind !== 'loaded') return prev;
        if (!result.ok) return { ...prev, loadingMore: false, moreError: failureMessage(result.error) };
        return {
          kind: 'loaded',
          items: [...prev.items, ...result.data.items],
          nextCursor: result.data.nextCursor,
          loadingMore: false,
          moreError: null,
        };
      });
    });
  }, [list, onForbidden]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const update = useCallback((edit: (items: T[]) => T[]) => {
    setList((prev) => (prev.kind === 'loaded' ? { ...prev, items: edit(prev.items) } : prev));
  }, []);
  return { list, loadMore, reload, update };
}
