// The board pack in a real browser: the printable page signed in as a board member,
// its print layout (A4, a page per workstream, no navigation), a PDF printed by
// Chromium itself, and axe-core's accessibility check; the programme manager's check
// before issuing (a plain form: no script needed).

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { startApp } from './support/app.mjs';
import {
  artifactsDir,
  checkAccessibility,
  launchBrowser,
  minorViolations,
  screenshot,
  signIn,
  DEMO_PASSWORD,
} from './support/browser.mjs';

const BOARD_MEMBER = 'richard.ashworth@pioneer-somerset.example';
const PROGRAMME_MANAGER = 'claire.whitcombe@pioneer-somerset.example';
const PACK = '/programmes/pioneer-somerset/pack';

describe('the board pack', () => {
  let app;
  let browser;
  let page;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    page = await browser.newPage();
    await signIn(page, app.baseUrl, BOARD_MEMBER, DEMO_PASSWORD);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows every workstream, exceptions first, and the report not received', async () => {
    const response = await page.goto(new URL(PACK, app.baseUrl).href);
    assert.equal(response.status(), 200);
    await page.getByRole('heading', { level: 1, name: 'Pioneer Somerset: programme board pack' }).waitFor();
    const h2 = await page.locator('h2').allInnerTexts();
    assert.deepEqual(h2.slice(0, 4), ['Front sheet', 'Status at a glance', 'Exceptions', 'Enhanced Strategic Partnership']);
    assert.equal(h2.length, 3 + 9 + 2, 'front sheet, cover, exceptions, nine workstreams, actions and risks');
    const access = page.locator('#workstream-customer-access');
    assert.ok((await access.innerText()).includes('Report not received'));
    await page.getByRole('table', { name: /Status of each workstream/ }).waitFor();
    await screenshot(page, 'pack-screen');
  });

  it('prints on A4 with a page per workstream and no navigation, and saves a PDF', async () => {
    await page.goto(new URL(PACK, app.baseUrl).href);
    await page.emulateMedia({ media: 'print' });
    try {
      const sections = await page.locator('section.pack-section').evaluateAll((els) =>
        els.map((el) => ({
          id: el.id,
          breakBefore: getComputedStyle(el).breakBefore,
        })),
      );
      const workstreams = sections.filter((s) => s.id.startsWith('workstream-'));
      assert.equal(workstreams.length, 9, 'a section per workstream');
      for (const s of sections) assert.equal(s.breakBefore, 'page', `${s.id || 'actions and risks'} starts a new page`);
      const hidden = await page.evaluate(() =>
        ['.app-header', '.govuk-footer', 'nav.pack-tools'].map((selector) => {
          const el = document.querySelector(selector);
          return [selector, el ? getComputedStyle(el).display : 'absent'];
        }),
      );
      for (const [selector, display] of hidden) assert.equal(display, 'none', `${selector} is not printed`);
      assert.ok(await page.getByRole('heading', { level: 1 }).isVisible(), 'the pack itself is printed');

      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      assert.ok(pdf.length > 10_000, `a PDF of some substance (${pdf.length} bytes)`);
      assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert.ok(pages >= 11, `a page at least per workstream plus the cover (${pages} pages)`);
      await mkdir(artifactsDir, { recursive: true });
      await writeFile(join(artifactsDir, 'pack.pdf'), pdf);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('has no accessibility violations of any impact', async (t) => {
    await page.goto(new URL(PACK, app.baseUrl).href);
    const results = await checkAccessibility(page, 'the board pack');
    for (const line of minorViolations(results)) t.diagnostic(line);
  });

  it('asks the programme manager to check before issuing, and issues only on confirming', async (t) => {
    const own = await launchBrowser();
    const manager = await own.newPage();
    try {
      await signIn(manager, app.baseUrl, PROGRAMME_MANAGER, DEMO_PASSWORD);
      await manager.goto(new URL(PACK, app.baseUrl).href);
      await manager.getByRole('button', { name: 'Issue this pack for the meeting' }).click();
      await manager.getByRole('heading', { level: 1, name: 'Check before you issue' }).waitFor();
      const results = await checkAccessibility(manager, 'the check before issuing');
      for (const line of minorViolations(results)) t.diagnostic(line);
      await screenshot(manager, 'pack-check-before-issue');
      await manager.getByRole('button', { name: 'Issue this pack' }).click();
      await manager.waitForURL(/\/packs\/\d+$/);
      assert.ok((await manager.content()).includes('Issued version 1'), 'the issued pack is shown');
    } finally {
      await own.close();
    }
  });
});
