import { DEFAULT_POLICY, type TokenScope, type TokenView } from '../../src/shared/tokens';
import { auditCsv } from '../../static/admin/src/audit/audit-csv';
import { csvCell, toCsv } from '../../static/common/csv';
import { localIsoDate, startOfLocalDay } from '../../static/admin/src/lib/dates';
import { customDateBounds, defaultExpiry, expiryPresets, resolveExpiry } from '../../static/admin/src/lib/expiry';
import { sentence, sortFieldErrors } from '../../static/common/field-errors';
import { displayStatus, operationsSummary, scopeSummary } from '../../static/admin/src/lib/token-display';
import { automationRequest, queryString, shellQuote, tokenExamples } from '../../static/admin/src/lib/trigger-examples';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date(2026, 10, 22, 15, 30); // local time, 22 Nov 2026 15:30

describe('CSV for the audit export', () => {
  it('quotes fields with commas, quotes, line breaks or edge spaces, doubling inner quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(null)).toBe('');
  });

  it('keeps spreadsheet formulas inert', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it.each([
    ['leading spaces', '  =1+1'],
    ['a leading tab', '\t=1+1'],
    ['a no-break space', '\u00a0=1+1'],
    ['a zero-width space', '\u200b=1+1'],
    ['a byte-order mark', '\ufeff@SUM(A1)'],
    ['a full-width equals sign', '\uff1d1+1'],
  ])('keeps a formula behind %s inert', (_what, cell) => {
    expect(csvCell(cell).replace(/^"/, '')).toMatch(/^'/);
  });

  it('writes a header row and CRLF line ends', () => {
    expect(
      toCsv(
        [{ a: 'x', b: null }],
        [
          { header: 'a', value: (r) => r.a },
          { header: 'b', value: (r) => r.b },
        ],
      ),
    ).toBe('a,b\r\nx,\r\n');
  });

  it('names the token beside its id when the token is known', () => {
    const csv = auditCsv(
      [
        {
          id: 'e1',
          at: '2026-11-22T10:00:00.000Z',
          outcome: 'ok',
          tokenId: 't1',
          actorAccountId: null,
          reason: null,
          method: 'GET',
          operation: 'read',
          workspace: 'PLAT',
          pollId: null,
          count: null,
          rule: null,
        },
      ],
      new Map([['t1', 'Retro, weekly']]),
    );
    expect(csv.split('\r\n')[1]).toBe('2026-11-22T10:00:00.000Z,ok,,t1,"Retro, weekly",,,GET,read,PLAT,,');
  });
});

describe('expiry choices', () => {
  it('hides presets beyond the maximum lifetime, offers the maximum itself, and defaults to 30 days when allowed', () => {
    expect(expiryPresets(DEFAULT_POLICY)).toEqual([7, 30, 90, 365]);
    expect(expiryPresets({ ...DEFAULT_POLICY, maxLifetimeDays: 60 })).toEqual([7, 30, 60]);
    expect(expiryPresets({ ...DEFAULT_POLICY, maxLifetimeDays: 3650 })).toEqual([7, 30, 90, 365]);
    expect(expiryPresets({ ...DEFAULT_POLICY, maxLifetimeDays: 3 })).toEqual([3]);
    expect(defaultExpiry({ ...DEFAULT_POLICY, maxLifetimeDays: 20 })).toEqual({ kind: 'days', days: 20 });
    expect(defaultExpiry({ ...DEFAULT_POLICY, maxLifetimeDays: 3 })).toEqual({ kind: 'days', days: 3 });
  });

  it('turns a preset into a moment that many days from now', () => {
    expect(resolveExpiry({ kind: 'days', days: 30 }, DEFAULT_POLICY, NOW)).toEqual({
      ok: true,
      expiresAt: new Date(NOW.getTime() + 30 * DAY_MS).toISOString(),
    });
  });

  it('expires a custom date at its local midnight, from tomorrow up to the maximum lifetime', () => {
    const policy = { ...DEFAULT_POLICY, maxLifetimeDays: 10 };
    expect(customDateBounds(policy, NOW)).toEqual({ min: '2026-11-23', max: '2026-12-02' });
    expect(resolveExpiry({ kind: 'custom', date: '2026-11-23' }, policy, NOW)).toEqual({
      ok: true,
      expiresAt: new Date(2026, 10, 23).toISOString(),
    });
    expect(resolveExpiry({ kind: 'custom', date: '2026-12-02' }, policy, NOW).ok).toBe(true);
    expect(resolveExpiry({ kind: 'custom', date: '2026-12-03' }, policy, NOW)).toEqual({
      ok: false,
      message: 'Choose a date at most 10 days from today.',
    });
    expect(resolveExpiry({ kind: 'custom', date: '2026-11-22' }, policy, NOW)).toEqual({
      ok: false,
      message: 'Choose a date in the future.',
    });
    expect(resolveExpiry({ kind: 'custom', date: '' }, policy, NOW)).toEqual({ ok: false, message: 'Choose a date.' });
  });

  it('allows "never" only when the policy does', () => {
    expect(resolveExpiry({ kind: 'never' }, DEFAULT_POLICY, NOW).ok).toBe(false);
    expect(resolveExpiry({ kind: 'never' }, { ...DEFAULT_POLICY, allowNeverExpires: true }, NOW)).toEqual({ ok: true, expiresAt: null });
  });

  it('reads only real calendar dates', () => {
    expect(startOfLocalDay('2026-02-30')).toBeNull();
    expect(startOfLocalDay('26-1-1')).toBeNull();
    expect(localIsoDate(startOfLocalDay('2028-02-29') ?? new Date(0))).toBe('2028-02-29');
  });
});

describe('resolver field errors', () => {
  it('routes each error to its form field and keeps the rest', () => {
    const route = (path: string): 'name' | 'scope' | undefined =>
      path === 'name' ? 'name' : path.startsWith('scope') ? 'scope' : undefined;
    expect(
      sortFieldErrors(
        [
          { field: 'name', message: 'enter a name' },
          { field: 'scope.jiraProjects.0', message: 'no Jira project X' },
          { field: 'scope.confluenceSpaces.1', message: 'no space 9' },
          { field: 'other', message: 'odd' },
        ],
        route,
      ),
    ).toEqual({ byField: { name: 'enter a name', scope: 'no Jira project X; no space 9' }, unplaced: ['other: odd'] });
    expect(sentence('must be in the future')).toBe('Must be in the future.');
    expect(sentence('Done.')).toBe('Done.');
  });
});

describe('how tokens are shown', () => {
  const view = (patch: Partial<TokenView>): TokenView => ({
    id: 'id',
    name: 'n',
    hint: 'qrm_…abcd',
    scope: { jiraProjects: [], confluenceSpaces: [], anyWorkspace: false, operations: ['read'] },
    createdAt: NOW.toISOString(),
    createdBy: 'local-admin',
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    rotatedFrom: null,
    blockedBy: null,
    status: 'active',
    ...patch,
  });

  it('singles out active tokens that expire within 7 days', () => {
    const now = NOW.getTime();
    expect(displayStatus(view({ expiresAt: new Date(now + 7 * DAY_MS).toISOString() }), now)).toBe('expiring');
    expect(displayStatus(view({ expiresAt: new Date(now + 8 * DAY_MS).toISOString() }), now)).toBe('active');
    expect(displayStatus(view({ expiresAt: null }), now)).toBe('active');
    expect(displayStatus(view({ status: 'revoked', expiresAt: new Date(now + DAY_MS).toISOString() }), now)).toBe('revoked');
  });

  it('names the operation presets and spells out custom ones in a fixed order', () => {
    expect(operationsSummary(['read'])).toBe('Read only');
    expect(operationsSummary(['delete', 'update', 'create', 'read'])).toBe('Read & write');
    expect(operationsSummary(['update', 'read'])).toBe('Read, Update');
  });

  it('summarises the scope with project keys and space keys', () => {
    const workspaces = { jiraProjects: [], confluenceSpaces: [{ id: '1001', key: 'ENG', name: 'Engineering' }] };
    expect(
      scopeSummary({ jiraProjects: ['OPS', 'PLAT'], confluenceSpaces: ['1001', '77'], anyWorkspace: false, operations: [] }, workspaces),
    ).toBe('OPS, PLAT · ENG, space 77');
    expect(scopeSummary({ jiraProjects: [], confluenceSpaces: [], anyWorkspace: true, operations: [] }, workspaces)).toBe(
      'Any project or space',
    );
  });
});

describe('request examples for a new token', () => {
  const BASE = 'https://x.atlassian-dev.net/x1/abc';
  const PLAT_ONLY: TokenScope = { jiraProjects: ['PLAT'], confluenceSpaces: [], anyWorkspace: false, operations: ['read'] };

  it('encodes values but leaves Automation smart values for Automation to fill in', () => {
    expect(
      queryString([
        ['content', '{{issue.key}}'],
        ['q', 'a b&c'],
      ]),
    ).toBe('content={{issue.key}}&q=a%20b%26c');
  });

  it('quotes shell words safely', () => {
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
  });

  it('builds the Team Voice URL, the curl call and the Automation request for the token', () => {
    const examples = tokenExamples(BASE, 'qrm_T', PLAT_ONLY, true);
    expect(examples.triggerUrl).toBe(`${BASE}?token=qrm_T&type=polls&workspace=PLAT&content={{issue.key}}`);
    expect(examples.curl).toBe(`curl -H 'Authorization: Bearer qrm_T' \\\n  '${BASE}/polls?workspace=PLAT&content=PLAT-1'`);
    expect(examples.automation.headers).toEqual([
      { name: 'Authorization', value: 'Bearer qrm_T' },
      { name: 'Content-Type', value: 'application/json' },
    ]);
    expect(JSON.parse(examples.automation.body)).toEqual({
      title: 'How satisfied are you with {{issue.key}}?',
      description: 'Rate from one to five stars.',
      options: ['⭐', '⭐⭐', '⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐⭐'].map((title, i) => ({ id: String(i + 1), title })),
    });
    expect(tokenExamples(BASE, 'qrm_T', PLAT_ONLY, false).triggerUrl).toBeNull();
  });

  it('lets a multi-project token follow the rule’s issue, and points a Confluence token at a page and macro', () => {
    expect(automationRequest(BASE, 't', { ...PLAT_ONLY, jiraProjects: ['PLAT', 'OPS'] }).url).toBe(
      `${BASE}?type=polls&workspace={{issue.project.key}}&content={{issue.key}}`,
    );
    expect(automationRequest(BASE, 't', { ...PLAT_ONLY, jiraProjects: [], confluenceSpaces: ['1001'] }).url).toBe(
      `${BASE}?type=polls&workspace=1001&content={{page.id}}&container=MACRO_ID`,
    );
  });
});
