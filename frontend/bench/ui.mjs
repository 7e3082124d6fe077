// The web UI benchmark (./dev bench ui): in headless Chromium against the running stack, with the
// pages' own performance marks, each figure beside a baseline doing the same work the plainest
// way in the same run, alternating with it:
//
//   chat      sending the demo question to the first streamed token drawn (offline investigator);
//             baseline: the same question's stream read by fetch outside the browser, to its first
//             token (the server's share, which no UI can beat)
//   trace     drawing a 10,000-span trace (ingested through OTLP first), from its answer to the
//             first rows painted; baseline: the same spans as a plain 10,000-row HTML table
//   heatmap   drawing the heatmap of 1,000,000 spans' buckets; baseline: the same cells filled on a
//             canvas by a bare loop
//   first load the gzipped JavaScript the first page loads, against its 300 KB budget
//
// Usage: node bench/ui.mjs [SERVICE_URL] [--runs N]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { launchChromium, newPerson } from '../e2e/lib/browser.mjs';
import { DEMO_USERS, logIn } from '../e2e/lib/login.mjs';
import { syntheticTraceRequest } from './otlpTrace.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '7' } },
});
const service = (positionals[0] ?? readFileSync(join(here, '../../.dev/app.url'), 'utf8').trim()).replace(/\/$/, '');
const runs = Number(values.runs);
const READ_KEY = process.env.TRACEHOUND_DEMO_READ_KEY ?? 'thk_demo_read_local_only_not_secret';
const INGEST_KEY = process.env.TRACEHOUND_DEMO_API_KEY ?? 'thk_demo_local_only_not_secret';
const QUESTION = 'Why is checkout slow since this morning?';
const TRACE_SPANS = 10_000;
const HEATMAP_SPANS = 1_000_000;

/** @param {string} path @param {RequestInit} [init] */
async function call(path, init = {}) {
  const answer = await fetch(service + path, {
    ...init,
    headers: { Authorization: `Bearer ${READ_KEY}`, ...(init.headers ?? {}) },
  });
  if (!answer.ok) {
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${answer.status}: ${(await answer.text()).slice(0, 300)}`);
  }
  return answer;
}

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const fmt = (/** @type {number} */ ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/** A 10,000-span trace sent through OTLP/HTTP, then read back until all its spans are stored. */
async function ingestTrace() {
  const { traceId, body } = syntheticTraceRequest(TRACE_SPANS);
  const sent = await fetch(`${service}/v1/traces`, {
    method: 'POST',
    headers: { 'x-api-key': INGEST_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!sent.ok) {
    throw new Error(`OTLP ingest answered ${sent.status}: ${(await sent.text()).slice(0, 300)}`);
  }
  const project = (await (await call('/api/v1/whoami')).json()).projectId;
  for (let attempt = 0; attempt < 60; attempt++) {
    const answer = await fetch(`${service}/api/v1/projects/${project}/traces/${traceId}`, {
      headers: { Authorization: `Bearer ${READ_KEY}` },
    });
    if (answer.ok && (await answer.json()).spanCount >= TRACE_SPANS) {
      return { project, traceId };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`trace ${traceId} did not have its ${TRACE_SPANS} spans stored after 30 s`);
}

/** Time to the first message.delta of a new session's stream, read outside the browser. */
async function firstTokenOutsideBrowser(project) {
  const sessions = `/api/v1/projects/${project}/agent/sessions`;
  const session = (await (await call(sessions, { method: 'POST' })).json()).id;
  try {
    const started = performance.now();
    const answer = await call(`${sessions}/${session}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ text: QUESTION }),
    });
    const reader = answer.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let first;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (first === undefined && text.includes('event:message.delta')) {
        first = performance.now() - started;
      }
    }
    if (first === undefined) throw new Error('the stream had no message.delta');
    return first;
  } finally {
    await call(`${sessions}/${session}`, { method: 'DELETE' }).catch(() => undefined);
  }
}

/** In the chat page: Send clicked to the first streamed text drawn in the answer. */
async function firstTokenInBrowser(page, base, project) {
  await page.goto(`${service}${base}/chat`);
  const composer = page.getByTestId('chat-composer');
  await composer.waitFor();
  await composer.fill(QUESTION);
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__firstToken = undefined;
    const observer = new MutationObserver(() => {
      const answer = document.querySelector('[data-testid=chat-answer]');
      if (answer !== null && (answer.textContent ?? '').trim() !== '' && w.__firstToken === undefined) {
        w.__firstToken = performance.now() - w.__sent;
        observer.disconnect();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    document.querySelector('[data-testid=chat-send]')?.addEventListener('click', () => { w.__sent = performance.now(); }, { capture: true, once: true });
  });
  await page.getByTestId('chat-send').click();
  await page.waitForFunction(() => /** @type {any} */ (window).__firstToken !== undefined, null, { timeout: 60_000 });
  const ms = await page.evaluate(() => /** @type {any} */ (window).__firstToken);
  await page.getByTestId('chat-cancel').waitFor({ state: 'hidden', timeout: 120_000 });
  const session = new URL(page.url()).pathname.split('/chat/')[1];
  if (session) {
    await call(`/api/v1/projects/${project}/agent/sessions/${session}`, { method: 'DELETE' }).catch(() => undefined);
  }
  return ms;
}

/** The trace page: its answer arrived to its first rows painted (the page's trace-draw measure). */
async function traceDraw(page, base, traceId) {
  await page.goto(`${service}${base}/traces/${traceId}`);
  await page.waitForFunction(() => performance.getEntriesByName('trace-draw', 'measure').length > 0, null, { timeout: 60_000 });
  const rows = await page.getByTestId('span-row').count();
  if (rows === 0) throw new Error('the trace page drew no rows');
  return page.evaluate(() => performance.getEntriesByName('trace-draw', 'measure')[0].duration);
}

/** Baseline: the same answer's spans as a plain table, built and painted. */
async function tableDraw(page, project, traceId) {
  return page.evaluate(async ({ project, traceId }) => {
    const detail = await (await fetch(`/api/v1/projects/${project}/traces/${traceId}`)).json();
    /** @type {any[]} */
    const spans = [];
    const walk = (/** @type {any} */ node) => { spans.push(node.span); (node.children ?? []).forEach(walk); };
    const started = performance.now();
    (detail.roots ?? []).forEach(walk);
    const table = document.createElement('table');
    table.innerHTML = spans.map((s) => `<tr><td>${s.serviceName}</td><td>${s.name}</td><td>${Number(s.durationNanos) / 1e6} ms</td></tr>`).join('');
    document.body.replaceChildren(table);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    if (spans.length < 1000) throw new Error(`the baseline read ${spans.length} spans from the answer`);
    return performance.now() - started;
  }, { project, traceId });
}

/** The explorer's heatmap over 24 h, its answer scaled to 1,000,000 spans: the heatmap-draw measure. */
async function heatmapDraw(page, base) {
  await page.goto(`${service}${base}/explore?range=24h&service=checkout`);
  await page.waitForFunction(() => performance.getEntriesByName('heatmap-draw', 'measure').length > 0, null, { timeout: 60_000 });
  return page.evaluate(() => performance.getEntriesByName('heatmap-draw', 'measure')[0].duration);
}

/** Baseline: the same grid of cells filled on a canvas of the same size by a bare loop. */
async function bareCanvasDraw(page, counts) {
  return page.evaluate((counts) => {
    const canvas = document.createElement('canvas');
    canvas.width = 1200;
    canvas.height = 320;
    document.body.replaceChildren(canvas);
    const context = canvas.getContext('2d');
    const started = performance.now();
    const max = Math.max(1, ...counts.flat());
    const w = canvas.width / counts.length;
    counts.forEach((column, x) => {
      const h = canvas.height / column.length;
      column.forEach((count, y) => {
        if (count > 0) {
          context.fillStyle = `hsl(${280 - 240 * (count / max)}, 80%, 50%)`;
          context.fillRect(x * w, canvas.height - (y + 1) * h, w, h);
        }
      });
    });
    return performance.now() - started;
  }, counts);
}

/** The gzipped size of the JavaScript index.html loads (its module script and preloads). */
async function firstLoadKb() {
  const html = await (await fetch(`${service}/`)).text();
  const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]);
  let total = 0;
  for (const src of new Set(scripts)) {
    total += gzipSync(Buffer.from(await (await fetch(new URL(src, service))).arrayBuffer())).length;
  }
  return total / 1024;
}

async function main() {
  console.log(`ui benchmark against ${service}: ${runs} runs of each, UI and baseline alternating`);
  const { project, traceId } = await ingestTrace();
  console.log(`ingested trace ${traceId} (${TRACE_SPANS.toLocaleString('en')} spans) through OTLP/HTTP`);
  const browser = await launchChromium();
  const context = await newPerson(browser, service);
  const page = await context.newPage();
  await logIn(page, { ui: service, service }, DEMO_USERS.owner);
  const me = await (await page.request.get(`${service}/api/v1/me`)).json();
  const workspace = me.workspaces[0].slug ?? me.workspaces[0].id;
  const projects = await (await page.request.get(`${service}/api/v1/workspaces/${workspace}/projects`)).json();
  const base = `/w/${workspace}/p/${projects.find((p) => p.id === project)?.slug ?? project}`;

  /** @type {number[] | undefined} */
  let scaled;
  await page.route('**/api/v1/projects/*/spans/heatmap', async (route) => {
    const answer = await route.fetch();
    const json = await answer.json();
    const total = json.counts.flat().reduce((a, b) => a + b, 0) || 1;
    json.counts = json.counts.map((column) => column.map((count) => Math.round((count * HEATMAP_SPANS) / total)));
    scaled = json.counts;
    await route.fulfill({ response: answer, json });
  });

  const figures = { chat: [], chatBase: [], trace: [], traceBase: [], heatmap: [], heatmapBase: [] };
  for (let run = 0; run < runs; run++) {
    figures.chatBase.push(await firstTokenOutsideBrowser(project));
    figures.chat.push(await firstTokenInBrowser(page, base, project));
    figures.trace.push(await traceDraw(page, base, traceId));
    figures.traceBase.push(await tableDraw(page, project, traceId));
    figures.heatmap.push(await heatmapDraw(page, base));
    figures.heatmapBase.push(await bareCanvasDraw(page, scaled ?? [[1]]));
    process.stdout.write(`run ${run + 1}/${runs} done\n`);
  }
  const cells = scaled === undefined ? 0 : scaled.length * (scaled[0]?.length ?? 0);
  const spans = scaled === undefined ? 0 : scaled.flat().reduce((a, b) => a + b, 0);
  const kb = await firstLoadKb();
  await browser.close();

  const row = (name, ui, baseline, target, limit) => {
    const p50 = quantile(ui, 0.5);
    const b50 = quantile(baseline, 0.5);
    return `| ${name} | ${fmt(p50)} | ${fmt(quantile(ui, 0.9))} | ${fmt(b50)} | ${(p50 / b50).toFixed(2)} | ${target} | ${limit === undefined ? '—' : quantile(ui, 0.9) < limit ? 'met' : 'NOT met'} |`;
  };
  console.log(`\nheatmap: ${cells.toLocaleString('en')} cells holding ${spans.toLocaleString('en')} spans\n`);
  console.log('| figure (ms) | UI p50 | UI p90 | baseline p50 | ratio | target | |');
  console.log('|---|---:|---:|---:|---:|---|---|');
  console.log(row('send → first token drawn (chat)', figures.chat, figures.chatBase, 'none; baseline = first token outside the browser', undefined));
  console.log(row(`${TRACE_SPANS.toLocaleString('en')}-span trace drawn`, figures.trace, figures.traceBase, '< 500 ms (p90)', 500));
  console.log(row('heatmap of 1M spans drawn', figures.heatmap, figures.heatmapBase, '< 300 ms (p90)', 300));
  console.log(`| first load JavaScript (KB gzipped) | ${kb.toFixed(1)} | | 300 (budget) | ${(kb / 300).toFixed(2)} | < 300 KB | ${kb < 300 ? 'met' : 'NOT met'} |`);
}

main().catch((error) => {
  console.error(`ui benchmark failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
