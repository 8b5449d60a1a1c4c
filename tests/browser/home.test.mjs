// The first pages in a real browser: signing in, the programme list, the 404 page —
// content, keyboard, accessibility.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startApp } from './support/app.mjs';
import {
  checkAccessibility,
  launchBrowser,
  minorViolations,
  screenshot,
  signIn,
  DEMO_PASSWORD,
} from './support/browser.mjs';

const WORKSTREAMS = [
  'Strategic Leadership (Political)',
  'Strategic Management',
  'Enhanced Strategic Partnership',
  'Service Devolution',
  'Community Engagement and Empowerment',
  'Workforce Development',
  'Customer Access',
  'Sector Led Support',
  'Shared Services',
];

describe('the sign-in page, the home page and the 404 page', () => {
  let app;
  let browser;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** A fresh page at PATH (relative to the app), with the response. */
  async function open(path) {
    const page = await browser.newPage();
    const response = await page.goto(new URL(path, app.baseUrl).href);
    return { page, response };
  }

  it('shows a newcomer the sign-in page with the demo accounts', async (t) => {
    const { page, response } = await open('/');
    try {
      assert.equal(response.status(), 200);
      assert.equal(await page.title(), 'Sign in – Highlight');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      const accounts = page.getByRole('table', { name: 'Demo accounts' });
      const roles = (await accounts.locator('td').allInnerTexts()).join('\n');
      for (const name of WORKSTREAMS) assert.ok(roles.includes(`lead of ${name}`), `a lead of ${name} is listed`);
      assert.ok((await page.content()).includes(DEMO_PASSWORD), 'the demo password is shown');

      const results = await checkAccessibility(page, 'sign-in page');
      for (const line of minorViolations(results)) t.diagnostic(`axe (not failing): ${line}`);
      await screenshot(page, 'sign-in');
    } finally {
      await page.close();
    }
  });

  it('tells someone who mistypes their password what to do, keeping the e-mail address', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(new URL('/login', app.baseUrl).href);
      await page.getByLabel('E-mail address').fill('rachel.dunstan@pioneer-somerset.example');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const summary = page.getByRole('alert');
      await summary.getByText('There is a problem').waitFor();
      const link = summary.getByRole('link', { name: /Enter a correct e-mail address and password/ });
      assert.equal(await link.getAttribute('href'), '#email');
      assert.equal(await page.getByLabel('E-mail address').inputValue(), 'rachel.dunstan@pioneer-somerset.example');
      await screenshot(page, 'sign-in-error');
    } finally {
      await page.close();
    }
  });

  it('opens on "your work" once signed in, then lists Pioneer Somerset and its nine workstreams', async () => {
    const page = await browser.newPage();
    try {
      await signIn(page, app.baseUrl, 'richard.ashworth@pioneer-somerset.example', DEMO_PASSWORD);
      assert.equal(await page.title(), 'Your work – Highlight');
      await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
      const review = page.getByRole('table', { name: 'Reports awaiting review' });
      assert.equal(await review.getByRole('rowheader').count(), 8, 'a board member sees the reports to review');
      await page.getByRole('link', { name: /^Your work: 8 reports to review$/ }).waitFor();

      const programme = page.getByRole('region', { name: 'Pioneer Somerset' });
      await programme.getByRole('heading', { level: 3, name: 'Pioneer Somerset' }).waitFor();
      const table = programme.getByRole('table', { name: 'Workstreams of Pioneer Somerset' });
      const listed = (await table.getByRole('rowheader').allInnerTexts()).map((s) => s.trim());
      assert.deepEqual([...listed].sort(), [...WORKSTREAMS].sort());

      await screenshot(page, 'home');
    } finally {
      await page.close();
    }
  });

  it('lets a keyboard user skip to the main content', async () => {
    const { page } = await open('/');
    try {
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to main content' });
      assert.ok(
        await skip.evaluate((el) => el === document.activeElement),
        'the first Tab focuses the skip link',
      );

      // Visible when focused: on screen, inside the viewport, not clipped away.
      assert.ok(await skip.isVisible(), 'the focused skip link is visible');
      const box = await skip.boundingBox();
      const viewport = page.viewportSize();
      assert.ok(box, 'the skip link has a box');
      assert.ok(
        box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height,
        `the focused skip link is inside the viewport (box ${JSON.stringify(box)})`,
      );
      assert.ok(box.width > 20 && box.height > 10, `the skip link is big enough to see (${JSON.stringify(box)})`);
      await screenshot(page, 'home-skip-link-focused');

      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main');
      const focused = await page.evaluate(() => document.activeElement.tagName.toLowerCase());
      assert.equal(focused, 'main', 'Enter on the skip link moves focus to main');
      assert.ok(page.url().endsWith('#main'));
      const frame = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement);
        return { outline: style.outlineStyle, shadow: style.boxShadow };
      });
      assert.deepEqual(frame, { outline: 'none', shadow: 'none' }, 'main is not framed like a control');
      await screenshot(page, 'home-after-skip-link');
    } finally {
      await page.close();
    }
  });

  it('has no accessibility violations of any impact on the home page', async (t) => {
    const page = await browser.newPage();
    try {
      await signIn(page, app.baseUrl, 'richard.ashworth@pioneer-somerset.example', DEMO_PASSWORD);
      const results = await checkAccessibility(page, 'home page');
      for (const line of minorViolations(results)) t.diagnostic(`axe (not failing): ${line}`);
    } finally {
      await page.close();
    }
  });

  it('shows the 404 page for an unknown address, accessibly', async (t) => {
    const { page, response } = await open('/no/such/page');
    try {
      assert.equal(response.status(), 404);
      assert.equal(await page.title(), 'Page not found – Highlight');
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      await page.getByText('The page you asked for was not found.').waitFor();
      const back = page.getByRole('link', { name: 'Go to the programmes' });
      assert.equal(await back.getAttribute('href'), '/');

      const results = await checkAccessibility(page, '404 page');
      for (const line of minorViolations(results)) t.diagnostic(`axe (not failing): ${line}`);
      await screenshot(page, 'not-found');
    } finally {
      await page.close();
    }
  });

  it('serves the API documentation (Swagger UI) from the app itself, working under its CSP', async () => {
    const page = await browser.newPage();
    const blocked = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    try {
      const response = await page.goto(new URL('/api/docs/', app.baseUrl).href);
      assert.equal(response.status(), 200);
      await page.getByRole('heading', { name: /Highlight API/ }).first().waitFor({ timeout: 15000 });
      await page.getByText('/api/v1/programmes/{slug}/board').first().waitFor();
      assert.deepEqual(blocked, [], 'nothing is blocked by the content security policy');
      await screenshot(page, 'api-docs');
    } finally {
      await page.close();
    }
  });
});
