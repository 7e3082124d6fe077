import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLORS = ['#3b5bdb', '#e8590c', '#2b8a3e', '#c2255c', '#5f3dc4', '#0b7285', '#862e9c', '#5c940d'];

export interface Line {
  label: string;
  values: (number | null)[];
}

/** Lines over time (x in Unix seconds) with uPlot, as wide as its container. */
export function LineChart({ times, lines, unit, label }: { times: number[]; lines: Line[]; unit: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (element === null) {
      return;
    }
    const options: uPlot.Options = {
      width: Math.max(320, element.clientWidth),
      height: 220,
      series: [
        {},
        ...lines.map((line, index) => ({ label: line.label, stroke: COLORS[index % COLORS.length], width: 1.5, spanGaps: false })),
      ],
      axes: [{}, { label: unit, size: 60 }],
      legend: { live: true },
    };
    const data: uPlot.AlignedData = [times, ...lines.map((line) => line.values)];
    const chart = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(320, element.clientWidth), height: 220 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [times, lines, unit]);
  return <div ref={box} className="chat-chart" role="img" aria-label={label} />;
}
