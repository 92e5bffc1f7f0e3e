import type { ReactElement } from 'react';
import { Box } from '@atlaskit/primitives/compiled/box';
import Textfield from '@atlaskit/textfield';
import { describedBy, FormField } from '../../common/form-field';

/** One text input of an action's form, labelled and described, with its error under it. */
export function TextInput(props: {
  name: string;
  label: string;
  helper: string;
  value: string;
  error: string | undefined;
  disabled: boolean;
  width?: string | undefined;
  onChange: (value: string) => void;
}): ReactElement {
  const { name, label, helper, value, error, disabled, width, onChange } = props;
  const id = `input-${name}`;
  return (
    <FormField id={id} label={label} error={error} helper={helper} testId={id}>
      <Box style={width ? { maxWidth: width } : undefined}>
        <Textfield
          id={id}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          isInvalid={error !== undefined}
          isDisabled={disabled}
          aria-describedby={describedBy(id, error, helper)}
          testId={`${id}-field`}
        />
      </Box>
    </FormField>
  );
}
