import { describe, expect, it } from 'vitest';
import { bodyOf, draftOf, fieldOfProblem, NEW_RULE, pairsOf, type RuleDraft } from './ruleForm';
import type { Rule } from './rules';

const draft = (change: Partial<RuleDraft>): RuleDraft => ({ ...NEW_RULE, name: 'checkout errors', threshold: '0.05', ...change });

const stored: Rule = {
  id: 'r-1',
  name: 'checkout slow',
  query: {
    signal: 'spans',
    measure: 'p99',
    attribute: null,
    service: 'checkout',
    filters: { 'http.route': '/pay' },
    groupBy: ['resource.service.version'],
    minVolume: 50,
  },
  condition: { type: 'change', direction: 'above', baseline: 'trailing', trailingHours: 24, factor: 2, minDifference: 100 },
  window: '10m',
  interval: '1m',
  severity: 'high',
  labels: { team: 'payments' },
  channelIds: ['c-1'],
  investigate: true,
  enabled: false,
  createdBy: 'u-1',
  createdAt: '2026-12-07T10:00:00Z',
  updatedAt: '2026-12-07T10:00:00Z',
};

describe('the rule editor and the API body', () => {
  it('makes the body of a threshold rule on spans, as RuleJson reads it', () => {
    const body = bodyOf(draft({ service: ' checkout ', filters: 'http.route=/pay\n', groupBy: 'service_name, name,', labels: 'team=payments' }));
    expect(body).toEqual({
      ok: {
        name: 'checkout errors',
        query: {
          signal: 'spans',
          measure: 'error_rate',
          attribute: null,
          service: 'checkout',
          filters: { 'http.route': '/pay' },
          groupBy: ['service_name', 'name'],
          minVolume: 10,
        },
        condition: { type: 'threshold', direction: 'above', value: 0.05 },
        window: '10m',
        interval: '1m',
        severity: 'medium',
        labels: { team: 'payments' },
        channelIds: [],
        investigate: true,
        enabled: true,
      },
    });
  });

  it('reads a stored rule back into the same body it was made from', () => {
    const { id: _id, createdBy: _by, createdAt: _at, updatedAt: _up, ...body } = stored;
    expect(bodyOf(draftOf(stored))).toEqual({ ok: body });
  });

  it('sends a log rule only the fields of a log query (the service refuses others)', () => {
    const logs = bodyOf(draft({ signal: 'logs', minSeverity: '17', bodyContains: 'timeout', logsByService: true, filters: 'a=b', threshold: '20' }));
    expect('ok' in logs && logs.ok.query).toEqual({
      signal: 'logs',
      service: null,
      minSeverity: 17,
      bodyContains: 'timeout',
      groupBy: ['service_name'],
    });
  });

  it('counts with no minimum volume unless one is given', () => {
    const count = bodyOf(draft({ measure: 'count', threshold: '1000' }));
    expect('ok' in count && count.ok.query).toMatchObject({ minVolume: 0 });
  });

  it('says by each field what is missing or malformed, and sends nothing', () => {
    const body = bodyOf(draft({ name: ' ', threshold: 'lots', window: '10 minutes', filters: 'no-equals' }));
    expect(body).toEqual({
      errors: {
        name: 'Give the rule a name people will see in notifications.',
        threshold: 'The threshold is a number, not “lots”.',
        window: 'A duration like 10m, 1h, 30s or 1h30m, not “10 minutes”.',
        filters: '“no-equals” is not key=value: one key=value per line.',
      },
    });
  });

  it('catches the mistakes the service would refuse: a 5 for 5 %, a reserved label, an attribute measure without its attribute', () => {
    expect(bodyOf(draft({ threshold: '5' }))).toEqual({ errors: { threshold: 'An error rate is 0 to 1 (0.05 for 5 %), so its threshold is too.' } });
    expect(bodyOf(draft({ labels: 'service=x' }))).toEqual({ errors: { labels: 'The label “service” is set by the rule itself; choose another key.' } });
    expect(bodyOf(draft({ labels: 'Team=x' }))).toEqual({
      errors: { labels: 'A label’s key is lower-case letters, digits and _, not starting with a digit: not “Team”.' },
    });
    expect(bodyOf(draft({ measure: 'attribute_avg', threshold: '3' }))).toEqual({
      errors: { attribute: 'The measure attribute_avg needs the numeric attribute to measure.' },
    });
  });

  it('sends trailing hours only for a trailing baseline, and a factor of 1 to 1000', () => {
    expect(bodyOf(draft({ condition: 'change', baseline: 'trailing', hours: '' }))).toEqual({ errors: { hours: 'The trailing hours is needed.' } });
    expect(bodyOf(draft({ condition: 'change', baseline: 'trailing', hours: '100' }))).toEqual({
      errors: { hours: 'The trailing baseline is 1 to 72 whole hours.' },
    });
    const day = bodyOf(draft({ condition: 'change', baseline: 'day_before', hours: '6', factor: '1.5', direction: 'below' }));
    expect('ok' in day && day.ok.condition).toEqual({ type: 'change', direction: 'below', baseline: 'day_before', factor: 1.5, minDifference: 0 });
    expect(bodyOf(draft({ condition: 'change', factor: '0.5' }))).toEqual({
      errors: { factor: 'The factor is 1 to 1000: 1.5 for 50 % more than the baseline.' },
    });
  });

  it('maps a metric rule to the body RuleJson reads and back', () => {
    const metric = draft({
      signal: 'metrics',
      metric: ' http.server.request.duration ',
      aggregation: 'quantiles',
      quantile: '0.99',
      service: 'checkout',
      filters: 'http.route=/pay',
      groupBy: 'resource.host.name',
      measure: 'p50',
      minVolume: '7',
      threshold: '0.5',
    });
    const body = bodyOf(metric);
    expect('ok' in body && body.ok.query).toEqual({
      signal: 'metrics',
      metric: 'http.server.request.duration',
      aggregation: 'quantiles',
      quantile: 0.99,
      service: 'checkout',
      filters: { 'http.route': '/pay' },
      groupBy: ['resource.host.name'],
    });
    if (!('ok' in body)) throw new Error('expected a body');
    const back = draftOf({ ...stored, ...body.ok });
    expect(back).toMatchObject({ signal: 'metrics', metric: 'http.server.request.duration', aggregation: 'quantiles', quantile: '0.99', service: 'checkout', filters: 'http.route=/pay', groupBy: 'resource.host.name' });
    expect(bodyOf(back)).toEqual(body);

    const rate = bodyOf(draft({ signal: 'metrics', metric: 'http.requests', aggregation: 'rate', quantile: '0.5' }));
    expect('ok' in rate && rate.ok.query).toEqual({ signal: 'metrics', metric: 'http.requests', aggregation: 'rate', quantile: null, service: null, filters: {}, groupBy: [] });
    expect(bodyOf(draft({ signal: 'metrics', metric: '', aggregation: 'quantiles', quantile: '99' }))).toEqual({
      errors: { metric: 'Name the metric, exactly as it is reported (names are case-sensitive).', quantile: 'A quantile is strictly between 0 and 1: 0.99 for p99.' },
    });
    expect(bodyOf(draft({ signal: 'metrics', metric: 'http.requests', aggregation: 'rate', threshold: '-1' }))).toEqual({
      errors: { threshold: 'A rate is never negative, so this threshold is never crossed.' },
    });
  });

  it('reads key=value pairs by line or comma', () => {
    expect(pairsOf('a=1, b = two\n\nc=x=y')).toEqual({ ok: { a: '1', b: 'two', c: 'x=y' } });
    expect(pairsOf('=1')).toEqual({ error: '“=1” is not key=value' });
  });
});

describe('a 400 from the service, shown by its field', () => {
  it.each([
    ["unknown measure 'p98': expected one of error_rate, count, p50, p90, p95, p99, avg, attribute_avg, attribute_p99", 'measure'],
    ['the window is 1m to 24h, was 0s', 'window'],
    ['the interval is 30s to 1h, was 2h', 'interval'],
    ["'x' in 'channelIds' is not a channel id", 'channelIds'],
    ["unknown severity 'urgent': expected one of [low, medium, high, critical]", 'severity'],
    ["a change's factor is 1 to 1000 (1.5 for 50% more), was 0.5", 'factor'],
    ['a trailing baseline is 1 to 72 whole hours, was PT0S', 'hours'],
    ["a trailing baseline needs 'trailingHours', 1 to 72", 'hours'],
    ['the minimum volume is 0 to 1000000000 spans, was -1', 'minVolume'],
    ['group by at most 3 dimensions, got 4', 'groupBy'],
    ["the attribute filter on 'http.route' needs a value", 'filters'],
    ['the measure attribute_avg needs the attribute to measure', 'attribute'],
    ["the label 'service' is set by the rule itself (alertname is the rule's name, service the service measured); choose another key", 'labels'],
    ['a threshold needs a direction: above or below', 'direction'],
    ['an error rate is 0 to 1 (0.05 for 5%), so its threshold is too; was 5.0', 'threshold'],
    ['a minimum severity is an OTLP severity number, 1 to 24 (9 INFO, 13 WARN, 17 ERROR); was 30', 'minSeverity'],
    ['a rule needs a name of 1 to 200 characters', 'name'],
    ["unknown aggregation 'median': use one of sum, avg, min, max, rate, quantiles", 'aggregation'],
    ['a quantile is strictly between 0 and 1 (0.99 for p99), was 99.0', 'quantile'],
    ["a metric query's metric name must be a key of 1 to 200 characters, was ''", 'metric'],
  ])('“%s” is about %s', (message, field) => {
    expect(fieldOfProblem(message)).toBe(field);
  });

  it('leaves a message naming no field, or an unknown field, to the form', () => {
    expect(fieldOfProblem("'10 minutes' is not a duration: write it as 30s, 5m, 1h or 1h30m")).toBeUndefined();
    expect(fieldOfProblem("unknown field 'op' in a threshold; its fields are [direction, type, value]")).toBeUndefined();
  });
});
