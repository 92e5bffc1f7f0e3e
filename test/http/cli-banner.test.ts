import { startLocalProcess, tempDir } from '../support/local-process';
import { ECHO_APP } from '../support/echo-app';

/**
 * What `npm start` prints for the modules of manifest-reference/modules/scheduled-trigger and
 * manifest-reference/modules/trigger, and for the fixture site's users (DESIGN §7), on the echo app.
 */

describe('the banner of npm start', () => {
  it('lists place-bound modules on a fixture place, scheduled triggers, triggers with their missing scopes, and the users', async () => {
    const server = await startLocalProcess({ cwd: ECHO_APP, dataDir: tempDir('echo-banner') });
    try {
      const out = server.output();
      expect(out).toContain(`jira:issuePanel: ${server.url}/modules/echo-panel/?issueKey=PLAT-1 (on an issue)`);
      expect(out).toContain(`macro: ${server.url}/modules/echo-macro/?pageId=2001&localId=local-macro-1`);
      expect(out).toMatch(
        /scheduled trigger: echo-hourly every hour, first at \S+; now: POST http:\/\/\S+\/__forge\/scheduled\/echo-hourly/,
      );
      expect(out).toContain('trigger: echo-issue-events on avi:jira:updated:issue, avi:jira:deleted:issue');
      expect(out).toContain(
        'not delivered: avi:confluence:deleted:page needs the scopes read:confluence-content.summary, write:confluence-content',
      );
      expect(out).toMatch(/local-viewer\s+Local Viewer \(no admin rights\) — Jira PLAT: BROWSE_PROJECTS · Confluence ENG: read/);
      expect(out).toContain('voter-001 … voter-100: like local-viewer');
      expect(out).not.toContain('voter-002');
    } finally {
      await server.stop();
    }
  });
});
