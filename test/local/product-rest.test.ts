import path from 'node:path';
import api, { asApp, asUser, assumeTrustedRoute, route, webTrigger } from '@forge/api';
import { LocalRuntime } from '../../local/runtime';
import { REPO_ROOT } from '../support/local-process';

const runtime = new LocalRuntime({ manifestPath: path.join(REPO_ROOT, 'test', 'fixtures', 'echo-app', 'manifest.yml') });
afterAll(() => runtime.close());

const asAdmin = <T>(fn: () => Promise<T>): Promise<T> => runtime.run(fn, { accountId: 'local-admin' });
const asPlainUser = <T>(fn: () => Promise<T>): Promise<T> => runtime.run(fn, { accountId: 'local-user' });
const json = async (response: Response | { json(): Promise<unknown> }): Promise<any> => response.json();

describe('product REST on the fixture site, through the real @forge/api', () => {
  it('tells a Jira admin from a plain user with mypermissions', async () => {
    const path = route`/rest/api/3/mypermissions?permissions=ADMINISTER`;
    const admin = await asAdmin(async () => json(await asUser().requestJira(path)));
    const user = await asPlainUser(async () => json(await asUser().requestJira(path)));
    expect(admin.permissions.ADMINISTER.havePermission).toBe(true);
    expect(user.permissions.ADMINISTER.havePermission).toBe(false);
  });

  it('answers 400 to mypermissions without the permissions parameter, as Jira does', async () => {
    const response = await asAdmin(() => asUser().requestJira(route`/rest/api/3/mypermissions`));
    expect(response.status).toBe(400);
  });

  it('lists Confluence operations with administer only for admins', async () => {
    const path = route`/wiki/rest/api/user/current?expand=operations`;
    const admin = await asAdmin(async () => json(await asUser().requestConfluence(path)));
    const user = await asPlainUser(async () => json(await asUser().requestConfluence(path)));
    expect(admin.operations).toContainEqual({ operation: 'administer', targetType: 'application' });
    expect(user.operations).not.toContainEqual({ operation: 'administer', targetType: 'application' });
  });

  it('acts as the named account when asUser is given one', async () => {
    const me = await asAdmin(async () => json(await asUser('local-user').requestJira(route`/rest/api/3/myself`)));
    expect(me.accountId).toBe('local-user');
  });

  it('refuses asUser without a signed-in user, as in a web trigger', async () => {
    await expect(runtime.run(() => asUser().requestJira(route`/rest/api/3/myself`))).rejects.toThrow(/Authentication Required/);
  });

  it('pages the fixture projects and finds issues with their project', async () => {
    const page = await asAdmin(async () => json(await asApp().requestJira(route`/rest/api/3/project/search?maxResults=1`)));
    expect(page).toMatchObject({ total: 2, isLast: false, values: [{ key: 'PLAT' }] });
    const issue = await asAdmin(async () => json(await asApp().requestJira(route`/rest/api/3/issue/${'OPS-50'}?fields=project`)));
    expect(issue).toMatchObject({ key: 'OPS-50', fields: { project: { key: 'OPS' } } });
    const missing = await asAdmin(() => asApp().requestJira(route`/rest/api/3/issue/${'PLAT-51'}`));
    expect(missing.status).toBe(404);
  });

  it('pages Confluence spaces with cursors and finds pages with their space', async () => {
    const first = await asAdmin(async () => json(await asApp().requestConfluence(route`/wiki/api/v2/spaces?limit=1`)));
    expect(first.results).toEqual([expect.objectContaining({ id: '1001', key: 'ENG' })]);
    const next = await asAdmin(async () => json(await asApp().requestConfluence(assumeTrustedRoute(first._links.next))));
    expect(next.results).toEqual([expect.objectContaining({ id: '1002', key: 'HR' })]);
    expect(next._links.next).toBeUndefined();
    const page = await asAdmin(async () => json(await asApp().requestConfluence(route`/wiki/api/v2/pages/${'3020'}`)));
    expect(page).toMatchObject({ id: '3020', spaceId: '1002' });
    const missing = await asAdmin(() => asApp().requestConfluence(route`/wiki/api/v2/pages/${'9999'}`));
    expect(missing.status).toBe(404);
  });

  it('answers 501 for endpoints it does not emulate, so a gap is loud', async () => {
    const response = await asAdmin(() => api.asApp().requestJira(route`/rest/api/3/dashboard`));
    expect(response.status).toBe(501);
  });

  it('gives web trigger URLs on the runtime’s base URL', async () => {
    await expect(runtime.run(() => webTrigger.getUrl('echo'))).resolves.toBe('http://localhost:8080/x1/echo');
  });
});
