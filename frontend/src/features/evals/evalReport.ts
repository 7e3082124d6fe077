/**
 * What the run's page reads from a report: whether a scenario passed, which scenarios the filters
 * keep, the rows of the summary tables, and each question's facts held or missing. Pure functions.
 */
import type { EvalReport, Outcome, OutcomeWord, QuestionResult, ScenarioResult, Summary, Tally, Trajectory } from './evals';
import type { RunView } from './evalsView';

/** As the suite decides it: it ran, and every question was answered correctly. */
export function scenarioPassed(scenario: ScenarioResult): boolean {
  return (
    scenario.error === '' && scenario.questions.length > 0 && scenario.questions.every((q) => q.score.outcome === 'CORRECT')
  );
}

export function filterScenarios(results: ScenarioResult[], view: RunView): ScenarioResult[] {
  return results.filter(
    (scenario) =>
      (view.outcome === 'all' || scenarioPassed(scenario) === (view.outcome === 'pass')) &&
      (view.category === undefined || scenario.category === view.category) &&
      (view.tag === undefined || scenario.tags.includes(view.tag)),
  );
}

/** The categories and tags the run's scenarios have, sorted: the filters' choices. */
export function groupsOf(results: ScenarioResult[]): { categories: string[]; tags: string[] } {
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));
  return {
    categories: sorted(results.map((r) => r.category)),
    tags: sorted(results.flatMap((r) => r.tags)),
  };
}

export interface TallyRow {
  group: string;
  scenarios: number;
  passed: number;
  passRate: number;
  declined: number;
  wrong: number;
  offTopic: number;
  failed: number;
  toolCalls: number;
  tokens: number;
  costUsd: number;
}

export function tallyRow(group: string, tally: Tally): TallyRow {
  const count = (word: OutcomeWord) => tally.outcomes[word] ?? 0;
  return {
    group,
    scenarios: tally.scenarios,
    passed: tally.passed,
    passRate: tally.scenarios === 0 ? 0 : tally.passed / tally.scenarios,
    declined: count('declined'),
    wrong: count('wrong'),
    offTopic: count('off-topic'),
    failed: count('failed'),
    toolCalls: tally.toolCalls,
    tokens: tally.tokens,
    costUsd: tally.costUsd,
  };
}

/** The three tables of the summary: the run, each tag and each category, in the report's order. */
export function summaryTables(summary: Summary): { title: string; rows: TallyRow[] }[] {
  const rowsOf = (groups: Record<string, Tally>) => Object.entries(groups).map(([group, tally]) => tallyRow(group, tally));
  return [
    { title: 'Overall', rows: [tallyRow('all scenarios', summary.overall)] },
    { title: 'By tag', rows: rowsOf(summary.byTag) },
    { title: 'By category', rows: rowsOf(summary.byCategory) },
  ];
}

export function outcomeWord(outcome: Outcome): OutcomeWord {
  return outcome.toLowerCase().replace('_', '-') as OutcomeWord;
}

/** Each fact a correct answer holds, and whether this answer held it. */
export function factsOf(question: QuestionResult): { fact: string; held: boolean }[] {
  const missing = new Set(question.score.missing);
  return question.expected.map((fact) => ({ fact, held: !missing.has(fact) }));
}

/** Each thing the answer must not claim, and whether it did. */
export function claimsOf(question: QuestionResult): { claim: string; made: boolean }[] {
  const made = new Set(question.score.falseClaims);
  return question.mustNotClaim.map((claim) => ({ claim, made: made.has(claim) }));
}

export function tokensOf(scenario: ScenarioResult): number {
  return scenario.questions.reduce((sum, q) => sum + q.trajectory.inputTokens + q.trajectory.outputTokens, 0);
}

export function toolCallsOf(scenario: ScenarioResult): number {
  return scenario.questions.reduce((sum, q) => sum + q.trajectory.calls.length, 0);
}

const RUN_BASELINE = /^(?:run )?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?: of (\S+))?$/i;

/**
 * What the run was compared with: a stored run (`run <id> of <start>`, as ./dev eval writes it, or
 * a bare id), to link to; or anything else (a baseline file), as written.
 */
export function baselineOf(report: EvalReport): { run?: string; startedAt?: string; text: string } {
  const text = report.diff?.baseline ?? '';
  const match = RUN_BASELINE.exec(text);
  if (match === null || match[1] === undefined) {
    return { text };
  }
  return match[2] === undefined ? { run: match[1], text } : { run: match[1], startedAt: match[2], text };
}

/** 50%, 66.7%, 100%: a whole per cent as it is, any other to one decimal. */
export function formatRate(rate: number): string {
  const percent = rate * 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

/** 850 ms, 9.5 s, 2 min 05 s, 1 h 02 min. */
export function formatMillis(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    return '—';
  }
  if (ms < 1_000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1_000).toFixed(1)} s`;
  }
  const seconds = Math.round(ms / 1_000);
  if (seconds < 3_600) {
    return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  }
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** `2026-12-07 23:20` in the browser's time zone: when a run started, to the minute. */
export function formatStarted(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function durationOf(run: { startedAt: string; finishedAt: string }): number {
  return Date.parse(run.finishedAt) - Date.parse(run.startedAt);
}

/** The first characters of a hash or commit, enough to tell runs apart. */
export function shortHash(hash: string, length = 12): string {
  return hash.length <= length ? hash : hash.slice(0, length);
}

export function filterText(filter: string): string {
  return filter.trim() === '' ? 'the whole suite' : filter;
}

/** Calls that repeat an earlier one exactly (the same tool with the same arguments), as the suite counts them. */
export function repeatedCallsOf(trajectory: Trajectory): number {
  const seen = new Set<string>();
  let repeated = 0;
  for (const call of trajectory.calls) {
    const key = `${call.tool}\u0000${call.arguments}`;
    if (seen.has(key)) {
      repeated += 1;
    }
    seen.add(key);
  }
  return repeated;
}
