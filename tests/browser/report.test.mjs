// The monthly journey in a real browser: a lead fills in and submits their highlight
// report, a board member sees it on the board view and records a review. Then every
// main page is checked with axe-core (no violations of any impact).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startApp } from './support/app.mjs';
import {
  checkAccessibility,
  DEMO_PASSWORD,
  launchBrowser,
  minorViolations,
  screenshot,
  signIn,
} from './support/browser.mjs';

const LEAD = 'karen.moss@pioneer-somerset.example'; // Customer Access: overdue in the demo
const BOARD = 'richard.ashworth@pioneer-somerset.example';
const MANAGER = 'claire.whitcombe@pioneer-somerset.example';
const ADMIN = 'sam.porter@pioneer-somerset.example';
const BOARD_VIEW = '/programmes/pioneer-somerset';

describe('a report from the lead to the board', () => {
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

  const url = (path) => new URL(path, app.baseUrl).href;
  const customerAccessRow = (page) =>
    page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Customer Access/ }) });

  it('a lead fills in and submits the overdue report, and a board member reviews it', async () => {
    const page = await browser.newPage();
    try {
      // The lead follows the board view to their overdue report.
      await signIn(page, app.baseUrl, LEAD, DEMO_PASSWORD);
      await page.goto(url(BOARD_VIEW));
      assert.match(await customerAccessRow(page).innerText(), /Overdue/);
      await customerAccessRow(page).getByRole('link', { name: 'Customer Access', exact: true }).click();
      // The task list; this journey uses the form with every section on one page.
      await page.getByRole('link', { name: 'Show every section on one page' }).click();
      await page.getByRole('button', { name: 'Submit to the board' }).waitFor();
      await screenshot(page, 'report-form');

      // Trying to submit without the board's essentials: the summary says what to fix.
      await page.getByRole('button', { name: 'Submit to the board' }).click();
      await page.getByRole('alert').getByText('There is a problem').waitFor();
      await screenshot(page, 'report-form-errors');

      await page.getByRole('group', { name: 'Overall status this period' }).getByLabel('Amber').check();
      await page.getByRole('group', { name: 'Budget status' }).getByLabel('Not applicable (no budget held)').check();
      await page.getByRole('group', { name: 'Schedule status' }).getByLabel('Behind schedule').check();
      await page.getByLabel('Products completed this period').fill('Draft PID created\nCustomer access workshop held with all six councils');
      await page.getByLabel('Products planned for next period').fill('PID agreed by the Directors group');
      await page.getByRole('button', { name: 'Submit to the board' }).click();
      await page.getByText('Customer access workshop held with all six councils').first().waitFor();
      assert.ok(!(await page.getByRole('button', { name: 'Submit to the board' }).isVisible()), 'the form is gone');
      await screenshot(page, 'report-submitted');

      // A board member sees it on the board view and records a review.
      await signIn(page, app.baseUrl, BOARD, DEMO_PASSWORD);
      await page.goto(url(BOARD_VIEW));
      assert.match(await customerAccessRow(page).innerText(), /Submitted \d+ days? late/, 'the board sees it came in late');
      await customerAccessRow(page).getByRole('link', { name: 'Customer Access', exact: true }).click();
      await page.getByLabel('Comment or decision').fill('Noted. Agree the PID with the councils before the next board.');
      await page.getByLabel('Mark this report as reviewed by the board').check();
      await page.getByRole('button', { name: 'Record review' }).click();
      await page.getByText('Agree the PID with the councils before the next board.').first().waitFor();
      await screenshot(page, 'report-reviewed');

      await page.goto(url(BOARD_VIEW));
      assert.match(await customerAccessRow(page).innerText(), /Reviewed; submitted \d+ days? late/);
      await screenshot(page, 'board-view-after-review');
    } finally {
      await page.close();
    }
  });

  it('every main page has no accessibility violations of any impact', async (t) => {
    const pages = [
      [MANAGER, BOARD_VIEW],
      [MANAGER, `${BOARD_VIEW}/history`],
      [MANAGER, `${BOARD_VIEW}/workstreams/shared-services`],
      [MANAGER, `${BOARD_VIEW}/workstreams/enhanced-strategic-partnership`],
      [MANAGER, `${BOARD_VIEW}/setup`],
      [MANAGER, `${BOARD_VIEW}/settings`],
      [MANAGER, `${BOARD_VIEW}/people`],
      [MANAGER, `${BOARD_VIEW}/workstreams/new`],
      [MANAGER, `${BOARD_VIEW}/workstreams/shared-services/edit`],
      [MANAGER, `${BOARD_VIEW}/workstreams/shared-services/pid`],
      [MANAGER, `${BOARD_VIEW}/workstreams/shared-services/pid/edit`],
      [MANAGER, `${BOARD_VIEW}/workstreams/import`],
      [MANAGER, `${BOARD_VIEW}/audit`],
      [MANAGER, '/account/password'],
      [MANAGER, '/account/email'],
      [ADMIN, '/programmes/new'],
      [ADMIN, '/admin/mail'],
      [ADMIN, '/admin/audit'],
    ];
    const page = await browser.newPage();
    try {
      let signedInAs = null;
      for (const [who, path] of pages) {
        if (who !== signedInAs) {
          await signIn(page, app.baseUrl, who, DEMO_PASSWORD);
          signedInAs = who;
        }
        const response = await page.goto(url(path));
        assert.equal(response.status(), 200, `${path} answers 200`);
        const results = await checkAccessibility(page, path);
        for (const line of minorViolations(results)) t.diagnostic(`axe on ${path} (not failing): ${line}`);
        await screenshot(page, `page${path.replaceAll('/', '-')}`);
      }
      // The report pages of a submitted report, as a board member sees them.
      await signIn(page, app.baseUrl, BOARD, DEMO_PASSWORD);
      await page.goto(url(BOARD_VIEW));
      await page
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: /Shared Services/ }) })
        .getByRole('link', { name: 'Shared Services', exact: true })
        .click();
      await checkAccessibility(page, 'report view');
      await screenshot(page, 'report-view');
    } finally {
      await page.close();
    }
  });
});
