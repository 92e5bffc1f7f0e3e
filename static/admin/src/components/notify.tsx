import { createContext, lazy, Suspense, useCallback, useContext, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type { FlagSpec } from './flag-stack';

type Notify = (title: string, appearance?: FlagSpec['appearance'], description?: string) => void;

const NotifyContext = createContext<Notify>(() => undefined);
// Atlaskit's flags (and their motion) load with the first flag shown, not with the page.
const FlagStack = lazy(() => import('./flag-stack'));

/** Holds the flags in the corner, as Jira confirms an action; success flags dismiss themselves. */
export function NotifyProvider({ children }: { children: ReactNode }): ReactElement {
  const [flags, setFlags] = useState<FlagSpec[]>([]);
  const nextId = useRef(0);
  const notify = useCallback<Notify>((title, appearance = 'success', description) => {
    const id = `flag-${nextId.current++}`;
    setFlags((current) => [{ id, title, appearance, description }, ...current]);
  }, []);
  const dismiss = useCallback((id: string | number) => setFlags((current) => current.filter((flag) => flag.id !== id)), []);
  return (
    <NotifyContext.Provider value={notify}>
      {children}
      {flags.length > 0 && (
        <Suspense fallback={null}>
          <FlagStack flags={flags} onDismissed={dismiss} />
        </Suspense>
      )}
    </NotifyContext.Provider>
  );
}

export function useNotify(): Notify {
  return useContext(NotifyContext);
}
