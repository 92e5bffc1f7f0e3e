import type { ReactElement } from 'react';
import Heading from '@atlaskit/heading';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import RadioGroup from '@atlaskit/radio/radio-group';
import type { AutomationPolicy, Workspaces } from '../../../../src/shared/tokens';
import { describedBy, FormField, FormGroup } from '../../../common/form-field';
import { scopeOf, workspaceGroups, workspaceValues, WorkspaceSelect, type WorkspaceOption } from '../tokens/scope-picker';
import { ToggleField } from './toggle-field';

export type AutomationDraft = { enabled: boolean; anyWorkspace: boolean; workspaces: string[] };

export function automationDraftOf(policy: AutomationPolicy): AutomationDraft {
  return { enabled: policy.enabled, anyWorkspace: policy.anyWorkspace, workspaces: workspaceValues(policy) };
}

export function automationPolicyOf(draft: AutomationDraft): AutomationPolicy {
  return { enabled: draft.enabled, ...scopeOf(draft) };
}

const PICKER_HELPER = 'The actions refuse to work on polls and work items anywhere else.';

/**
 * Quorum's native Automation actions (Create poll, Get poll results, Close poll — in the rule
 * builder and in Rovo): on or off, and where. A chosen project or space the site no longer lists
 * still shows, by its key or id, so it can be removed.
 */
export function AutomationSection(props: {
  draft: AutomationDraft;
  onChange: (next: AutomationDraft) => void;
  site: Workspaces | null;
  error: string | undefined;
}): ReactElement {
  const { draft, onChange, site, error } = props;
  const grouped = site ? workspaceGroups(site) : [];
  const known = grouped.flatMap((group) => group.options);
  const selected: WorkspaceOption[] = draft.workspaces.map(
    (value) => known.find((o) => o.value === value) ?? { value, label: value.replace(/^\w+:/, '') },
  );
  return (
    <Stack space="space.200" testId="automation-settings">
      <Heading size="small" as="h2">
        Automation actions
      </Heading>
      <ToggleField
        id="policy-automation-enabled"
        label="Let Automation rules and Rovo use Quorum's actions"
        helper="Create poll, Get poll results and Close poll, in the rule builder without a token. They run as the rule's user, with that user's permissions on each work item, and every use is in the audit log."
        checked={draft.enabled}
        onChange={(enabled) => onChange({ ...draft, enabled })}
        error={draft.enabled ? undefined : error}
      />
      {draft.enabled ? (
        <Stack testId="policy-automation-where">
          <FormGroup
            id="policy-automation-where"
            legend="Where they may work"
            testId="policy-automation-where"
            error={draft.anyWorkspace ? error : undefined}
          >
            <RadioGroup
              name="policy-automation-where"
              options={[
                { label: 'Selected projects and spaces', value: 'selected', testId: 'automation-selected' },
                { label: 'Every project and space', value: 'any', testId: 'automation-any' },
              ]}
              value={draft.anyWorkspace ? 'any' : 'selected'}
              onChange={(e) => onChange({ ...draft, anyWorkspace: e.currentTarget.value === 'any' })}
            />
            {draft.anyWorkspace ? null : (
              <FormField
                id="policy-automation-workspaces"
                label="Projects and spaces"
                error={error}
                helper={PICKER_HELPER}
                testId="policy-automation-workspaces"
              >
                <WorkspaceSelect
                  id="policy-automation-workspaces"
                  options={grouped}
                  selected={selected}
                  onChange={(workspaces) => onChange({ ...draft, workspaces })}
                  isInvalid={error !== undefined}
                  descriptionId={describedBy('policy-automation-workspaces', error, PICKER_HELPER)}
                />
              </FormField>
            )}
          </FormGroup>
        </Stack>
      ) : null}
    </Stack>
  );
}
