// The conformance corpus (tests/cases/*.jsonl): every question gives the same decision as
// the CLI, byte for byte (askJson), and the same decision as camelCase objects (ask).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ng, repo, camel } from './helpers.mjs';

const casesDir = path.join(repo, 'tests/cases');
const cases = fs
  .readdirSync(casesDir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) =>
    fs
      .readFileSync(path.join(casesDir, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => ({ file: f, ...JSON.parse(l) })),
  );

function cliAnswers(lines) {
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ng-corpus-')), 'questions.jsonl');
  fs.writeFileSync(tmp, lines.join('\n') + '\n');
  const run = spawnSync('cargo', ['run', '-q', '--locked', '-p', 'noticegate-cli', '--', 'ask', '--file', tmp], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.ok(run.stdout, `the CLI gave no output: ${run.stderr}`);
  return run.stdout.split('\n').filter((l) => l.length > 0);
}

test('the corpus has cases', () => {
  assert.ok(cases.length > 500, `${cases.length} cases`);
});

const lines = cases.map((c) => JSON.stringify(c.question));
const cli = cliAnswers(lines);

test('askJson gives the CLI\'s bytes for every corpus question', () => {
  assert.equal(cli.length, cases.length);
  const differ = [];
  cases.forEach((c, i) => {
    const mine = ng.askJson(lines[i]);
    if (mine !== cli[i]) differ.push(`${c.case}\n  cli:  ${cli[i]}\n  wasm: ${mine}`);
  });
  assert.deepEqual(differ, [], `${differ.length} of ${cases.length} differ`);
});

test('ask gives the same decisions as camelCase objects, and throws the same errors', () => {
  const differ = [];
  cases.forEach((c, i) => {
    const expected = camel(JSON.parse(cli[i]));
    const { as_of, ...rest } = c.question;
    const question = as_of === undefined ? rest : { ...rest, asOf: as_of };
    let got;
    try {
      got = ng.ask(question);
    } catch (e) {
      if (!expected.error || expected.error.code !== e.code || expected.error.message !== e.message) {
        differ.push(`${c.case}: threw ${e.code} ${e.message}, cli: ${cli[i]}`);
      }
      return;
    }
    if (expected.error) {
      differ.push(`${c.case}: answered, but the cli gave an error: ${cli[i]}`);
      return;
    }
    for (const [key, value] of Object.entries(got)) {
      const want = key in expected ? expected[key] : value === null || (Array.isArray(value) && value.length === 0) ? value : undefined;
      try {
        // Reasons: the package always names `note` (null when none).
        const norm = key === 'reasons' ? want.map((r) => ({ note: null, ...r })) : want;
        assert.deepEqual(value, norm);
      } catch {
        differ.push(`${c.case}: ${key}: ${JSON.stringify(value)} vs cli ${JSON.stringify(want)}`);
      }
    }
    for (const key of Object.keys(expected)) if (!(key in got)) differ.push(`${c.case}: missing ${key}`);
  });
  assert.deepEqual(differ, [], `${differ.length} differ`);
});

// The corpus's own expectations (verdict, rules, obligations) are core's to meet and are
// checked by core/tests/conformance.rs; this binding's promise is the CLI's bytes, above.
