/** The cells of a heatmap drawn in a w × h box: time across, duration bands upward, log-scaled shade. */

export interface Cell {
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
  /** 0 for the smallest non-zero count to 1 for the largest, on a log scale. */
  shade: number;
}

export function heatmapCells(counts: number[][], width: number, height: number): Cell[] {
  const columns = counts.length;
  const rows = Math.max(0, ...counts.map((column) => column.length));
  if (columns === 0 || rows === 0) {
    return [];
  }
  const max = Math.max(...counts.flat());
  const scale = Math.log1p(max);
  const cellWidth = width / columns;
  const cellHeight = height / rows;
  const cells: Cell[] = [];
  counts.forEach((column, c) => {
    column.forEach((count, r) => {
      if (count > 0) {
        cells.push({
          x: c * cellWidth,
          y: height - (r + 1) * cellHeight,
          width: cellWidth,
          height: cellHeight,
          count,
          shade: scale === 0 ? 1 : Math.log1p(count) / scale,
        });
      }
    });
  });
  return cells;
}

/** Light blue for few spans to dark blue for many. */
export const shadeColor = (shade: number) => `hsl(215 75% ${Math.round(92 - shade * 62)}%)`;
