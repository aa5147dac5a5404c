// Upcoming expiries per week as stacked bars, drawn as plain SVG in PatternFly's colours: a chart library
// would cost more than the whole page. The numbers are also a table for screen readers and the narrow layout.
import type { Overview } from '@credman/api-contract';
import { formatDate } from '../../components/format.ts';

// PatternFly's design tokens, so the chart follows the theme (and dark mode).
const WITHOUT = { fill: 'var(--pf-t--global--color--status--danger--default)' };
const WITH = { fill: 'var(--pf-t--global--color--status--success--default)' };
const TICK = { fill: 'var(--pf-t--global--text--color--subtle)', fontSize: 12 };
const AXIS_LINE = { stroke: 'var(--pf-t--global--border--color--default)' };
const KEY = { display: 'inline-block', width: '0.8em', height: '0.8em', marginInline: '0.25em' };

const WIDTH = 720;
const HEIGHT = 220;
const AXIS = 28;
const TOP = 12;

export function ExpiryChart({ weeks }: { weeks: Overview['weeks'] }) {
  const max = Math.max(1, ...weeks.map((week) => week.withSuccessor + week.withoutSuccessor));
  const band = (WIDTH - AXIS) / Math.max(1, weeks.length);
  const scale = (value: number) => (value / max) * (HEIGHT - AXIS - TOP);
  const total = weeks.reduce((sum, week) => sum + week.withSuccessor + week.withoutSuccessor, 0);
  const without = weeks.reduce((sum, week) => sum + week.withoutSuccessor, 0);
  return (
    <figure style={{ maxWidth: 760, margin: 0 }}>
      <svg
        viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
        role="img"
        aria-label={`Secrets ending in the next ${String(weeks.length)} weeks: ${String(total)}, of them ${String(without)} without a successor`}
      >
        <line x1={AXIS} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} style={AXIS_LINE} />
        <text x={AXIS - 6} y={TOP + 4} textAnchor="end" style={TICK}>
          {max}
        </text>
        <text x={AXIS - 6} y={HEIGHT - AXIS} textAnchor="end" style={TICK}>
          0
        </text>
        {weeks.map((week, index) => {
          const x = AXIS + index * band + band * 0.15;
          const width = band * 0.7;
          const bottom = HEIGHT - AXIS;
          const withoutHeight = scale(week.withoutSuccessor);
          const withHeight = scale(week.withSuccessor);
          return (
            <g key={week.from}>
              <rect x={x} width={width} y={bottom - withoutHeight} height={withoutHeight} style={WITHOUT} />
              <rect
                x={x}
                width={width}
                y={bottom - withoutHeight - withHeight}
                height={withHeight}
                style={WITH}
              />
              <text x={x + width / 2} y={HEIGHT - 10} textAnchor="middle" style={TICK}>
                {`W${String(index + 1)}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span style={{ ...KEY, background: WITHOUT.fill }} aria-hidden="true" /> without a successor{' '}
        <span style={{ ...KEY, background: WITH.fill }} aria-hidden="true" /> with a newer secret beside it
        (W1 = the week from the scan)
      </figcaption>
      <ExpiryTable weeks={weeks} />
    </figure>
  );
}

/** The chart's numbers for screen readers. */
function ExpiryTable({ weeks }: { weeks: Overview['weeks'] }) {
  return (
    <table className="pf-v6-screen-reader">
      <caption>Secrets ending per week</caption>
      <thead>
        <tr>
          <th scope="col">Week from</th>
          <th scope="col">Without a successor</th>
          <th scope="col">With a successor</th>
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week.from}>
            <td>{formatDate(week.from)}</td>
            <td>{week.withoutSuccessor}</td>
            <td>{week.withSuccessor}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
