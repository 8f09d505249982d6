import type { MessageActivityOut } from "../../../src/schemas/dashboard.js";
import { activitySummary, axisTop, dayLabel } from "./activity-figures.js";

/*
 * Inline SVG rather than a charting library: three series of 30 points need a few lines of
 * geometry, while recharts or chart.js would add 50–150 kB gzipped to this screen and draw
 * nothing a screen reader can read (chart.js paints a canvas). Here the figures stay in the DOM,
 * as an aria-label and a table.
 */

const SERIES = [
  { key: "sent", label: "Sent" },
  { key: "opened", label: "Opened" },
  { key: "clicked", label: "Clicked" },
] as const;

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 12, right: 12, bottom: 26, left: 40 };

/** Emails sent, opened and clicked per day, as lines, with the figures in a table below. */
export function ActivityChart({ report }: { report: MessageActivityOut }) {
  const days = report.days;
  const top = axisTop(Math.max(...days.flatMap((d) => [d.sent, d.opened, d.clicked])));
  const step = (WIDTH - PAD.left - PAD.right) / days.length;
  const x = (i: number) => PAD.left + (i + 0.5) * step;
  const y = (v: number) => PAD.top + (1 - v / top) * (HEIGHT - PAD.top - PAD.bottom);
  const ticks = [0, top / 2, top].filter((v) => Number.isInteger(v));
  const labelled = new Set([0, Math.floor(days.length / 2), days.length - 1]);
  return (
    <figure className="activity">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={activitySummary(report)} className="activity-chart">
        {ticks.map((v) => (
          <g key={v} className="grid">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          labelled.has(i) ? (
            <text key={d.date} className="axis" x={x(i)} y={HEIGHT - 6} textAnchor="middle">
              {dayLabel(d.date)}
            </text>
          ) : null,
        )}
        {SERIES.map((s) => (
          <g key={s.key} className={`series series-${s.key}`}>
            <polyline points={days.map((d, i) => `${x(i)},${y(d[s.key])}`).join(" ")} />
            {days.map((d, i) => (d[s.key] > 0 ? <circle key={d.date} cx={x(i)} cy={y(d[s.key])} r={2.5} /> : null))}
          </g>
        ))}
        {days.map((d, i) => (
          <rect key={d.date} className="hover" x={x(i) - step / 2} y={PAD.top} width={step} height={HEIGHT - PAD.top - PAD.bottom}>
            <title>{`${dayLabel(d.date)}: ${d.sent} sent, ${d.opened} opened, ${d.clicked} clicked`}</title>
          </rect>
        ))}
      </svg>
      <figcaption className="legend">
        {SERIES.map((s) => (
          <span key={s.key} className={`legend-item series-${s.key}`}>
            <span className="swatch" aria-hidden="true" /> {s.label}: <strong>{report.totals[s.key]}</strong>
          </span>
        ))}
      </figcaption>
      <details>
        <summary>Figures by day</summary>
        <table className="table compact-rows">
          <caption className="visually-hidden">Emails sent, opened and clicked per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col" className="num">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <th scope="row">
                  <time dateTime={d.date}>{dayLabel(d.date)}</time>
                </th>
                {SERIES.map((s) => (
                  <td key={s.key} className="num">
                    {d[s.key]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
