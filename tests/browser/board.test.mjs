// The board view at a glance in a real browser: 25 workstreams fit 1280 px wide with no
// sideways scroll, the keyboard reaches the last row in a handful of Tabs (a skip link,
// one link a row), filters work without JavaScript, and at 375 px each row is a card.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startApp } from './support/app.mjs';
import { checkAccessibility, launchBrowser, screenshot, signIn, DEMO_PASSWORD } from './support/browser.mjs';

const BOARD = '/programmes/pioneer-somerset';
const ADDED = 16; // the demo's nine, and sixteen more: 25 workstreams

describe('the board view at a glance', () => {
  let app;
  let browser;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    // The programme manager imports sixteen more workstreams, long names and all, that
    // owe the current period (so each is a row, overdue, "Not received" in every cell).
    const page = await browser.newPage();
    await signIn(page, app.baseUrl, 'claire.whitcombe@pioneer-somerset.example', DEMO_PASSWORD);
    await page.goto(new URL(`${BOARD}/workstreams/import`, app.baseUrl).href);
    const rows = Array.from({ length: ADDED }, (_, i) => `Adult Social Care Transformation ${i + 1},2020-01-01`);
    await page.getByLabel('Or paste the rows, header first').fill(['name,started_on', ...rows].join('\n'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/16 workstreams? (were )?(added|imported)/i).first().waitFor();
    await page.close();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function boardPage(width, height = 800) {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height });
    await signIn(page, app.baseUrl, 'richard.ashworth@pioneer-somerset.example', DEMO_PASSWORD);
    await page.goto(new URL(BOARD, app.baseUrl).href);
    return page;
  }

  it('fits 25 workstreams in 1280 px with no horizontal scroll, accessibly', async () => {
    const page = await boardPage(1280);
    try {
      const rows = page.locator('#matrix tbody tr');
      assert.equal(await rows.count(), 25);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 1280, `scrollWidth ${width} ≤ 1280`);
      const table = await page.locator('#matrix').boundingBox();
      assert.ok(table.x + table.width <= 1280, `the matrix ends inside the window (${JSON.stringify(table)})`);
      await checkAccessibility(page, 'board view with 25 workstreams');
      await screenshot(page, 'board-25');
    } finally {
      await page.close();
    }
  });

  it('reaches the last row in a handful of Tabs: a skip link, then one link a row', async () => {
    const page = await boardPage(1280);
    try {
      let tabs = 0;
      const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
      do {
        await page.keyboard.press('Tab');
        tabs += 1;
      } while (!(await focused()).startsWith('Skip to the status of each workstream') && tabs < 20);
      assert.ok(tabs < 20, 'the skip link to the matrix comes early');
      await page.keyboard.press('Enter');
      const rows = await page.locator('#matrix tbody tr').count();
      const whys = await page.locator('#matrix details').count();
      const last = (await page.locator('#matrix tbody tr').last().locator('th a').innerText()).trim();
      let inMatrix = 0;
      do {
        await page.keyboard.press('Tab');
        inMatrix += 1;
      } while ((await focused()) !== last && inMatrix < 200);
      assert.equal(inMatrix, rows + whys, `one Tab a row (and one for each exception's "Why"): ${inMatrix}`);
      console.log(`# Tabs: ${tabs} to the skip link, ${inMatrix} from the matrix to the last row's link`);
    } finally {
      await page.close();
    }
  });

  it('filters to exceptions, overdue or a dimension with plain links', async () => {
    const page = await browser.newPage();
    try {
      await page.context().setOffline(false);
      await signIn(page, app.baseUrl, 'richard.ashworth@pioneer-somerset.example', DEMO_PASSWORD);
      await page.goto(new URL(BOARD, app.baseUrl).href);
      await page.getByRole('navigation', { name: 'Show' }).getByRole('link', { name: 'Exceptions' }).click();
      await page.waitForURL(/show=exceptions/);
      assert.equal(await page.locator('#matrix tbody tr').count(), 1);
      assert.match(await page.locator('#matrix caption').innerText(), /^1 of 25 workstreams shown/);
      await page.getByRole('navigation', { name: 'Show' }).getByRole('link', { name: 'Overdue' }).click();
      await page.waitForURL(/show=overdue/);
      assert.equal(await page.locator('#matrix tbody tr').count(), ADDED + 1, 'the added sixteen and Customer Access');
    } finally {
      await page.close();
    }
  });

  it('shows each workstream as a card at 375 px, with no sideways scroll', async () => {
    const page = await boardPage(375, 812);
    try {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `scrollWidth ${width} ≤ 375`);
      const display = await page.locator('#matrix tbody tr').first().evaluate((el) => getComputedStyle(el).display);
      assert.equal(display, 'block', 'a row is a card');
      const label = await page
        .locator('#matrix tbody tr')
        .first()
        .locator('td')
        .first()
        .evaluate((el) => getComputedStyle(el, '::before').content);
      assert.equal(label, '"Report"', 'each value says what it is');
      await checkAccessibility(page, 'board view at 375 px');
      await screenshot(page, 'board-375');
    } finally {
      await page.close();
    }
  });
});
