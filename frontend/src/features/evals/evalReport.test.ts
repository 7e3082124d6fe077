import { describe, expect, it } from 'vitest';
import type { EvalReport, Outcome, QuestionResult, ScenarioResult, Tally } from './evals';
import {
  baselineOf,
  claimsOf,
  factsOf,
  filterScenarios,
  formatMillis,
  formatRate,
  groupsOf,
  outcomeWord,
  repeatedCallsOf,
  scenarioPassed,
  summaryTables,
  tallyRow,
} from './evalReport';

function question(outcome: Outcome, missing: string[] = []): QuestionResult {
  return {
    ask: 'What is wrong?',
    kind: 'incident',
    expected: ['payments', 'stripe_v3'],
    mustNotClaim: ['2.3.1', 'redis'],
    answer: 'It is <b>payments</b>',
    score: {
      outcome,
      missing,
      falseClaims: outcome === 'WRONG' ? ['redis'] : [],
      citedTraces: [],
      unknownTraces: [],
      relevantCited: 0,
      evidenceValid: true,
      judge: null,
    },
    trajectory: { calls: [], inputTokens: 100, outputTokens: 20, costUsd: 0, wallMillis: 500 },
    sessionId: 's',
    ended: 'completed',
    error: '',
  };
}

function scenario(name: string, category: string, tags: string[], outcomes: Outcome[], error = ''): ScenarioResult {
  return {
    name,
    template: category,
    category,
    tags,
    difficulty: tags[0] ?? 'easy',
    questions: outcomes.map((o) => question(o)),
    loadMillis: 10,
    error,
  };
}

const results = [
  scenario('error-spike-01', 'error-spike', ['medium', 'incident'], ['CORRECT']),
  scenario('counts-01', 'counts', ['hard', 'question'], ['WRONG']),
  scenario('healthy-01', 'healthy', ['easy', 'question'], ['CORRECT', 'DECLINED']),
  scenario('counts-02', 'counts', ['easy', 'question'], [], 'ClickHouse did not answer'),
];

describe('whether a scenario passed', () => {
  it('passes when every question is correct', () => {
    expect(scenarioPassed(results[0]!)).toBe(true);
  });

  it('fails on one answer not correct, a decline included', () => {
    expect(scenarioPassed(results[1]!)).toBe(false);
    expect(scenarioPassed(results[2]!)).toBe(false);
  });

  it('fails when it could not be run', () => {
    expect(scenarioPassed(results[3]!)).toBe(false);
  });
});

describe('the scenario filters', () => {
  const names = (kept: ScenarioResult[]) => kept.map((s) => s.name);

  it('keeps every scenario without filters', () => {
    expect(names(filterScenarios(results, { outcome: 'all', open: [] }))).toEqual(names(results));
  });

  it('keeps the passed or the failed ones', () => {
    expect(names(filterScenarios(results, { outcome: 'pass', open: [] }))).toEqual(['error-spike-01']);
    expect(names(filterScenarios(results, { outcome: 'fail', open: [] }))).toEqual(['counts-01', 'healthy-01', 'counts-02']);
  });

  it('keeps one category, one tag, and both together with the outcome', () => {
    expect(names(filterScenarios(results, { outcome: 'all', category: 'counts', open: [] }))).toEqual(['counts-01', 'counts-02']);
    expect(names(filterScenarios(results, { outcome: 'all', tag: 'easy', open: [] }))).toEqual(['healthy-01', 'counts-02']);
    expect(names(filterScenarios(results, { outcome: 'fail', category: 'counts', tag: 'hard', open: [] }))).toEqual(['counts-01']);
  });

  it('offers the categories and tags the run has, sorted, once each', () => {
    expect(groupsOf(results)).toEqual({
      categories: ['counts', 'error-spike', 'healthy'],
      tags: ['easy', 'hard', 'incident', 'medium', 'question'],
    });
  });
});

describe('the summary tables', () => {
  const tally: Tally = {
    scenarios: 3,
    passed: 2,
    outcomes: { correct: 3, declined: 1, wrong: 0, 'off-topic': 2, failed: 1 },
    toolCalls: 12,
    repeatedCalls: 1,
    tokens: 5_000,
    costUsd: 0.25,
    wallMillis: 9_000,
  };

  it('counts questions by outcome beside the scenarios passed', () => {
    expect(tallyRow('hard', tally)).toEqual({
      group: 'hard',
      scenarios: 3,
      passed: 2,
      passRate: 2 / 3,
      declined: 1,
      wrong: 0,
      offTopic: 2,
      failed: 1,
      toolCalls: 12,
      tokens: 5_000,
      costUsd: 0.25,
    });
  });

  it('reads an outcome the report leaves out as none, and an empty group as a rate of 0', () => {
    const row = tallyRow('none', { ...tally, scenarios: 0, passed: 0, outcomes: {} });
    expect([row.passRate, row.declined, row.offTopic]).toEqual([0, 0, 0]);
  });

  it('has a table overall, by tag and by category, in the report\'s order', () => {
    const tables = summaryTables({ overall: tally, byTag: { hard: tally, easy: tally }, byCategory: { counts: tally }, tokensPerCorrect: 1 });
    expect(tables.map((t) => [t.title, t.rows.map((r) => r.group)])).toEqual([
      ['Overall', ['all scenarios']],
      ['By tag', ['hard', 'easy']],
      ['By category', ['counts']],
    ]);
  });
});

describe('a question\'s score', () => {
  it('marks each expected fact held or missing', () => {
    expect(factsOf(question('WRONG', ['stripe_v3']))).toEqual([
      { fact: 'payments', held: true },
      { fact: 'stripe_v3', held: false },
    ]);
  });

  it('marks what it must not claim as claimed or not', () => {
    expect(claimsOf(question('WRONG'))).toEqual([
      { claim: '2.3.1', made: false },
      { claim: 'redis', made: true },
    ]);
  });

  it('names outcomes as the summary does', () => {
    expect(outcomeWord('OFF_TOPIC')).toBe('off-topic');
    expect(outcomeWord('CORRECT')).toBe('correct');
  });

  it('counts a call repeated with the same arguments, not one with others', () => {
    const calls = [
      { tool: 'aggregate', arguments: '{"a":1}', failed: false },
      { tool: 'aggregate', arguments: '{"a":1}', failed: false },
      { tool: 'aggregate', arguments: '{"a":2}', failed: false },
      { tool: 'trace_search', arguments: '{"a":1}', failed: false },
    ];
    expect(repeatedCallsOf({ calls, inputTokens: 0, outputTokens: 0, costUsd: 0, wallMillis: 0 })).toBe(1);
  });
});

describe('the run\'s header', () => {
  const report = (baseline: string): EvalReport => ({
    id: 'r',
    startedAt: '2026-12-07T23:00:00Z',
    finishedAt: '2026-12-07T23:01:35Z',
    gitCommit: 'abc',
    model: 'offline-investigator',
    promptHash: 'f',
    filter: '',
    summary: { overall: tallyOf(), byTag: {}, byCategory: {}, tokensPerCorrect: 0 },
    results: [],
    diff: { baseline, regressions: [], fixes: [], newScenarios: [], notRun: [] },
  });

  it('links a baseline that is a run, as ./dev eval names it or by its id, not one read from a file', () => {
    const id = '0192f0c4-5a1e-7c3b-9d2e-1f2a3b4c5d6e';
    expect(baselineOf(report(`run ${id} of 2026-12-07T23:42:40.758695259Z`))).toEqual({
      run: id,
      startedAt: '2026-12-07T23:42:40.758695259Z',
      text: `run ${id} of 2026-12-07T23:42:40.758695259Z`,
    });
    expect(baselineOf(report(id))).toEqual({ run: id, text: id });
    expect(baselineOf(report('evals/baseline.json'))).toEqual({ text: 'evals/baseline.json' });
  });

  it('writes durations and rates as people read them', () => {
    expect([formatMillis(850), formatMillis(9_500), formatMillis(95_000), formatMillis(3_725_000)]).toEqual([
      '850 ms',
      '9.5 s',
      '1 min 35 s',
      '1 h 02 min',
    ]);
    expect([formatRate(0.5), formatRate(2 / 3), formatRate(1), formatRate(0)]).toEqual(['50%', '66.7%', '100%', '0%']);
  });
});

function tallyOf(): Tally {
  return { scenarios: 0, passed: 0, outcomes: {}, toolCalls: 0, repeatedCalls: 0, tokens: 0, costUsd: 0, wallMillis: 0 };
}
