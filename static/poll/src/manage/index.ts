// Everything only editors (and named polls' voter lists) need, in one chunk loaded on demand:
// one lazy entry keeps the bundler from moving its dependencies into the first load.
export { default as ManageBar } from './manage-bar';
export { default as PollEditor } from './poll-editor';
export { default as VotersList } from './voters-list';
