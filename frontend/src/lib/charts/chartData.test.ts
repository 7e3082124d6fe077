import { describe, expect, it } from 'vitest';
import { bucketSeconds, colourOf, PALETTE, stackBands, stackValues } from './chartData';

describe('chart columns', () => {
  it('turns bucket starts into epoch seconds', () => {
    expect(bucketSeconds(['1970-01-01T00:00:10Z', '1970-01-01T00:01:00Z'])).toEqual([10, 60]);
  });

  it('stacks series bottom first, a missing value adding nothing', () => {
    expect(
      stackValues(
        [
          [1, null, 3],
          [10, 20],
          [100, 100, null],
        ],
        3,
      ),
    ).toEqual([
      [1, 0, 3],
      [11, 20, 3],
      [111, 120, 3],
    ]);
  });

  it('fills each stacked series down to the one below (uPlot indices)', () => {
    expect(stackBands(3)).toEqual([{ series: [2, 1] }, { series: [3, 2] }]);
    expect(stackBands(1)).toEqual([]);
  });

  it('cycles through the palette', () => {
    expect(colourOf(PALETTE.length)).toBe(PALETTE[0]);
  });
});
