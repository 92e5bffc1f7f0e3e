import { callPolls } from './api';

/**
 * The first load asks for the polls before the panel's code is even parsed: this entry holds
 * only the bridge, so the resolver call and loading React and Atlaskit overlap instead of
 * following each other (the panel opens on every issue; DESIGN §10 keeps it quick).
 */
const firstListing = callPolls('polls/list', {});
// A failure is the app's to show (its load state); here it must not surface as unhandled.
firstListing.catch(() => undefined);

void import('./root').then(({ mount }) => mount(firstListing));
