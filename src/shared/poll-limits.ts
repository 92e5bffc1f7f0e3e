/**
 * The poll model's limits and defaults, apart from its schemas (polls.ts) so that the poll UI
 * can show them without loading the schema library.
 */
export const POLL_LIMITS = {
  titleMaxLength: 255,
  descriptionMaxLength: 4000,
  minOptions: 2,
  maxOptions: 50,
  optionTitleMaxLength: 255,
  optionIdMaxLength: 64,
  maxOptionOrder: 1_000_000,
  commentMaxLength: 1000,
} as const;

export const RESULTS_VISIBILITIES = ['alwaysPublic', 'afterVote', 'afterClose', 'private'] as const;
export type ResultsVisibility = (typeof RESULTS_VISIBILITIES)[number];

export const DEFAULT_POLL_SETTINGS = {
  allowSelectionOfMultipleOptions: false,
  resultsVisibility: 'alwaysPublic',
  endDate: '',
  hideAbsoluteNumbers: false,
  allowRevote: false,
  saveParticipantNames: false,
  closePollOnEndDate: false,
  allowComment: false,
} as const satisfies Record<string, boolean | string>;
