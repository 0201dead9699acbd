// The package's JavaScript surface: checkField, checkForm, ask, Engine, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ng, ngLoad, pkgDir, repo, throwsCode } from './helpers.mjs';

const service = 'Community Directory';
const asOf = '2026-11-23';
const sample = (name) => JSON.parse(fs.readFileSync(path.join(pkgDir, 'demo/samples', name), 'utf8'));

test('checkField classifies common labels with core and says which words matched', () => {
  for (const [label, category] of [
    ['Email address', 'contact.email'],
    ['e-mail', 'contact.email'],
    ['dob', 'identity.date_of_birth'],
    ['Date of birth', 'identity.date_of_birth'],
    ['NI number', 'identity.national_insurance_number'],
  ]) {
    const c = ng.checkField({ service, label, asOf });
    assert.equal(c.classification.category, category, label);
    assert.equal(c.matchedIn, 'label');
    assert.ok(c.classification.matchedWords.length > 0);
  }
});

test('checkField: "Postcode" is classified as part of an address', () => {
  const c = ng.checkField({ service, label: 'Postcode', asOf });
  assert.notEqual(c.verdict, 'unclassified');
  assert.equal(c.classification.category, 'contact.address');
  assert.deepEqual(c.classification.matchedWords, ['postcode']);
});

test('checkField answers with verdict, basis, flags, quote and the notice to link to', () => {
  const c = ng.checkField({ service, label: 'Email address', name: 'email', type: 'email', asOf });
  assert.ok(['permit', 'conditional', 'deny', 'not_stated'].includes(c.verdict));
  assert.equal(c.verdict, 'conditional');
  assert.deepEqual(c.bases.map((b) => b.label), ['Article 6(1)(a)']);
  assert.equal(c.specialCategory, false);
  assert.equal(c.criminalOffence, false);
  assert.equal(c.quote, c.reasons[0].quote);
  assert.match(c.quote, /email address/);
  assert.equal(c.notice.source, '004_2870dd7688b53867.txt');
  assert.equal(c.type, 'email');
  assert.equal(c.policyHash, ng.Engine.builtin().policyHash);
  // The same answer as the collect question asked directly.
  const d = ng.ask({ ask: 'collect', service, category: 'contact.email', asOf });
  assert.equal(d.verdict, c.verdict);
  assert.deepEqual(d.reasons, c.reasons);
});

test('checkField flags special category data', () => {
  const c = ng.checkField({ service: 'Xantura OneView', label: 'Information relating to health', asOf });
  assert.equal(c.classification.category, 'special.health');
  assert.equal(c.specialCategory, true);
});

test('checkField falls back to the name, and says unclassified rather than guess', () => {
  const byName = ng.checkField({ service, label: 'Tell us', name: 'dateOfBirth', asOf });
  assert.equal(byName.matchedIn, 'name');
  assert.equal(byName.classification.category, 'identity.date_of_birth');
  const none = ng.checkField({ service, label: 'Favourite colour', asOf });
  assert.equal(none.verdict, 'unclassified');
  assert.equal(none.classification.category, null);
  assert.deepEqual(none.classification.matchedWords, []);
  assert.equal(none.quote, null);
  assert.equal(none.notice.source, '004_2870dd7688b53867.txt');
});

test('a field seen before is answered from memory: the same frozen object, the same answer', () => {
  const f = { service, label: 'Email address', name: 'email', asOf };
  const a = ng.checkField(f);
  const b = ng.checkField({ ...f });
  assert.equal(a, b);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.notice) && Object.isFrozen(a.reasons) && Object.isFrozen(a.reasons[0]) && Object.isFrozen(a.classification.matchedWords));
  // No caller can change the answer the next caller gets.
  assert.throws(() => { a.verdict = 'permit'; }, TypeError);
  assert.throws(() => { a.reasons.push(null); }, TypeError);
  assert.equal(ng.checkField(f).verdict, 'conditional');
  // Another label or date is another check; another engine has its own memory.
  assert.notEqual(ng.checkField({ ...f, label: 'Date of birth' }), a);
  assert.notEqual(ng.checkField({ ...f, asOf: '2026-11-24' }), a);
  const engine = ng.Engine.builtin();
  assert.notEqual(engine.checkField(f), a);
  assert.deepEqual(engine.checkField(f), a);
  assert.equal(engine.checkField(f), engine.checkField(f));
  // Errors are not remembered; input of the wrong type is still named.
  throwsCode(assert, () => ng.checkField({ ...f, service: 'Comunity Directory' }), 'unknown_name');
  throwsCode(assert, () => ng.checkField({ ...f, service: 'Comunity Directory' }), 'unknown_name');
  const e = throwsCode(assert, () => ng.checkField({ ...f, name: () => 'email' }), 'invalid_argument');
  assert.equal(e.field, 'name');
});

test('the same field object asked again is remembered by its values: a changed property is checked anew', () => {
  const f = { service, label: 'Email address', name: 'email', asOf };
  const email = ng.checkField(f);
  assert.equal(ng.checkField(f), email);
  // A form builder edits the field in place: the answer follows the edit, never the memory.
  f.label = 'Your health conditions';
  f.name = 'health';
  const health = ng.checkField(f);
  assert.notEqual(health, email);
  assert.equal(health.classification.category, ng.checkField({ service, label: 'Your health conditions', name: 'health', asOf }).classification.category);
  assert.notEqual(health.classification.category, 'contact.email');
  assert.equal(ng.checkField(f), health);
  // A property added, or removed, is a change too.
  f.notice = 'no such notice';
  throwsCode(assert, () => ng.checkField(f), 'unknown_name');
  delete f.notice;
  assert.equal(ng.checkField(f), health);
  // A field without asOf is answered for today each time, so it is not remembered by object.
  const today = { service, label: 'Email address', name: 'email' };
  assert.equal(ng.checkField(today).verdict, ng.checkField({ ...today }).verdict);
  // A property that reads differently each time (a getter) is never taken from memory stale.
  let reads = 0;
  const shifting = { service, asOf, get label() { reads += 1; return reads % 2 ? 'Email address' : 'Date of birth'; } };
  const first = ng.checkField(shifting).classification.category;
  const second = ng.checkField(shifting).classification.category;
  assert.notEqual(first, second);
});

test('checkForm finds JSON Schema fields in nested objects and $refs', () => {
  const form = ng.checkForm(sample('registration.schema.json'), service, { asOf });
  assert.equal(form.format, 'json-schema');
  assert.deepEqual(form.fields.map((f) => f.path), ['name', 'email', 'phone', 'about.dob', 'about.health', 'home.street', 'home.postcode', 'colour']);
  const by = Object.fromEntries(form.fields.map((f) => [f.path, f]));
  assert.equal(by['about.dob'].classification.category, 'identity.date_of_birth');
  assert.equal(by['about.dob'].type, 'date');
  assert.equal(by.colour.verdict, 'unclassified');
  const total = Object.values(form.summary).reduce((a, b) => a + b, 0);
  assert.equal(total, form.fields.length);
  // A {schema, uiSchema} pair, and JSON text, are read too.
  const pair = ng.checkForm({ schema: { type: 'object', properties: { x: { type: 'string' } } }, uiSchema: { x: { 'ui:title': 'Email' } } }, service, { asOf });
  assert.equal(pair.fields[0].classification.category, 'contact.email');
  assert.equal(ng.checkForm(JSON.stringify(sample('registration.schema.json')), service, { asOf }).fields.length, 8);
});

test('checkForm finds SurveyJS fields in pages, panels and dynamic panels', () => {
  const form = ng.checkForm(sample('registration.surveyjs.json'), service, { asOf });
  assert.equal(form.format, 'surveyjs');
  assert.deepEqual(form.fields.map((f) => f.path), ['you.fullName', 'you.email', 'you.details.dob', 'you.details.ni', 'household.children[].childName', 'household.children[].childDob', 'household.anything']);
  const by = Object.fromEntries(form.fields.map((f) => [f.path, f]));
  assert.equal(by['you.email'].label, 'E-mail');
  assert.equal(by['you.email'].classification.category, 'contact.email');
  assert.equal(by['you.details.dob'].matchedIn, 'name');
  assert.equal(by['you.details.ni'].classification.category, 'identity.national_insurance_number');
});

test('bad input throws an Error with a code, and the engine keeps answering', () => {
  const e = throwsCode(assert, () => ng.checkField({ service: 'Comunity Directory', label: 'Email' }), 'unknown_name');
  assert.equal(e.field, 'service');
  assert.ok(e.suggestions.includes('Community Directory'));
  throwsCode(assert, () => ng.checkField('Email'), 'invalid_argument');
  throwsCode(assert, () => ng.checkField({ label: 'Email' }), 'missing_field');
  throwsCode(assert, () => ng.checkField({ service, label: 42 }), 'invalid_argument');
  throwsCode(assert, () => ng.checkField({ service, label: 'Email', asOf: 'tomorrow' }), 'invalid_field');
  throwsCode(assert, () => ng.checkForm({ pages: 'no' }, service), 'invalid_form');
  throwsCode(assert, () => ng.checkForm({ hello: 1 }, service), 'invalid_form');
  throwsCode(assert, () => ng.checkForm('{not json', service), 'invalid_form');
  throwsCode(assert, () => ng.checkForm(null, service), 'invalid_form');
  throwsCode(assert, () => ng.checkForm({ elements: [{ type: 'text' }] }, service), 'invalid_form');
  throwsCode(assert, () => ng.checkForm(sample('registration.schema.json'), 7), 'invalid_argument');
  throwsCode(assert, () => ng.checkForm(sample('registration.schema.json'), 'Nowhere'), 'unknown_name');
  const cyclic = {};
  cyclic.self = cyclic;
  throwsCode(assert, () => ng.checkForm(cyclic, service), 'invalid_form');
  throwsCode(assert, () => ng.ask({ ask: 'share', service, category: 'Email', recipent: 'x' }), 'unknown_field');
  throwsCode(assert, () => ng.ask({ ask: 'teleport' }), 'invalid_field');
  throwsCode(assert, () => ng.ask(5), 'invalid_json');
  throwsCode(assert, () => ng.ask(undefined), 'invalid_argument');
  // Still answering.
  assert.equal(ng.checkField({ service, label: 'Email address', asOf }).verdict, 'conditional');
});

test('askJson keeps errors on the line, as the CLI does', () => {
  const line = JSON.parse(ng.askJson('{"id":1,"ask":"share","category":3}'));
  assert.equal(line.id, 1);
  assert.equal(line.error.code, 'invalid_field');
  assert.equal(JSON.parse(ng.askJson('not json')).error.code, 'invalid_json');
});

test('a question without asOf is asked on today (the JavaScript clock)', () => {
  const d = ng.ask({ ask: 'collect', service, category: 'Name' });
  assert.ok(d.policyHash.startsWith('sha256:'));
});

test('Engine.fromPolicies compiles other policy files, and reports every error of broken ones (the load module)', () => {
  const files = {};
  const walk = (dir, rel) => {
    for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${f.name}` : f.name;
      if (f.isDirectory()) walk(path.join(dir, f.name), r);
      else if (r.endsWith('.toml') || (r.startsWith('sources/') && r.endsWith('.txt'))) files[r] = fs.readFileSync(path.join(dir, f.name), 'utf8');
    }
  };
  walk(path.join(repo, 'policies'), '');
  const engine = ngLoad.Engine.fromPolicies(files);
  assert.equal(engine.checkField({ service, label: 'Email address', asOf }).verdict, 'conditional');
  assert.equal(engine.notices().length, 5);
  // The same files as the built-in set: the same hash as the snapshot of either module.
  assert.equal(engine.policyHash, ng.Engine.builtin().policyHash);
  const array = ngLoad.Engine.fromPolicies(Object.entries(files).map(([name, text]) => ({ name, text })));
  assert.equal(array.policyHash, engine.policyHash);

  const broken = {};
  const brokenDir = path.join(repo, 'tests/fixtures/broken');
  for (const f of fs.readdirSync(brokenDir)) if (f.endsWith('.toml')) broken[f] = fs.readFileSync(path.join(brokenDir, f), 'utf8');
  const e = throwsCode(assert, () => ngLoad.Engine.fromPolicies(broken), 'policy_error');
  assert.ok(e.diagnostics.length > 0);
  assert.ok(e.diagnostics.every((d) => d.file && d.line > 0 && d.column > 0 && d.message));
  throwsCode(assert, () => ngLoad.Engine.fromPolicies(42), 'invalid_argument');
  throwsCode(assert, () => ngLoad.Engine.fromPolicies({}), 'invalid_argument');
  assert.equal(engine.checkField({ service, label: 'e-mail', asOf }).classification.category, 'contact.email');
});

test('the default module answers from the built-in policies and says where fromPolicies is', () => {
  const e = throwsCode(assert, () => ng.Engine.fromPolicies({ 'vocabulary.toml': '' }), 'not_in_this_module');
  assert.match(e.message, /noticegate-wasm\/load/);
  // Both modules answer the same from the built-in set.
  const f = { service, label: 'Email address', name: 'email', asOf };
  assert.deepEqual(ngLoad.checkField(f), ng.checkField(f));
  assert.equal(ngLoad.askJson('{"ask":"collect","service":"Community Directory","category":"Name","as_of":"2026-11-23"}'),
    ng.askJson('{"ask":"collect","service":"Community Directory","category":"Name","as_of":"2026-11-23"}'));
});

test('a field handle answers check() with checkField\'s object, reading the field once', () => {
  const f = { service, label: 'Email address', name: 'email', type: 'email', asOf };
  const handle = ng.field(f);
  const first = handle.check();
  assert.equal(first, ng.checkField(f));
  assert.equal(handle.check(), first);
  assert.equal(first.verdict, 'conditional');
  // The field was read when the handle was made: changing the object later changes nothing.
  const g = { ...f };
  const held = ng.field(g);
  g.label = 'Date of birth';
  assert.equal(held.check(), first);
  // An engine's handles share its memory; without asOf each check is asked on today.
  const engine = ng.Engine.builtin();
  assert.equal(engine.field(f).check(), engine.checkField(f));
  const today = engine.field({ service, label: 'Date of birth' });
  assert.equal(today.check().classification.category, 'identity.date_of_birth');
  assert.deepEqual(today.check(), engine.checkField({ service, label: 'Date of birth' }));
  // Bad input is named when the handle is made; core's errors when it checks, every time.
  throwsCode(assert, () => ng.field('Email'), 'invalid_argument');
  throwsCode(assert, () => ng.field({ label: 'Email' }), 'missing_field');
  const e = throwsCode(assert, () => ng.field({ service, label: 42 }), 'invalid_argument');
  assert.equal(e.field, 'label');
  throwsCode(assert, () => ng.field({ service, asOf: 'tomorrow' }), 'invalid_field');
  const unknown = ng.field({ service: 'Comunity Directory', label: 'Email', asOf });
  throwsCode(assert, () => unknown.check(), 'unknown_name');
  throwsCode(assert, () => unknown.check(), 'unknown_name');
  // A handle outlives the engine it came from, and can be freed.
  const loose = ng.Engine.builtin();
  const kept = loose.field(f);
  loose.free();
  assert.deepEqual(kept.check(), first);
  kept.free();
});

test('notices() lists the five notices and their services', () => {
  const notices = ng.notices();
  assert.equal(notices.length, 5);
  assert.ok(notices.every((n) => n.title && n.source && n.services.length > 0));
  assert.ok(notices.some((n) => n.services.some((s) => s.label === service)));
});

test('the TypeScript types name every field', () => {
  for (const dir of ['pkg', 'pkg-web', 'pkg-node', 'pkg-load', 'pkg-load-web', 'pkg-load-node']) {
    const dts = fs.readFileSync(path.join(pkgDir, dir, 'noticegate_wasm.d.ts'), 'utf8');
    assert.match(dts, /export function checkField\(field: FieldInput\): FieldCheck;/);
    assert.match(dts, /export function checkForm\(definition: FormDefinition, service: string, options\??: FormOptions \| undefined\): FormCheck;/);
    assert.match(dts, /export function field\(field: FieldInput\): Field;/);
    assert.match(dts, /export class Field \{[^}]*check\(\): FieldCheck;/);
    assert.match(dts, /static fromPolicies\(files: PolicyFiles\): Engine;/);
    for (const field of ['specialCategory', 'criminalOffence', 'policyHash', 'matchedWords', 'matchedIn', 'quote', 'legalSource', 'disposalDates']) assert.match(dts, new RegExp(`\\b${field}\\b`));
  }
});

test('classifyFrame reads column names as one table (the load module)', () => {
  const engine = ngLoad.Engine.builtin();
  // A table keyed by a school's URN: its Postcode is the school's, its head's name a person's.
  const school = engine.classifyFrame(['URN', 'Postcode', 'HeadFirstName']);
  assert.equal(school[1].category ?? null, null);
  assert.equal(school[2].category, 'identity.name');
  // A pupil table carrying its school's URN stays a person's.
  const pupils = engine.classifyFrame(['UPN', 'URN', 'Postcode']);
  assert.equal(pupils[2].category, 'contact.address');
  // The default module checks form fields only: no table context in its size budget.
  assert.equal(typeof ng.Engine.builtin().classifyFrame, 'undefined');
});

test('classify lists the categories that fitted: on a tie, no category and both candidates', () => {
  // ONS Census 2021 `hh_tenure`: household composition and housing fit equally.
  const c = ng.classify('hh_tenure');
  assert.equal(c.category ?? null, null);
  assert.deepEqual(c.candidates.map((k) => k.id).sort(), ['housing', 'social_relationships.household_composition']);
  assert.ok(c.candidates.every((k) => typeof k.label === 'string' && k.label.length > 0));
  // A clear reading lists its own category first.
  assert.equal(ng.classify('Email address').candidates[0].id, 'contact.email');
});
