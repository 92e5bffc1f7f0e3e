import { useCallback, useEffect, useRef, useState } from 'react';
import { onNext, onValidating, submitConfig, type Inputs } from './action-config';

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** What a text input of the form needs of it: its value, its complaint, and where its edits go. */
export type TextFieldProps = {
  name: string;
  value: string;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: string) => void;
};

/** The draft's fields that hold text. */
type TextKeys<D> = { [P in keyof D]: D[P] extends string ? P : never }[keyof D];

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
  /** The props of a TextInput for a text field of the draft. */
  textField: (field: K & TextKeys<D>) => TextFieldProps;
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

  const textField = (field: K & TextKeys<D>): TextFieldProps => ({
    name: field,
    value: draft[field] as string,
    error: errors[field],
    disabled: validating,
    onChange: (value) => change(field, { [field]: value } as Partial<D>),
  });

  return { draft, errors, validating, change, textField };
}

/** A saved input as the text a field shows. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
