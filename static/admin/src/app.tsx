import { Suspense, useCallback, useEffect, useState, type ReactElement, type ReactNode } from 'react';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import Tab from '@atlaskit/tabs/tab';
import TabList from '@atlaskit/tabs/tab-list';
import TabPanel from '@atlaskit/tabs/tab-panel';
import Tabs from '@atlaskit/tabs/tabs';
import { getApiInfo, getSettings, getWorkspaces, listTokens } from './api';
import { Forbidden, Loading } from './components/load-states';
import { NotifyProvider } from './components/notify';
import { ApiTab, AuditTab, prefetchLazyParts, SettingsTab } from './lazy-parts';
import { preloaded } from './preload';
import { TokensTab } from './tokens/tokens-tab';
import { ForbiddenContext, useResolver } from '../../common/use-resolver';

const TABS = [
  { id: 'tokens', label: 'Tokens' },
  { id: 'audit', label: 'Audit log' },
  { id: 'settings', label: 'Settings' },
  { id: 'api', label: 'API' },
] as const;

type TabId = (typeof TABS)[number]['id'];

const PAGE_STYLE = { maxWidth: '1280px' } as const;
const PANEL_STYLE = { width: '100%' } as const;

function Panel({ children }: { children: ReactNode }): ReactElement {
  return (
    <Box paddingBlockStart="space.300" style={PANEL_STYLE}>
      <Suspense fallback={<Loading label="Loading" />}>{children}</Suspense>
    </Box>
  );
}

/** The tab named in the URL's hash (`#audit`), so a link or a reload opens the same tab. */
function tabFromHash(): number {
  const index = TABS.findIndex((tab) => `#${tab.id}` === window.location.hash);
  return index < 0 ? 0 : index;
}

function Page(): ReactElement {
  const tokens = useResolver(preloaded(listTokens));
  const policy = useResolver(preloaded(getSettings));
  const workspaces = useResolver(preloaded(getWorkspaces));
  const apiInfo = useResolver(preloaded(getApiInfo));
  const [selected, setSelected] = useState(tabFromHash);
  // Each visit to a tab fetches what may have changed meanwhile (token uses, new audit events).
  const [visits, setVisits] = useState<Record<TabId, number>>({ tokens: 0, audit: 0, settings: 0, api: 0 });
  const { refresh: refreshTokens } = tokens;

  const select = useCallback((index: number) => {
    const tab = TABS[index];
    if (!tab) return;
    setSelected(index);
    setVisits((v) => ({ ...v, [tab.id]: v[tab.id] + 1 }));
    window.history.replaceState(null, '', `#${tab.id}`);
  }, []);

  // Once the first tab is up, the rest of the page's code loads in the background.
  const firstTabShown = tokens.state.kind !== 'loading';
  useEffect(() => {
    if (firstTabShown) prefetchLazyParts();
  }, [firstTabShown]);

  // Back/forward and links to `#settings` switch tabs too.
  useEffect(() => {
    const onHashChange = (): void => select(tabFromHash());
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [select]);

  useEffect(() => {
    if (visits.tokens > 0 || visits.audit > 0) refreshTokens();
  }, [visits.tokens, visits.audit, refreshTokens]);

  const tokenList = tokens.state.kind === 'loaded' ? tokens.state.data.tokens : [];
  return (
    <Tabs id="quorum-tabs" selected={selected} onChange={select} testId="tabs">
      <TabList>
        {TABS.map((tab) => (
          <Tab key={tab.id} testId={`tab-${tab.id}`}>
            {tab.label}
          </Tab>
        ))}
      </TabList>
      <TabPanel testId="panel-tokens">
        <Panel>
          <TokensTab tokens={tokens} policy={policy} workspaces={workspaces} apiInfo={apiInfo} />
        </Panel>
      </TabPanel>
      <TabPanel testId="panel-audit">
        <Panel>
          <AuditTab tokens={tokenList} refreshKey={visits.audit} />
        </Panel>
      </TabPanel>
      <TabPanel testId="panel-settings">
        <Panel>
          <SettingsTab policy={policy} workspaces={workspaces} />
        </Panel>
      </TabPanel>
      <TabPanel testId="panel-api">
        <Panel>
          <ApiTab apiInfo={apiInfo} policy={policy} />
        </Panel>
      </TabPanel>
    </Tabs>
  );
}

export function App(): ReactElement {
  const [forbidden, setForbidden] = useState(false);
  const onForbidden = useCallback(() => setForbidden(true), []);
  return (
    <NotifyProvider>
      <Box as="main" padding="space.400" style={PAGE_STYLE}>
        <Stack space="space.300">
          <Heading size="xlarge" as="h1">
            Quorum
          </Heading>
          {forbidden ? (
            <Forbidden />
          ) : (
            <ForbiddenContext.Provider value={onForbidden}>
              <Page />
            </ForbiddenContext.Provider>
          )}
        </Stack>
      </Box>
    </NotifyProvider>
  );
}
