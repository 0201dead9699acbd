// The demo form builder: every answer comes from the noticegate WebAssembly module
// (checkField / checkForm); this file only reads the page and shows what it returns.
import init, { Engine } from './pkg/noticegate_wasm.js';

const $ = (id) => document.getElementById(id);
const labels = { permit: 'Covered', conditional: 'Covered if', deny: 'Forbidden', not_stated: 'Not stated', unclassified: 'Unclassified' };

await init();
const engine = Engine.builtin();
const notices = engine.notices();

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function fillNotices() {
  for (const n of notices) $('notice').add(new Option(`${n.title} (${n.controller})`, n.id));
  const preferred = notices.find((n) => n.services.some((s) => s.label === 'Community Directory'));
  if (preferred) $('notice').value = preferred.id;
  fillServices();
}

function fillServices() {
  const notice = notices.find((n) => n.id === $('notice').value);
  $('service').replaceChildren(...notice.services.map((s) => new Option(s.label, s.label)));
}

function context() {
  const notice = notices.find((n) => n.id === $('notice').value);
  return { service: $('service').value, notice: notice.source, asOf: $('as-of').value || null };
}

function showError(e) {
  $('error').hidden = !e;
  $('error').textContent = e ? `${e.message} (${e.code}${e.suggestions?.length ? `; did you mean ${e.suggestions.join(', ')}?` : ''})` : '';
}

function render(li, check) {
  const title = check.label || check.name || 'Untitled field';
  li.querySelector('.field-title').textContent = check.path ? `${title} (${check.path})` : title;
  const verdict = li.querySelector('.verdict');
  verdict.className = `verdict ${check.verdict}`;
  verdict.textContent = labels[check.verdict] ?? check.verdict;
  verdict.dataset.verdict = check.verdict;
  const c = check.classification;
  li.querySelector('.category').textContent = c.category
    ? `${c.label} (${c.category}), matched "${c.matchedWords.join(' ')}" in the ${check.matchedIn}`
    : 'no category of the vocabulary matches this label or name';
  li.querySelector('.basis').textContent = check.bases.map((b) => b.label).join(', ') || '–';
  li.querySelector('.special').textContent = check.specialCategory === null ? '–' : check.specialCategory ? 'Yes (Article 9)' : 'No';
  li.querySelector('.criminal').textContent = check.criminalOffence === null ? '–' : check.criminalOffence ? 'Yes (Article 10)' : 'No';
  li.querySelector('.obligations').textContent = check.obligations.map((o) => o.text).join('; ') || '–';
  li.querySelector('.quote').textContent = check.quote ?? '';
  const reason = check.reasons[0];
  li.querySelector('.section').textContent = reason ? `${reason.notice}, section "${reason.section}" (rule ${reason.rule})` : '';
  li.querySelector('.notes').textContent = check.notes.join(' ');
}

function checkRow(li) {
  const field = {
    ...context(),
    label: li.querySelector('.label').value,
    name: li.querySelector('.name').value,
    type: li.querySelector('.type').value,
  };
  try {
    // A field seen before is answered with the same frozen object: add to a copy.
    const check = li.dataset.path ? { ...engine.checkField(field), path: li.dataset.path } : engine.checkField(field);
    render(li, check);
    showError(null);
    return check;
  } catch (e) {
    showError(e);
    return null;
  }
}

function addField({ label = '', name = '', type = 'text', path = '' } = {}, focus = true) {
  const li = $('field-template').content.firstElementChild.cloneNode(true);
  li.querySelector('.label').value = label;
  li.querySelector('.name').value = name;
  const select = li.querySelector('.type');
  if (![...select.options].some((o) => o.value === type)) select.add(new Option(type));
  select.value = type;
  if (path) li.dataset.path = path;
  li.querySelectorAll('input, select').forEach((el) => el.addEventListener('input', () => { checkRow(li); summarise(); }));
  li.querySelector('.remove').addEventListener('click', () => { li.remove(); summarise(); });
  $('fields').append(li);
  checkRow(li);
  summarise();
  if (focus) li.querySelector('.label').focus();
  return li;
}

function recheckAll() {
  const first = engine.checkField({ ...context(), label: '' });
  $('link-notice').textContent = `Forms for "${first.service}" must link to: ${first.notice.title} (${first.notice.controller}), ${first.notice.source}.`;
  $('fields').querySelectorAll('.field').forEach(checkRow);
  summarise();
}

function summarise() {
  const counts = {};
  $('fields').querySelectorAll('.verdict').forEach((v) => { counts[v.dataset.verdict] = (counts[v.dataset.verdict] ?? 0) + 1; });
  $('summary').textContent = Object.entries(counts).map(([k, n]) => `${n} ${labels[k].toLowerCase()}`).join(', ');
}

async function loadSample(file) {
  const definition = await (await fetch(`samples/${file}`)).json();
  try {
    const form = engine.checkForm(definition, context().service, { notice: context().notice, asOf: context().asOf });
    $('fields').replaceChildren();
    for (const f of form.fields) addField({ label: f.label ?? '', name: f.name ?? '', type: f.type ?? 'text', path: f.path }, false);
    showError(null);
  } catch (e) {
    showError(e);
  }
}

$('as-of').value = today();
fillNotices();
$('notice').addEventListener('change', () => { fillServices(); recheckAll(); });
$('service').addEventListener('change', recheckAll);
$('as-of').addEventListener('input', recheckAll);
$('add-field').addEventListener('click', () => addField());
$('load-schema').addEventListener('click', () => loadSample('registration.schema.json'));
$('load-survey').addEventListener('click', () => loadSample('registration.surveyjs.json'));
addField({ label: 'Email address', name: 'email', type: 'email' }, false);
recheckAll();
document.body.dataset.ready = 'true';
