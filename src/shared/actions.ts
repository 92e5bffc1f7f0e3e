/**
 * Quorum's native Automation actions (manifest `action` modules in `automation:actionProvider`
 * quorum-actions): their keys, the inputs their configuration form saves and the outputs they
 * answer. The backend (src/actions) and the configuration form (static/automation) both read
 * these; the manifest declares the same names, which a test holds in step.
 */
export const ACTION_KEYS = {
  createPoll: 'create-poll',
  getPollResults: 'get-poll-results',
  closePoll: 'close-poll',
} as const;
export type ActionKey = (typeof ACTION_KEYS)[keyof typeof ACTION_KEYS];

/**
 * Smart values the form puts in inputs, which Automation resolves before it runs the action
 * (manifest-reference/modules/automation-action, "Accepting Smart Values"). `{{rule.name}}`
 * and `{{baseUrl}}` are Automation's own (its smart value reference); hidden inputs carry them.
 */
export const SMART_VALUES = {
  issueKey: '{{issue.key}}',
  ruleName: '{{rule.name}}',
  baseUrl: '{{baseUrl}}',
} as const;

/** What "Create poll" saves. Numbers are JSON numbers; everything else text, smart values allowed. */
export type CreatePollInputs = {
  /** The work item's key; the form fills in the rule's own, `{{issue.key}}`. */
  issueKey?: string;
  title: string;
  description?: string;
  /** One option per line, or the name of a template (src/shared/poll-templates.ts). */
  options: string;
  /** Team Voice's settings as a JSON object, e.g. `{"resultsVisibility":"afterClose"}`. */
  settings?: string;
  /** Sets the end date this many days after the run, and closes the poll then. */
  closeAfterDays?: number;
  /** Hidden: `{{rule.name}}`, the rule the audit log names. */
  rule?: string;
  /** Hidden: `{{baseUrl}}`, for the poll's link. */
  siteUrl?: string;
};

/** What "Get poll results" and "Close poll" save: a poll id, or else the newest poll of a work item. */
export type PollRefInputs = { pollId?: string; issueKey?: string; rule?: string };

export const CLOSE_AFTER_DAYS = { min: 1, max: 365 } as const;

/** The settings the form offers, each a switch; `resultsVisibility` is a choice of four. */
export const FORM_SETTING_FLAGS = [
  'allowSelectionOfMultipleOptions',
  'allowRevote',
  'allowComment',
  'saveParticipantNames',
  'hideAbsoluteNumbers',
] as const;
export type FormSettingFlag = (typeof FORM_SETTING_FLAGS)[number];

/** What an action answers when it did not do its job: Automation stops the rule and shows these. */
export type ActionErrors = { errors: Array<{ message: string }> };

export type CreatePollOutputs = { pollId: string; issueKey: string; pollUrl: string | null };
export type PollResultsOutputs = {
  pollId: string;
  title: string;
  status: 'open' | 'closed';
  totalVotes: number | null;
  participants: number | null;
  leadingOption: string | null;
  resultsJson: string;
};
export type ClosePollOutputs = { pollId: string; status: 'open' | 'closed' };
