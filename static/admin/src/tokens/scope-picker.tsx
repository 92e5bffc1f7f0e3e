import type { ReactElement } from 'react';
import RadioGroup from '@atlaskit/radio/radio-group';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select/select';
import type { TokenScope, Workspaces } from '../../../../src/shared/tokens';
import { EscapeGuard } from '../../../common/escape-guard';
import { describedBy, FormField, FormGroup } from '../../../common/form-field';

export type ScopeDraft = { anyWorkspace: boolean; workspaces: string[] };

export type WorkspaceOption = { label: string; value: string };
type WorkspaceGroup = { label: string; options: WorkspaceOption[] };

const JIRA = 'jira:';
const CONFLUENCE = 'confluence:';

/** The site's projects and spaces as grouped options; values are `jira:<key>` and `confluence:<id>`. */
export function workspaceGroups(site: Workspaces): WorkspaceGroup[] {
  return [
    { label: 'Jira projects', options: site.jiraProjects.map((p) => ({ label: `${p.name} (${p.key})`, value: JIRA + p.key })) },
    {
      label: 'Confluence spaces',
      options: site.confluenceSpaces.map((s) => ({ label: `${s.name} (${s.key})`, value: CONFLUENCE + s.id })),
    },
  ].filter((group) => group.options.length > 0);
}

export function scopeOf(draft: ScopeDraft): Pick<TokenScope, 'jiraProjects' | 'confluenceSpaces' | 'anyWorkspace'> {
  if (draft.anyWorkspace) return { jiraProjects: [], confluenceSpaces: [], anyWorkspace: true };
  const pick = (prefix: string): string[] => draft.workspaces.filter((w) => w.startsWith(prefix)).map((w) => w.slice(prefix.length));
  return { jiraProjects: pick(JIRA), confluenceSpaces: pick(CONFLUENCE), anyWorkspace: false };
}

/** The option values of a scope's projects and spaces, the inverse of `scopeOf`. */
export function workspaceValues(scope: Pick<TokenScope, 'jiraProjects' | 'confluenceSpaces'>): string[] {
  return [...scope.jiraProjects.map((key) => JIRA + key), ...scope.confluenceSpaces.map((id) => CONFLUENCE + id)];
}

/** The searchable multi-select of the site's projects and spaces, for a FormField of the same id. */
export function WorkspaceSelect(props: {
  id: string;
  options: WorkspaceGroup[];
  selected: WorkspaceOption[];
  onChange: (workspaces: string[]) => void;
  isInvalid: boolean;
  descriptionId: string | undefined;
}): ReactElement {
  const { id, options, selected, onChange, isInvalid, descriptionId } = props;
  return (
    <EscapeGuard>
      <Select<WorkspaceOption, true>
        inputId={id}
        isMulti
        options={options}
        value={selected}
        onChange={(values) => onChange(values.map((v) => v.value))}
        placeholder="Search projects and spaces"
        noOptionsMessage={() => 'No project or space matches'}
        isInvalid={isInvalid}
        descriptionId={descriptionId}
      />
    </EscapeGuard>
  );
}

/**
 * Which projects and spaces a token reaches: a searchable multi-select of the site's workspaces,
 * and — only when the policy allows it — "any workspace", with a warning.
 */
export function ScopePicker(props: {
  site: Workspaces;
  allowAnyWorkspace: boolean;
  draft: ScopeDraft;
  onChange: (next: ScopeDraft) => void;
  error: string | undefined;
}): ReactElement {
  const { site, allowAnyWorkspace, draft, onChange, error } = props;
  const options = workspaceGroups(site);
  const selected = options.flatMap((g) => g.options).filter((o) => draft.workspaces.includes(o.value));
  const picker = (
    <FormField
      id="token-scope"
      label="Projects and spaces"
      error={draft.anyWorkspace ? undefined : error}
      helper="The token works only on polls in these Jira projects and Confluence spaces."
      testId="token-scope"
    >
      <WorkspaceSelect
        id="token-scope"
        options={options}
        selected={selected}
        onChange={(workspaces) => onChange({ ...draft, workspaces })}
        isInvalid={!draft.anyWorkspace && error !== undefined}
        descriptionId={describedBy('token-scope', error, 'helper')}
      />
    </FormField>
  );
  if (!allowAnyWorkspace) return picker;
  return (
    <FormGroup id="token-access" legend="Access" testId="token-access" error={draft.anyWorkspace ? error : undefined}>
      <RadioGroup
        name="token-access"
        options={[
          { label: 'Selected projects and spaces', value: 'selected', testId: 'access-selected' },
          { label: 'Any project or space', value: 'any', testId: 'access-any' },
        ]}
        value={draft.anyWorkspace ? 'any' : 'selected'}
        onChange={(e) => onChange({ ...draft, anyWorkspace: e.currentTarget.value === 'any' })}
      />
      {draft.anyWorkspace ? (
        <SectionMessage appearance="warning" testId="any-workspace-warning">
          This token can reach polls in every Jira project and Confluence space on the site, including ones created later. Prefer a token
          per project or space where you can.
        </SectionMessage>
      ) : (
        picker
      )}
    </FormGroup>
  );
}
