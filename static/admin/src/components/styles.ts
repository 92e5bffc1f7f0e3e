import type { CSSProperties } from 'react';
import { token } from '@atlaskit/tokens';

// Inline styles with design tokens: the manifest allows inline styles, and the tokens' CSS
// variables switch with the theme. The fallbacks keep the layout sane before the theme loads.

export const CODE_FONT = token('font.code', 'normal 400 0.875em/1.5 ui-monospace, Menlo, Consolas, monospace');

export const codeBlockStyle: CSSProperties = {
  font: CODE_FONT,
  margin: 0,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-all',
  color: token('color.text', '#172B4D'),
};

export const inlineCodeStyle: CSSProperties = {
  font: CODE_FONT,
  padding: `0 ${token('space.050', '4px')}`,
  borderRadius: token('radius.small', '3px'),
  backgroundColor: token('color.background.neutral', '#091E420F'),
  color: token('color.text', '#172B4D'),
};

export const codeBoxStyle: CSSProperties = {
  borderRadius: token('radius.small', '3px'),
  minWidth: 0,
  flexGrow: 1,
};

export const mutedStyle: CSSProperties = { color: token('color.text.disabled', '#091E424F') };
