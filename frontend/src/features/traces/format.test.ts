import { describe, expect, it } from 'vitest';
import { SERVICE_PALETTE, contrast, serviceColor, serviceColors } from './colors';
import { axisTicks, compareNanos, formatDuration, formatInstant, formatOffset, formatUsd, severityOf } from './format';

describe('durations', () => {
  it.each([
    [0, '0 ns'],
    [850, '850 ns'],
    [12_500, '12.5 µs'],
    [1_500, '1.5 µs'],
    [3_250_000, '3.25 ms'],
    [106_338_730, '106.3 ms'],
    [7_190_046_693, '7.19 s'],
    [125_000_000_000, '2 min 5 s'],
  ])('%i ns reads %s', (nanos, text) => {
    expect(formatDuration(nanos)).toBe(text);
  });

  it('writes offsets with their sign', () => {
    expect(formatOffset(2_000_000)).toBe('+2 ms');
    expect(formatOffset(-2_000_000)).toBe('−2 ms');
  });
});

describe('instants', () => {
  it('keeps the microseconds a double would lose', () => {
    expect(formatInstant('1796651798990946329')).toBe('2026-12-07 13:56:38.990946 UTC');
  });

  it('orders nanosecond strings without parsing them', () => {
    const times = ['1796651799097285059', '999', '1796651798990946329', '1796651799096849384'];
    expect([...times].sort(compareNanos)).toEqual([
      '999',
      '1796651798990946329',
      '1796651799096849384',
      '1796651799097285059',
    ]);
  });
});

describe('the time axis', () => {
  it('splits the trace into quarters from its start', () => {
    expect(axisTicks(100_000_000)).toEqual([
      { at: 0, label: '0 ns' },
      { at: 0.25, label: '25 ms' },
      { at: 0.5, label: '50 ms' },
      { at: 0.75, label: '75 ms' },
      { at: 1, label: '100 ms' },
    ]);
  });
});

describe('money and severities', () => {
  it('shows small costs with three significant digits', () => {
    expect(formatUsd(0.000357)).toBe('$0.000357');
    expect(formatUsd(1.54e-6)).toBe('$0.00000154');
    expect(formatUsd(2.5)).toBe('$2.50');
    expect(formatUsd(0)).toBe('$0');
  });

  it('reads OTLP severity numbers as levels', () => {
    expect([0, 1, 5, 9, 12, 13, 17, 21, 24].map(severityOf)).toEqual([
      'unset', 'trace', 'debug', 'info', 'info', 'warn', 'error', 'fatal', 'fatal',
    ]);
  });
});

describe('service colours', () => {
  it('gives a service the same colour every time', () => {
    expect(serviceColor('checkout')).toBe(serviceColor('checkout'));
    expect(SERVICE_PALETTE).toContain(serviceColor('payments'));
  });

  it('tells the demo’s services apart', () => {
    const services = ['frontend', 'checkout', 'payments', 'inventory', 'recommendation'];
    expect(new Set(services.map(serviceColor)).size).toBe(services.length);
  });

  it('gives the services of one trace different colours, up to the palette’s size', () => {
    const services = Array.from({ length: SERVICE_PALETTE.length }, (_, i) => `service-${i}`);
    expect(new Set(serviceColors(services).values()).size).toBe(SERVICE_PALETTE.length);
  });

  it('keeps a service’s own colour when nothing clashes with it', () => {
    expect(serviceColors(['checkout', 'payments']).get('checkout')).toBe(serviceColor('checkout'));
  });

  it('draws every colour with at least 4.5:1 contrast against the white rows', () => {
    const weak = SERVICE_PALETTE.filter((color) => contrast(color, '#ffffff') < 4.5);
    expect(weak).toEqual([]);
  });
});
