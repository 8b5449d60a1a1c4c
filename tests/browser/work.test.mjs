// "Your work" in a real browser, for each role: the lead's reports owed, the board
// member's reports to review, and the programme manager's returns with "Send a reminder
// now" — sent once, then refused for the rest of the day even from a page opened before.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startApp } from './support/app.mjs';
import { checkAccessibility, launchBrowser, screenshot, signIn, DEMO_PASSWORD } from './support/browser.mjs';

describe('your work', () => {
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

  it('shows a lead the report she owes, overdue, with a button to continue her draft', async () => {
    const page = await browser.newPage();
    try {
      await signIn(page, app.baseUrl, 'karen.moss@pioneer-somerset.example', DEMO_PASSWORD);
      await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
      const owed = page.getByRole('table', { name: 'Reports to write' });
      const row = owed.getByRole('row', { name: /Customer Access/ });
      assert.match(await row.innerText(), /Overdue/);
      await page.getByRole('link', { name: 'Your work: 1 report to write' }).waitFor();
      await checkAccessibility(page, 'your work, a lead');
      await screenshot(page, 'work-lead');

      await row.getByRole('link', { name: /^Continue the Customer Access report due/ }).click();
      await page.waitForURL(/\/workstreams\/customer-access\/reports\/.*\/edit$/);
    } finally {
      await page.close();
    }
  });

  it('shows the programme manager the returns, and sends a reminder now once a day', async () => {
    const page = await browser.newPage();
    const stale = await browser.newPage();
    try {
      await signIn(page, app.baseUrl, 'claire.whitcombe@pioneer-somerset.example', DEMO_PASSWORD);
      const returns = page.getByRole('table', { name: 'Returns for Pioneer Somerset' });
      await returns.waitFor();
      assert.match(await page.locator('main').innerText(), /8 received, 1 not received/);
      await checkAccessibility(page, 'your work, the programme manager');
      // A second tab on the same page, opened before the reminder goes.
      const cookies = await page.context().cookies();
      await stale.context().addCookies(cookies);
      await stale.goto(page.url());

      const send = returns.getByRole('button', { name: 'Send a reminder now to Karen Moss for Customer Access' });
      assert.equal(await returns.getByRole('button').count(), 1, 'only the report not in can be chased');
      await send.click();
      await page.getByText('A reminder is on its way to Karen Moss for Customer Access.').waitFor();
      const row = page.getByRole('table', { name: 'Returns for Pioneer Somerset' }).getByRole('row', { name: /Customer Access/ });
      assert.match(await row.innerText(), /Chased by Claire Whitcombe, \d+ \w{3} \d\d:\d\d/);
      assert.equal(await row.getByRole('button').count(), 0, 'no second reminder today');
      await checkAccessibility(page, 'your work after a chase');
      await screenshot(page, 'work-manager-chased');

      // The tab opened before still shows the button: pressing it is refused.
      await stale
        .getByRole('button', { name: 'Send a reminder now to Karen Moss for Customer Access' })
        .click();
      await stale.getByText('a reminder was already sent today').waitFor();
    } finally {
      await stale.close();
      await page.close();
    }
  });
});
