// A small benchmark, not a test: start-up to first answer, and the cost of one checkField
// (a field seen before: the same object, a new equal object, and the field through a handle,
// `field(f).check()`), one classify and one askJson from JavaScript, in Node and in Chromium (Debian's, via
// playwright-core).
// Usage: node bench/bench.mjs   (after scripts/build.sh). Numbers go in README.md.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const field = { service: 'Community Directory', label: 'Email address', name: 'email', type: 'email', asOf: '2026-11-23' };
const line = JSON.stringify({ ask: 'collect', service: 'Community Directory', category: 'Email address', as_of: '2026-11-23' });

function measure(ng, n) {
  for (let i = 0; i < 2000; i++) ng.checkField(field);
  let t = performance.now();
  for (let i = 0; i < n; i++) ng.checkField(field);
  const check = ((performance.now() - t) * 1000) / n;
  // The same properties in a new object each call (a form builder that rebuilds its fields on
  // each render): found by its properties, not by the object.
  t = performance.now();
  for (let i = 0; i < n; i++) ng.checkField({ ...field });
  const copy = ((performance.now() - t) * 1000) / n;
  const handle = ng.field(field);
  for (let i = 0; i < 2000; i++) handle.check();
  t = performance.now();
  for (let i = 0; i < n; i++) handle.check();
  const handleCheck = ((performance.now() - t) * 1000) / n;
  t = performance.now();
  for (let i = 0; i < n; i++) ng.classify('Your email address');
  const classify = ((performance.now() - t) * 1000) / n;
  t = performance.now();
  for (let i = 0; i < n; i++) ng.askJson(line);
  const ask = ((performance.now() - t) * 1000) / n;
  return { checkFieldUs: check, checkFieldCopyUs: copy, fieldCheckUs: handleCheck, classifyUs: classify, askJsonUs: ask };
}

const t0 = performance.now();
const ng = createRequire(import.meta.url)(path.join(pkgDir, 'pkg-node/noticegate_wasm.js'));
ng.checkField(field);
const node = { startupMs: performance.now() - t0, ...measure(ng, 50000) };
console.log('node', JSON.stringify(node));

const { chromium } = await import('playwright-core');
const { serve } = await import('../scripts/serve.mjs');
const server = await serve(path.join(pkgDir, 'demo'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/samples/registration.schema.json`);
const web = await page.evaluate(
  async ({ field, line, measureSrc }) => {
    const t0 = performance.now();
    const mod = await import('/pkg/noticegate_wasm.js');
    await mod.default();
    mod.checkField(field);
    const startupMs = performance.now() - t0;
    const measure = new Function('field', 'line', `return (${measureSrc})`)(field, line);
    return { startupMs, ...measure(mod, 50000) };
  },
  { field, line, measureSrc: measure.toString() },
);
console.log('chromium', JSON.stringify(web));
await browser.close();
server.close();
