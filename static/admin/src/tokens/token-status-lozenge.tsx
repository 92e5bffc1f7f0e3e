import type { ReactElement } from 'react';
import Lozenge from '@atlaskit/lozenge';
import { DISPLAY_STATUS_LABEL, type DisplayStatus } from '../lib/token-display';

const APPEARANCE = {
  active: 'success',
  expiring: 'warning',
  expired: 'neutral',
  revoked: 'danger',
  blocked: 'warning',
} as const satisfies Record<DisplayStatus, string>;

export function TokenStatusLozenge({ status }: { status: DisplayStatus }): ReactElement {
  return (
    <Lozenge appearance={APPEARANCE[status]} testId={`status-${status}`}>
      {DISPLAY_STATUS_LABEL[status]}
    </Lozenge>
  );
}
