import { useId, useState, type ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import CopyIcon from '@atlaskit/icon/core/copy';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import { copyText } from '../lib/clipboard';
import { codeBlockStyle, codeBoxStyle } from './styles';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * A labelled value to copy: shown in full (so it can be selected by hand) with a Copy button.
 * `testId` marks the value itself; the button is `<testId>-copy`.
 */
export function CopyField({ label, value, testId }: { label: string; value: string; testId: string }): ReactElement {
  const labelId = useId();
  const [state, setState] = useState<CopyState>('idle');

  const copy = async (): Promise<void> => {
    setState((await copyText(value)) ? 'copied' : 'failed');
  };

  return (
    <Stack space="space.050">
      <Text weight="semibold" id={labelId}>
        {label}
      </Text>
      <Inline space="space.100" alignBlock="start">
        <Box backgroundColor="color.background.neutral" padding="space.100" style={codeBoxStyle}>
          <pre style={codeBlockStyle} aria-labelledby={labelId} data-testid={testId}>
            {value}
          </pre>
        </Box>
        <Button iconBefore={CopyIcon} onClick={() => void copy()} testId={`${testId}-copy`} aria-describedby={labelId}>
          {state === 'copied' ? 'Copied' : 'Copy'}
        </Button>
      </Inline>
      <span role="status" aria-live="polite">
        {state === 'failed' ? (
          <Text color="color.text.danger" size="small">
            Your browser blocked copying. Select the text above and copy it by hand.
          </Text>
        ) : null}
      </span>
    </Stack>
  );
}
