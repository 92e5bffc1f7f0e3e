import { useState, type ReactElement, type ReactNode } from 'react';
import Button from '@atlaskit/button/default/button';
import Modal from '@atlaskit/modal-dialog';
import ModalBody from '@atlaskit/modal-dialog/modal-body';
import ModalFooter from '@atlaskit/modal-dialog/modal-footer';
import ModalHeader from '@atlaskit/modal-dialog/modal-header';
import ModalTitle from '@atlaskit/modal-dialog/modal-title';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import SectionMessage from '@atlaskit/section-message';

/**
 * Asks before a destructive action. `onConfirm` answers an error message to show, or null when
 * done (the caller then closes the dialog). `canConfirm` gates the button (typed confirmations).
 */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  children: ReactNode;
  onConfirm: () => Promise<string | null>;
  onClose: () => void;
  canConfirm?: boolean;
  testId: string;
}): ReactElement {
  const { title, confirmLabel, children, onConfirm, onClose, canConfirm = true, testId } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const problem = await onConfirm();
    setBusy(false);
    if (problem !== null) setError(problem);
  };

  return (
    <Modal onClose={() => !busy && onClose()} width="small" testId={testId} label={title}>
      <ModalHeader hasCloseButton>
        <ModalTitle appearance="danger">{title}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Stack space="space.200">
          {children}
          {error ? (
            <SectionMessage appearance="error" testId={`${testId}-error`}>
              {error}
            </SectionMessage>
          ) : null}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose} isDisabled={busy}>
          Cancel
        </Button>
        <Button appearance="danger" onClick={() => void confirm()} isDisabled={!canConfirm} isLoading={busy} testId={`${testId}-confirm`}>
          {confirmLabel}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
