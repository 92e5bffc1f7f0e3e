import type { ReactElement } from 'react';
import { ErrorMessage } from '@atlaskit/form/error-message';
import { HelperMessage } from '@atlaskit/form/helper-message';
import { Label } from '@atlaskit/form/label';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import Toggle from '@atlaskit/toggle';
import { describedBy } from '../../../common/form-field';

/** A switch with its label, helper and error, laid out as the policy form's other fields. */
export function ToggleField(props: {
  id: string;
  label: string;
  helper: ReactElement | string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error: string | undefined;
}): ReactElement {
  const { id, label, helper, checked, onChange, error } = props;
  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="start">
        <Toggle
          id={id}
          isChecked={checked}
          onChange={(e) => onChange(e.currentTarget.checked)}
          descriptionId={describedBy(id, error, helper)}
          testId={id}
        />
        <Stack space="space.025">
          <Label htmlFor={id}>{label}</Label>
          <div id={`${id}-helper`}>
            <HelperMessage>{helper}</HelperMessage>
          </div>
        </Stack>
      </Inline>
      {error ? (
        <div id={`${id}-error`}>
          <ErrorMessage testId={`${id}-error`}>{error}</ErrorMessage>
        </div>
      ) : null}
    </Stack>
  );
}
