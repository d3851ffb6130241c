import { useEffect, useState, type ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Line, LineChart, XAxis, YAxis } from "recharts";

/**
 * Charts drawn by Recharts (SVG). Each chart is a figure with a caption and a text alternative; the
 * same numbers are in the table under it, so a reader without JavaScript or with a screen reader
 * loses nothing. Recharts' server output carries inline style attributes, which the CSP forbids; in
 * the browser it sets styles through the DOM, which the CSP allows — so charts are drawn only once
 * the page runs. Recharts' own legend uses inline styles too, so the legend is plain HTML.
 */
function useInBrowser() {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return ready;
}

interface Series {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
}

function SeriesLegend({ series }: { series: Series[] }) {
  return (
    <ul className="chart-legend">
      {series.map((s) => (
        <li key={s.key}>
          <svg width="28" height="12" aria-hidden="true" focusable="false">
            <line x1="0" y1="6" x2="28" y2="6" stroke={s.color} strokeWidth="8" strokeDasharray={s.dashed ? "6 4" : undefined} />
          </svg>{" "}
          {s.name}
        </li>
      ))}
    </ul>
  );
}

function ChartFigure({ id, caption, summary, series, children }: { id: string; caption: string; summary: string; series: Series[]; children: ReactNode }) {
  const ready = useInBrowser();
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      {/* scrolls sideways on a narrow screen; focusable so keyboard users can scroll it too */}
      <div className="chart__scroll" tabIndex={0} role="group" aria-labelledby={`${id}-caption`}>
        <div role="img" aria-label={summary}>
          {ready ? children : <div className="chart__placeholder" />}
        </div>
      </div>
      <SeriesLegend series={series} />
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
    </figure>
  );
}

type Row = Record<string, string | number | null>;
const margin = { top: 10, right: 16, bottom: 10, left: 0 };

export function BarFigure({ id, caption, summary, data, bars, xKey }: { id: string; caption: string; summary: string; data: Row[]; bars: Series[]; xKey: string }) {
  return (
    <ChartFigure id={id} caption={caption} summary={summary} series={bars}>
      <BarChart width={640} height={280} data={data} margin={margin} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke="#c9d0d8" />
        <XAxis dataKey={xKey} stroke="#1b1f24" />
        <YAxis stroke="#1b1f24" allowDecimals={false} />
        {bars.map((b) => (
          <Bar key={b.key} dataKey={b.key} name={b.name} fill={b.color} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFigure>
  );
}

export function LineFigure({ id, caption, summary, data, lines, xKey, unit = "" }: { id: string; caption: string; summary: string; data: Row[]; lines: Series[]; xKey: string; unit?: string }) {
  return (
    <ChartFigure id={id} caption={caption} summary={summary} series={lines}>
      <LineChart width={640} height={280} data={data} margin={margin} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke="#c9d0d8" />
        <XAxis dataKey={xKey} stroke="#1b1f24" />
        <YAxis stroke="#1b1f24" unit={unit} />
        {lines.map((l) => (
          <Line key={l.key} dataKey={l.key} name={l.name} stroke={l.color} strokeWidth={3} strokeDasharray={l.dashed ? "6 4" : undefined} dot={{ r: 4 }} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartFigure>
  );
}
