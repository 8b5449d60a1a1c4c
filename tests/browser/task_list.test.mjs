// The report form as a task list, in a real browser: a returning lead with nothing new
// to say confirms and submits in at most 15 actions (counted); the whole journey with
// the keyboard alone; the same with JavaScript off; and axe on the task list, every
// section's page and check your answers.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startApp } from './support/app.mjs';
import { checkAccessibility, DEMO_PASSWORD, launchBrowser, screenshot, signIn } from './support/browser.mjs';

const PARTNERSHIP_LEAD = 'jane.whitlock@pioneer-somerset.example'; // submitted last period
const CUSTOMER_ACCESS_LEAD = 'karen.moss@pioneer-somerset.example'; // an overdue draft
const SHARED_SERVICES_LEAD = 'rachel.dunstan@pioneer-somerset.example';
const SECTIONS = ['Status and RAG', 'Budget', 'Schedule', 'Tolerances', 'Products', 'Risks and issues', 'Narrative'];

/** Presses Tab until the focused element's accessible text matches `pattern`. */
async function tabTo(page, pattern, { max = 80 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return '';
      const label = el.labels?.[0]?.innerText ?? '';
      return `${el.innerText ?? ''} ${el.value ?? ''} ${label} ${el.getAttribute('aria-label') ?? ''}`
        .replace(/\s+/g, ' ')
        .trim();
    });
    if (pattern.test(text)) return i + 1;
    seen.push(text);
  }
  throw new Error(`no element matching ${pattern} within ${max} Tabs on ${page.url()}; focused: ${JSON.stringify(seen)}`);
}

/**
 * Chooses the radio labelled `label` in the group called `name` as a keyboard user does:
 * Tab into the group, then the arrow keys (which move and select), or Space on the
 * radio Tab landed on.
 */
async function chooseByKeyboard(page, name, label) {
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return { name: el?.name ?? '', label: el?.labels?.[0]?.innerText.trim() ?? '', checked: !!el?.checked };
    });
  for (let i = 0; i < 80 && (await focused()).name !== name; i += 1) await page.keyboard.press('Tab');
  for (let i = 0; i < 10; i += 1) {
    const now = await focused();
    assert.equal(now.name, name, `focus stays in the ${name} group`);
    if (label.test(now.label)) {
      if (!now.checked) await page.keyboard.press('Space');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no radio labelled ${label} in ${name}`);
}

describe('the report form as a task list', () => {
  let app;
  let browser;

  before(async () => {
    // The scheduler on, as in the product: it opens the period now starting, so the
    // returning lead's next report is on her "your work".
    app = await startApp({ settings: { HIGHLIGHT__SCHEDULER__ENABLED: 'true' } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  const url = (path) => new URL(path, app.baseUrl).href;
  let karensTaskList = null;

  it('a returning lead with nothing new to say confirms and submits in at most 15 actions', async (t) => {
    const page = await browser.newPage();
    // Wait for the scheduler's first pass to open the new period (not an action).
    await signIn(page, app.baseUrl, PARTNERSHIP_LEAD, DEMO_PASSWORD);
    for (let i = 0; i < 50 && !(await page.getByRole('table', { name: 'Reports to write' }).count()); i += 1) {
      await page.waitForTimeout(200);
      await page.reload();
    }
    let actions = 0;
    const act = async (step) => {
      actions += 1;
      await step();
    };
    try {
      await page.context().clearCookies();
      await act(() => page.goto(url('/login')));
      await act(() => page.getByLabel('E-mail address').fill(PARTNERSHIP_LEAD));
      await act(() => page.getByLabel('Password').fill(DEMO_PASSWORD));
      await act(() => page.getByRole('button', { name: 'Sign in' }).click());
      const owed = page.getByRole('table', { name: 'Reports to write' });
      await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
      await act(() => owed.getByRole('link', { name: /^Start the Enhanced Strategic Partnership report due/ }).click());
      await page.getByRole('heading', { level: 1, name: /^Highlight report due/ }).waitFor();
      assert.match(await page.locator('main').innerText(), /Carried forward — check/);
      await screenshot(page, 'task-list-returning-lead');

      // This period's news: the overall status, and the products.
      await act(() => page.getByRole('link', { name: 'Status and RAG' }).click());
      await act(() => page.getByRole('group', { name: 'Overall status this period' }).getByLabel('Green').check());
      await act(() => page.getByRole('button', { name: 'Save and continue' }).click());
      await page.getByText('“Status and RAG” has been saved.').waitFor();
      await act(() => page.getByRole('link', { name: 'Products' }).click());
      await act(() => page.getByRole('group', { name: /which were completed this period/ }).getByRole('checkbox').first().check());
      await act(() => page.getByLabel('Products planned for next period').fill('Framework agreed by the six councils'));
      await act(() => page.getByRole('button', { name: 'Save and continue' }).click());
      await page.getByText('“Products” has been saved.').waitFor();

      // Everything else still holds: check it all as the board will read it, and submit.
      await act(() => page.getByRole('link', { name: 'Check your answers' }).click());
      await page.getByRole('heading', { level: 1, name: /^Check your answers/ }).waitFor();
      assert.match(await page.locator('main').innerText(), /Still exactly as last period:/);
      await screenshot(page, 'check-your-answers-returning-lead');
      await act(() => page.getByRole('button', { name: 'Submit to the board' }).click());
      await page.getByText('Your report has been submitted to the board.').waitFor();

      t.diagnostic(`confirmed and submitted in ${actions} actions, signing in included`);
      assert.ok(actions <= 15, `confirmed and submitted in ${actions} actions`);
    } finally {
      await page.close();
    }
  });

  it('a lead completes the report with the keyboard alone', async () => {
    const page = await browser.newPage();
    try {
      await signIn(page, app.baseUrl, CUSTOMER_ACCESS_LEAD, DEMO_PASSWORD);
      const owed = page.getByRole('table', { name: 'Reports to write' });
      await owed.waitFor();
      await page.goto(page.url()); // focus starts at the top of the page, as after a load
      await tabTo(page, /^Continue the Customer Access report due/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: /^Highlight report due/ }).waitFor();
      karensTaskList = page.url();

      // Status and RAG: the overall status with the arrow keys.
      await tabTo(page, /^Status and RAG$/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Status and RAG' }).waitFor();
      await chooseByKeyboard(page, 'rag_overall', /^Amber$/);
      await tabTo(page, /^Save and continue/);
      await page.keyboard.press('Enter');
      await page.getByText('“Status and RAG” has been saved.').waitFor();

      // Budget: no budget held.
      await tabTo(page, /^Budget$/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Budget' }).waitFor();
      await chooseByKeyboard(page, 'budget_status', /^Not applicable/);
      await tabTo(page, /^Save and continue/);
      await page.keyboard.press('Enter');
      await page.getByText('“Budget” has been saved.').waitFor();

      // Schedule: behind.
      await tabTo(page, /^Schedule$/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Schedule' }).waitFor();
      await chooseByKeyboard(page, 'schedule_status', /^Behind schedule$/);
      await tabTo(page, /^Save and continue/);
      await page.keyboard.press('Enter');
      await page.getByText('“Schedule” has been saved.').waitFor();

      // Products: typed into the two boxes.
      await tabTo(page, /^Products$/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
      await tabTo(page, /Products completed this period/);
      await page.keyboard.type('Customer access workshop held');
      await tabTo(page, /Products planned for next period/);
      await page.keyboard.type('PID agreed by the Directors group');
      await tabTo(page, /^Save and continue/);
      await page.keyboard.press('Enter');
      await page.getByText('“Products” has been saved.').waitFor();

      // Check and submit.
      await tabTo(page, /^Check your answers$/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: /^Check your answers/ }).waitFor();
      assert.match(await page.locator('main').innerText(), /Customer access workshop held/);
      await tabTo(page, /^Submit to the board/, { max: 200 });
      await page.keyboard.press('Enter');
      await page.getByText('Your report has been submitted to the board.').waitFor();
    } finally {
      await page.close();
    }
  });

  it('the task list works end to end with JavaScript off', async () => {
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    const page = await noScript.newPage();
    try {
      await signIn(page, app.baseUrl, SHARED_SERVICES_LEAD, DEMO_PASSWORD);
      const owed = page.getByRole('table', { name: 'Reports to write' });
      await owed.getByRole('link', { name: /^(Start|Continue) the Shared Services report due/ }).first().click();
      await page.getByRole('heading', { level: 1, name: /^Highlight report due/ }).waitFor();
      assert.equal(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported')), false, 'no script ran');

      await page.getByRole('link', { name: 'Status and RAG' }).click();
      await page.getByRole('group', { name: 'Overall status this period' }).getByLabel('Green').check();
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByText('“Status and RAG” has been saved.').waitFor();

      // A mistake is shown beside its field, with what was typed kept.
      await page.getByRole('link', { name: 'Budget' }).click();
      await page.getByLabel('Spend to date').fill('lots');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByRole('alert').getByText('There is a problem').waitFor();
      assert.equal(await page.getByLabel('Spend to date').inputValue(), 'lots');
      await page.getByLabel('Spend to date').fill('£12,000');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByText('“Budget” has been saved.').waitFor();

      await page.getByRole('link', { name: 'Products' }).click();
      const planned = page.getByRole('group', { name: /which were completed this period/ });
      if (await planned.count()) await planned.getByRole('checkbox').first().check();
      else await page.getByLabel('Products completed this period').fill('Shared services baseline agreed');
      await page.getByLabel('Products planned for next period').fill('Options appraisal to the board');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByText('“Products” has been saved.').waitFor();

      await page.getByRole('link', { name: 'Check your answers' }).click();
      await page.getByRole('button', { name: 'Submit to the board' }).click();
      await page.getByText('Your report has been submitted to the board.').waitFor();
    } finally {
      await noScript.close();
    }
  });

  it('the task list, every section and check your answers have no accessibility violations', async () => {
    const page = await browser.newPage();
    try {
      // Karen's report, submitted by the keyboard test: its task list is now a correction's.
      assert.ok(karensTaskList, 'the keyboard test found the task list');
      await signIn(page, app.baseUrl, CUSTOMER_ACCESS_LEAD, DEMO_PASSWORD);
      await page.goto(karensTaskList);
      await page.getByRole('heading', { level: 1, name: /^Highlight report due/ }).waitFor();
      await checkAccessibility(page, 'task list');
      await screenshot(page, 'task-list');
      for (const section of SECTIONS) {
        await page.getByRole('link', { name: section, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: section }).waitFor();
        await checkAccessibility(page, `section ${section}`);
        await screenshot(page, `section-${section}`);
        await page.getByRole('link', { name: "Back to the report's sections without saving this page" }).click();
      }
      await page.getByRole('link', { name: 'Check your answers' }).click();
      await page.getByRole('heading', { level: 1, name: /^Check your answers/ }).waitFor();
      await checkAccessibility(page, 'check your answers');
      await screenshot(page, 'check-your-answers');
    } finally {
      await page.close();
    }
  });
});
