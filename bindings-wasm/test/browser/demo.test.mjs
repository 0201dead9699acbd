// End to end: serves demo/ on localhost, drives it in headless Chromium (Debian's, through
// playwright-core; no downloaded browser), adds a field, reads its verdict and quote from
// the page, loads a sample SurveyJS form, and saves a screenshot to test-output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(pkgDir, 'test-output');

test('the demo form builder shows a field\'s verdict and quote in Chromium', async () => {
  const server = await serve(path.join(pkgDir, 'demo'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });

    await page.selectOption('#service', 'Community Directory');
    await page.click('#add-field');
    const field = page.locator('.field').last();
    await field.locator('.label').fill('Telephone number');
    await assert.doesNotReject(field.locator('.verdict[data-verdict]').waitFor());
    const verdict = await field.locator('.verdict').getAttribute('data-verdict');
    const category = await field.locator('.category').textContent();
    const quote = await field.locator('.quote').textContent();
    assert.ok(['permit', 'conditional', 'deny', 'not_stated'].includes(verdict), verdict);
    assert.match(category, /contact\.telephone/);
    assert.match(quote, /telephone number/);
    // The page's answer is the module's answer.
    const first = page.locator('.field').first();
    assert.equal(await first.locator('.verdict').getAttribute('data-verdict'), 'conditional');
    assert.match(await first.locator('.quote').textContent(), /email address/);
    assert.match(await page.locator('#link-notice').textContent(), /004_2870dd7688b53867\.txt/);
    fs.mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, 'demo-field.png'), fullPage: true });
    console.log(`field "Telephone number": ${verdict}; quote: ${quote || '(none)'}`);

    // Renaming a field re-checks it live; an unknown label is unclassified.
    await field.locator('.label').fill('Date of birth');
    assert.match(await field.locator('.category').textContent(), /identity\.date_of_birth/);
    await field.locator('.label').fill('Favourite colour');
    assert.equal(await field.locator('.verdict').getAttribute('data-verdict'), 'unclassified');

    await page.click('#load-survey');
    await page.waitForFunction(() => document.querySelectorAll('.field').length === 7);
    assert.match(await page.locator('.field').nth(1).locator('.category').textContent(), /contact\.email/);
    await page.click('#load-schema');
    await page.waitForFunction(() => document.querySelectorAll('.field').length === 8);
    await page.screenshot({ path: path.join(out, 'demo-schema.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});
