import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

/**
 * The evals API's words: a run as listed, and a run's whole report as `./dev eval` writes its
 * report.json (evals/src/main/java/dev/tracehound/evals/report/EvalReport.java and the records it holds).
 */

export interface EvalRun {
  id: string;
  startedAt: string;
  finishedAt: string;
  gitCommit: string;
  model: string;
  promptHash: string;
  /** The scenarios the run was limited to (names, tags, categories, templates); empty: the whole suite. */
  filter: string;
  scenarios: number;
  passed: number;
  passRate: number;
}

/** How an answer did, as the report names it in a question's score. */
export type Outcome = 'CORRECT' | 'DECLINED' | 'WRONG' | 'OFF_TOPIC' | 'FAILED';

/** A group's figures; `outcomes` counts questions by the outcome's wire name (correct, off-topic, …). */
export interface Tally {
  scenarios: number;
  passed: number;
  outcomes: Partial<Record<OutcomeWord, number>>;
  toolCalls: number;
  repeatedCalls: number;
  tokens: number;
  costUsd: number;
  wallMillis: number;
}

export type OutcomeWord = 'correct' | 'declined' | 'wrong' | 'off-topic' | 'failed';

export interface Summary {
  overall: Tally;
  byTag: Record<string, Tally>;
  byCategory: Record<string, Tally>;
  /** All of the run's tokens over its correct answers: what a correct answer costs. */
  tokensPerCorrect: number;
}

export interface ToolCall {
  tool: string;
  /** The call's arguments as JSON text. */
  arguments: string;
  failed: boolean;
}

export interface Trajectory {
  calls: ToolCall[];
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  wallMillis: number;
}

export interface Judgement {
  pass: boolean;
  reason: string;
}

export interface QuestionScore {
  outcome: Outcome;
  /** Facts a correct answer holds that this one does not. */
  missing: string[];
  /** What it must not claim, and did. */
  falseClaims: string[];
  citedTraces: string[];
  /** Cited ids that are no trace of the scenario's project: invented. */
  unknownTraces: string[];
  /** How many cited traces are in the selection that counts as evidence. */
  relevantCited: number;
  evidenceValid: boolean;
  judge: Judgement | null;
}

export interface QuestionResult {
  ask: string;
  kind: string;
  expected: string[];
  mustNotClaim: string[];
  answer: string;
  score: QuestionScore;
  trajectory: Trajectory;
  sessionId: string;
  /** How the agent's run ended: completed, timeout, error, … */
  ended: string;
  error: string;
}

export interface ScenarioResult {
  name: string;
  template: string;
  category: string;
  tags: string[];
  difficulty: string;
  questions: QuestionResult[];
  loadMillis: number;
  /** Why the scenario could not be run, or empty. */
  error: string;
}

export interface BaselineDiff {
  /** A run id, or the file the baseline was read from. */
  baseline: string;
  regressions: string[];
  fixes: string[];
  newScenarios: string[];
  notRun: string[];
}

export interface EvalReport {
  id: string;
  startedAt: string;
  finishedAt: string;
  gitCommit: string;
  model: string;
  promptHash: string;
  filter: string;
  summary: Summary;
  results: ScenarioResult[];
  diff: BaselineDiff | null;
}

const RUNS = '/api/v1/evals/runs';

/** The newest runs first. */
export function useEvalRuns(limit = 100) {
  return useQuery({
    queryKey: ['evals', 'runs', limit],
    queryFn: () => api.get<EvalRun[]>(`${RUNS}?limit=${limit}`),
  });
}

/** A run's report; a stored run never changes, so it is read once. */
export function useEvalReport(id: string) {
  return useQuery({
    queryKey: ['evals', 'run', id],
    queryFn: () => api.get<EvalReport>(`${RUNS}/${encodeURIComponent(id)}`),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
