// Debian's Chromium driven through playwright-core (which downloads no browser of its
// own), axe-core for accessibility checks, and full-page screenshots.

import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

/** tests/browser/artifacts: screenshots (gitignored). */
export const artifactsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

/** axe-core's browser bundle, injected into pages. */
const axePath = require.resolve('axe-core/axe.min.js');

/**
 * Chromium flags for these machines: no sandbox (CI runs as root), no GPU, and nothing
 * that talks to Google's servers (the network is closed, and those connections would
 * be refused many at a time).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Impacts that fail a test; `moderate` and `minor` are only reported. */
const FAILING_IMPACTS = new Set(['minor', 'moderate', 'serious', 'critical']);

/**
 * Launches Chromium with a fresh profile in a temporary directory (with
 * `javaScriptEnabled: false`, as a person with scripts off uses it).
 *
 * @returns {Promise<{ context: import('playwright-core').BrowserContext,
 *   newPage: () => Promise<import('playwright-core').Page>, close: () => Promise<void> }>}
 */
export async function launchBrowser({ javaScriptEnabled = true } = {}) {
  const profileDir = await mkdtemp(join(tmpdir(), 'highlight-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      locale: 'en-GB',
      timeout: 60_000,
      javaScriptEnabled,
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(15_000);

  let closed = false;
  return {
    context,
    async newPage() {
      return context.newPage();
    },
    async close() {
      if (closed) return;
      closed = true;
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/** One violation as readable lines: rule, impact, help, and every element it hit. */
function describeViolation(violation) {
  const lines = [
    `- ${violation.id} [${violation.impact}]: ${violation.help}`,
    `  ${violation.helpUrl}`,
  ];
  for (const node of violation.nodes) {
    lines.push(`  at ${node.target.join(' ')}`);
    if (node.failureSummary) {
      lines.push(...node.failureSummary.split('\n').map((line) => `      ${line}`));
    }
  }
  return lines.join('\n');
}

/**
 * Runs axe-core on the page as it is now. Throws, listing every violation, when any
 * violation of any impact (minor to critical) is found; returns axe's results otherwise (so a test can
 * report the moderate and minor ones).
 */
export async function checkAccessibility(page, name) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  // Evaluated through the DevTools protocol, not as a <script> tag: the app's content
  // security policy (no inline scripts) stays in force while axe runs.
  if (!hasAxe) await page.evaluate(readFileSync(axePath, 'utf8'));
  const results = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }),
  );
  const failing = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact));
  if (failing.length > 0) {
    const message = [
      `${name}: ${failing.length} accessibility violation(s) on ${page.url()}`,
      ...failing.map(describeViolation),
    ].join('\n');
    throw new Error(message);
  }
  return results;
}

/** The moderate and minor violations of an axe result, one line each. */
export function minorViolations(results) {
  return results.violations
    .filter((v) => !FAILING_IMPACTS.has(v.impact))
    .map((v) => `${v.id} [${v.impact}]: ${v.help} (${v.nodes.length} element(s))`);
}

/** Saves a full-page PNG as tests/browser/artifacts/NAME.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(artifactsDir, { recursive: true });
  const file = join(artifactsDir, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The password of every demo account (see `highlight_web::demo::DEMO_PASSWORD`). */
export const DEMO_PASSWORD = 'pioneer-demo-2008';

/** Signs in through the real form, as a person would, and waits for the next page. */
export async function signIn(page, baseUrl, email, password) {
  await page.context().clearCookies();
  await page.goto(new URL('/login', baseUrl).href);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.getByRole('button', { name: 'Sign in' }).click()]);
}
