import type { CSSProperties } from 'react';

/** Long words and URLs wrap instead of pushing a narrow issue-view column sideways. */
export const WRAP: CSSProperties = { overflowWrap: 'anywhere', minWidth: 0 };
