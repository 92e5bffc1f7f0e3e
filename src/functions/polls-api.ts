// The function behind the polls-api web trigger (manifest.yml: polls-api-fn). One file per
// function, so each bundle carries only the code its function runs.
export { handlePollsApi as handler } from '../webtrigger/handler';
