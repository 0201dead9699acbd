// `noticegate report --html` in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): the page opens from file:// without a single network request, shows one
// matrix per notice, a clicked cell shows its verdict and the notice's verbatim quote, and a
// screenshot is saved to target/report-browser/ (and to docs/report.png with
// UPDATE_SCREENSHOT=1).
//
// playwright-core is the one bindings-wasm installs (bindings-wasm/install.sh); this test
// borrows it rather than installing a second copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { chromium } = createRequire(path.join(root, 'bindings-wasm/package.json'))('playwright-core');
const out = path.join(root, 'target/report-browser');
const html = path.join(out, 'report.html');

test('the report opens in Chromium, offline, and a cell shows its quote', async () => {
  fs.mkdirSync(out, { recursive: true });
  execFileSync('cargo', ['run', '-q', '--locked', '-p', 'noticegate-cli', '--', 'report', '--html', html, '--as-of', '2026-11-23'], { cwd: root, stdio: 'inherit' });
  const text = fs.readFileSync(html, 'utf8');
  // Nothing is fetched: no external script, stylesheet or image (links inside quoted text are fine).
  assert.doesNotMatch(text, /<(script|img|iframe)[^>]*\ssrc=/i);
  assert.doesNotMatch(text, /<link[^>]*\shref=/i);
  const notices = JSON.parse(execFileSync('cargo', ['run', '-q', '--locked', '-p', 'noticegate-cli', '--', 'list', 'notices', '--json'], { cwd: root }).toString().trim().split('\n').length);

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors = [];
    const requests = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    assert.equal(await page.title(), 'noticegate report');
    assert.equal(await page.locator('table.matrix').count(), notices);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), []);

    // A known permit (tests/cases/004_community_directory.jsonl, cd-collect-anonymised-usage).
    const cd = page.locator('section.notice[data-notice="kcc_community_directory"]');
    const usage = cd.locator('tr[data-service="community_directory"] td[data-category="usage.community_directory"]');
    assert.equal(await usage.getAttribute('data-verdict'), 'permit');
    assert.match(await usage.getAttribute('title'), /permit \(cd\.collect\.usage\)/);
    await usage.click();
    assert.equal(await page.locator('#panel-verdict').textContent(), 'permit');
    assert.equal(
      await page.locator('#panel .quote').first().textContent(),
      'We will also collect anonmyised information on how the Community Directory is used e.g., number of clicks on pages, top searches etc.',
    );

    // Sharing email addresses with PCG UK: permitted on the notice's conditions.
    await cd.locator('select.f-view').selectOption('pcg_uk');
    const email = cd.locator('tr[data-service="community_directory"] td[data-category="contact.email"]');
    await email.click();
    assert.equal(await page.locator('#panel-verdict').textContent(), 'conditional');
    assert.match(await page.locator('#panel').textContent(), /cd\.share\.pcg_uk/);
    assert.equal(
      await page.locator('#panel .quote').first().textContent(),
      'In the course of working with you, we may collect information from, or share it, with some of the following third parties (non exhaustive list):',
    );

    // The notice filter leaves one matrix; the lint summary is there (whatever it finds).
    await page.selectOption('#f-notice', 'kcc_community_directory');
    assert.equal(await page.locator('section.notice:visible').count(), 1);
    assert.match(await page.locator('#lint-summary').textContent(), /^\d+ finding\(s\)/);
    await page.selectOption('#f-notice', 'kcc_community_directory');

    // The coverage view: every notice has one; a quoted sentence names its rule, an unquoted one stands out.
    assert.equal(await page.locator('details.coverage').count(), notices);
    const cov = cd.locator('details.coverage');
    assert.match(await cov.locator('summary').textContent(), /^Coverage: \d+% of the notice's sentences are quoted \(\d+ of \d+\)/);
    await cov.locator('summary').click();
    const quoted = cov.locator('.cov-quoted', { hasText: 'We will also collect anonmyised information on how the Community Directory is used' });
    assert.match(await quoted.getAttribute('title'), /cd\.collect\.usage/);
    assert.ok((await cov.locator('.cov-unquoted').count()) > 0);
    await cov.locator('.cov-unquoted').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(out, 'coverage.png') });
    await cov.locator('summary').click();

    const shot = path.join(out, 'report.png');
    await page.screenshot({ path: shot });
    assert.ok(fs.statSync(shot).size > 10000);
    if (process.env.UPDATE_SCREENSHOT === '1') fs.copyFileSync(shot, path.join(root, 'docs/report.png'));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
