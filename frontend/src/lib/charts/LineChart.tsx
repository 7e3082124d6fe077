import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatCompact } from '../format';
import { type ChartSeries, colourOf, stackBands, stackValues } from './chartData';

export type { ChartSeries } from './chartData';

export interface LineChartProps {
  /** Bucket starts, epoch seconds. */
  x: readonly number[];
  /** Pass stable arrays (useMemo): a new array redraws the chart. */
  series: readonly ChartSeries[];
  /** The accessible name of the chart, e.g. "Cost over time by model". */
  title: string;
  /** The values' unit, shown on the axis and in the legend ("s", "USD", "{request}/s"). */
  unit?: string;
  /** Areas stacked bottom to top, the legend still showing each series' own value. */
  stacked?: boolean;
  height?: number;
  format?: (value: number) => string;
  testId?: string;
}

/**
 * The shared uPlot line chart: created on mount, redrawn when its data change, sized to its
 * container (a ResizeObserver) and destroyed on unmount. The legend under it names each series
 * and, under the cursor, its value.
 */
export function LineChart({ x, series, title, unit, stacked = false, height = 240, format = formatCompact, testId }: LineChartProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) {
      return;
    }
    const raw = series.map((s) => s.values);
    const ys: (readonly (number | null)[])[] = stacked ? stackValues(raw, x.length) : raw;
    const suffix = unit === undefined || unit === '' || unit === '1' ? '' : ` ${unit}`;
    const options: uPlot.Options = {
      width: element.clientWidth || 600,
      height,
      scales: { x: { time: true } },
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: colourOf(i),
          width: s.style === 'points' ? 0 : 1.5,
          dash: s.style === 'dashed' ? [6, 4] : undefined,
          points: s.style === 'points' ? { show: true, size: 7, fill: colourOf(i), stroke: colourOf(i) } : undefined,
          fill: stacked ? `${colourOf(i)}55` : undefined,
          spanGaps: false,
          value: (_plot: uPlot, _shown: number | null, _index: number, at: number | null) => {
            const value = at === null ? null : (s.values[at] ?? null);
            return value === null ? '—' : `${format(value)}${suffix}`;
          },
        })),
      ],
      bands: stacked ? stackBands(series.length) : undefined,
      axes: [
        {},
        {
          label: unit === undefined || unit === '' || unit === '1' ? undefined : unit,
          size: 60,
          values: (_plot, splits) => splits.map((v) => format(v)),
        },
      ],
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
    };
    const data: uPlot.AlignedData = [Array.from(x), ...ys.map((values) => Array.from(values))];
    const plot = new uPlot(options, data, element);
    const observer = new ResizeObserver(() => {
      const width = element.clientWidth;
      if (width > 0 && width !== plot.width) {
        plot.setSize({ width, height });
      }
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [x, series, unit, stacked, height, format]);

  return (
    <figure className="line-chart" aria-label={title} data-testid={testId}>
      <div ref={container} className="line-chart-plot" />
    </figure>
  );
}
