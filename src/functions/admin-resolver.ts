// The resolver of the admin page and the Confluence settings page (manifest.yml: admin-resolver).
// One file per function, so each bundle carries only the code its function runs.
export { adminResolverHandler as handler } from '../resolvers';
