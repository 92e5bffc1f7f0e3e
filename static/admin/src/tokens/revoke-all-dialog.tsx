import { useState, type ReactElement } from 'react';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import Textfield from '@atlaskit/textfield';
import { ConfirmDialog } from '../../../common/confirm-dialog';
import { FormField } from '../../../common/form-field';

export const REVOKE_ALL_PHRASE = 'REVOKE ALL';

/** For incidents. Typing the phrase makes sure nobody revokes every token by a stray click. */
export function RevokeAllDialog(props: { onConfirm: () => Promise<string | null>; onClose: () => void }): ReactElement {
  const { onConfirm, onClose } = props;
  const [typed, setTyped] = useState('');
  return (
    <ConfirmDialog
      title="Revoke all tokens?"
      confirmLabel="Revoke all tokens"
      onConfirm={onConfirm}
      onClose={onClose}
      canConfirm={typed.trim() === REVOKE_ALL_PHRASE}
      testId="revoke-all-dialog"
    >
      <Stack space="space.150">
        <Text as="p">
          Every token that is not revoked stops working at once — including one rotated while this runs. Every automation rule and
          integration that uses Quorum&apos;s API fails until it gets a new token. This can&apos;t be undone.
        </Text>
        <FormField id="revoke-all-confirm" label={`Type ${REVOKE_ALL_PHRASE} to confirm`} testId="revoke-all-confirm">
          <Textfield
            id="revoke-all-confirm"
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            testId="revoke-all-input"
          />
        </FormField>
      </Stack>
    </ConfirmDialog>
  );
}
