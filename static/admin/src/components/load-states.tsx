import type { ReactElement } from 'react';
import { Text } from '@atlaskit/primitives/compiled/text';
import SectionMessage from '@atlaskit/section-message';
import { LoadGate as CommonLoadGate } from '../../../common/load-states';
import type { Loadable } from '../../../common/use-resolver';

export { Loading, Refused, Unreachable } from '../../../common/load-states';

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

/** The shared load gate, with the admin page's own forbidden message. */
export function LoadGate<T>(props: {
  state: Loadable<T>;
  what: string;
  onRetry: () => void;
  children: (data: T) => ReactElement;
}): ReactElement {
  return <CommonLoadGate {...props} forbidden={<Forbidden />} />;
}
