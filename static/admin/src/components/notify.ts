import { useCallback } from 'react';
import { useFlags } from '@atlaskit/flag/flag-provider';

type Notify = (title: string, appearance?: 'success' | 'error' | 'warning', description?: string) => void;

/** A flag in the corner, as Jira confirms an action; success flags dismiss themselves. */
export function useNotify(): Notify {
  const { showFlag } = useFlags();
  return useCallback<Notify>(
    (title, appearance = 'success', description) => {
      showFlag({ title, appearance, description, isAutoDismiss: appearance === 'success', testId: 'flag' });
    },
    [showFlag],
  );
}
