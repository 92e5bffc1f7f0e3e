import type { CSSProperties, ReactElement, ReactNode } from 'react';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import { token } from '@atlaskit/tokens';

type Appearance = 'error' | 'warning' | 'information';

const BORDER: Record<Appearance, string> = {
  error: token('color.border.danger', '#E2483D'),
  warning: token('color.border.warning', '#E06C00'),
  information: token('color.border.information', '#357DE8'),
};
const BACKGROUND: Record<Appearance, string> = {
  error: token('color.background.danger', '#FFECEB'),
  warning: token('color.background.warning', '#FFF5DB'),
  information: token('color.background.information', '#E9F2FE'),
};

/**
 * A message box in the design system's colours, for load failures and refusals. Lighter than
 * Atlaskit's section message (which brings a dismiss button with tooltips and popups), so the
 * poll panel's first load stays small.
 */
export function Notice(props: {
  appearance: Appearance;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}): ReactElement {
  const { appearance, title, children, actions, testId } = props;
  const style: CSSProperties = {
    borderInlineStart: `4px solid ${BORDER[appearance]}`,
    background: BACKGROUND[appearance],
    borderRadius: token('radius.small', '4px'),
    padding: `${token('space.150', '12px')} ${token('space.200', '16px')}`,
  };
  return (
    <div role={appearance === 'error' ? 'alert' : 'status'} style={style} data-testid={testId}>
      <Stack space="space.100">
        <Text weight="bold">{title}</Text>
        {children}
        {actions ? <div>{actions}</div> : null}
      </Stack>
    </div>
  );
}
