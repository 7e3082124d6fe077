import { describe, expect, it } from 'vitest';
import { appendTailConditions, type Condition, formatCondition, parseCondition, readConditions, toFilterBody, writeConditions } from './conditions';

describe('an attribute condition as text', () => {
  it.each<[string, Condition]>([
    ['http.route=/checkout', { scope: 'record', key: 'http.route', op: 'equals', value: '/checkout' }],
    ['status!=200', { scope: 'record', key: 'status', op: 'not_equals', value: '200' }],
    ['user.agent~curl', { scope: 'record', key: 'user.agent', op: 'contains', value: 'curl' }],
    ['error.type', { scope: 'record', key: 'error.type', op: 'exists', value: '' }],
    ['q=a=b', { scope: 'record', key: 'q', op: 'equals', value: 'a=b' }],
    ['k~a!=b', { scope: 'record', key: 'k', op: 'contains', value: 'a!=b' }],
  ])('%s', (text, condition) => {
    expect(parseCondition(text)).toEqual(condition);
    expect(formatCondition(condition)).toBe(text);
  });

  it('needs a key', () => {
    expect(parseCondition('=x')).toBeUndefined();
    expect(parseCondition('  ')).toBeUndefined();
  });

  it('round-trips through the URL, record and resource apart', () => {
    const conditions: Condition[] = [
      { scope: 'record', key: 'http.route', op: 'equals', value: '/a b' },
      { scope: 'resource', key: 'service.version', op: 'not_equals', value: '2.3.1' },
    ];
    const params = writeConditions(new URLSearchParams('x=1'), conditions);
    expect(params.getAll('rattr')).toEqual(['service.version!=2.3.1']);
    expect(readConditions(new URLSearchParams(params.toString()))).toEqual(conditions);
  });

  it('gives the search API its body and the tail its parameters', () => {
    const exists: Condition = { scope: 'resource', key: 'k8s.pod.name', op: 'exists', value: '' };
    expect(toFilterBody(exists)).toEqual({ scope: 'resource', key: 'k8s.pod.name', op: 'exists' });
    expect(appendTailConditions(new URLSearchParams(), [exists]).toString()).toBe('resourceAttribute=k8s.pod.name');
  });
});
