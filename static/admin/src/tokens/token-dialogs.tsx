import type { ReactElement } from 'react';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { TokenView } from '../../../../src/shared/tokens';
import { ConfirmDialog } from '../../../common/confirm-dialog';

export { RevokeAllDialog } from './revoke-all-dialog';

type Props = { token: TokenView; onConfirm: () => Promise<string | null>; onClose: () => void };

export function RevokeDialog({ token, onConfirm, onClose }: Props): ReactElement {
  return (
    <ConfirmDialog title={`Revoke “${token.name}”?`} confirmLabel="Revoke" onConfirm={onConfirm} onClose={onClose} testId="revoke-dialog">
      <Text as="p">
        Requests with this token fail from now on, and rules that use it stop working. The token stays listed as revoked. This can&apos;t be
        undone.
      </Text>
    </ConfirmDialog>
  );
}

export function RotateDialog({ token, onConfirm, onClose }: Props): ReactElement {
  return (
    <ConfirmDialog title={`Rotate “${token.name}”?`} confirmLabel="Rotate" onConfirm={onConfirm} onClose={onClose} testId="rotate-dialog">
      <Text as="p">
        Quorum creates a new token with the same name, scope and expiry, and revokes this one at once. Rules that use it stop working until
        you give them the new token.
      </Text>
    </ConfirmDialog>
  );
}
