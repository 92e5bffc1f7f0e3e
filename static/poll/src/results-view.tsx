import { useState, type CSSProperties, type ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import { token } from '@atlaskit/tokens';
import type { PollCard, Results } from '../../../src/shared/poll-ui';
import { optionResultText, totalsText } from './poll-text';
import { WRAP } from './styles';

/** Results as bars (the default) or as a table; the viewer's own choices are marked. */
export function ResultsView({ poll, results }: { poll: PollCard; results: Results }): ReactElement {
  const [view, setView] = useState<'bars' | 'table'>('bars');
  const mine = new Set(poll.myVote?.optionIds ?? []);
  const byId = new Map(results.options.map((option) => [option.id, option]));
  const rows = poll.options.map((option) => ({ option, result: byId.get(option.id) ?? { id: option.id, votes: 0, percent: 0 } }));
  const totals = totalsText(results);
  return (
    <Stack space="space.100" testId="poll-results">
      {view === 'bars' ? (
        <Stack space="space.100">
          {rows.map(({ option, result }) => (
            <Stack key={option.id} space="space.050" testId="result-row">
              <Inline spread="space-between" space="space.100" shouldWrap>
                <Text weight={mine.has(option.id) ? 'bold' : 'regular'}>
                  <span style={WRAP}>
                    {option.title}
                    {mine.has(option.id) ? ' (your vote)' : ''}
                  </span>
                </Text>
                <Text color="color.text.subtle" testId="result-figures">
                  {optionResultText(result)}
                </Text>
              </Inline>
              <div
                role="meter"
                aria-label={option.title}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={result.percent}
                aria-valuetext={optionResultText(result)}
                style={TRACK}
              >
                <div style={{ ...BAR, width: `${result.percent}%`, background: mine.has(option.id) ? MINE : OTHERS }} />
              </div>
            </Stack>
          ))}
        </Stack>
      ) : (
        <table style={TABLE} aria-label={`Results of ${poll.title}`} data-testid="results-table">
          <thead>
            <tr>
              <th style={HEAD}>Option</th>
              {results.totalVotes === null ? null : <th style={{ ...HEAD, textAlign: 'end' }}>Votes</th>}
              <th style={{ ...HEAD, textAlign: 'end' }}>Share</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ option, result }) => (
              <tr key={option.id} style={ROW}>
                <td style={CELL}>{option.title}</td>
                {result.votes === null ? null : <td style={{ ...CELL, textAlign: 'end' }}>{result.votes}</td>}
                <td style={{ ...CELL, textAlign: 'end' }}>{result.percent}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Inline spread="space-between" alignBlock="center" shouldWrap>
        <Text size="small" color="color.text.subtle" testId="results-totals">
          {totals ?? 'Shown as percentages only'}
        </Text>
        <Box>
          <Button
            appearance="subtle"
            spacing="compact"
            onClick={() => setView(view === 'bars' ? 'table' : 'bars')}
            testId="results-view-toggle"
          >
            {view === 'bars' ? 'Show as table' : 'Show as bars'}
          </Button>
        </Box>
      </Inline>
    </Stack>
  );
}

const TRACK: CSSProperties = {
  height: '8px',
  borderRadius: token('radius.full', '999px'),
  background: token('color.background.neutral', '#0515240F'),
  overflow: 'hidden',
};
// A bar grows to its new width, unless the person asked for less motion.
const REDUCED_MOTION = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
const BAR: CSSProperties = {
  height: '100%',
  borderRadius: token('radius.full', '999px'),
  transition: REDUCED_MOTION ? 'none' : 'width 200ms ease-out',
};
const MINE = token('color.background.brand.bold', '#1868DB');
const OTHERS = token('color.background.accent.blue.subtle', '#669DF1');
const TABLE: CSSProperties = { width: '100%', borderCollapse: 'collapse' };
const HEAD: CSSProperties = {
  textAlign: 'start',
  padding: `${token('space.050', '4px')} 0`,
  borderBottom: `2px solid ${token('color.border', '#091E4224')}`,
  color: token('color.text.subtle', '#44546F'),
  font: token('font.heading.xxsmall', 'normal 653 12px/16px ui-sans-serif, system-ui, sans-serif'),
};
const ROW: CSSProperties = { borderBottom: `1px solid ${token('color.border', '#091E4224')}` };
const CELL: CSSProperties = { padding: `${token('space.050', '4px')} 0`, overflowWrap: 'anywhere' };
