import { useCallback, useEffect, useRef, useState } from 'react';
import { onNext, onValidating, submitConfig, type Inputs } from './action-config';

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/**
 * A configuration form's state: every change goes to Automation at once (so leaving the panel
 * and coming back loses nothing), Next checks the form and submits it, and the form is read-only
 * while Automation validates the rule. A new action's defaults (the rule's own work item, say) are
 * submitted as soon as the form opens, since Automation saves only what the form submitted.
 */
export function useConfigForm<D, K extends string>(options: {
  initial: D;
  initialErrors: FieldErrors<K>;
  fresh: boolean;
  inputsOf: (draft: D) => Inputs;
  check: (draft: D) => FieldErrors<K>;
}): {
  draft: D;
  errors: FieldErrors<K>;
  validating: boolean;
  change: (field: K, patch: Partial<D>) => void;
} {
  const { inputsOf, check } = options;
  const [draft, setDraft] = useState(options.initial);
  const [errors, setErrors] = useState<FieldErrors<K>>(options.initialErrors);
  const [validating, setValidating] = useState(false);
  const latest = useRef(draft);

  const change = useCallback(
    (field: K, patch: Partial<D>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      setDraft(next);
      // An edited field's complaint is out of date.
      setErrors((current) => ({ ...current, [field]: undefined }));
      submitConfig(inputsOf(next));
    },
    [inputsOf],
  );

  useEffect(() => {
    const stopNext = onNext(() => {
      setErrors(check(latest.current));
      submitConfig(inputsOf(latest.current));
    });
    const stopValidating = onValidating(setValidating);
    return () => {
      stopNext();
      stopValidating();
    };
  }, [check, inputsOf]);

  const fresh = options.fresh;
  useEffect(() => {
    if (fresh) submitConfig(inputsOf(latest.current));
  }, [fresh, inputsOf]);

  return { draft, errors, validating, change };
}

/** A saved input as the text a field shows. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
