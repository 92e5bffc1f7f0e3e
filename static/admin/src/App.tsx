import { useCallback, useEffect, useState, type ReactElement } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { getApiInfo, type ApiInfo, type ResolverError } from './api';

type LoadState =
  { kind: 'loading' } | { kind: 'loaded'; info: ApiInfo } | { kind: 'refused'; error: ResolverError } | { kind: 'unreachable' };

const PAGE_MAX_WIDTH = '960px';

// Fallbacks keep the layout intact where the host has not (yet) injected the token CSS.
const codeStyle = {
  font: token('font.code', 'normal 400 0.875em/1 ui-monospace, Menlo, Consolas, monospace'),
  wordBreak: 'break-all',
} as const;

const urlBoxStyle = { borderRadius: token('radius.small', '4px') } as const;

function useApiInfo(): { state: LoadState; reload: () => void } {
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setState({ kind: 'loading' });
    getApiInfo().then(
      (result) => {
        if (!current) return;
        setState(result.ok ? { kind: 'loaded', info: result.data } : { kind: 'refused', error: result.error });
      },
      () => {
        if (current) setState({ kind: 'unreachable' });
      },
    );
    // A retry (or React's dev double-effect) must not let an older answer overwrite a newer one.
    return () => {
      current = false;
    };
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}

function WebTriggerUrl({ url }: { url: string }): ReactElement {
  return (
    <Stack space="space.100">
      <Heading size="small" as="h2">
        Web trigger URL
      </Heading>
      <Text as="p">
        Jira Automation rules and external systems send poll requests to this URL, with a Quorum token in the{' '}
        <code style={codeStyle}>Authorization</code> header or the <code style={codeStyle}>token</code> query parameter.
      </Text>
      <Box backgroundColor="color.background.neutral" padding="space.150" style={urlBoxStyle}>
        <code data-testid="web-trigger-url" style={codeStyle}>
          {url}
        </code>
      </Box>
    </Stack>
  );
}

function Refused({ error, onRetry }: { error: ResolverError; onRetry: () => void }): ReactElement {
  if (error.code === 'FORBIDDEN') {
    return (
      <SectionMessage appearance="warning" title="Only site admins can manage Quorum" testId="error">
        <Text as="p">
          Quorum tokens, policy and audit log are available to Jira and Confluence site admins only. Ask a site admin if you need a token.
        </Text>
      </SectionMessage>
    );
  }
  return (
    <SectionMessage
      appearance="error"
      title="Quorum couldn't load its settings"
      testId="error"
      actions={<Button onClick={onRetry}>Try again</Button>}
    >
      <Text as="p">{error.message}</Text>
    </SectionMessage>
  );
}

function Unreachable({ onRetry }: { onRetry: () => void }): ReactElement {
  return (
    <SectionMessage
      appearance="error"
      title="Quorum isn't responding"
      testId="error"
      actions={<Button onClick={onRetry}>Try again</Button>}
    >
      <Text as="p">Something went wrong while contacting the app. Try again in a moment.</Text>
    </SectionMessage>
  );
}

function Body({ state, reload }: { state: LoadState; reload: () => void }): ReactElement {
  switch (state.kind) {
    case 'loading':
      return (
        <Inline alignInline="center">
          <Spinner size="large" label="Loading Quorum" testId="loading" />
        </Inline>
      );
    case 'loaded':
      return <WebTriggerUrl url={state.info.webTriggerUrl} />;
    case 'refused':
      return <Refused error={state.error} onRetry={reload} />;
    case 'unreachable':
      return <Unreachable onRetry={reload} />;
  }
}

export function App(): ReactElement {
  const { state, reload } = useApiInfo();
  return (
    <Box as="main" padding="space.400" style={{ maxWidth: PAGE_MAX_WIDTH }}>
      <Stack space="space.300">
        <Heading size="xlarge" as="h1">
          Quorum
        </Heading>
        <Body state={state} reload={reload} />
      </Stack>
    </Box>
  );
}
