import { startLocalProcess, tempDir } from '../support/local-process';
import { tokenInput } from '../support/quorum';

/**
 * A token's name claim, its record and its `token_created` event are one transaction: a process
 * killed in the middle of a burst of creates leaves each token whole or not there at all.
 */
async function invoke(base: string, functionKey: string, payload: object): Promise<any> {
  const response = await fetch(`${base}/__forge/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forge-account-id': 'local-admin' },
    body: JSON.stringify({ module: 'quorum-jira-admin', functionKey, payload }),
  });
  return response.json();
}

describe('creating tokens when the process is killed mid-burst', () => {
  it('leaves no name reserved by a missing token, and no token without its event', async () => {
    const dataDir = tempDir('quorum-crash');
    const names = Array.from({ length: 40 }, (_, i) => `burst ${i}`);
    const first = await startLocalProcess({ dataDir });
    const burst = names.map((name) => invoke(first.url, 'tokens/create', tokenInput({ name })).catch(() => undefined));
    // Some creates are done, some under way, some not started when the kill lands.
    await Promise.race([Promise.all(burst.slice(0, 5)), new Promise((resolve) => setTimeout(resolve, 2_000))]);
    await first.stop('SIGKILL');
    await Promise.allSettled(burst);

    const second = await startLocalProcess({ dataDir });
    try {
      const listed: Array<{ id: string; name: string }> = [];
      let cursor: string | null = null;
      do {
        const page: any = await invoke(second.url, 'tokens/list', { limit: 100, ...(cursor ? { cursor } : {}) });
        listed.push(...page.data.tokens);
        cursor = page.data.nextCursor;
      } while (cursor);
      expect(listed.length).toBeGreaterThan(0);
      const created = (await invoke(second.url, 'audit/list', { outcome: 'token_created', limit: 100 })).data.events;
      expect(new Set(created.map((e: { tokenId: string }) => e.tokenId))).toEqual(new Set(listed.map((t) => t.id)));
      for (const name of names) {
        const again = await invoke(second.url, 'tokens/create', tokenInput({ name }));
        // A name a listed token holds stays taken; any other is free — no claim outlived its token.
        if (listed.some((t) => t.name === name)) expect(again).toMatchObject({ ok: false, error: { fields: [{ field: 'name' }] } });
        else expect(again).toMatchObject({ ok: true });
      }
    } finally {
      await second.stop();
    }
  });
});
