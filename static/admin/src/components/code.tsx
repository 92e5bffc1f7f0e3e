import type { ReactElement, ReactNode } from 'react';
import { inlineCodeStyle } from './styles';

/** Inline code, such as a header name or a parameter, inside running text. */
export function Code({ children }: { children: ReactNode }): ReactElement {
  return <code style={inlineCodeStyle}>{children}</code>;
}
