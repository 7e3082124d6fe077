// The evals pages: the owner opens the suite's runs from the navigation and one run's report, its
// summary by tag and category, and a scenario opened to its questions (the answer as text, the
// facts held or missing, the tool calls). A run must be in the stack's database: when the API lists
// none, the first step makes one with ./dev eval, as a person would.
import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { check, until } from '../lib/context.mjs';
import { call, loggedIn, ok } from '../lib/incidents.mjs';

export const order = 88;

const RUNS = '/api/v1/evals/runs';
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Building the evals module and running one small scenario: a few minutes at most. */
const EVAL_TIMEOUT_MS = 480_000;
/** The smallest scenario of the suite: one question, no incident to hunt. */
const EVAL_ARGS = ['eval', 'healthy-01', '--parallel', '1'];

/**
 * @typedef {{ id: string, model: string, scenarios: number, passed: number, passRate: number }} Run
 * @typedef {{ tool: string, arguments: string, failed: boolean }} Call
 * @typedef {{ ask: string, answer: string, expected: string[], trajectory: { calls: Call[] } }} Question
 * @typedef {{ name: string, questions: Question[] }} Scenario
 * @typedef {{ id: string, summary: { overall: { scenarios: number, passed: number } }, results: Scenario[] }} Report
 */

/** @param {import('../lib/context.mjs').JourneyContext} ctx */
function evalsState(ctx) {
  /** @type {{ run?: string }} */
  const state = /** @type {never} */ (ctx.state.evals ?? {});
  ctx.state.evals = state;
  return state;
}

/**
 * The workspace the UI opened: the login step records it; run alone (--only evals), it is read
 * from where `/` lands.
 * @param {import('../lib/context.mjs').JourneyContext} ctx
 */
async function workspace(ctx) {
  if (ctx.state.place === undefined) {
    const page = await ctx.open('/');
    const place = await until(async () => /^\/w\/([^/]+)\/p\/([^/]+)/.exec(new URL(page.url()).pathname),
      `/ should open a project (/w/…/p/…), but the browser is on ${page.url()}`);
    ctx.state.place = { workspace: decodeURIComponent(place[1] ?? ''), project: decodeURIComponent(place[2] ?? '') };
  }
  return ctx.state.place.workspace;
}

/** Runs `./dev eval healthy-01` from the repository root, into the stack's own PostgreSQL (.dev/postgres.env). */
async function runTheSuite() {
  console.log(`  no eval run yet: ./dev ${EVAL_ARGS.join(' ')} (builds the evals module first)`);
  try {
    await promisify(execFile)('./dev', EVAL_ARGS, { cwd: repo, timeout: EVAL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    /** @type {{ stdout?: string, stderr?: string, message?: string }} */
    const failed = /** @type {never} */ (error);
    const output = `${failed.stdout ?? ''}\n${failed.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`./dev ${EVAL_ARGS.join(' ')} failed (${failed.message?.split('\n')[0]}):\n${output}`);
  }
}

/** @type {import('../journey.mjs').Step[]} */
export const steps = [
  {
    name: 'an eval run is kept (./dev eval healthy-01 makes one when none is)',
    timeout: EVAL_TIMEOUT_MS + 30_000,
    async run(ctx) {
      await loggedIn(ctx, 'owner');
      const listed = await call(ctx, 'owner', 'GET', RUNS);
      if (listed.status === 404 || listed.status === 405) {
        ctx.skip(`GET ${RUNS} answered ${listed.status}: this service has no evals API yet; restart the stack (./dev up) on a build that has it`);
      }
      /** @type {Run[]} */
      let runs = await ok(ctx, 'owner', 'GET', RUNS);
      if (runs.length === 0) {
        await runTheSuite();
        runs = await ok(ctx, 'owner', 'GET', RUNS);
      }
      check(runs.length > 0, `GET ${RUNS} lists no run, even after ./dev ${EVAL_ARGS.join(' ')}`);
      evalsState(ctx).run = runs[0]?.id;
    },
  },
  {
    name: 'owner opens the eval runs from the navigation, newest first',
    async run(ctx) {
      const page = await loggedIn(ctx, 'owner');
      const { run } = evalsState(ctx);
      if (run === undefined) {
        ctx.skip('no eval run was found by the step before');
      }
      const want = `/w/${encodeURIComponent(await workspace(ctx))}/evals`;
      await ctx.open(ctx.place());
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Evals', exact: true }).click();
      await until(async () => new URL(page.url()).pathname === want, `"Evals" should open ${want}; the browser is on ${page.url()}`);
      await ctx.settled();
      const rows = page.getByTestId('eval-run-row');
      await rows.first().waitFor();
      await ctx.settled();
      check((await rows.first().getAttribute('data-run')) === run, `the newest run ${run} is not listed first`);
      await ctx.look('list');
    },
  },
  {
    name: 'owner opens a run: its summary, and a scenario with its answer and trajectory',
    async run(ctx) {
      const page = await loggedIn(ctx, 'owner');
      const { run } = evalsState(ctx);
      if (run === undefined) {
        ctx.skip('no eval run was found');
      }
      /** @type {Report} */
      const report = await ok(ctx, 'owner', 'GET', `${RUNS}/${run}`);
      await page.locator(`[data-testid=eval-run-row][data-run="${run}"]`).getByRole('link').click();
      await until(async () => new URL(page.url()).pathname.endsWith(`/evals/${run}`), `the run's link should open …/evals/${run}`);
      // The list may stay on screen while the run's page loads: wait for the run's own header.
      await page.getByTestId('eval-run-head').waitFor();
      await ctx.settled();
      const overall = page.locator('[data-testid=eval-tally][data-group=Overall] [data-testid=eval-tally-row]');
      const cells = await overall.locator('td').allInnerTexts();
      check(cells[0] === String(report.summary.overall.scenarios) && cells[1] === String(report.summary.overall.passed),
        `the overall row says ${cells.slice(0, 2).join(' scenarios, ')} passed; the report has ${report.summary.overall.scenarios} and ${report.summary.overall.passed}`);
      check(await page.locator('[data-testid=eval-tally][data-group="By category"] [data-testid=eval-tally-row]').count() > 0,
        'the summary by category has no row');

      const scenario = report.results[0];
      check(scenario !== undefined && scenario.questions.length > 0, `the run ${run} has no scenario with a question`);
      const question = /** @type {Question} */ (scenario.questions[0]);
      const item = page.locator(`[data-testid=eval-scenario][data-scenario="${scenario.name}"]`);
      await item.getByRole('button', { name: scenario.name }).click();
      await until(async () => new URL(page.url()).searchParams.getAll('open').includes(scenario.name),
        `opening ${scenario.name} should put open=${scenario.name} in the URL`);
      // The view is in the URL: a reload shows the scenario opened.
      await page.reload();
      await page.getByTestId('eval-run-head').waitFor();
      await ctx.settled();
      const answer = item.getByTestId('eval-answer').first();
      await answer.waitFor();
      check(await answer.evaluate((e) => e.children.length === 0), 'the answer holds elements: it should be shown as text, never as HTML');
      const shown = (await answer.innerText()).trim();
      check(question.answer === '' || shown === question.answer.trim(),
        `the answer shown differs from the report's:\n${shown.slice(0, 300)}\n---\n${question.answer.slice(0, 300)}`);
      const facts = await item.getByTestId('eval-facts').first().locator('li').count();
      check(facts === question.expected.length, `${facts} expected facts shown, the question has ${question.expected.length}`);
      const calls = await item.getByTestId('eval-trajectory').first().getByTestId('eval-call').count();
      check(calls === question.trajectory.calls.length, `${calls} tool calls shown, the trajectory has ${question.trajectory.calls.length}`);
      const tool = question.trajectory.calls[0]?.tool;
      if (tool !== undefined) {
        const first = await item.getByTestId('eval-call').first().innerText();
        check(first.includes(tool), `the first tool call shown is "${first}", not ${tool}`);
      }
      await ctx.look('run');

      const passed = (await item.getAttribute('data-passed')) === 'true';
      await page.getByRole('group', { name: 'Which scenarios' }).getByRole('button', { name: passed ? 'Failed' : 'Passed' }).click();
      await until(async () => new URL(page.url()).searchParams.get('outcome') === (passed ? 'fail' : 'pass'),
        'the outcome filter should be in the URL');
      check(await item.count() === 0, `${scenario.name} is still listed under the other outcome`);
      await page.getByRole('group', { name: 'Which scenarios' }).getByRole('button', { name: 'All' }).click();
      await item.waitFor();
    },
  },
];
