import { createPollConfig, runRule } from '../support/actions';
import { callResolver, unwrap } from '../support/quorum';
import { browserSuite, chooseOption } from './admin-page';

const ACTIONS_TOGGLE = "Let Automation rules and Rovo use Quorum's actions";

describe('Settings tab', () => {
  const { site, open } = browserSuite();

  it('shows the current policy', async () => {
    const page = await open('/modules/quorum-jira-admin/#settings');
    await page.getByTestId('settings-form').waitFor();
    expect(await page.getByLabel('Maximum token lifetime (days)').inputValue()).toBe('365');
    expect(await page.getByLabel('Allow tokens that never expire').isChecked()).toBe(false);
    expect(await page.getByLabel('Accept tokens in the URL').isChecked()).toBe(true);
    expect(await page.getByTestId('settings-save').isDisabled()).toBe(true);
  });

  it('explains an out-of-range value on its field and does not save it', async () => {
    const page = await open('/modules/quorum-jira-admin/#settings');
    const lifetime = page.getByLabel('Maximum token lifetime (days)');
    await lifetime.fill('0');
    await page.getByLabel('Keep audit events for (days)').fill('400');
    await page.getByTestId('settings-save').click();
    expect(await page.getByTestId('policy-maxLifetimeDays-error').textContent()).toBe('Enter a whole number of days from 1 to 3650.');
    expect(await page.getByTestId('policy-auditRetentionDays-error').textContent()).toBe('Enter a whole number of days from 1 to 365.');
    expect(await lifetime.getAttribute('aria-invalid')).toBe('true');
    expect(unwrap(await callResolver(site().runtime, 'settings/get', {})).policy.maxLifetimeDays).toBe(365);
  });

  it('saves the policy, records it in the audit log, and the token form follows it', async () => {
    const page = await open('/modules/quorum-jira-admin/#settings');
    await page.getByLabel('Maximum token lifetime (days)').fill('30');
    // Atlaskit's toggle hides its input under the switch; a click on the label flips it.
    await page.locator('label', { hasText: 'Allow tokens that never expire' }).click();
    await page.locator('label', { hasText: 'Accept tokens in the URL' }).click();
    expect(await page.getByLabel('Allow tokens that never expire').isChecked()).toBe(true);
    expect(await page.getByLabel('Accept tokens in the URL').isChecked()).toBe(false);
    await page.getByTestId('settings-save').click();
    await page.getByTestId('flag').getByText('Settings saved').waitFor();

    const { policy } = unwrap(await callResolver(site().runtime, 'settings/get', {}));
    expect(policy).toMatchObject({ maxLifetimeDays: 30, allowNeverExpires: true, acceptQueryToken: false });

    await page.getByTestId('tab-audit').click();
    await page.getByTestId('outcome-policy_updated').waitFor();

    await page.getByTestId('tab-tokens').click();
    await page.getByTestId('create-token').click();
    await page.getByText('The policy allows at most 30 days.', { exact: false }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Header only');
    const scope = page.locator('#token-scope');
    await scope.fill('Plat');
    await scope.press('Enter');
    await page.getByTestId('create-token-submit').click();
    await page.getByTestId('revealed-token').waitFor();
    // The policy refuses ?token=, so the panel offers no URL with the token in it.
    expect(await page.getByTestId('revealed-trigger-url').count()).toBe(0);
    expect(await page.getByTestId('token-reveal').textContent()).toContain('only in the Authorization header');
  });

  it('discards unsaved changes', async () => {
    const page = await open('/modules/quorum-jira-admin/#settings');
    const retention = page.getByLabel('Keep audit events for (days)');
    await retention.fill('7');
    await page.getByTestId('settings-reset').click();
    expect(await retention.inputValue()).toBe('90');
    expect(await page.getByTestId('settings-save').isDisabled()).toBe(true);
  });

  it('shows the Automation actions off by default, with nothing more to choose', async () => {
    const page = await open('/modules/quorum-jira-admin/#settings');
    await page.getByTestId('automation-settings').waitFor();
    expect(await page.getByLabel(ACTIONS_TOGGLE).isChecked()).toBe(false);
    expect(await page.getByTestId('policy-automation-where').count()).toBe(0);
  });

  it('turns the Automation actions on for chosen projects, records it, and a rule can then use them there only', async () => {
    const page = await open('/modules/quorum-jira-admin/#settings');
    await page.locator('label', { hasText: ACTIONS_TOGGLE }).click();
    await page.getByTestId('policy-automation-where').waitFor();
    await chooseOption(page, 'policy-automation-workspaces', 'Platform (PLAT)', 'Plat');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('flag').getByText('Settings saved').waitFor();

    const { policy } = unwrap(await callResolver(site().runtime, 'settings/get', {}));
    expect(policy.automationActions).toEqual({ enabled: true, anyWorkspace: false, jiraProjects: ['PLAT'], confluenceSpaces: [] });
    const inputs = createPollConfig({ title: 'Ready to ship?', options: 'yes-no' });
    expect((await runRule(site().runtime, 'create-poll', inputs)).outcome).toBe('succeeded');
    expect((await runRule(site().runtime, 'create-poll', inputs, { issueKey: 'OPS-1' })).outcome).toBe('failed');

    await page.getByTestId('tab-audit').click();
    await page.getByTestId('outcome-policy_updated').waitFor();
    const uses = page.getByTestId('audit-row').filter({ hasText: 'Retro rule' });
    await uses.first().waitFor();
    expect(await uses.count()).toBe(2);
    expect(await uses.first().textContent()).toContain('AUTOMATION · create');
  });

  it('explains that the actions need a project or space, or all of them', async () => {
    const page = await open('/modules/quorum-jira-admin/#settings');
    await page.locator('label', { hasText: ACTIONS_TOGGLE }).click();
    await page.getByTestId('settings-save').click();
    expect(await page.getByTestId('policy-automation-workspaces-error').textContent()).toBe(
      'Choose at least one project or space, or allow every project and space.',
    );
    await page.getByRole('radio', { name: 'Every project and space' }).check();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('flag').getByText('Settings saved').waitFor();
    const { policy } = unwrap(await callResolver(site().runtime, 'settings/get', {}));
    expect(policy.automationActions).toMatchObject({ enabled: true, anyWorkspace: true });
  });
});
