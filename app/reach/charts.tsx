import { Bar, BarChart, CartesianGrid, Line, LineChart, XAxis, YAxis } from "recharts";

/** The series' names and colours as HTML (the page's CSP allows no inline styles, which Recharts' own legend uses). */
function SeriesLegend({ series }: { series: { name: string; color: string; dashed?: boolean }[] }) {
  return (
    <ul className="chart-legend">
      {series.map((s) => (
        <li key={s.name}>
          <svg width="28" height="12" aria-hidden="true" focusable="false">
            <line x1="0" y1="6" x2="28" y2="6" stroke={s.color} strokeWidth="8" strokeDasharray={s.dashed ? "6 4" : undefined} />
          </svg>{" "}
          {s.name}
        </li>
      ))}
    </ul>
  );
}

/**
 * Charts drawn by Recharts (SVG, in the browser once the page has loaded its script). Each chart is a
 * figure with a caption and a text alternative; the same numbers are in the table under it, so a
 * reader without JavaScript or a screen-reader user loses nothing.
 */
export function BarFigure({
  id,
  caption,
  summary,
  data,
  bars,
  xKey,
}: {
  id: string;
  caption: string;
  summary: string;
  data: Record<string, string | number | null>[];
  bars: { key: string; name: string; color: string }[];
  xKey: string;
}) {
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <div role="img" aria-label={summary}>
        <BarChart width={640} height={280} data={data} margin={{ top: 10, right: 16, bottom: 10, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="#c9d0d8" />
          <XAxis dataKey={xKey} stroke="#1b1f24" />
          <YAxis stroke="#1b1f24" allowDecimals={false} />
          {bars.map((b) => (
            <Bar key={b.key} dataKey={b.key} name={b.name} fill={b.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </div>
      <SeriesLegend series={bars} />
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
    </figure>
  );
}

export function LineFigure({
  id,
  caption,
  summary,
  data,
  lines,
  xKey,
  unit = "",
}: {
  id: string;
  caption: string;
  summary: string;
  data: Record<string, string | number | null>[];
  lines: { key: string; name: string; color: string; dashed?: boolean }[];
  xKey: string;
  unit?: string;
}) {
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <div role="img" aria-label={summary}>
        <LineChart width={640} height={280} data={data} margin={{ top: 10, right: 16, bottom: 10, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="#c9d0d8" />
          <XAxis dataKey={xKey} stroke="#1b1f24" />
          <YAxis stroke="#1b1f24" unit={unit} />
          {lines.map((l) => (
            <Line key={l.key} dataKey={l.key} name={l.name} stroke={l.color} strokeWidth={3} strokeDasharray={l.dashed ? "6 4" : undefined} dot={{ r: 4 }} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </div>
      <SeriesLegend series={lines} />
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
    </figure>
  );
}
