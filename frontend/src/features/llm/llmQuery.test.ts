import { describe, expect, it } from 'vitest';
import { formatLlmQuery, groupField, type LlmQuery, parseLlmQuery } from './llmQuery';

describe('the LLM usage page in the URL', () => {
  it.each<LlmQuery>([
    { time: { kind: 'last', last: '24h' }, by: 'model', tokens: 'total' },
    { time: { kind: 'last', last: '6h' }, by: 'service', tokens: 'reasoning' },
    { time: { kind: 'between', from: '2026-12-06T00:00:00Z', to: '2026-12-07T00:00:00Z' }, by: 'model', tokens: 'cached' },
  ])('reads back what it wrote: %o', (query) => {
    expect(parseLlmQuery(new URLSearchParams(formatLlmQuery(query).toString()))).toEqual(query);
  });

  it('leaves the defaults out of the URL', () => {
    expect(formatLlmQuery({ time: { kind: 'last', last: '24h' }, by: 'model', tokens: 'total' }).toString()).toBe('range=24h');
  });

  it('opens on the last 24 hours by model, and ignores values it does not know', () => {
    expect(parseLlmQuery(new URLSearchParams('by=planet&tokens=lots'))).toEqual({
      time: { kind: 'last', last: '24h' },
      by: 'model',
      tokens: 'total',
    });
  });

  it('groups by the API fields', () => {
    expect([groupField('model'), groupField('service')]).toEqual(['llm_model', 'service_name']);
  });
});
