import { CLOSE_AFTER_DAYS, type CreatePollInputs } from '../shared/actions';
import { optionTemplateNamed } from '../shared/poll-templates';
import type { FieldError } from '../shared/resolver-contract';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The poll body an action's text inputs describe, for the poll service to validate like any other. */
export type PollBodyDraft = {
  title: string;
  description?: string;
  options: Array<{ title: string }>;
  settings?: Record<string, unknown>;
};

/**
 * Turns "Create poll"'s inputs into a Team Voice poll body: options from one per line (blank
 * lines dropped) or a template's name; settings from their JSON; `closeAfterDays` into an end
 * date that closes the poll. What the body then breaks is the poll service's to say.
 */
export function pollBodyOf(
  inputs: Pick<CreatePollInputs, 'title' | 'description' | 'options' | 'settings' | 'closeAfterDays'>,
  now: Date,
): { body: PollBodyDraft; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const template = optionTemplateNamed(inputs.options);
  const titles = template ? [...template.options] : inputs.options.split(/\r?\n/).map((line) => line.trim());
  const body: PollBodyDraft = {
    title: inputs.title,
    options: titles.filter((title) => title !== '').map((title) => ({ title })),
  };
  if (inputs.description !== undefined) body.description = inputs.description;
  const settings = settingsOf(inputs.settings, problems);
  const days = inputs.closeAfterDays;
  if (days !== undefined && (days < CLOSE_AFTER_DAYS.min || days > CLOSE_AFTER_DAYS.max)) {
    problems.push({
      field: 'closeAfterDays',
      message: `must be a whole number of days from ${CLOSE_AFTER_DAYS.min} to ${CLOSE_AFTER_DAYS.max}`,
    });
  } else if (days !== undefined) {
    if (settings && 'endDate' in settings) {
      problems.push({ field: 'closeAfterDays', message: 'cannot be given with an endDate in settings; give one of them' });
    } else {
      // Whole seconds: what the settings' endDate takes, and what a rule author would write.
      const endDate = new Date(now.getTime() + days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
      body.settings = { ...settings, endDate, closePollOnEndDate: true };
      return { body, problems };
    }
  }
  if (settings) body.settings = settings;
  return { body, problems };
}

function settingsOf(text: string | undefined, problems: FieldError[]): Record<string, unknown> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push({ field: 'settings', message: 'must be a JSON object of poll settings, such as {"resultsVisibility":"afterClose"}' });
    return undefined;
  }
  return parsed as Record<string, unknown>;
}

/**
 * The input a poll body field came from, as a rule author knows it: `options.2.title` is the
 * third option (blank lines do not count); an end date made from `closeAfterDays` is that input's.
 */
export function inputFieldOf(field: string, inputs: Record<string, unknown>): string {
  const option = /^options\.(\d+)(?:\.\w+)?$/.exec(field);
  if (option) return `options (option ${Number(option[1]) + 1})`;
  if (field === 'settings.endDate' && inputs['closeAfterDays'] !== undefined) return 'closeAfterDays';
  return field;
}
