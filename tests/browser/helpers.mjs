// Shared helpers for the browser tests: Debian's Chromium driven by
// playwright-core, axe-core (WCAG 2.1 A + AA) on every visited page, and a
// PNG screenshot of each page at 1280 px and 375 px in tests/browser/screenshots/.
//
// Nothing here ever skips a test: if Chromium is missing or does not start,
// launchBrowser() throws an error that says so, and the test fails.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, SANITIZER } from '../http/lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.QUARTIER_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = join(HERE, 'screenshots');
export const WIDTHS = { desktop: 1280, mobile: 375 };
const DESKTOP = { width: WIDTHS.desktop, height: 800 };
const MOBILE = { width: WIDTHS.mobile, height: 740 };

// Root on a machine without internet: no sandbox, no GPU, no network chatter.
// Playwright adds a fresh temporary --user-data-dir of its own to every launch.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic',
];

const HELP = `Installez le paquet Debian « chromium » (sudo scripts/install-deps.sh test) ` +
  `puis les outils npm (npm ci). Les tests navigateur ne sont jamais sautés.`;

function loadPlaywright() {
  try {
    return require('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core est introuvable (node_modules) : lancez « npm ci » à la racine du projet.\n${e.message}`);
  }
}

/** Launches Chromium; throws a clear French message if it is missing or does not start. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium est introuvable : ${CHROMIUM} n'existe pas. ${HELP}`);
  }
  const { chromium } = loadPlaywright();
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30000 });
  } catch (e) {
    throw new Error(`Chromium (${CHROMIUM}) n'a pas pu démarrer. ${HELP}\n${e.message}`);
  }
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  resultTypes: ['violations'],
};

/** Formats axe violations: rule id, impact, help, and each node's selector and HTML. */
export function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `    - ${n.target.join(' ')}\n      ${n.html}\n      ${(n.failureSummary || '').replace(/\n/g, ' ')}`).join('\n');
    return `  [${v.id}] (${v.impact}) ${v.help}\n    ${v.helpUrl}\n${nodes}`;
  }).join('\n');
}

/**
 * Runs axe-core with the WCAG 2.1 A and AA rules on the current page and
 * fails naming every violation. The page keeps its real CSP: axe is injected
 * through the DevTools protocol (page.evaluate), not a <script> tag.
 */
export async function checkAxe(page, label) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate((opts) => window.axe.run(document, opts), AXE_OPTIONS);
  if (result.violations.length) {
    assert.fail(`axe-core (WCAG 2.1 A/AA) : ${result.violations.length} règle(s) violée(s) sur « ${label} » (${page.url()}) :\n${formatViolations(result.violations)}`);
  }
}

/**
 * A browser context (own cookies) with a page that records every main-frame
 * document response, console error and page error.
 */
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const state = { responses: [], problems: [] };
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) state.responses.push(r);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') state.problems.push({ text: `console: ${m.text()}`, url: m.location().url });
  });
  page.on('pageerror', (e) => state.problems.push({ text: `pageerror: ${e.message}` }));
  // A request the browser itself cancelled (net::ERR_ABORTED: the page moved on
  // while, say, the favicon was loading) is no failure of the server's.
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText;
    if (why === 'net::ERR_ABORTED') return;
    state.problems.push({ text: `requête échouée : ${r.url()} (${why})` });
  });
  return { context, page, state };
}

let seq = 0;
const cleaned = new Set();

/** Removes a journey's screenshots from an earlier run (once per process). */
function cleanScreenshots(journey) {
  if (cleaned.has(journey)) return;
  cleaned.add(journey);
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of readdirSync(SCREENSHOTS)) {
    if (f.startsWith(`${journey}-`) && f.endsWith('.png')) rmSync(join(SCREENSHOTS, f), { force: true });
  }
}

/**
 * Checks the page just reached and records it: HTTP status, the real CSP
 * header, no console/page errors, axe at both widths, no horizontal scroll
 * at 375 px, a full-page PNG screenshot at 1280 and 375 px.
 * `name` becomes part of the screenshot file name: <journey>-<nn>-<name>-<width>.png.
 */
export async function visit({ page, state }, journey, name, { status = 200 } = {}) {
  await page.waitForLoadState('load');
  const res = state.responses.at(-1);
  assert.ok(res, `${name} : aucune réponse de navigation enregistrée`);
  assert.equal(res.url(), page.url(), `${name} : la dernière réponse n'est pas celle de la page affichée`);
  assert.equal(res.status(), status, `${name} : statut HTTP ${res.status()} au lieu de ${status} (${page.url()})`);
  const csp = (await res.allHeaders())['content-security-policy'];
  assert.ok(csp && csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'),
    `${name} : en-tête Content-Security-Policy absent ou trop permissif : ${csp}`);
  // Chromium logs every 4xx/5xx document as a console error: expected here
  // when the page itself was meant to answer that status.
  const problems = state.problems
    .filter((p) => !(status >= 400 && p.url === res.url() && p.text.startsWith('console: Failed to load resource')))
    .map((p) => p.text);
  state.problems.length = 0;
  assert.deepEqual(problems, [], `${name} : erreurs dans le navigateur (CSP, ressource manquante, script)`);
  const label = `${journey} / ${name}`;

  cleanScreenshots(journey);
  const n = String(++seq).padStart(2, '0');
  const file = (w) => join(SCREENSHOTS, `${journey}-${n}-${name}-${w}.png`);
  try {
    await checkAxe(page, `${label} (1280 px)`);
    await page.screenshot({ path: file(WIDTHS.desktop), fullPage: true });

    await page.setViewportSize(MOBILE);
    await checkAxe(page, `${label} (375 px)`);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(widths.scroll <= WIDTHS.mobile,
      `${label} : défilement horizontal à 375 px (scrollWidth ${widths.scroll} px > 375 px)`);
    await page.screenshot({ path: file(WIDTHS.mobile), fullPage: true });
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

/** Fails if the server's output shows a sanitizer report. */
export function assertCleanStderr(server) {
  const err = server.stderr();
  const m = err.match(new RegExp(`^.*(${SANITIZER.source}).*$`, 'm'));
  assert.ok(!m, `le serveur a signalé une erreur de sanitizer :\n${m?.[0]}\n${err.slice(-4000)}`);
}

/**
 * One journey's fixture: a server on a fresh demo database and a browser
 * (options go to startServer, e.g. { demoReports: false }).
 * Call in before(); call .close() in after() — it stops both and checks the
 * server's stderr.
 */
export async function setup(options = {}) {
  const server = await startServer(options);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    server, browser,
    async close() {
      await browser.close().catch(() => {});
      const r = await server.stop();
      assertCleanStderr(server);
      assert.equal(r.code, 0, `le serveur s'est arrêté avec le code ${r.code} (signal ${r.signal})`);
    },
  };
}

/**
 * Runs `action` (a click, a key press) and waits until the page's URL
 * satisfies `url` (a glob, RegExp or predicate, as page.waitForURL takes).
 */
export async function navigate(page, action, url) {
  await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), action()]);
}
