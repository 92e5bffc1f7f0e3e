import type { ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Text } from '@atlaskit/primitives/compiled/text';
import Spinner from '@atlaskit/spinner';
import type { ResolverError } from '../../src/shared/resolver-contract';
import { Notice } from './notice';
import type { Loadable } from './use-resolver';

export function Loading({
  label,
  testId = 'loading',
  size = 'large',
}: {
  label: string;
  testId?: string;
  size?: 'medium' | 'large';
}): ReactElement {
  return (
    <Inline alignInline="center">
      <Spinner size={size} label={label} testId={testId} />
    </Inline>
  );
}

/** A resolver answered with an error (other than FORBIDDEN, which each page handles as a whole). */
export function Refused({ error, what, onRetry }: { error: ResolverError; what: string; onRetry: () => void }): ReactElement {
  return (
    <Notice appearance="error" title={`Quorum couldn't load ${what}`} testId="error" actions={<Button onClick={onRetry}>Try again</Button>}>
      <Text as="p">{error.message}</Text>
    </Notice>
  );
}

/** The call itself failed: the message stays generic, the console has the detail. */
export function Unreachable({ what, onRetry }: { what: string; onRetry: () => void }): ReactElement {
  return (
    <Notice appearance="error" title="Quorum isn't responding" testId="error" actions={<Button onClick={onRetry}>Try again</Button>}>
      <Text as="p">Something went wrong while loading {what}. Try again in a moment.</Text>
    </Notice>
  );
}

/** Renders loading and failure states of a `Loadable` — `forbidden` for FORBIDDEN — and `children` with its data. */
export function LoadGate<T>(props: {
  state: Loadable<T>;
  what: string;
  onRetry: () => void;
  forbidden: ReactElement;
  children: (data: T) => ReactElement;
}): ReactElement {
  const { state, what, onRetry, forbidden, children } = props;
  switch (state.kind) {
    case 'loading':
      return <Loading label={`Loading ${what}`} />;
    case 'refused':
      return state.error.code === 'FORBIDDEN' ? forbidden : <Refused error={state.error} what={what} onRetry={onRetry} />;
    case 'unreachable':
      return <Unreachable what={what} onRetry={onRetry} />;
    case 'loaded':
      return children(state.data);
  }
}
