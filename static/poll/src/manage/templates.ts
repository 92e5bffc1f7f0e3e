import { OPTION_TEMPLATES, type OptionTemplate } from '../../../../src/shared/poll-templates';

/**
 * Starting points for a new poll: each fills the form, which the editor then changes freely. The
 * named sets are the ones an Automation action's "Options" may name (src/shared/poll-templates);
 * "Blank" is the editor's own.
 */
export const TEMPLATES: readonly OptionTemplate[] = [...OPTION_TEMPLATES, { id: 'blank', label: 'Blank', options: ['', ''] }];
