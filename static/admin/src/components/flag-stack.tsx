import type { ReactElement } from 'react';
import AutoDismissFlag from '@atlaskit/flag/auto-dismiss-flag';
import Flag from '@atlaskit/flag/flag';
import FlagGroup from '@atlaskit/flag/flag-group';

export type FlagSpec = { id: string; title: string; appearance: 'success' | 'error' | 'warning'; description?: string | undefined };

/** The flags of NotifyProvider, newest first; a success flag dismisses itself. */
export default function FlagStack({ flags, onDismissed }: { flags: FlagSpec[]; onDismissed: (id: string | number) => void }): ReactElement {
  return (
    <FlagGroup onDismissed={onDismissed}>
      {flags.map(({ id, title, appearance, description }) => {
        const FlagType = appearance === 'success' ? AutoDismissFlag : Flag;
        return <FlagType key={id} id={id} title={title} appearance={appearance} description={description} testId="flag" />;
      })}
    </FlagGroup>
  );
}
