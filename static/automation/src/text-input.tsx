import type { ReactElement } from 'react';
import { Box } from '@atlaskit/primitives/compiled/box';
import Textfield from '@atlaskit/textfield';
import { describedBy, FormField } from '../../common/form-field';
import type { TextFieldProps } from './use-config-form';

/** One text input of an action's form, labelled and described, with its error under it. */
export function TextInput(props: TextFieldProps & { label: string; helper: string; width?: string | undefined }): ReactElement {
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
