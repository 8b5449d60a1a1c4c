// Review as a loop in a real browser: a board member returns Shared Services' report
// with notes on two sections, the lead sees them on "your work" and on the report,
// makes the changes and resubmits, and the board reads what changed since it returned
// it, word by word. Every page on the way is checked with axe-core.

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

const LEAD = 'rachel.dunstan@pioneer-somerset.example'; // Shared Services: submitted in the demo
const BOARD = 'richard.ashworth@pioneer-somerset.example';
const BOARD_VIEW = '/programmes/pioneer-somerset';
const BUDGET_NOTE = 'Explain the spend against the baseline';
const NARRATIVE_NOTE = 'Say who owns the barrier with the county';

describe('review as a loop', () => {
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

  it('the board returns a report with notes, the lead resubmits it, the board sees the diff', async (t) => {
    const page = await browser.newPage();
    const axe = async (name) => {
      const results = await checkAccessibility(page, name);
      for (const line of minorViolations(results)) t.diagnostic(`axe on ${name} (not failing): ${line}`);
      await screenshot(page, `review-${name}`);
    };
    try {
      // The board member opens the submitted report and returns it with two notes.
      await signIn(page, app.baseUrl, BOARD, DEMO_PASSWORD);
      await page.goto(url(BOARD_VIEW));
      await page
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: /Shared Services/ }) })
        .getByRole('link', { name: 'Shared Services', exact: true })
        .click();
      const reportUrl = page.url();
      await page.getByRole('link', { name: 'Return for changes' }).click();
      await page.getByLabel('Notes on budget').waitFor();
      await axe('return-form');

      // Nothing written: the form says what to do.
      await page.getByRole('button', { name: 'Return for changes' }).click();
      await page.getByRole('alert').getByText('There is a problem').waitFor();
      await axe('return-form-errors');

      await page.getByLabel('Notes on budget').fill(BUDGET_NOTE);
      await page.getByLabel('Notes on narrative').fill(NARRATIVE_NOTE);
      await page.getByRole('button', { name: 'Return for changes' }).click();
      await page.getByText('The report has been returned to its lead with your notes.').waitFor();
      assert.ok(!(await page.getByLabel('Mark this report as reviewed by the board').isVisible()), 'no review while returned');
      await axe('returned-board');

      // The lead sees the notes on her work page and on the report.
      await signIn(page, app.baseUrl, LEAD, DEMO_PASSWORD);
      const returned = page.getByRole('table', { name: 'Returned for changes' });
      assert.match(await returned.innerText(), /2 notes from Richard Ashworth/);
      assert.match(await returned.innerText(), new RegExp(BUDGET_NOTE));
      await axe('returned-your-work');
      await returned.getByRole('link', { name: /Read the notes/ }).click();
      await page.getByText(NARRATIVE_NOTE).waitFor();
      await axe('returned-lead');

      // She makes the changes on the form (every section on one page) and saves them.
      await page.getByRole('link', { name: 'Make the changes' }).click();
      await page.getByRole('link', { name: 'Show every section on one page' }).click();
      await page.getByRole('group', { name: 'Overall status this period' }).getByLabel('Green').check();
      await page.getByLabel('Actual or potential problems').fill('None to date for Phase 1 of the survey');
      await page.getByLabel('Products planned for next period').fill('Priorities matrix signed off');
      await page.getByRole('button', { name: 'Save changes without submitting' }).click();
      await page.waitForURL((u) => u.searchParams.has('saved'));

      // She resubmits with a word for the board.
      await page.goto(reportUrl);
      await page.getByRole('link', { name: 'Resubmit to the board' }).click();
      await page.getByLabel('Anything to tell the board (optional)').fill('Explained the spend');
      await axe('resubmit');
      await page.getByRole('button', { name: 'Resubmit to the board' }).click();
      await page.getByText('Your report has been submitted to the board.').waitFor();

      // The board reads what changed since it returned the report, word by word.
      await signIn(page, app.baseUrl, BOARD, DEMO_PASSWORD);
      await page.goto(reportUrl);
      const since = page.getByRole('table', { name: /Fields changed from revision 1 to revision 2/ });
      await since.waitFor();
      assert.match(await since.innerText(), /Actual or potential problems/);
      assert.equal(await since.locator('ins').filter({ hasText: 'of the survey' }).count(), 1, 'the words inserted');
      await axe('resubmitted-board');
      await page.getByLabel('Mark this report as reviewed by the board').check();
      await page.getByRole('button', { name: 'Record review' }).click();
      await page.getByText('Your review has been recorded.').waitFor();
    } finally {
      await page.close();
    }
  });
});
