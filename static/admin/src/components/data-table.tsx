import type { CSSProperties, ReactElement, ReactNode } from 'react';
import { token } from '@atlaskit/tokens';

export type Column = { key: string; label: string; width: number };
export type Row = { key: string; testId?: string; cells: ReactNode[] };

/**
 * A table as Jira draws its lists: a quiet header over a thick rule, rows split by thin ones. Plain
 * HTML with design tokens — the lists are paged and ordered by the server, so the table needs no
 * sorting or paging of its own, and the first load carries no table library.
 */
export function DataTable(props: { label: string; columns: Column[]; rows: Row[]; emptyView: ReactElement; testId: string }): ReactElement {
  const { label, columns, rows, emptyView, testId } = props;
  return (
    <div>
      <table aria-label={label} style={TABLE} data-testid={`${testId}--table`}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" style={{ ...HEADER_CELL, width: `${column.width}%` }}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid={row.testId} style={ROW}>
              {row.cells.map((cell, index) => (
                <td key={columns[index]?.key ?? index} style={CELL}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? emptyView : null}
    </div>
  );
}

const TABLE: CSSProperties = { width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' };
const HEADER_CELL: CSSProperties = {
  textAlign: 'start',
  verticalAlign: 'bottom',
  padding: `${token('space.050', '4px')} ${token('space.100', '8px')}`,
  borderBottom: `2px solid ${token('color.border', '#091E4224')}`,
  color: token('color.text.subtle', '#44546F'),
  font: token('font.heading.xxsmall', 'normal 653 12px/16px ui-sans-serif, system-ui, sans-serif'),
};
const ROW: CSSProperties = { borderBottom: `1px solid ${token('color.border', '#091E4224')}` };
const CELL: CSSProperties = {
  padding: `${token('space.100', '8px')} ${token('space.100', '8px')}`,
  verticalAlign: 'top',
  overflowWrap: 'anywhere',
};
