// The switchboard: only the handlers that manifest.yml names, grouped by module.

// jira:adminPage + confluence:globalSettings → function admin-resolver
export { adminResolverHandler as adminResolver } from './resolvers';

// webtrigger polls-api → function polls-api-fn
export { handlePollsApi as pollsApi } from './webtrigger/handler';
