//! noticegate for JavaScript: the core engine compiled to WebAssembly, with camelCase plain
//! objects in and out and errors thrown as `Error`s with a `code`.
//!
//! This crate converts and calls core, nothing else: questions go to `Engine::decide` or
//! `Engine::ask_json_on`, form fields to core's `FieldChecker` and forms to `check_form`
//! (core's `form_check` and `forms`). Core never reads the clock on wasm32, so "today" (for
//! questions without `asOf`) is read from JavaScript's `Date` here and passed in.
//!
//! Layout: `wire` (camelCase mirrors of core's types, errors), this file (the JS surface).

pub mod wire;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use wasm_bindgen::prelude::*;

use noticegate::form_check::{self, FieldCheck as CoreFieldCheck, FieldChecker, FieldInput};
use noticegate::forms;
use noticegate::{Date, Engine as Core, EngineHandle};

use crate::wire::{BindError, Classification, Decision, FieldCheck, FormCheck, NoticeInfo, ServiceInfo};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A question in the wire format (docs/wire-format.md), with `asOf` for `as_of`. */
export interface Question {
  id?: string | number | null;
  ask: "share" | "collect" | "use" | "transfer" | "retention" | "automated_decision" | "rights";
  notice?: string | null;
  service?: string | null;
  category?: string | null;
  recipient?: string | null;
  basis?: string | null;
  purpose?: string | null;
  country?: string | null;
  record?: string | null;
  right?: string | null;
  /** YYYY-MM-DD; defaults to today (the JavaScript clock). */
  asOf?: string | null;
  facts?: Record<string, boolean | number | string>;
}

export type Verdict = "permit" | "conditional" | "deny" | "not_stated";

/** `expect`: `true`/`false`, the allowed values of an enum fact, or a numeric test such as `{ at_least: 21 }` (passed through as core gives it). */
export interface Obligation { fact: string; text: string; expect: boolean | string[] | Record<string, number | string>; }
export interface Reason { rule: string; effect: string; notice: string; section: string; quote: string; note: string | null; }
export interface Named { id: string; label: string; }
export interface Mechanism { id: string; label: string; article: string; legalSource: string; }
export interface RightAnswer { id: string; label: string; verdict: Verdict; because: string; }
export interface DisposalDate { date: string; after: string; period: string; applies: boolean; }

/** A decision: core's wire decision with camelCase names. */
export interface Decision {
  id?: string | number;
  verdict: Verdict;
  obligations: Obligation[];
  reasons: Reason[];
  bases: Named[];
  specialCategory: boolean | null;
  criminalOffence: boolean | null;
  disposalDate: string | null;
  disposalDates: DisposalDate[];
  schedule: string | null;
  rights: RightAnswer[] | null;
  mechanism: Mechanism | null;
  notes: string[];
  policyHash: string;
}

/** How core's classifier read a label or name; all null when unclassified. */
export interface Classification {
  category: string | null;
  label: string | null;
  matchedName: string | null;
  matchedWords: string[];
  /** Every category that fitted, best first (`id` is the category's id); when several fit equally, `category` is null. */
  candidates: Named[];
}

/** A form field as a form builder describes it. */
export interface FieldInput {
  service: string;
  /** Which notice, when the service's name is used by more than one. */
  notice?: string | null;
  label?: string | null;
  name?: string | null;
  type?: string | null;
  asOf?: string | null;
}

export interface NoticeRef { id: string; title: string; controller: string; source: string; }

/** What the service's notice says about collecting one field. */
export interface FieldCheck {
  /** Where the field is in the form (checkForm only). */
  path?: string;
  label: string | null;
  name: string | null;
  type: string | null;
  service: string;
  /** The notice the form must link to. */
  notice: NoticeRef;
  /** Which of label and name was classified; null when unclassified. */
  matchedIn: "label" | "name" | null;
  classification: Classification;
  verdict: Verdict | "unclassified";
  bases: Named[];
  specialCategory: boolean | null;
  criminalOffence: boolean | null;
  /** The deciding sentence, verbatim from the notice. */
  quote: string | null;
  reasons: Reason[];
  obligations: Obligation[];
  notes: string[];
  policyHash: string;
}

export interface FormCheck {
  format: "json-schema" | "surveyjs";
  service: string;
  notice: NoticeRef;
  fields: FieldCheck[];
  summary: { permit: number; conditional: number; deny: number; notStated: number; unclassified: number };
}

export interface FormOptions { notice?: string | null; asOf?: string | null; }

export interface ServiceInfo { id: string; label: string; aliases: string[]; }
export interface NoticeInfo { id: string; title: string; controller: string; source: string; services: ServiceInfo[]; }

/** Policy files: `{ "vocabulary.toml": text, "sources/x.txt": text }` or `[{ name, text }]`. */
export type PolicyFiles = Record<string, string> | Array<{ name: string; text: string }>;

/** A form definition: a JSON Schema (or `{ schema, uiSchema }`) or a SurveyJS survey, as an object or JSON text. */
export type FormDefinition = object | string;

export interface PolicyDiagnostic { file: string; line: number; column: number; message: string; help: string | null; }

/** Every error the package throws. */
export interface NoticegateError extends Error {
  /** Core's question error codes (`unknown_name`, `missing_field`, ...), or `invalid_argument`, `invalid_form`, `policy_error`, `not_in_this_module` (`Engine.fromPolicies` in the built-in-only module). */
  code: string;
  field: string | null;
  suggestions: string[];
  diagnostics?: PolicyDiagnostic[];
}
"#;

/// Core's `FieldChecker` behind a JavaScript handle, and the JavaScript object made for each
/// check it remembers: a field seen before is answered with that same object, without
/// converting, serialising or copying again. It is frozen (deeply), so no caller can change
/// the answer another caller gets; a caller that wants to add to it copies it (`{...check}`).
struct Checker {
    fields: FieldChecker<EngineHandle>,
    /// Keyed by the remembered check's address; the `Arc` keeps the address from being reused.
    objects: FxHashMap<usize, (Arc<CoreFieldCheck>, JsValue)>,
    /// The same objects keyed by the field's properties as `field_props` writes them (fields
    /// with `asOf` only: without it the answer depends on the day): a field seen before is
    /// found without parsing its properties or allocating.
    by_props: FxHashMap<String, JsValue>,
    /// The same objects keyed by the field object itself (`by_object_new`), checked against
    /// its properties on each use: the fastest path, for a field object asked again.
    by_object: JsValue,
}

/// Objects kept before the memory is cleared (core's checker clears its own at 10,000).
const OBJECTS_KEPT: usize = 10_000;

impl Checker {
    fn new(held: EngineHandle) -> Checker {
        Checker { fields: FieldChecker::new(held), objects: FxHashMap::default(), by_props: FxHashMap::default(), by_object: by_object_new() }
    }

    /// `checkField`: from memory when this field's properties were seen before, else through
    /// core's `FieldChecker`.
    fn check_js(&mut self, field: &JsValue) -> Result<JsValue, BindError> {
        let remembered = by_object_get(&self.by_object, field);
        if !remembered.is_undefined() {
            return Ok(remembered);
        }
        let props = field_props(field);
        // Not remembered by object here: a new object with known properties is most often a
        // throwaway copy, and a `WeakMap` entry for each would cost more than it saves.
        if let Some(object) = props.as_deref().and_then(|p| self.by_props.get(p)) {
            return Ok(object.clone());
        }
        let input = match props.as_deref().and_then(parse_props) {
            Some(input) => input,
            None => field_input(field)?,
        };
        let object = self.check(&input)?;
        if let (Some(props), Some(_)) = (props, input.as_of) {
            if self.by_props.len() >= OBJECTS_KEPT {
                self.by_props.clear();
            }
            self.by_props.insert(props, object.clone());
            by_object_set(&self.by_object, field, &object);
        }
        Ok(object)
    }

    fn check(&mut self, input: &FieldInput) -> Result<JsValue, BindError> {
        // The clock only for a field without `asOf` (reading it costs more than a remembered check).
        let today = if input.as_of.is_some() { None } else { today() };
        let check = self.fields.check(input, today)?;
        let key = Arc::as_ptr(&check) as usize;
        if let Some((_, object)) = self.objects.get(&key) {
            return Ok(object.clone());
        }
        let object = out(&FieldCheck::from(&*check))?;
        freeze(&object);
        if self.objects.len() >= OBJECTS_KEPT {
            self.objects.clear();
        }
        self.objects.insert(key, (check, object.clone()));
        Ok(object)
    }
}

/// `Object.freeze`, down through every nested object and array.
fn freeze(value: &JsValue) {
    if !value.is_object() {
        return;
    }
    let object: &js_sys::Object = value.unchecked_ref();
    for child in js_sys::Object::values(object).iter() {
        freeze(&child);
    }
    js_sys::Object::freeze(object);
}

/// A compiled policy set. `Engine.builtin()` holds the five built-in notices (compiled into
/// the module); `Engine.fromPolicies(files)` compiles others once and keeps them.
#[wasm_bindgen]
pub struct Engine {
    held: EngineHandle,
    /// Shared with the `Field`s made from this engine, which may outlive it.
    checker: Rc<RefCell<Checker>>,
}

fn builtin_core() -> Result<&'static Core, BindError> {
    Core::try_builtin().map_err(|e| BindError::from(e.clone()))
}

thread_local! {
    /// The free functions' checker (the built-in set); wasm32 has one thread.
    static BUILTIN_CHECKER: RefCell<Option<Rc<RefCell<Checker>>>> = const { RefCell::new(None) };
}

/// The free functions' checker.
fn builtin_checker() -> Result<Rc<RefCell<Checker>>, BindError> {
    let core = builtin_core()?;
    Ok(BUILTIN_CHECKER.with(|cell| cell.borrow_mut().get_or_insert_with(|| Rc::new(RefCell::new(Checker::new(EngineHandle::Builtin(core))))).clone()))
}

impl Engine {
    fn new(held: EngineHandle) -> Engine {
        Engine { checker: Rc::new(RefCell::new(Checker::new(held.clone()))), held }
    }

    fn core(&self) -> &Core {
        &self.held
    }
}

#[wasm_bindgen]
impl Engine {
    /// The built-in policy set.
    pub fn builtin() -> Result<Engine, JsValue> {
        Ok(Engine::new(EngineHandle::Builtin(builtin_core().map_err(throw)?)))
    }

    /// Compiles a policy set from files; every problem of every file is in the thrown
    /// error's `diagnostics`. Only the module built with feature `load` compiles policy files
    /// (`noticegate-wasm/load`); the default one throws `not_in_this_module`.
    #[wasm_bindgen(js_name = fromPolicies)]
    pub fn from_policies(#[wasm_bindgen(unchecked_param_type = "PolicyFiles")] files: JsValue) -> Result<Engine, JsValue> {
        load_policies(&files).map(Engine::new).map_err(throw)
    }

    /// `sha256:…` of the policy set; every decision carries it.
    #[wasm_bindgen(getter, js_name = policyHash)]
    pub fn policy_hash(&self) -> String {
        self.core().policy_hash().to_string()
    }

    /// Answers a question object with a decision object; a question error is thrown.
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn ask(&self, #[wasm_bindgen(unchecked_param_type = "Question")] question: JsValue) -> Result<JsValue, JsValue> {
        ask(self.core(), &question).map_err(throw)
    }

    /// Answers one JSON question line with one JSON line, byte for byte what the CLI gives
    /// (an error is a line too, never thrown).
    #[wasm_bindgen(js_name = askJson)]
    pub fn ask_json(&self, line: &str) -> String {
        self.core().ask_json_on(line, today())
    }

    /// Classifies a form field label or column name with core's classifier.
    #[wasm_bindgen(unchecked_return_type = "Classification")]
    pub fn classify(&self, text: &str) -> Result<JsValue, JsValue> {
        out(&Classification::from(self.core().classify(text))).map_err(throw)
    }

    /// Classifies a table's column names, each read in the context of all of them (what a row
    /// describes: a school's `Postcode` in a table keyed by `URN` is not a person's). In the
    /// `/load` module only: form builders check fields, and the default module's size budget
    /// (250 KB gzipped) has no room for table context.
    #[cfg(feature = "load")]
    #[wasm_bindgen(js_name = classifyFrame, unchecked_return_type = "Classification[]")]
    pub fn classify_frame(&self, names: Vec<String>) -> Result<JsValue, JsValue> {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let read: Vec<Classification> = self.core().classify_frame(&names).into_iter().map(Classification::from).collect();
        out(&read).map_err(throw)
    }

    /// Checks one form field: its category, and whether the service's notice covers it. A
    /// field seen before is answered from memory: the same frozen object.
    #[wasm_bindgen(js_name = checkField, unchecked_return_type = "FieldCheck")]
    pub fn check_field(&self, #[wasm_bindgen(unchecked_param_type = "FieldInput")] field: JsValue) -> Result<JsValue, JsValue> {
        self.checker.borrow_mut().check_js(&field).map_err(throw)
    }

    /// A field held for checking again and again: `field(f).check()` answers as
    /// `checkField(f)`, without reading `f` again (see `Field`).
    pub fn field(&self, #[wasm_bindgen(unchecked_param_type = "FieldInput")] field: JsValue) -> Result<Field, JsValue> {
        Field::new(self.checker.clone(), &field).map_err(throw)
    }

    /// Checks every field of a JSON Schema or SurveyJS form definition.
    #[wasm_bindgen(js_name = checkForm, unchecked_return_type = "FormCheck")]
    pub fn check_form(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FormDefinition")] definition: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] service: JsValue,
        #[wasm_bindgen(unchecked_param_type = "FormOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        check_form(self.core(), &definition, &service, &options).map_err(throw)
    }

    /// The notices and their services, for pickers.
    #[wasm_bindgen(unchecked_return_type = "NoticeInfo[]")]
    pub fn notices(&self) -> Result<JsValue, JsValue> {
        out(&notices(self.core())).map_err(throw)
    }
}

/// `Engine.builtin().ask(question)`.
#[wasm_bindgen(js_name = ask, unchecked_return_type = "Decision")]
pub fn ask_builtin(#[wasm_bindgen(unchecked_param_type = "Question")] question: JsValue) -> Result<JsValue, JsValue> {
    ask(builtin_core().map_err(throw)?, &question).map_err(throw)
}

/// `Engine.builtin().askJson(line)`.
#[wasm_bindgen(js_name = askJson)]
pub fn ask_json_builtin(line: &str) -> Result<String, JsValue> {
    Ok(builtin_core().map_err(throw)?.ask_json_on(line, today()))
}

/// `Engine.builtin().classify(text)`.
#[wasm_bindgen(js_name = classify, unchecked_return_type = "Classification")]
pub fn classify_builtin(text: &str) -> Result<JsValue, JsValue> {
    out(&Classification::from(builtin_core().map_err(throw)?.classify(text))).map_err(throw)
}

/// `Engine.builtin().checkField(field)`.
#[wasm_bindgen(js_name = checkField, unchecked_return_type = "FieldCheck")]
pub fn check_field_builtin(#[wasm_bindgen(unchecked_param_type = "FieldInput")] field: JsValue) -> Result<JsValue, JsValue> {
    builtin_checker().and_then(|checker| checker.borrow_mut().check_js(&field)).map_err(throw)
}

/// `Engine.builtin().field(field)`, with the free functions' memory.
#[wasm_bindgen(js_name = field)]
pub fn field_builtin(#[wasm_bindgen(unchecked_param_type = "FieldInput")] field: JsValue) -> Result<Field, JsValue> {
    builtin_checker().and_then(|checker| Field::new(checker, &field)).map_err(throw)
}

/// A field a caller checks again and again (a form builder's field, on every keystroke): its
/// properties are read and checked once, here, so a check is one call with no argument to
/// read, and a field with `asOf` keeps its answer, the same frozen object `checkField` gives.
/// Without `asOf` each check asks the engine's memory, as the day may have changed.
#[wasm_bindgen]
pub struct Field {
    checker: Rc<RefCell<Checker>>,
    input: FieldInput,
    answer: RefCell<Option<JsValue>>,
}

impl Field {
    fn new(checker: Rc<RefCell<Checker>>, field: &JsValue) -> Result<Field, BindError> {
        Ok(Field { checker, input: field_input(field)?, answer: RefCell::new(None) })
    }
}

#[wasm_bindgen]
impl Field {
    /// What the service's notice says about collecting this field: `checkField`'s answer.
    #[wasm_bindgen(unchecked_return_type = "FieldCheck")]
    pub fn check(&self) -> Result<JsValue, JsValue> {
        if let Some(answer) = &*self.answer.borrow() {
            return Ok(answer.clone());
        }
        let answer = self.checker.borrow_mut().check(&self.input).map_err(throw)?;
        if self.input.as_of.is_some() {
            *self.answer.borrow_mut() = Some(answer.clone());
        }
        Ok(answer)
    }
}

/// `Engine.builtin().checkForm(definition, service, options)`.
#[wasm_bindgen(js_name = checkForm, unchecked_return_type = "FormCheck")]
pub fn check_form_builtin(
    #[wasm_bindgen(unchecked_param_type = "FormDefinition")] definition: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] service: JsValue,
    #[wasm_bindgen(unchecked_param_type = "FormOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    check_form(builtin_core().map_err(throw)?, &definition, &service, &options).map_err(throw)
}

/// `Engine.builtin().notices()`.
#[wasm_bindgen(js_name = notices, unchecked_return_type = "NoticeInfo[]")]
pub fn notices_builtin() -> Result<JsValue, JsValue> {
    out(&notices(builtin_core().map_err(throw)?)).map_err(throw)
}

/// The version of this package's core.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

// ---- conversions ----

/// Today's date from the JavaScript clock (local calendar date); on the host, core's own.
fn today() -> Option<Date> {
    #[cfg(target_arch = "wasm32")]
    {
        let now = js_sys::Date::new_0();
        Date::parse(&format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date()))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// A `BindError` as a thrown JavaScript `Error` with `code`, `field`, `suggestions`.
fn throw(e: BindError) -> JsValue {
    let error = js_sys::Error::new(&e.message);
    error.set_name("NoticegateError");
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(&e.code));
    set("field", e.field.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    set("suggestions", e.suggestions.iter().map(|s| JsValue::from_str(s)).collect::<js_sys::Array>().into());
    if !e.diagnostics.is_empty() {
        if let Ok(json) = serde_json::to_string(&e.diagnostics) {
            set("diagnostics", js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL));
        }
    }
    error.into()
}

/// A Rust value as a plain JavaScript object (through JSON: one native parse).
fn out<T: serde::Serialize>(value: &T) -> Result<JsValue, BindError> {
    let json = serde_json::to_string(value).map_err(|e| BindError::new("internal", None, e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| BindError::new("internal", None, "could not build the result object"))
}

/// A JavaScript value (object, array, or JSON text) as JSON.
fn to_json(value: &JsValue, field: &str) -> Result<serde_json::Value, BindError> {
    if let Some(text) = value.as_string() {
        return serde_json::from_str(&text).map_err(|e| BindError::argument(field, format!("`{field}` is a string but not JSON: {e}")));
    }
    if value.is_undefined() || value.is_null() {
        return Err(BindError::argument(field, format!("`{field}` is missing")));
    }
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| BindError::argument(field, format!("`{field}` cannot be read as JSON (a function, a cycle or a BigInt?)")))?;
    serde_json::from_str(&text).map_err(|e| BindError::argument(field, format!("`{field}`: {e}")))
}

/// A form definition (object or JSON text) as JSON with its keys in document order.
fn form_json(value: &JsValue) -> Result<forms::Value, BindError> {
    let invalid = |message: String| BindError::new("invalid_form", Some("definition"), message);
    let text = match value.as_string() {
        Some(text) => text,
        None if value.is_undefined() || value.is_null() => return Err(invalid("the form definition is missing".into())),
        None => js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| invalid("the form definition cannot be read as JSON (a function, a cycle or a BigInt?)".into()))?,
    };
    forms::Value::parse(&text).map_err(|e| invalid(format!("the form definition is not valid JSON: {e}")))
}

fn ask(core: &Core, question: &JsValue) -> Result<JsValue, BindError> {
    let mut value = to_json(question, "question")?;
    let Some(map) = value.as_object_mut() else {
        return Err(BindError::new("invalid_json", None, "a question must be an object"));
    };
    if let Some(as_of) = map.remove("asOf") {
        if map.insert("as_of".to_string(), as_of).is_some() {
            return Err(BindError::new("invalid_field", Some("asOf"), "give `asOf` or `as_of`, not both"));
        }
    }
    let line = value.to_string();
    let mut q = noticegate::parse_question(&line).map_err(|f| BindError::from(f.error))?;
    if q.as_of.is_none() {
        q.as_of = today();
    }
    let decision = core.decide(&q)?;
    out(&Decision::from(decision))
}

/// An optional string property of a JavaScript object.
fn string_prop(object: &JsValue, key: &str, field: &str) -> Result<Option<String>, BindError> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(key)).map_err(|_| BindError::argument(field, format!("`{key}` cannot be read")))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| BindError::argument(field, format!("`{key}` must be a string, found {}", type_of(&value))))
}

fn type_of(value: &JsValue) -> String {
    value.js_typeof().as_string().unwrap_or_else(|| "a value".to_string())
}

fn date_arg(text: Option<String>, field: &str) -> Result<Option<Date>, BindError> {
    text.map(|t| Date::parse(&t).ok_or_else(|| BindError::new("invalid_field", Some(field), format!("`{field}` must be a date written YYYY-MM-DD, found \"{t}\""))))
        .transpose()
}

#[wasm_bindgen(inline_js = "
let read = null;
export function field_props(f) {
  read = null;
  if (f === null || typeof f !== 'object') return undefined;
  const values = [f.service, f.notice, f.label, f.name, f.type, f.asOf];
  let out = '';
  for (const v of values) {
    if (v == null) out += '\\0-';
    else if (typeof v === 'string' && !v.includes('\\0')) out += '\\0s' + v;
    else return undefined;
  }
  read = values;
  return out;
}
export function by_object_new() { return new WeakMap(); }
export function by_object_get(memo, f) {
  if (f === null || typeof f !== 'object') return undefined;
  const e = memo.get(f);
  if (e === undefined) return undefined;
  const v = e.values;
  return v[0] === f.service && v[1] === f.notice && v[2] === f.label && v[3] === f.name && v[4] === f.type && v[5] === f.asOf ? e.answer : undefined;
}
export function by_object_set(memo, f, answer) {
  if (read !== null) memo.set(f, { values: read, answer });
}
")]
extern "C" {
    /// A field object's six properties (`service`, `notice`, `label`, `name`, `type`, `asOf`)
    /// as one string, each `\0-` (absent) or `\0s` and the text: one crossing instead of
    /// twelve, and the key of a field seen before. `undefined` when one is neither a string
    /// nor absent, or holds a NUL (then they are read one by one, for the error naming it).
    fn field_props(field: &JsValue) -> Option<String>;
    /// A `WeakMap` from field objects to the answer given for them and the six values it was
    /// given for: the same object asked again, unchanged, is answered in JavaScript, without
    /// a string crossing into the module (a form builder asks for its fields on each render).
    fn by_object_new() -> JsValue;
    /// The answer remembered for this object, if its six properties are still the values it
    /// was given for (compared with `===`; a changed property misses).
    fn by_object_get(memo: &JsValue, field: &JsValue) -> JsValue;
    /// Remembers `answer` for `field` with the values the last `field_props` read from it.
    fn by_object_set(memo: &JsValue, field: &JsValue, answer: &JsValue);
}

/// `field_props`' string as core's `FieldInput`; `None` when it is not six properties with a
/// service, or `asOf` is not a date (read again one by one, for the error).
fn parse_props(props: &str) -> Option<FieldInput> {
    let mut parts = props.split('\0');
    if parts.next() != Some("") {
        return None;
    }
    let mut take = || match parts.next()? {
        "-" => Some(None),
        part => part.strip_prefix('s').map(|text| Some(text.to_string())),
    };
    let (service, notice, label, name, r#type, as_of) = (take()?, take()?, take()?, take()?, take()?, take()?);
    let as_of = match as_of {
        Some(text) => Some(Date::parse(&text)?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(FieldInput { service: service?, notice, label, name, r#type, as_of })
}

/// The properties `checkField` reads, in `field_props`' order.
type FieldProps = [Option<String>; 6];

/// Reads the properties one by one, each checked: the error names the first one at fault.
fn read_props(field: &JsValue) -> Result<FieldProps, BindError> {
    if !field.is_object() {
        return Err(BindError::argument("field", format!("checkField takes an object {{service, label, name, type}}, found {}", type_of(field))));
    }
    Ok([
        string_prop(field, "service", "service")?,
        string_prop(field, "notice", "notice")?,
        string_prop(field, "label", "label")?,
        string_prop(field, "name", "name")?,
        string_prop(field, "type", "type")?,
        string_prop(field, "asOf", "asOf")?,
    ])
}

/// A JavaScript field object as core's `FieldInput`, read property by property.
fn field_input(field: &JsValue) -> Result<FieldInput, BindError> {
    let [service, notice, label, name, r#type, as_of] = read_props(field)?;
    Ok(FieldInput {
        service: service.ok_or_else(|| BindError::new("missing_field", Some("service"), "`service` is missing: name a service of a notice"))?,
        notice,
        label,
        name,
        r#type,
        as_of: date_arg(as_of, "asOf")?,
    })
}

fn check_form(core: &Core, definition: &JsValue, service: &JsValue, options: &JsValue) -> Result<JsValue, BindError> {
    let definition = form_json(definition)?;
    let service = service
        .as_string()
        .ok_or_else(|| BindError::argument("service", format!("checkForm(definition, service): `service` must be a string, found {}", type_of(service))))?;
    let (notice, as_of) = if options.is_undefined() || options.is_null() {
        (None, None)
    } else if options.is_object() {
        (string_prop(options, "notice", "notice")?, date_arg(string_prop(options, "asOf", "asOf")?, "asOf")?)
    } else {
        return Err(BindError::argument("options", "checkForm's third argument must be an object {notice, asOf}"));
    };
    out(&FormCheck::from(&form_check::check_form(core, &definition, &service, notice.as_deref(), as_of, today())?))
}

/// `Engine.fromPolicies`: the files read and compiled by core.
#[cfg(feature = "load")]
fn load_policies(files: &JsValue) -> Result<EngineHandle, BindError> {
    let sources = policy_sources(&to_json(files, "files")?)?;
    Ok(EngineHandle::loaded(Core::load(&sources)?))
}

/// `Engine.fromPolicies` in the built-in-only module: a coded error saying where it is.
#[cfg(not(feature = "load"))]
fn load_policies(_files: &JsValue) -> Result<EngineHandle, BindError> {
    Err(BindError::new(
        "not_in_this_module",
        None,
        "this module answers from the built-in policies only; Engine.fromPolicies is in the module that compiles policy files: import it from 'noticegate-wasm/load' (or 'noticegate-wasm/load-web')",
    ))
}

/// Policy files from `{name: text}` or `[{name, text}]`.
#[cfg(feature = "load")]
pub fn policy_sources(files: &serde_json::Value) -> Result<noticegate::PolicySources, BindError> {
    let mut sources = noticegate::PolicySources::default();
    let mut add = |name: &str, text: &serde_json::Value| -> Result<(), BindError> {
        let text = text.as_str().ok_or_else(|| BindError::argument("files", format!("the text of \"{name}\" must be a string")))?;
        sources.add(name, text.to_string());
        Ok(())
    };
    match files {
        serde_json::Value::Object(map) => {
            for (name, text) in map {
                add(name, text)?;
            }
        }
        serde_json::Value::Array(list) => {
            for item in list {
                let name = item.get("name").and_then(|n| n.as_str()).ok_or_else(|| BindError::argument("files", "each file must be {name, text}"))?;
                add(name, item.get("text").unwrap_or(&serde_json::Value::Null))?;
            }
        }
        _ => return Err(BindError::argument("files", "policy files must be an object {name: text} or an array of {name, text}")),
    }
    if sources.policy_files.is_empty() {
        return Err(BindError::argument("files", "no policy files given (names ending in .toml)"));
    }
    Ok(sources)
}

/// The notices and their services.
pub fn notices(core: &Core) -> Vec<NoticeInfo> {
    let set = core.policy();
    set.notices
        .iter()
        .map(|n| NoticeInfo {
            id: n.id.clone(),
            title: n.title.clone(),
            controller: n.controller.clone(),
            source: n.source.clone(),
            services: n
                .activities
                .iter()
                .map(|&a| &set.activities[a as usize])
                .filter(|a| !a.is_notice_scope)
                .map(|a| ServiceInfo { id: a.id.clone(), label: a.label.clone(), aliases: a.aliases.clone() })
                .collect(),
        })
        .collect()
}
