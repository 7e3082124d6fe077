import { describe, expect, it } from 'vitest';
import type { Approval } from './approvals';
import { actionName, countdown, escalation, inputText, projectOf, resultText, splitApprovals } from './approvalView';

const NOW = Date.parse('2026-12-07T12:00:00Z');

function approval(id: string, status: Approval['status'], requestedAt: string, deadline: string): Approval {
  return {
    id,
    action: 'rollback_deploy',
    input: { service: 'checkout', version: '2.3.0' },
    reason: 'errors began with 2.3.1',
    tier: 'medium',
    status,
    requestedAt,
    deadline,
    incidentId: 'i1',
    sessionId: 's1',
    votes: [],
    result: null,
    canDecide: true,
  };
}

describe('the countdown to a deadline', () => {
  it.each([
    ['2026-12-07T12:14:05Z', '14:05 left', false],
    ['2026-12-07T13:02:09Z', '1:02:09 left', false],
    ['2026-12-07T12:01:30Z', '1:30 left', true],
    ['2026-12-07T12:00:00.400Z', '0:01 left', true],
  ])('to %s reads "%s"', (deadline, text, urgent) => {
    const left = countdown(deadline, NOW);
    expect(left.text).toBe(text);
    expect(left.urgent).toBe(urgent);
    expect(left.overdue).toBe(false);
  });

  it('says when the deadline has passed (the request escalates or expires)', () => {
    expect(countdown('2026-12-07T11:59:59Z', NOW)).toEqual({ text: 'past its deadline', seconds: 0, overdue: true, urgent: true });
  });

  it('counts down by the second', () => {
    const deadline = '2026-12-07T12:10:00Z';
    expect(countdown(deadline, NOW).seconds - countdown(deadline, NOW + 1_000).seconds).toBe(1);
  });
});

describe('the approval requests', () => {
  it('puts the pending ones nearest deadline first, and the rest newest first', () => {
    const soon = approval('soon', 'pending', '2026-12-07T11:50:00Z', '2026-12-07T12:05:00Z');
    const later = approval('later', 'pending', '2026-12-07T11:55:00Z', '2026-12-07T12:25:00Z');
    const old = approval('old', 'executed', '2026-12-07T09:00:00Z', '2026-12-07T09:30:00Z');
    const denied = approval('denied', 'denied', '2026-12-07T10:00:00Z', '2026-12-07T10:30:00Z');
    const split = splitApprovals([later, old, soon, denied]);
    expect(split.pending.map((a) => a.id)).toEqual(['soon', 'later']);
    expect(split.history.map((a) => a.id)).toEqual(['denied', 'old']);
  });

  it('names the action whether the service sends its name or the action', () => {
    expect(actionName({ action: 'rollback_deploy' })).toBe('rollback_deploy');
    expect(actionName({ action: { name: 'scale_up' } })).toBe('scale_up');
  });

  it('shows the input as indented JSON, from an object or a JSON text', () => {
    expect(inputText({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(inputText('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(inputText('plain words')).toBe('plain words');
    expect(inputText(null)).toBe('');
  });

  it('links the incident in the project the service names, else the workspace’s only project', () => {
    const projects = [
      { id: 'p1', slug: 'shop' },
      { id: 'p2', slug: 'ops' },
    ];
    expect(projectOf({ projectId: 'p2' }, projects)).toBe('ops');
    expect(projectOf({}, projects)).toBeUndefined();
    expect(projectOf({}, [{ id: 'p1', slug: 'shop' }])).toBe('shop');
  });
});

describe('what became of a request', () => {
  it('says what the action’s webhook answered', () => {
    const ran = { statusCode: 200, body: 'ok', error: null, succeeded: true, finishedAt: '2026-12-07T12:00:00Z' };
    expect(resultText(ran)).toBe('HTTP 200');
    expect(resultText({ ...ran, statusCode: 0, error: 'connection refused', succeeded: false })).toBe('no answer: connection refused');
    expect(resultText(null)).toBe('');
  });

  it('says when a request escalated past the tier it was proposed at', () => {
    expect(escalation({ tier: 'medium', proposedTier: 'low' })).toBe('escalated from low');
    expect(escalation({ tier: 'low', proposedTier: 'low' })).toBeUndefined();
    expect(escalation({ tier: 'low' })).toBeUndefined();
  });
});
