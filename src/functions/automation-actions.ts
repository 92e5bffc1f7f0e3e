// The functions of the native Automation actions (manifest.yml: create-poll-fn, get-poll-results-fn,
// close-poll-fn), one entry file of their own, so neither the web trigger's nor the resolvers'
// bundles carry them.
export {
  closePollHandler as closePoll,
  createPollHandler as createPoll,
  getPollResultsHandler as getPollResults,
} from '../actions/handlers';
