import type { ReactElement } from 'react';
import Button from '@atlaskit/button/new';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Text } from '@atlaskit/primitives/compiled/text';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import type { ResolverError } from '../../../../src/shared/resolver-contract';
import type { Loadable } from '../use-resolver';

export function Loading({ label, testId = 'loading' }: { label: string; testId?: string }): ReactElement {
  return (
    <Inline alignInline="center">
      <Spinner size="large" label={label} testId={testId} />
    </Inline>
  );
}

export function Forbidden(): ReactElement {
  return (
    <SectionMessage appearance="warning" title="Only site admins can manage Quorum" testId="forbidden">
      <Text as="p">
        Quorum&apos;s access tokens, policy and audit log are available to Jira and Confluence site admins only. Ask a site admin if you
        need a token for an automation rule or an integration.
      </Text>
    </SectionMessage>
  );
}

/** A resolver answered with an error (other than FORBIDDEN, which the page handles as a whole). */
export function Refused({ error, what, onRetry }: { error: ResolverError; what: string; onRetry: () => void }): ReactElement {
  return (
    <SectionMessage
      appearance="error"
      title={`Quorum couldn't load ${what}`}
      testId="error"
      actions={<Button onClick={onRetry}>Try again</Button>}
    >
      <Text as="p">{error.message}</Text>
    </SectionMessage>
  );
}

/** The call itself failed: the message stays generic, the console has the detail. */
export function Unreachable({ what, onRetry }: { what: string; onRetry: () => void }): ReactElement {
  return (
    <SectionMessage
      appearance="error"
      title="Quorum isn't responding"
      testId="error"
      actions={<Button onClick={onRetry}>Try again</Button>}
    >
      <Text as="p">Something went wrong while loading {what}. Try again in a moment.</Text>
    </SectionMessage>
  );
}

/** Renders loading and failure states of a `Loadable`, and `children` with its data. */
export function LoadGate<T>(props: {
  state: Loadable<T>;
  what: string;
  onRetry: () => void;
  children: (data: T) => ReactElement;
}): ReactElement {
  const { state, what, onRetry, children } = props;
  switch (state.kind) {
    case 'loading':
      return <Loading label={`Loading ${what}`} />;
    case 'refused':
      return state.error.code === 'FORBIDDEN' ? <Forbidden /> : <Refused error={state.error} what={what} onRetry={onRetry} />;
    case 'unreachable':
      return <Unreachable what={what} onRetry={onRetry} />;
    case 'loaded':
      return children(state.data);
  }
}
