// The accessibility check of every page: axe-core injected into the page, serious and critical
// violations fail the step, the others are reported at the end.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

/** Impacts that fail a step. */
export const FAILING = new Set(['serious', 'critical']);

/**
 * @typedef {{ id: string, impact: string, help: string, helpUrl: string, nodes: { target: string, summary: string }[] }} Violation
 * @typedef {{ id: string, impact?: string | null, help: string, helpUrl: string, nodes: { target: string[], failureSummary?: string }[] }} AxeViolation
 */

/**
 * axe's violations on the page as it is now (WCAG 2.x A and AA, and axe's best practices).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Violation[]>}
 */
export async function axeViolations(page) {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) {
    await page.addScriptTag({ path: AXE });
  }
  /** @type {Violation[]} */
  const violations = await page.evaluate(async () => {
    /** @type {{ violations: AxeViolation[] }} */
    // @ts-expect-error axe is the global the injected script defines
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
    }));
  });
  return violations;
}

/**
 * One violation as lines a person can act on.
 * @param {Violation} v
 */
export function describeViolation(v) {
  const nodes = v.nodes.slice(0, 5).map((n) => `      at ${n.target}\n        ${n.summary.replace(/\n/g, '\n        ')}`);
  const more = v.nodes.length > 5 ? [`      … and ${v.nodes.length - 5} more`] : [];
  return [`    [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`, ...nodes, ...more].join('\n');
}
