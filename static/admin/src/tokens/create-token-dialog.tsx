import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import Modal from '@atlaskit/modal-dialog';
import ModalBody from '@atlaskit/modal-dialog/modal-body';
import ModalFooter from '@atlaskit/modal-dialog/modal-footer';
import ModalHeader from '@atlaskit/modal-dialog/modal-header';
import ModalTitle from '@atlaskit/modal-dialog/modal-title';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import type { FieldError } from '../../../../src/shared/resolver-contract';
import type { CreateTokenInput, Policy, Workspaces } from '../../../../src/shared/tokens';
import { createToken } from '../api';
import { describedBy, FormField } from '../../../common/form-field';
import { defaultExpiry, resolveExpiry, type ExpiryChoice } from '../lib/expiry';
import { sentence, sortFieldErrors } from '../../../common/field-errors';
import { failureMessage, settle, useForbidden } from '../../../common/use-resolver';
import { ExpiryPicker } from './expiry-picker';
import { operationsOf, OperationsPicker, type OperationsDraft } from './operations-picker';
import type { Minted } from './reveal-dialog';
import { ScopePicker, scopeOf, type ScopeDraft } from './scope-picker';

// Mirrors the contract's TOKEN_NAME_MAX_LENGTH, which lives in a module that also builds the valibot schemas.
const NAME_MAX_LENGTH = 100;

type Field = 'name' | 'scope' | 'operations' | 'expiry';
type Draft = { name: string; scope: ScopeDraft; operations: OperationsDraft; expiry: ExpiryChoice };
type Problems = { byField: Partial<Record<Field, string>>; unplaced: string[] };

const NO_PROBLEMS: Problems = { byField: {}, unplaced: [] };

/** Where a resolver field error (`scope.jiraProjects.0`, `expiresAt`) shows in this form. */
function fieldFor(path: string): Field | undefined {
  if (path === 'name') return 'name';
  if (path.startsWith('scope.operations')) return 'operations';
  if (path === 'scope' || path.startsWith('scope.')) return 'scope';
  if (path === 'expiresAt') return 'expiry';
  return undefined;
}

/** The resolver checks everything again; this only saves a round trip for the obvious. */
function validate(draft: Draft, policy: Policy, now: Date): { input: CreateTokenInput | null; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const name = draft.name.trim();
  if (name === '') problems.push({ field: 'name', message: 'Enter a name.' });
  else if (name.length > NAME_MAX_LENGTH) problems.push({ field: 'name', message: `Use at most ${NAME_MAX_LENGTH} characters.` });
  const scope = { ...scopeOf(draft.scope), operations: operationsOf(draft.operations) };
  if (!scope.anyWorkspace && scope.jiraProjects.length === 0 && scope.confluenceSpaces.length === 0) {
    problems.push({ field: 'scope', message: 'Choose at least one project or space.' });
  }
  if (scope.operations.length === 0) problems.push({ field: 'scope.operations', message: 'Choose at least one operation.' });
  const expiry = resolveExpiry(draft.expiry, policy, now);
  if (!expiry.ok) problems.push({ field: 'expiresAt', message: expiry.message });
  if (problems.length > 0 || !expiry.ok) return { input: null, problems };
  return { input: { name, scope, expiresAt: expiry.expiresAt }, problems };
}

export function CreateTokenDialog(props: {
  policy: Policy;
  site: Workspaces;
  onCreated: (minted: Minted) => void;
  onClose: () => void;
}): ReactElement {
  const { policy, site, onCreated, onClose } = props;
  const onForbidden = useForbidden();
  const [now] = useState(() => new Date());
  const [draft, setDraft] = useState<Draft>(() => ({
    name: '',
    scope: { anyWorkspace: false, workspaces: [] },
    operations: { preset: 'read', custom: ['read'] },
    expiry: defaultExpiry(policy),
  }));
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);

  const update = (patch: Partial<Draft>): void => setDraft((d) => ({ ...d, ...patch }));
  const show = (errors: readonly FieldError[]): void => {
    const sorted = sortFieldErrors(errors, fieldFor);
    const byField: Partial<Record<Field, string>> = {};
    for (const [field, message] of Object.entries(sorted.byField) as Array<[Field, string]>) byField[field] = sentence(message);
    setProblems({ byField, unplaced: sorted.unplaced });
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setFailure(null);
    // The moment of submitting counts: "30 days" means 30 days from now, not from opening.
    const { input, problems: found } = validate(draft, policy, new Date());
    show(found);
    if (!input) return;
    setBusy(true);
    const outcome = await settle(createToken(input), onForbidden);
    setBusy(false);
    if (outcome.ok) return onCreated(outcome.data);
    if (outcome.error?.code === 'VALIDATION' && outcome.error.fields) show(outcome.error.fields);
    else setFailure(failureMessage(outcome.error));
  };

  const { byField, unplaced } = problems;
  return (
    <Modal onClose={() => !busy && onClose()} width="medium" testId="create-token-dialog" label="Create token" autoFocus={nameInput}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ModalHeader hasCloseButton>
          <ModalTitle>Create token</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <Stack space="space.200">
            {failure || unplaced.length > 0 ? (
              <SectionMessage appearance="error" testId="create-token-error">
                {[failure, ...unplaced].filter((m) => m !== null).join(' ')}
              </SectionMessage>
            ) : null}
            <FormField
              id="token-name"
              label="Name"
              error={byField.name}
              helper="Say what uses the token, such as “Sprint retro rule”."
              testId="token-name"
            >
              <Textfield
                ref={nameInput}
                id="token-name"
                name="name"
                value={draft.name}
                onChange={(e) => update({ name: e.currentTarget.value })}
                isInvalid={byField.name !== undefined}
                isRequired
                maxLength={NAME_MAX_LENGTH}
                autoComplete="off"
                aria-describedby={describedBy('token-name', byField.name, 'helper')}
                testId="token-name-input"
              />
            </FormField>
            <ScopePicker
              site={site}
              allowAnyWorkspace={policy.allowAnyWorkspace}
              draft={draft.scope}
              onChange={(scope) => update({ scope })}
              error={byField.scope}
            />
            <OperationsPicker draft={draft.operations} onChange={(operations) => update({ operations })} error={byField.operations} />
            <ExpiryPicker
              policy={policy}
              now={now}
              choice={draft.expiry}
              onChange={(expiry) => update({ expiry })}
              error={byField.expiry}
            />
          </Stack>
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={onClose} isDisabled={busy}>
            Cancel
          </Button>
          <Button appearance="primary" type="submit" isLoading={busy} testId="create-token-submit">
            Create token
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
