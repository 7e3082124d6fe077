import { describe, expect, it } from 'vitest';
import { displayUnit, type MetricSeriesAnswer, metricChart, seriesLabel } from './metricChart';
import { filterMetrics } from './MetricPicker';
import type { Metric } from './metricsQuery';

const answer = (series: MetricSeriesAnswer['series']): MetricSeriesAnswer => ({
  metric: 'http.server.request.duration',
  type: 'HISTOGRAM',
  unit: 's',
  aggregation: 'QUANTILES',
  bucketWidth: 'PT10M',
  buckets: ['1970-01-01T00:10:00Z', '1970-01-01T00:20:00Z', '1970-01-01T00:30:00Z'],
  series,
  omittedGroups: 0,
});

describe('a metric as chart columns', () => {
  it('keeps buckets without data as gaps, never zeros, and pads short series', () => {
    const chart = metricChart(answer([{ key: ['/checkout'], measure: 'p95', points: [0.24, null] }]));
    expect(chart.x).toEqual([600, 1200, 1800]);
    expect(chart.series).toEqual([{ label: '/checkout', values: [0.24, null, null] }]);
  });

  it('names a line by its group, adding the measure when several are drawn', () => {
    const chart = metricChart(
      answer([
        { key: ['/checkout'], measure: 'p50', points: [0.1, 0.1, 0.1] },
        { key: ['/checkout'], measure: 'p95', points: [0.2, 0.2, 0.2] },
        { key: [''], measure: 'p50', points: [1, 1, 1] },
      ]),
    );
    expect(chart.series.map((s) => s.label)).toEqual(['/checkout p50', '/checkout p95', '(none) p50']);
  });

  it('names an ungrouped line by its measure', () => {
    expect(metricChart(answer([{ key: [], measure: 'RATE', points: [1, 2, 3] }])).series[0]?.label).toBe('rate');
    expect(seriesLabel(['a', 'b'], 'avg', false)).toBe('a · b');
  });

  it('drops the dimensionless unit', () => {
    expect([displayUnit('1'), displayUnit(''), displayUnit('s')]).toEqual([undefined, undefined, 's']);
  });
});

describe('the metric list search', () => {
  const metric = (name: string): Metric => ({
    name,
    type: 'GAUGE',
    unit: '1',
    description: '',
    temporalities: [],
    monotonic: false,
    points: 1,
    services: [],
    attributeKeys: [],
    resourceKeys: [],
    aggregations: ['AVG'],
  });

  it('finds names containing the text, ignoring case', () => {
    const metrics = [metric('http.server.requests'), metric('process.cpu.utilization')];
    expect(filterMetrics(metrics, 'CPU').map((m) => m.name)).toEqual(['process.cpu.utilization']);
    expect(filterMetrics(metrics, ' ')).toHaveLength(2);
  });
});
