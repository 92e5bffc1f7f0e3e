import type { CSSProperties, ReactElement } from 'react';
import { token } from '@atlaskit/tokens';

/**
 * The poll's status as Jira shows statuses — a small bold upper-case label on a tinted ground —
 * drawn with the design tokens rather than Atlaskit's lozenge, which carries a dropdown trigger
 * and badges this panel never uses and every issue view would download.
 */
export function StatusPill({ open }: { open: boolean }): ReactElement {
  const style: CSSProperties = {
    display: 'inline-block',
    flexShrink: 0,
    padding: `0 ${token('space.050', '4px')}`,
    borderRadius: token('radius.small', '3px'),
    font: token('font.body.small', 'normal 400 11px/16px ui-sans-serif, system-ui, sans-serif'),
    fontWeight: token('font.weight.bold', '653'),
    textTransform: 'uppercase',
    color: open ? token('color.text.success', '#4C6B1F') : token('color.text.subtle', '#505258'),
    background: open ? token('color.background.success', '#EFFFD6') : token('color.background.neutral', '#0515240F'),
  };
  return (
    <span style={style} data-testid="poll-status">
      {open ? 'Open' : 'Closed'}
    </span>
  );
}
