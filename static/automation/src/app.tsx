import { useEffect, useState, type ReactElement } from 'react';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Text } from '@atlaskit/primitives/compiled/text';
import { ACTION_KEYS } from '../../../src/shared/actions';
import { Loading } from '../../common/load-states';
import { Notice } from '../../common/notice';
import { loadConfig, type ConfigContext } from './action-config';
import { CreatePollForm } from './create-poll-form';
import { PollRefForm } from './poll-ref-form';

/** The configuration panel of whichever Quorum action the rule author is setting up. */
export function App(): ReactElement {
  const [config, setConfig] = useState<ConfigContext | 'failed' | null>(null);
  useEffect(() => {
    loadConfig().then(setConfig, (error: unknown) => {
      console.error('The action configuration could not be loaded', error);
      setConfig('failed');
    });
  }, []);
  return (
    <Box padding="space.100" testId="action-config">
      {config === null ? (
        <Loading label="Loading" />
      ) : config === 'failed' ? (
        <Notice appearance="error" title="Quorum couldn't load this action" testId="error">
          <Text as="p">Close the panel and open it again.</Text>
        </Notice>
      ) : (
        <Form config={config} />
      )}
    </Box>
  );
}

function Form({ config }: { config: ConfigContext }): ReactElement {
  switch (config.actionKey) {
    case ACTION_KEYS.createPoll:
      return <CreatePollForm inputs={config.inputs} invalid={config.invalid} />;
    case ACTION_KEYS.getPollResults:
      return <PollRefForm inputs={config.inputs} invalid={config.invalid} newest="the newest poll" testId="get-poll-results-form" />;
    case ACTION_KEYS.closePoll:
      return <PollRefForm inputs={config.inputs} invalid={config.invalid} newest="the newest open poll" testId="close-poll-form" />;
    default:
      return (
        <Notice appearance="error" title="Unknown action" testId="error">
          <Text as="p">This form belongs to none of Quorum's actions.</Text>
        </Notice>
      );
  }
}
