import type { ReactElement, ReactNode } from 'react';
import { ErrorMessage } from '@atlaskit/form/error-message';
import { HelperMessage } from '@atlaskit/form/helper-message';
import { Label } from '@atlaskit/form/label';
import { Legend } from '@atlaskit/form/legend';
import { Stack } from '@atlaskit/primitives/compiled/stack';

/** Ids of the texts that describe a control, for its `aria-describedby`. */
export function describedBy(id: string, error: string | undefined, helper: ReactNode): string | undefined {
  const ids = [error ? `${id}-error` : null, helper ? `${id}-helper` : null].filter((x) => x !== null);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/**
 * A label, a control and its messages, laid out as Atlaskit forms are. The control gets `id`
 * and `aria-describedby={describedBy(id, error, helper)}`; `testId` marks the error message
 * (`<testId>-error`) so tests can find the message on the field it belongs to.
 */
export function FormField(props: {
  id: string;
  label: string;
  error?: string | undefined;
  helper?: ReactNode;
  testId: string;
  children: ReactNode;
}): ReactElement {
  const { id, label, error, helper, testId, children } = props;
  return (
    <Stack space="space.050">
      <Label htmlFor={id}>{label}</Label>
      {children}
      <FieldMessages id={id} helper={helper} error={error} testId={testId} />
    </Stack>
  );
}

const FIELDSET_STYLE = { border: 0, margin: 0, padding: 0, minWidth: 0 } as const;

/** The same for a group of radios or checkboxes: a legend instead of a label. */
export function FormGroup(props: {
  id: string;
  legend: string;
  error?: string | undefined;
  helper?: ReactNode;
  testId: string;
  children: ReactNode;
}): ReactElement {
  const { id, legend, error, helper, testId, children } = props;
  return (
    <fieldset id={id} aria-describedby={describedBy(id, error, helper)} style={FIELDSET_STYLE}>
      <Legend>{legend}</Legend>
      <Stack space="space.050">
        {children}
        <FieldMessages id={id} helper={helper} error={error} testId={testId} />
      </Stack>
    </fieldset>
  );
}

/** The helper and error lines under a field or group, with the ids its aria-describedby names. */
function FieldMessages(props: { id: string; helper?: ReactNode; error?: string | undefined; testId: string }): ReactElement {
  const { id, helper, error, testId } = props;
  return (
    <>
      {helper ? (
        <div id={`${id}-helper`}>
          <HelperMessage>{helper}</HelperMessage>
        </div>
      ) : null}
      {error ? (
        <div id={`${id}-error`}>
          <ErrorMessage testId={`${testId}-error`}>{error}</ErrorMessage>
        </div>
      ) : null}
    </>
  );
}
