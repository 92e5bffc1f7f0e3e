import type { Frame, Locator } from 'playwright-core';
import type { PollCard } from '../../src/shared/poll-ui';
import { callPolls, ISSUE_PANEL, MACRO, pollBody, type Place } from '../support/poll-ui';
import { unwrap } from '../support/quorum';
import type { Site } from './admin-page';

export const PLAT_1: Place = { issueKey: 'PLAT-1' };
export const ENG_PAGE = { pageId: '2001', localId: 'macro-retro' } as const satisfies Place;

/** The page of the issue panel or the macro at `place`, as `accountId` sees it. */
export function pollPagePath(place: Place, accountId: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...place, accountId, ...extra });
  return `/modules/${'issueKey' in place ? ISSUE_PANEL : MACRO}/?${query.toString()}`;
}

/** A poll made by an editor through the poll resolver, with these settings and options. */
export async function seedPoll(
  site: Site,
  settings: Record<string, unknown> = {},
  options?: string[],
  place: Place = PLAT_1,
  title = 'Ship on Friday?',
): Promise<PollCard> {
  const body = { ...pollBody(settings, options), title };
  return unwrap(await callPolls(site.runtime, 'local-user', place, 'polls/create', { poll: body })).poll;
}

/** Votes as `accountId` through the resolver (someone else, on another screen). */
export async function voteAs(site: Site, accountId: string, poll: PollCard, optionIds: string[], place: Place = PLAT_1): Promise<void> {
  unwrap(await callPolls(site.runtime, accountId, place, 'polls/vote', { pollId: poll.id, optionIds }));
}

/** The card of the poll titled `title`. */
export function card(page: Frame, title: string): Locator {
  return page.getByTestId('poll-card').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

/** Each result row's option and figures, as the bars show them: `['Yes', '67% · 2 votes']`. */
export async function resultRows(poll: Locator): Promise<string[][]> {
  await poll.getByTestId('poll-results').waitFor();
  const rows = poll.getByTestId('result-row');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push([
      (await row.getByRole('meter').getAttribute('aria-label')) ?? '',
      (await row.getByTestId('result-figures').innerText()).trim(),
    ]);
  }
  return out;
}

/** Picks options by title and submits the vote, then waits for "You voted". */
export async function voteInUi(poll: Locator, titles: string[]): Promise<void> {
  for (const title of titles) {
    const choice = poll.getByRole('radio', { name: title, exact: true }).or(poll.getByRole('checkbox', { name: title, exact: true }));
    await choice.check();
  }
  await poll.getByTestId('vote').click();
  await poll.getByTestId('my-vote').waitFor();
}
