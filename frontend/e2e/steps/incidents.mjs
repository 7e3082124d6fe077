// Incidents and alert rules: the anomaly detectors opened the demo incident (checkout, after the
// 2.3.1 deploy, with payment.provider=stripe_v3) on a fresh ./dev up; the owner finds it listed,
// opens it and reads the agent's report beside the timeline; then writes an alert rule in the
// editor, sees its preview over the last day, has a mistake shown by its field, and saves it.
import { check, until } from '../lib/context.mjs';
import { call, ok, projectId, requireEndpoint } from '../lib/incidents.mjs';

export const order = 85;

/** The detectors evaluate every minute over 10-minute windows; the demo incident is there within a few. */
const INCIDENT_WAIT_MS = 180_000;
const REPORT_WORDS = ['checkout', '2.3.1', 'stripe_v3'];

/**
 * @typedef {{ id: string, service: string, title: string, status: string,
 *   investigation: { id: string, status: string } | null }} Incident
 */

/** @param {import('../lib/context.mjs').JourneyContext} ctx */
function incidentsState(ctx) {
  /** @type {{ incident?: string, rule?: string }} */
  const state = /** @type {never} */ (ctx.state.incidents ?? {});
  ctx.state.incidents = state;
  return state;
}

/** The report's words as JSON, to look for the ones it must name. @param {unknown} detail */
function reportText(detail) {
  /** @type {{ investigations?: { status: string, report: unknown }[] }} */
  const { investigations = [] } = /** @type {never} */ (detail ?? {});
  const done = investigations.find((i) => i.status === 'done' && i.report !== null);
  return done === undefined ? undefined : JSON.stringify(done.report);
}

/** @type {import('../journey.mjs').Step[]} */
export const steps = [
  {
    name: 'the detectors opened the checkout incident, its report written',
    timeout: INCIDENT_WAIT_MS + 30_000,
    async run(ctx) {
      await ctx.as('owner');
      const project = await projectId(ctx);
      const list = `/api/v1/projects/${project}/incidents?status=all`;
      await requireEndpoint(ctx, list);
      const started = Date.now();
      /** @type {Incident} */
      const incident = await until(async () => {
        /** @type {Incident[]} */
        const incidents = await ok(ctx, 'owner', 'GET', list);
        return incidents.find((i) => i.service === 'checkout');
      }, `no incident of the service checkout within ${INCIDENT_WAIT_MS / 1000} s of polling GET ${list}; are the anomaly detectors on (tracehound.incidents.anomalies.enabled)?`, INCIDENT_WAIT_MS);
      const left = Math.max(10_000, INCIDENT_WAIT_MS - (Date.now() - started));
      const text = await until(async () => reportText(await ok(ctx, 'owner', 'GET', `/api/v1/projects/${project}/incidents/${incident.id}`)),
        `the checkout incident ${incident.id} has no finished report within ${Math.round(left / 1000)} s`, left);
      const missing = REPORT_WORDS.filter((word) => !text.includes(word));
      check(missing.length === 0, `the report does not name ${missing.join(', ')}:\n${text.slice(0, 1500)}`);
      incidentsState(ctx).incident = incident.id;
    },
  },
  {
    name: 'owner finds the checkout incident listed',
    async run(ctx) {
      const page = await ctx.as('owner');
      const { incident } = incidentsState(ctx);
      if (incident === undefined) {
        ctx.skip('no demo incident was found by the step before');
      }
      await ctx.open(`${ctx.place('incidents')}?status=all`);
      const row = page.locator(`[data-testid=incident-row][data-incident="${incident}"]`);
      await row.waitFor();
      check((await row.getAttribute('data-service')) === 'checkout', 'the demo incident is not listed under the service checkout');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await until(async () => new URL(page.url()).searchParams.get('status') === null, 'the "Open" filter should leave status out of the URL');
      await ctx.settled();
      await ctx.look('open incidents');
      await page.getByRole('button', { name: 'All', exact: true }).click();
      await until(async () => new URL(page.url()).searchParams.get('status') === 'all', 'the "All" filter should put status=all in the URL');
      await row.getByRole('link').first().click();
      await until(async () => new URL(page.url()).searchParams.get('incident') === incident, `opening the incident should put incident=${incident} in the URL`);
      await page.getByTestId('incident-detail').waitFor();
      await ctx.look();
    },
  },
  {
    name: 'the incident: timeline, and the report naming checkout, 2.3.1, stripe_v3',
    async run(ctx) {
      const page = await ctx.as('owner');
      const { incident } = incidentsState(ctx);
      if (incident === undefined) {
        ctx.skip('no demo incident was found');
      }
      // The view is in the URL: a reload opens the same incident.
      await page.reload();
      await ctx.settled();
      const report = page.getByTestId('incident-report');
      await until(async () => (await report.getAttribute('data-status')) === 'done', 'the report beside the timeline is not shown as done');
      const text = await report.innerText();
      const missing = REPORT_WORDS.filter((word) => !text.includes(word));
      check(missing.length === 0, `the report on the page does not name ${missing.join(', ')}:\n${text.slice(0, 1500)}`);
      const kinds = await page.getByTestId('incident-timeline').locator('li').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')));
      check(kinds.includes('fired'), `the timeline has no "fired" entry: ${kinds.join(', ')}`);
      const trace = page.getByTestId('evidence-trace').first();
      if ((await trace.count()) > 0) {
        const href = (await trace.getAttribute('href')) ?? '';
        check(/\/traces\/[0-9a-f]{32}$/.test(href), `an evidence trace links to ${href}, not to the trace page`);
      }
      const chat = (await page.getByTestId('continue-in-chat').getAttribute('href')) ?? '';
      check(/\/chat\/[0-9a-f-]{36}$/.test(chat), `"Continue in chat" links to ${chat}, not to the chat page of the session`);
      await ctx.look();
    },
  },
  {
    name: 'owner re-runs the investigation and its new report replaces the first',
    timeout: 150_000,
    async run(ctx) {
      const page = await ctx.as('owner');
      const { incident } = incidentsState(ctx);
      if (incident === undefined) {
        ctx.skip('no demo incident was found');
      }
      const project = await projectId(ctx);
      /** @type {{ investigations: { id: string }[] }} */
      const before = await ok(ctx, 'owner', 'GET', `/api/v1/projects/${project}/incidents/${incident}`);
      await page.getByRole('button', { name: 'Re-run investigation' }).click();
      /** @type {{ investigations: { id: string, status: string }[] }} */
      const after = await until(async () => {
        /** @type {{ investigations: { id: string, status: string }[] }} */
        const detail = await ok(ctx, 'owner', 'GET', `/api/v1/projects/${project}/incidents/${incident}`);
        return detail.investigations.length > before.investigations.length ? detail : undefined;
      }, 'the re-run made no new investigation of the incident');
      const report = page.getByTestId('incident-report');
      await until(async () => (await report.getAttribute('data-status')) === 'done' && (await ok(ctx, 'owner', 'GET',
        `/api/v1/projects/${project}/incidents/${incident}`)).investigations.every((i) => i.status === 'done' || i.status === 'failed'),
      'the re-run investigation\'s report is not shown as done within 2 minutes', 120_000);
      const text = await report.innerText();
      check(REPORT_WORDS.every((word) => text.includes(word)), `the new report does not name ${REPORT_WORDS.join(', ')}:\n${text.slice(0, 1000)}`);
      check(after.investigations.length > before.investigations.length, 'no second investigation');
      await ctx.look();
    },
  },
  {
    name: 'owner writes a rule: preview, a mistake by its field, saved',
    async run(ctx) {
      const page = await ctx.as('owner');
      const project = await projectId(ctx);
      await requireEndpoint(ctx, `/api/v1/projects/${project}/alert-rules`);
      const name = `e2e checkout errors ${Date.now()}`;
      // Whatever happens below, the journey's rules do not outlive it (the stack may be shared).
      ctx.cleanup(async () => {
        /** @type {{ id: string, name: string }[]} */
        const rules = await ok(ctx, 'owner', 'GET', `/api/v1/projects/${project}/alert-rules`);
        for (const rule of rules.filter((r) => r.name === name)) {
          await call(ctx, 'owner', 'DELETE', `/api/v1/projects/${project}/alert-rules/${rule.id}`);
        }
      });
      await ctx.open(ctx.place('rules'));
      await page.getByRole('link', { name: 'New rule' }).click();
      await until(async () => new URL(page.url()).searchParams.get('rule') === 'new', 'the "New rule" link should put rule=new in the URL');
      const editor = page.getByTestId('rule-editor');
      await editor.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
      await editor.getByRole('textbox', { name: 'Service' }).fill('checkout');
      await editor.getByRole('textbox', { name: 'Threshold' }).fill('5');
      await editor.getByRole('button', { name: 'Create rule' }).click();
      // 5 for 5 %: the form says so by the field and sends nothing.
      const error = editor.getByTestId('field-error').first();
      await error.waitFor();
      check((await error.innerText()).includes('0 to 1'), `the threshold's message is "${await error.innerText()}"`);
      check(await editor.getByRole('textbox', { name: 'Threshold' }).evaluate((e) => e.getAttribute('aria-invalid') === 'true'), 'the threshold is not marked invalid');
      await ctx.look('form refuses');
      await editor.getByRole('textbox', { name: 'Threshold' }).fill('0.05');
      // A window over a day passes the form's check; the service refuses it, and its message goes by the field.
      await editor.getByRole('textbox', { name: 'Window' }).fill('25h');
      await editor.getByRole('button', { name: 'Create rule' }).click();
      await until(async () => (await editor.getByTestId('field-error').allInnerTexts()).some((t) => t.includes('24h')),
        'the service\'s 400 about the window is not shown by the Window field');
      await ctx.look('service refuses');
      await editor.getByRole('textbox', { name: 'Window' }).fill('10m');
      await editor.getByRole('button', { name: 'Preview the last day' }).click();
      const preview = editor.getByTestId('rule-preview');
      await preview.waitFor({ timeout: 30_000 });
      const points = Number(await preview.getAttribute('data-points'));
      check(points > 0, `the preview of the last day draws ${points} points`);
      await editor.getByRole('button', { name: 'Create rule' }).click();
      const id = await until(async () => {
        const rule = new URL(page.url()).searchParams.get('rule');
        return rule !== null && rule !== 'new' ? rule : undefined;
      }, 'after "Create rule" the URL should name the new rule (rule=<id>)');
      incidentsState(ctx).rule = id;
      await page.locator(`[data-testid=rule-row][data-rule="${name}"]`).waitFor();
      await page.getByTestId('rule-editor').getByTestId('rule-preview').waitFor({ timeout: 30_000 });
      await page.reload();
      await ctx.settled();
      check((await page.getByTestId('rule-editor').getByRole('textbox', { name: 'Name' }).inputValue()) === name,
        'after a reload the editor does not show the rule the URL names');
      await ctx.look();
    },
  },
  {
    name: 'owner writes an SLO and sees its burn rate over the last day',
    async run(ctx) {
      const page = await ctx.as('owner');
      const project = await projectId(ctx);
      const slos = `/api/v1/projects/${project}/slos`;
      await requireEndpoint(ctx, slos);
      const name = `e2e checkout availability ${Date.now()}`;
      ctx.cleanup(async () => {
        /** @type {{ id: string, slo: { name: string } }[]} */
        const listed = await ok(ctx, 'owner', 'GET', slos);
        for (const slo of listed.filter((s) => s.slo.name === name)) {
          await call(ctx, 'owner', 'DELETE', `${slos}/${slo.id}`);
        }
      });
      await ctx.open(ctx.place('rules'));
      await page.getByRole('link', { name: 'New SLO' }).click();
      await until(async () => new URL(page.url()).searchParams.get('slo') === 'new', 'the "New SLO" link should put slo=new in the URL');
      const editor = page.getByTestId('slo-editor');
      await editor.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
      await editor.getByRole('textbox', { name: 'Service', exact: true }).fill('checkout');
      await editor.getByRole('textbox', { name: 'Objective (%)' }).fill('100');
      await editor.getByRole('button', { name: 'Create SLO' }).click();
      await until(async () => (await editor.getByTestId('field-error').allInnerTexts()).some((t) => t.includes('below 100')),
        'an objective of 100 % is not refused by its field');
      await editor.getByRole('textbox', { name: 'Objective (%)' }).fill('99.5');
      await editor.getByRole('button', { name: 'Preview the last day' }).click();
      const preview = editor.getByTestId('slo-preview');
      await preview.waitFor({ timeout: 30_000 });
      check(Number(await preview.getAttribute('data-points')) > 0, 'the SLO preview draws no hours');
      await editor.getByRole('button', { name: 'Create SLO' }).click();
      await until(async () => {
        const slo = new URL(page.url()).searchParams.get('slo');
        return slo !== null && slo !== 'new';
      }, 'after "Create SLO" the URL should name the new SLO (slo=<id>)');
      await page.locator(`[data-testid=slo-row][data-slo="${name}"]`).waitFor();
      await page.getByTestId('slo-editor').getByTestId('slo-preview').waitFor({ timeout: 30_000 });
      await ctx.settled();
      await ctx.look();
    },
  },
];
