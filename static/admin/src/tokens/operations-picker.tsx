import type { ReactElement } from 'react';
import Checkbox from '@atlaskit/checkbox/checkbox';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import RadioGroup from '@atlaskit/radio/radio-group';
import type { Operation } from '../../../../src/shared/tokens';
import { FormGroup } from '../../../common/form-field';
import { ALL_OPERATIONS, OPERATION_LABEL, READ_ONLY, READ_WRITE } from '../lib/token-display';

export type OperationsDraft = { preset: 'read' | 'readWrite' | 'custom'; custom: Operation[] };

export function operationsOf(draft: OperationsDraft): Operation[] {
  if (draft.preset === 'read') return [...READ_ONLY];
  if (draft.preset === 'readWrite') return [...READ_WRITE];
  return ALL_OPERATIONS.filter((op) => draft.custom.includes(op));
}

export function OperationsPicker(props: {
  draft: OperationsDraft;
  onChange: (next: OperationsDraft) => void;
  error: string | undefined;
}): ReactElement {
  const { draft, onChange, error } = props;
  const toggle = (op: Operation, on: boolean): void =>
    onChange({ ...draft, custom: on ? [...draft.custom, op] : draft.custom.filter((o) => o !== op) });
  return (
    <FormGroup id="token-operations" legend="Operations" error={error} testId="token-operations">
      <RadioGroup
        name="token-operations"
        options={[
          { label: 'Read only — list and read polls and results', value: 'read', testId: 'operations-read' },
          { label: 'Read & write — also create, update and delete polls', value: 'readWrite', testId: 'operations-read-write' },
          { label: 'Custom', value: 'custom', testId: 'operations-custom' },
        ]}
        value={draft.preset}
        onChange={(e) => onChange({ ...draft, preset: e.currentTarget.value as OperationsDraft['preset'] })}
      />
      {draft.preset === 'custom' ? (
        <Inline space="space.200" shouldWrap>
          {ALL_OPERATIONS.map((op) => (
            <Checkbox
              key={op}
              name="token-operation"
              value={op}
              label={OPERATION_LABEL[op]}
              isChecked={draft.custom.includes(op)}
              onChange={(e) => toggle(op, e.currentTarget.checked)}
              testId={`operation-${op}`}
            />
          ))}
        </Inline>
      ) : null}
    </FormGroup>
  );
}
