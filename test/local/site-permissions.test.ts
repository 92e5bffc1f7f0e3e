import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { asApp, asUser, authorize, route } from '@forge/api';
import { LocalRuntime } from '../../local/runtime';
import { loadSite } from '../../local/product/site';
import { REPO_ROOT, tempDir } from '../support/local-process';

/**
 * The fixture site's users and their project and space permissions, answered by the product
 * endpoints an app calls as the user, in the shapes Atlassian documents (the Jira and Confluence
 * REST references; Forge's shared-responsibility-model: "verify expected permissions … with the
 * permissions REST APIs"). Run through the real @forge/api.
 */
const ECHO_MANIFEST = path.join(REPO_ROOT, 'test', 'fixtures', 'echo-app', 'manifest.yml');
const SITE = path.join(REPO_ROOT, 'local', 'site.json');

let runtime: LocalRuntime;
beforeEach(() => {
  runtime = new LocalRuntime({ manifestPath: ECHO_MANIFEST });
});
afterEach(() => runtime.close());

type Answer = { status: number; body: any };
const answer = async (response: { status: number; text(): Promise<string> }): Promise<Answer> => {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
};
const jiraAs = (accountId: string, path: ReturnType<typeof route>): Promise<Answer> =>
  runtime.run(async () => answer(await asUser().requestJira(path)), { accountId });
const confluenceAs = (accountId: string, path: ReturnType<typeof route>, init?: RequestInit): Promise<Answer> =>
  runtime.run(async () => answer(await asUser().requestConfluence(path, init as never)), { accountId });
const have = (body: any, key: string): boolean => body.permissions[key].havePermission;

describe('the fixture site’s users (DESIGN §7)', () => {
  it('has an admin, a user, a viewer and voter-001 … voter-100 made from one line, like the viewer', () => {
    const site = loadSite(SITE);
    const ids = site.users.map((u) => u.accountId);
    expect(ids.slice(0, 3)).toEqual(['local-admin', 'local-user', 'local-viewer']);
    expect(ids).toHaveLength(103);
    const voter = site.users.find((u) => u.accountId === 'voter-042');
    expect(voter).toMatchObject({ displayName: 'Voter 042', email: 'voter-042@quorum.local', jiraAdmin: false, confluenceAdmin: false });
    expect(voter?.projects).toEqual({ PLAT: ['BROWSE_PROJECTS'] });
    expect(voter?.spaces).toEqual({ ENG: ['read'] });
    expect(ids).toContain('voter-100');
    expect(ids).not.toContain('voter-101');
  });

  it('refuses a site whose grants name a project or space it does not have, or a series like no one', () => {
    const bad = JSON.parse(readFileSync(SITE, 'utf8'));
    bad.users[1].projects.NOPE = ['BROWSE_PROJECTS'];
    bad.userSeries[0].like = 'ghost';
    const file = path.join(tempDir('bad-site'), 'site.json');
    writeFileSync(file, JSON.stringify(bad));
    expect(() => loadSite(file)).toThrow(
      /user 'local-user': no Jira project 'NOPE'.*userSeries 'voter-': no user 'ghost'|userSeries 'voter-': no user 'ghost'.*no Jira project 'NOPE'/,
    );
  });
});

describe('Jira mypermissions as the user (Jira REST, Get my permissions)', () => {
  it('answers project permissions of the issue’s project: the user edits PLAT and only browses OPS', async () => {
    const plat = await jiraAs(
      'local-user',
      route`/rest/api/3/mypermissions?issueKey=${'PLAT-1'}&permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER`,
    );
    expect(plat.status).toBe(200);
    expect(plat.body.permissions.EDIT_ISSUES).toEqual({
      id: 'EDIT_ISSUES',
      key: 'EDIT_ISSUES',
      name: 'Edit Issues',
      type: 'PROJECT',
      havePermission: true,
    });
    expect(have(plat.body, 'BROWSE_PROJECTS')).toBe(true);
    expect(plat.body.permissions.ADMINISTER).toMatchObject({ type: 'GLOBAL', havePermission: false });
    const ops = await jiraAs('local-user', route`/rest/api/3/mypermissions?issueId=${'21001'}&permissions=BROWSE_PROJECTS,EDIT_ISSUES`);
    expect([have(ops.body, 'BROWSE_PROJECTS'), have(ops.body, 'EDIT_ISSUES')]).toEqual([true, false]);
  });

  it('answers by project key or id; the admin has every permission and ADMINISTER', async () => {
    const byKey = await jiraAs(
      'local-viewer',
      route`/rest/api/3/mypermissions?projectKey=${'PLAT'}&permissions=BROWSE_PROJECTS,EDIT_ISSUES`,
    );
    expect([have(byKey.body, 'BROWSE_PROJECTS'), have(byKey.body, 'EDIT_ISSUES')]).toEqual([true, false]);
    const admin = await jiraAs(
      'local-admin',
      route`/rest/api/3/mypermissions?projectId=${'10001'}&permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER`,
    );
    expect([have(admin.body, 'BROWSE_PROJECTS'), have(admin.body, 'EDIT_ISSUES'), have(admin.body, 'ADMINISTER')]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('answers 404 with Jira’s error body for an issue that does not exist or that the user cannot browse', async () => {
    const missing = await jiraAs(
      'local-admin',
      route`/rest/api/3/mypermissions?issueKey=${'PLAT-999'}&permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER`,
    );
    expect(missing).toEqual({
      status: 404,
      body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
    });
    const hidden = await jiraAs(
      'local-viewer',
      route`/rest/api/3/mypermissions?issueKey=${'OPS-1'}&permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER`,
    );
    expect(hidden.status).toBe(404);
    expect(
      (
        await jiraAs(
          'local-viewer',
          route`/rest/api/3/mypermissions?projectKey=${'OPS'}&permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER`,
        )
      ).status,
    ).toBe(404);
  });

  it('ignores issueKey when issueId is given, as the reference says (not a 400)', async () => {
    const both = await jiraAs(
      'local-user',
      route`/rest/api/3/mypermissions?issueId=${'20001'}&issueKey=${'OPS-1'}&permissions=EDIT_ISSUES`,
    );
    expect(both.status).toBe(200);
    expect(have(both.body, 'EDIT_ISSUES')).toBe(true);
  });

  it('answers a project permission without a project "if the user has the project permission in any project"', async () => {
    expect(have((await jiraAs('local-user', route`/rest/api/3/mypermissions?permissions=EDIT_ISSUES`)).body, 'EDIT_ISSUES')).toBe(true);
    expect(have((await jiraAs('local-viewer', route`/rest/api/3/mypermissions?permissions=EDIT_ISSUES`)).body, 'EDIT_ISSUES')).toBe(false);
    expect(have((await jiraAs('voter-007', route`/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS`)).body, 'BROWSE_PROJECTS')).toBe(
      true,
    );
  });

  it('still answers 400 without the permissions parameter', async () => {
    expect((await jiraAs('local-user', route`/rest/api/3/mypermissions?issueKey=${'PLAT-1'}`)).status).toBe(400);
  });
});

describe('Jira issues and projects as the user (Jira REST, Get issue; Get projects paginated)', () => {
  it('answers an issue with its project and issue type to a user who browses its project, 404 to one who does not', async () => {
    const seen = await jiraAs('local-viewer', route`/rest/api/3/issue/${'PLAT-3'}`);
    expect(seen.body).toMatchObject({
      id: '20003',
      key: 'PLAT-3',
      fields: { project: { id: '10000', key: 'PLAT', projectTypeKey: 'software' }, issuetype: { id: '10001', name: 'Task' } },
    });
    const hidden = await jiraAs('local-viewer', route`/rest/api/3/issue/${'OPS-3'}`);
    expect(hidden).toEqual({
      status: 404,
      body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
    });
  });

  it('answers every issue to the app, as before', async () => {
    const issue = await runtime.run(async () => answer(await asApp().requestJira(route`/rest/api/3/issue/${'OPS-3'}`)));
    expect(issue.body).toMatchObject({ key: 'OPS-3', fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' } } });
  });

  it('lists and answers only the projects a user can browse', async () => {
    const page = await jiraAs('local-viewer', route`/rest/api/3/project/search`);
    expect(page.body).toMatchObject({ total: 1, values: [{ key: 'PLAT' }] });
    expect((await jiraAs('local-viewer', route`/rest/api/3/project/${'OPS'}`)).status).toBe(404);
    expect((await jiraAs('local-user', route`/rest/api/3/project/${'OPS'}`)).status).toBe(200);
  });
});

describe('Jira bulk permissions and authorize() (Jira REST, Get bulk permissions; @forge/api authorize)', () => {
  it('answers authorize().onJiraIssue(…).canEdit() from the fixture: the user edits PLAT, not OPS', async () => {
    const canEdit = (accountId: string, issueId: string) => runtime.run(() => authorize().onJiraIssue(issueId).canEdit!(), { accountId });
    await expect(canEdit('local-user', '20001')).resolves.toBe(true);
    await expect(canEdit('local-user', '21001')).resolves.toBe(false);
    await expect(canEdit('local-viewer', '20001')).resolves.toBe(false);
    const canEditIssues = (project: string) =>
      runtime.run(() => authorize().onJiraProject(project).canEditIssues!(), { accountId: 'local-user' });
    await expect(canEditIssues('10000')).resolves.toBe(true);
    await expect(canEditIssues('10001')).resolves.toBe(false);
  });

  it('refuses to check another user’s permissions for a user who does not administer Jira, and ignores unknown ids', async () => {
    const check = (accountId: string, body: object) =>
      runtime.run(
        async () =>
          answer(await asUser().requestJira(route`/rest/api/3/permissions/check`, { method: 'POST', body: JSON.stringify(body) })),
        { accountId },
      );
    const other = { accountId: 'local-admin', projectPermissions: [{ permissions: ['EDIT_ISSUES'], issues: [20001] }] };
    expect((await check('local-user', other)).status).toBe(403);
    const asAdmin = await check('local-admin', {
      accountId: 'local-viewer',
      globalPermissions: ['ADMINISTER'],
      projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: [10000, 10001, 99999] }],
    });
    expect(asAdmin.body).toEqual({
      globalPermissions: [],
      projectPermissions: [{ permission: 'BROWSE_PROJECTS', projects: [10000], issues: [] }],
    });
  });

  it('cannot be used outside a user-invoked module, as the package says', async () => {
    await expect(runtime.run(async () => authorize().onJiraIssue('20001').canEdit!())).rejects.toThrow(/user-invoked modules/);
  });
});

describe('Confluence pages and the content permission check (Confluence REST v2 Get page by id; v1 Check content permissions)', () => {
  it('answers a page to a user who views its space and 404 to one who does not; the app sees all', async () => {
    expect((await confluenceAs('local-viewer', route`/wiki/api/v2/pages/${'2001'}`)).body).toMatchObject({
      id: '2001',
      spaceId: '1001',
      status: 'current',
    });
    const hidden = await confluenceAs('local-user', route`/wiki/api/v2/pages/${'3001'}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.errors[0]).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const asTheApp = await runtime.run(async () => answer(await asApp().requestConfluence(route`/wiki/api/v2/pages/${'3001'}`)));
    expect(asTheApp.body).toMatchObject({ id: '3001', spaceId: '1002' });
  });

  it('lists only the spaces a user can view', async () => {
    const spaces = await confluenceAs('local-user', route`/wiki/api/v2/spaces`);
    expect(spaces.body.results.map((s: { key: string }) => s.key)).toEqual(['ENG']);
    expect((await confluenceAs('local-user', route`/wiki/api/v2/spaces/${'1002'}`)).status).toBe(404);
  });

  const check = (actor: string | undefined, pageId: string, body: unknown) =>
    runtime.run(
      async () => {
        const api = actor ? asUser() : asApp();
        return answer(
          await api.requestConfluence(route`/wiki/rest/api/content/${pageId}/permission/check`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: typeof body === 'string' ? body : JSON.stringify(body),
          }),
        );
      },
      actor ? { accountId: actor } : {},
    );
  const subject = (identifier: string, operation: string) => ({ subject: { type: 'user', identifier }, operation });

  it('answers { hasPermission, errors } for read and update, as the user for themselves and as the app for anyone', async () => {
    expect(await check('local-user', '2001', subject('local-user', 'update'))).toEqual({
      status: 200,
      body: { hasPermission: true, errors: [] },
    });
    const viewerUpdate = await check('local-viewer', '2001', subject('local-viewer', 'update'));
    expect(viewerUpdate.body).toMatchObject({
      hasPermission: false,
      errors: [expect.objectContaining({ translation: expect.any(String) })],
    });
    expect((await check('local-viewer', '2001', subject('local-viewer', 'read'))).body.hasPermission).toBe(true);
    expect((await check(undefined, '3005', subject('local-user', 'read'))).body.hasPermission).toBe(false);
    expect((await check(undefined, '3005', subject('local-admin', 'update'))).body.hasPermission).toBe(true);
  });

  it('answers 400 to a body that is not a check, 404 for unknown content, 403 for another user’s check by a non-admin', async () => {
    expect((await check('local-user', '2001', { subject: { type: 'user' }, operation: 'read' })).status).toBe(400);
    expect((await check('local-user', '2001', subject('local-user', 'administer'))).status).toBe(400);
    expect((await check('local-user', '2001', '{ nope')).status).toBe(400);
    const missing = await check('local-user', '9999', subject('local-user', 'read'));
    expect(missing).toMatchObject({ status: 404, body: { statusCode: 404, message: expect.stringContaining('9999') } });
    expect((await check('local-user', '2001', subject('local-admin', 'read'))).status).toBe(403);
    expect((await check('local-admin', '2001', subject('local-user', 'read'))).status).toBe(200);
  });

  it('answers authorize().onConfluenceContent(…) the same way (it posts without the /wiki prefix)', async () => {
    const canUpdate = (accountId: string, id: string) => runtime.run(() => authorize().onConfluenceContent(id).canUpdate!(), { accountId });
    await expect(canUpdate('local-user', '2001')).resolves.toBe(true);
    await expect(canUpdate('local-user', '3001')).resolves.toBe(false);
    await expect(canUpdate('local-viewer', '2001')).resolves.toBe(false);
  });
});

describe('fixture changes for tests: moves and deletions, in memory', () => {
  it('moves an issue: same id, the next free key of the target project, and the old key still finds it (Jira REST, Get issue)', async () => {
    const moved = runtime.moveIssue('PLAT-1', 'OPS');
    expect(moved).toMatchObject({ id: '20001', key: 'OPS-51', previousKey: 'PLAT-1' });
    const byOldKey = await runtime.run(async () => answer(await asApp().requestJira(route`/rest/api/3/issue/${'plat-1'}`)));
    expect(byOldKey.body).toMatchObject({ id: '20001', key: 'OPS-51', fields: { project: { key: 'OPS' } } });
    // Jira does not reuse keys: the next move into OPS gets OPS-52, and PLAT-1 is not handed out again.
    expect(runtime.moveIssue('PLAT-2', 'OPS').key).toBe('OPS-52');
    expect(runtime.moveIssue('OPS-51', 'PLAT').key).toBe('PLAT-51');
    // The user who only browses OPS can no longer edit the moved issue.
    const perms = await jiraAs('local-user', route`/rest/api/3/mypermissions?issueKey=${'OPS-52'}&permissions=EDIT_ISSUES`);
    expect(have(perms.body, 'EDIT_ISSUES')).toBe(false);
  });

  it('deletes an issue and a page: both answer 404 afterwards, by every key', async () => {
    runtime.moveIssue('PLAT-5', 'OPS');
    expect(runtime.deleteIssue('OPS-51')).toMatchObject({ id: '20005', key: 'OPS-51' });
    for (const key of ['OPS-51', 'PLAT-5', '20005']) {
      expect((await runtime.run(async () => answer(await asApp().requestJira(route`/rest/api/3/issue/${key}`)))).status).toBe(404);
    }
    expect(runtime.deletePage('2002')).toMatchObject({ id: '2002' });
    expect((await confluenceAs('local-admin', route`/wiki/api/v2/pages/${'2002'}`)).status).toBe(404);
    expect(() => runtime.deletePage('2002')).toThrow(/No Confluence page '2002'/);
    expect(() => runtime.moveIssue('PLAT-3', 'NOPE')).toThrow(/No Jira project 'NOPE'/);
  });

  it('trashes a page: it is found only when status=trashed is asked for', async () => {
    runtime.trashPage('2003');
    expect((await confluenceAs('local-admin', route`/wiki/api/v2/pages/${'2003'}`)).status).toBe(404);
    expect((await confluenceAs('local-admin', route`/wiki/api/v2/pages/${'2003'}?status=trashed`)).body).toMatchObject({
      id: '2003',
      status: 'trashed',
    });
  });

  it('never writes the changes back: a new runtime has the file’s site again', async () => {
    runtime.deleteIssue('PLAT-9');
    const fresh = new LocalRuntime({ manifestPath: ECHO_MANIFEST });
    try {
      expect(fresh.fixture.findIssue('PLAT-9')?.issue.id).toBe('20009');
    } finally {
      await fresh.close();
    }
  });
});
