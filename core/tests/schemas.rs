//! The JSON Schemas in `docs/` agree with the code: the policy schema admits exactly the keys
//! `parse::keys` admits, the question schema exactly `question::FIELDS`, and every decision
//! and error line the engine writes is valid under the decision schema. The real policy files
//! are valid under the policy schema, and known mistakes are not.
//!
//! A small hand-rolled checker stands in for a JSON Schema validator. It knows the keywords
//! these schemas use and panics on any other, so a constraint can never be ignored silently.

use std::collections::BTreeSet;

use noticegate::decision::answer_json;
use noticegate::parse::keys;
use noticegate::{question, Action, Ask, Date, Decision, Engine, ErrorCode, Named, Obligation, QuestionError, QuestionId, Reason, Verdict};
use serde_json::{json, Value};

fn load(name: &str) -> Value {
    let path = format!("{}/../docs/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

fn names_of(properties: &Value) -> BTreeSet<String> {
    properties.as_object().expect("`properties` is an object").keys().cloned().collect()
}

fn set(words: &[&str]) -> BTreeSet<String> {
    words.iter().map(|w| w.to_string()).collect()
}

fn strings(value: &Value) -> BTreeSet<String> {
    value.as_array().expect("an array").iter().map(|v| v.as_str().expect("a string").to_string()).collect()
}

// ------------------------------------------------------------------------------- the checker

/// Validates instances against one schema document (draft 2020-12, the keywords used here).
struct Checker<'s> {
    root: &'s Value,
}

const ANNOTATIONS: &[&str] = &["$schema", "$id", "$defs", "title", "description", "examples", "$comment"];

impl<'s> Checker<'s> {
    fn new(root: &'s Value) -> Self {
        Checker { root }
    }

    /// Every error of `instance` against the whole schema.
    fn errors(&self, instance: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.check(self.root, instance, "$", &mut out);
        out
    }

    fn resolve(&self, reference: &str) -> &'s Value {
        let name = reference.strip_prefix("#/$defs/").unwrap_or_else(|| panic!("only local $defs references are supported: {reference}"));
        self.root["$defs"].get(name).unwrap_or_else(|| panic!("dangling reference {reference}"))
    }

    fn valid(&self, schema: &Value, instance: &Value, at: &str) -> bool {
        let mut errors = Vec::new();
        self.check(schema, instance, at, &mut errors);
        errors.is_empty()
    }

    fn check(&self, schema: &Value, instance: &Value, at: &str, out: &mut Vec<String>) {
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return out.push(format!("{at}: nothing is allowed here")),
            Value::Object(map) => map,
            other => panic!("a schema must be an object or a boolean, found {other}"),
        };
        for (keyword, arg) in schema {
            match keyword.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                "$ref" => self.check(self.resolve(arg.as_str().expect("$ref is a string")), instance, at, out),
                "type" => {
                    let allowed: Vec<&str> = match arg {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(ts) => ts.iter().map(|t| t.as_str().expect("type names")).collect(),
                        _ => panic!("bad `type`"),
                    };
                    if !allowed.iter().any(|t| has_type(instance, t)) {
                        out.push(format!("{at}: {instance} is not of type {allowed:?}"));
                    }
                }
                "enum" => {
                    if !arg.as_array().expect("enum is an array").contains(instance) {
                        out.push(format!("{at}: {instance} is not one of {arg}"));
                    }
                }
                "const" => {
                    if arg != instance {
                        out.push(format!("{at}: {instance} is not {arg}"));
                    }
                }
                "format" => {
                    if let (Some("date"), Some(s)) = (arg.as_str(), instance.as_str()) {
                        if Date::parse(s).is_none() {
                            out.push(format!("{at}: \"{s}\" is not a date written YYYY-MM-DD"));
                        }
                    }
                    // Other formats (iri) are annotations, as in draft 2020-12 by default.
                }
                "pattern" => {
                    if let Some(s) = instance.as_str() {
                        if !matches_pattern(arg.as_str().expect("pattern is a string"), s) {
                            out.push(format!("{at}: \"{s}\" does not match {arg}"));
                        }
                    }
                }
                "minLength" => {
                    if let Some(s) = instance.as_str() {
                        if (s.chars().count() as u64) < arg.as_u64().expect("a count") {
                            out.push(format!("{at}: \"{s}\" is too short"));
                        }
                    }
                }
                "properties" => {
                    if let Some(object) = instance.as_object() {
                        for (name, sub) in arg.as_object().expect("properties is an object") {
                            if let Some(value) = object.get(name) {
                                self.check(sub, value, &format!("{at}.{name}"), out);
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    if let Some(object) = instance.as_object() {
                        let declared = schema.get("properties").and_then(Value::as_object);
                        for (name, value) in object {
                            if declared.is_some_and(|d| d.contains_key(name)) {
                                continue;
                            }
                            match arg {
                                Value::Bool(false) => out.push(format!("{at}: key `{name}` is not declared in the schema")),
                                sub => self.check(sub, value, &format!("{at}.{name}"), out),
                            }
                        }
                    }
                }
                "required" => {
                    if let Some(object) = instance.as_object() {
                        for name in arg.as_array().expect("required is an array") {
                            let name = name.as_str().expect("required names");
                            if !object.contains_key(name) {
                                out.push(format!("{at}: required key `{name}` is missing"));
                            }
                        }
                    }
                }
                "dependentRequired" => {
                    if let Some(object) = instance.as_object() {
                        for (key, needs) in arg.as_object().expect("dependentRequired is an object") {
                            if !object.contains_key(key) {
                                continue;
                            }
                            for need in needs.as_array().expect("a list of keys") {
                                let need = need.as_str().expect("key names");
                                if !object.contains_key(need) {
                                    out.push(format!("{at}: `{key}` needs `{need}`"));
                                }
                            }
                        }
                    }
                }
                "maxProperties" => {
                    if let Some(object) = instance.as_object() {
                        if object.len() as u64 > arg.as_u64().expect("a count") {
                            out.push(format!("{at}: more than {arg} keys"));
                        }
                    }
                }
                "items" => {
                    if let Some(items) = instance.as_array() {
                        for (i, item) in items.iter().enumerate() {
                            self.check(arg, item, &format!("{at}[{i}]"), out);
                        }
                    }
                }
                "minItems" | "maxItems" => {
                    if let Some(items) = instance.as_array() {
                        let n = arg.as_u64().expect("a count") as usize;
                        let bad = if keyword == "minItems" { items.len() < n } else { items.len() > n };
                        if bad {
                            out.push(format!("{at}: {} items, {keyword} is {n}", items.len()));
                        }
                    }
                }
                "allOf" => {
                    for sub in arg.as_array().expect("allOf is an array") {
                        self.check(sub, instance, at, out);
                    }
                }
                "anyOf" => {
                    if !arg.as_array().expect("anyOf is an array").iter().any(|sub| self.valid(sub, instance, at)) {
                        out.push(format!("{at}: {instance} matches none of anyOf"));
                    }
                }
                "oneOf" => {
                    let branches = arg.as_array().expect("oneOf is an array");
                    let passing = branches.iter().filter(|sub| self.valid(sub, instance, at)).count();
                    if passing != 1 {
                        // Show why each branch failed, to make a failure readable.
                        let mut why = Vec::new();
                        for sub in branches {
                            self.check(sub, instance, at, &mut why);
                        }
                        out.push(format!("{at}: matches {passing} branches of oneOf, not exactly one: {why:?}"));
                    }
                }
                "not" => {
                    if self.valid(arg, instance, at) {
                        out.push(format!("{at}: must not match {arg}"));
                    }
                }
                "if" => {
                    let branch = if self.valid(arg, instance, at) { schema.get("then") } else { schema.get("else") };
                    if let Some(branch) = branch {
                        self.check(branch, instance, at, out);
                    }
                }
                "then" | "else" => {} // applied by "if"
                other => panic!("the schema checker does not know the keyword `{other}`; teach it before using it"),
            }
        }
    }
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        other => panic!("unknown type name {other}"),
    }
}

/// The regular expressions the schemas use, each implemented by hand (no regex crate).
fn matches_pattern(pattern: &str, s: &str) -> bool {
    match pattern {
        "\\S" => s.chars().any(|c| !c.is_whitespace()),
        "^sha256:[0-9a-f]{64}$" => {
            s.strip_prefix("sha256:").is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        }
        other => panic!("the schema checker does not know the pattern {other:?}; teach it before using it"),
    }
}

#[test]
fn the_checker_catches_what_it_claims_to() {
    let schema = json!({
        "type": "object", "additionalProperties": false, "required": ["a"],
        "properties": {"a": {"type": "string", "pattern": "\\S", "enum": ["x", " "]}, "b": {"$ref": "#/$defs/d"}},
        "$defs": {"d": {"type": "string", "format": "date"}}
    });
    let c = Checker::new(&schema);
    assert!(c.errors(&json!({"a": "x", "b": "2024-02-29"})).is_empty());
    assert_eq!(c.errors(&json!({"a": "x", "c": 1})).len(), 1);
    assert_eq!(c.errors(&json!({"b": "2023-02-29"})).len(), 2);
    assert_eq!(c.errors(&json!({"a": " "})).len(), 1);
    assert_eq!(c.errors(&json!({"a": "y"})).len(), 1);
}

// ------------------------------------------------------------------------ (a) policy schema

#[test]
fn policy_schema_admits_exactly_the_keys_the_reader_admits() {
    let schema = load("policy.schema.json");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(names_of(&schema["properties"]), set(keys::TOP), "top-level tables");
    let kinds: [(&str, &[&str]); 10] = [
        ("category", keys::CATEGORY),
        ("recipient", keys::RECIPIENT),
        ("basis", keys::BASIS),
        ("purpose", keys::PURPOSE),
        ("source", keys::SOURCE),
        ("fact", keys::FACT),
        ("notice", keys::NOTICE),
        ("activity", keys::ACTIVITY),
        ("activity_basis", keys::ACTIVITY_BASIS),
        ("rule", keys::RULE),
    ];
    for (kind, allowed) in kinds {
        let def = &schema["$defs"][kind];
        assert_eq!(def["type"], "object", "{kind}");
        assert_eq!(def["additionalProperties"], false, "{kind} must reject unknown keys, as the reader does");
        assert_eq!(names_of(&def["properties"]), set(allowed), "keys of {kind}");
        for (key, property) in def["properties"].as_object().unwrap() {
            let text = property["description"].as_str().unwrap_or("");
            assert!(text.len() > 20, "{kind}.{key} needs a description for the people who maintain policies");
        }
    }
    // Every top-level table points at its kind's definition; activity.basis at activity_basis.
    for kind in keys::TOP {
        let p = &schema["properties"][*kind];
        let reference = p["items"]["$ref"].as_str().or(p["$ref"].as_str()).unwrap();
        assert_eq!(reference, format!("#/$defs/{kind}"));
    }
    assert_eq!(schema["$defs"]["activity"]["properties"]["basis"]["items"]["$ref"], "#/$defs/activity_basis");

    let required = |kind: &str| strings(&schema["$defs"][kind]["required"]);
    for kind in ["category", "recipient", "purpose", "source"] {
        assert_eq!(required(kind), set(&["id", "label"]), "{kind}");
    }
    assert_eq!(required("basis"), set(&["id", "label", "article"]));
    assert_eq!(required("fact"), set(&["id", "label", "type"]));
    assert_eq!(required("notice"), set(&["id", "title", "controller", "role", "source", "regime"]));
    assert_eq!(required("activity"), set(&["id", "label"]));
    assert_eq!(required("activity_basis"), set(&["basis", "section", "quote"]));
    assert_eq!(required("rule"), set(&["id", "action", "effect", "section", "quote"]));

    let actions: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
    assert_eq!(strings(&schema["$defs"]["rule"]["properties"]["action"]["enum"]), set(&actions));
    assert_eq!(strings(&schema["$defs"]["rule"]["properties"]["effect"]["enum"]), set(&["permit", "deny"]));
    assert_eq!(strings(&schema["$defs"]["fact"]["properties"]["type"]["enum"]), set(&["bool", "date", "number", "enum"]));
    assert_eq!(strings(&schema["$defs"]["notice"]["properties"]["role"]["enum"]), set(&["controller", "processor", "controller_or_processor"]));
}

/// A TOML document as the JSON a schema-aware editor validates: dates become strings.
fn toml_to_json(text: &str) -> Value {
    use toml::de::{DeTable, DeValue};
    fn value(v: &DeValue<'_>) -> Value {
        match v {
            DeValue::String(s) => Value::String(s.to_string()),
            DeValue::Integer(i) => json!(i64::from_str_radix(i.as_str(), i.radix()).expect("an i64")),
            DeValue::Float(f) => json!(f.as_str().parse::<f64>().expect("a float")),
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Datetime(d) => Value::String(d.to_string()),
            DeValue::Array(items) => Value::Array(items.iter().map(|i| value(i.get_ref())).collect()),
            DeValue::Table(t) => table(t),
        }
    }
    fn table(t: &DeTable<'_>) -> Value {
        Value::Object(t.iter().map(|(k, v)| (k.get_ref().to_string(), value(v.get_ref()))).collect())
    }
    table(DeTable::parse(text).expect("valid TOML").get_ref())
}

fn policy_files() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies"), &mut out);
    out.sort();
    out
}

#[test]
fn every_policy_file_is_valid_under_the_schema_it_names() {
    let schema = load("policy.schema.json");
    let checker = Checker::new(&schema);
    let files = policy_files();
    assert!(files.len() >= 2, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let directive = text.lines().next().unwrap_or("");
        let target = directive.strip_prefix("#:schema ").unwrap_or_else(|| panic!("{}: first line must be a #:schema directive", path.display()));
        let resolved = path.parent().unwrap().join(target);
        assert!(resolved.ends_with("docs/policy.schema.json") && resolved.exists(), "{}: #:schema points at {}", path.display(), resolved.display());
        let errors = checker.errors(&toml_to_json(&text));
        assert!(errors.is_empty(), "{}:\n{}", path.display(), errors.join("\n"));
    }
}

#[test]
fn the_policy_schema_rejects_what_the_reader_rejects() {
    let schema = load("policy.schema.json");
    let checker = Checker::new(&schema);
    let rule = r#"
[notice]
id = "n"
title = "N"
controller = "C"
role = "controller"
source = "n.txt"
regime = "UK GDPR"

[[fact]]
id = "role"
label = "Role"
type = "enum"
values = ["a", "b", "c"]

[[rule]]
id = "r"
action = "share"
effect = "permit"
recipients = "pcg_uk"
when = { consent_withdrawn = false, role = ["a", "b"] }
valid_from = 2024-01-01
section = "S"
quote = "Q"
"#;
    assert_eq!(checker.errors(&toml_to_json(rule)), Vec::<String>::new());
    assert!(loads(rule), "the sample must load, so that each mistake below is the only one");
    let bad = [
        ("an unknown key", rule.replace("effect = \"permit\"", "efect = \"permit\"")),
        ("a missing quote", rule.replace("quote = \"Q\"", "")),
        ("an action the code does not know", rule.replace("action = \"share\"", "action = \"transfer\"")),
        ("an effect the code does not know", rule.replace("effect = \"permit\"", "effect = \"allow\"")),
        ("recipients on a collect rule", rule.replace("action = \"share\"", "action = \"collect\"")),
        ("a condition that is a number", rule.replace("consent_withdrawn = false", "consent_withdrawn = 1")),
        ("a blank section", rule.replace("section = \"S\"", "section = \"  \"")),
        ("a date that does not exist", rule.replace("2024-01-01", "\"2023-02-29\"")),
        ("an unknown role", rule.replace("role = \"controller\"", "role = \"owner\"")),
        ("a notice without its source", rule.replace("source = \"n.txt\"", "")),
        ("rules without a [notice]", rule.split("[[fact]]").nth(1).map(|r| format!("[[fact]]{r}")).unwrap()),
        ("a list of numbers as a name list", rule.replace("recipients = \"pcg_uk\"", "recipients = [1]")),
        ("an unknown top-level table", format!("{rule}\n[[retention]]\nid = \"x\"\n")),
        ("a fact without type", "[[fact]]\nid = \"f\"\nlabel = \"F\"\n".to_string()),
        ("an enum fact without values", "[[fact]]\nid = \"f\"\nlabel = \"F\"\ntype = \"enum\"\n".to_string()),
        ("a basis without article", "[[basis]]\nid = \"b\"\nlabel = \"B\"\n".to_string()),
        ("a category both special and criminal", "[[category]]\nid = \"c\"\nlabel = \"C\"\nspecial_category = true\ncriminal_offence = true\n".to_string()),
        ("an activity basis without quote", "[notice]\nid = \"n\"\ntitle = \"N\"\ncontroller = \"C\"\nrole = \"processor\"\nsource = \"n.txt\"\nregime = \"R\"\n[[activity]]\nid = \"a\"\nlabel = \"A\"\n[[activity.basis]]\nbasis = \"art6_1_a\"\nsection = \"S\"\n".to_string()),
    ];
    for (what, text) in bad {
        assert!(!checker.errors(&toml_to_json(&text)).is_empty(), "the schema accepts {what}");
        assert!(!loads(&text), "the engine accepts {what}, which the schema rejects");
    }
}

/// Whether a policy file loads beside the built-in vocabulary (quotes unchecked: no texts).
fn loads(text: &str) -> bool {
    let mut sources = Engine::builtin_sources();
    sources.notice_texts.clear();
    sources.add("sample.toml", text);
    Engine::load(&sources).is_ok()
}

// ---------------------------------------------------------------------- (b) question schema

#[test]
fn question_schema_has_exactly_the_wire_fields() {
    let schema = load("question.schema.json");
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(names_of(&schema["properties"]), set(&question::FIELDS));
    assert_eq!(strings(&schema["required"]), set(&["ask"]));
    let asks: Vec<&str> = Ask::ALL.iter().map(|a| a.name()).collect();
    assert_eq!(strings(&schema["properties"]["ask"]["enum"]), set(&asks));
    for (field, property) in schema["properties"].as_object().unwrap() {
        assert!(property["description"].as_str().is_some_and(|d| d.len() > 20), "{field} needs a description");
    }
}

#[test]
fn questions_the_engine_reads_are_valid_and_mistakes_are_not() {
    let schema = load("question.schema.json");
    let checker = Checker::new(&schema);
    let good = [
        r#"{"id":"q-1","ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23"}"#,
        r#"{"id":7,"ask":"collect","notice":"004_2870dd7688b53867.txt","category":"Name","basis":null,"purpose":null,"facts":{"consent_withdrawn":true}}"#,
        r#"{"ask":"use","service":"Community Directory","category":"Name","purpose":"promotion","facts":{"n":3,"d":"2026-01-01"}}"#,
        r#"{"ask":"transfer","service":"Community Directory","category":"Name","country":"US"}"#,
    ];
    for line in good {
        assert!(noticegate::parse_question(line).is_ok(), "{line}");
        assert_eq!(checker.errors(&serde_json::from_str(line).unwrap()), Vec::<String>::new(), "{line}");
    }
    // A question built in Rust with every field set serialises to schema-valid JSON.
    let mut q = noticegate::Question::new(Ask::Share);
    q.id = Some(QuestionId::Text("q".into()));
    q.service = Some("Community Directory".into());
    q.category = Some("Name".into());
    q.recipient = Some("PCG UK".into());
    q.basis = Some("consent".into());
    q.as_of = Date::parse("2026-11-23");
    q.facts.insert("consent_withdrawn".into(), noticegate::FactInput::Bool(false));
    let value: Value = serde_json::from_str(&q.to_json()).unwrap();
    assert_eq!(checker.errors(&value), Vec::<String>::new());

    let bad = [
        r#"{"ask":"share","recipent":"PCG UK","service":"S","category":"C"}"#,
        r#"{"service":"S","category":"C"}"#,
        r#"{"ask":"shar","service":"S","category":"C"}"#,
        r#"{"ask":"share","service":"S","category":"C"}"#,
        r#"{"ask":"share","category":"C","recipient":"R"}"#,
        r#"{"ask":"collect","service":"S","category":"C","recipient":"R"}"#,
        r#"{"ask":"use","service":"S","category":"C"}"#,
        r#"{"ask":"share","service":"S","category":"C","recipient":"R","country":"US"}"#,
        r#"{"ask":"collect","service":"S","category":3}"#,
        r#"{"ask":"collect","service":"S","category":"C","as_of":"2026-02-30"}"#,
        r#"{"ask":"collect","service":"S","category":"C","facts":{"f":[1]}}"#,
    ];
    for line in bad {
        assert!(!checker.errors(&serde_json::from_str(line).unwrap()).is_empty(), "the schema accepts {line}");
        let answer: Value = serde_json::from_str(&Engine::builtin().ask_json(line)).unwrap();
        assert!(answer.get("error").is_some(), "the engine answers {line} with {answer}");
    }
}

// ---------------------------------------------------------------------- (c) decision schema

/// Every key of `value` is declared in `def` (following `$ref`), recursively, and every key
/// `def` requires is present.
fn assert_keys_declared(schema: &Value, def: &Value, value: &Value, at: &str) {
    let def = match def.get("$ref").and_then(Value::as_str) {
        Some(r) => &schema["$defs"][r.strip_prefix("#/$defs/").unwrap()],
        None => def,
    };
    if let Some(object) = value.as_object() {
        let properties = def["properties"].as_object().unwrap_or_else(|| panic!("{at}: the schema declares no properties for {value}"));
        for (key, v) in object {
            let property = properties.get(key).unwrap_or_else(|| panic!("{at}: key `{key}` is not declared in decision.schema.json"));
            assert_keys_declared(schema, property, v, &format!("{at}.{key}"));
        }
        for key in def["required"].as_array().into_iter().flatten() {
            let key = key.as_str().unwrap();
            assert!(object.contains_key(key), "{at}: required key `{key}` is missing from {value}");
        }
    } else if let Some(items) = value.as_array() {
        for (i, item) in items.iter().enumerate() {
            if def.get("items").is_some() {
                assert_keys_declared(schema, &def["items"], item, &format!("{at}[{i}]"));
            }
        }
    }
}

fn check_line(schema: &Value, line: &str) -> Value {
    let value: Value = serde_json::from_str(line).unwrap();
    let def = if value.get("error").is_some() { json!({"$ref": "#/$defs/error_line"}) } else { json!({"$ref": "#/$defs/decision"}) };
    assert_keys_declared(schema, &def, &value, "$");
    assert_eq!(Checker::new(schema).errors(&value), Vec::<String>::new(), "{line}");
    value
}

#[test]
fn real_decisions_and_errors_are_valid_under_the_decision_schema() {
    let schema = load("decision.schema.json");
    let engine = Engine::builtin();
    let share = r#"{"id":"q-1","ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23"}"#;
    let v = check_line(&schema, &engine.ask_json(share));
    assert_eq!(v["verdict"], "conditional");
    assert!(!v["obligations"].as_array().unwrap().is_empty() && !v["reasons"].as_array().unwrap().is_empty());
    assert!(v["reasons"][0].get("note").is_some(), "the PCG UK rule has a note, so `note` is exercised");

    let lines = [
        r#"{"id":"q-2","ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23","facts":{"consent_withdrawn":false,"data_processing_agreement":true}}"#,
        r#"{"id":3,"ask":"collect","service":"Community Directory","category":"Telephone number","as_of":"2026-11-23","facts":{"consent_withdrawn":true}}"#,
        r#"{"ask":"use","service":"Community Directory","category":"Name","purpose":"promotion","basis":"Article 6(1)(b)","as_of":"2026-11-23"}"#,
        r#"{"ask":"share","service":"Community Directory","category":"emial adress","recipient":"PCG UK"}"#,
        r#"{"id":"e","ask":"share","service":"Community Directory","recipent":"PCG UK"}"#,
        r#"{"id":"t","ask":"transfer","service":"Community Directory","category":"Name","country":"US"}"#,
        "not json",
    ];
    let mut verdicts = BTreeSet::new();
    let mut codes = BTreeSet::new();
    for line in lines {
        let v = check_line(&schema, &engine.ask_json(line));
        if let Some(verdict) = v["verdict"].as_str() {
            verdicts.insert(verdict.to_string());
        }
        if let Some(code) = v["error"]["code"].as_str() {
            codes.insert(code.to_string());
        }
    }
    assert_eq!(verdicts, set(&["permit", "deny", "not_stated"]));
    assert_eq!(codes, set(&["unknown_name", "unknown_field", "unsupported_question", "invalid_json"]));
}

#[test]
fn decision_schema_declares_every_field_the_types_can_write() {
    let schema = load("decision.schema.json");
    let named = Named { id: "x".into(), label: "X".into() };
    // Every optional field set, so every key the struct can write appears.
    let full = Decision {
        id: Some(QuestionId::Number(7.into())),
        verdict: Verdict::Conditional,
        obligations: vec![
            Obligation { fact: "f".into(), text: "f holds".into(), expect: json!(true) },
            Obligation { fact: "g".into(), text: "g is one of: a".into(), expect: json!(["a"]) },
        ],
        reasons: vec![Reason {
            rule: "r".into(),
            effect: "permit".into(),
            notice: "n.txt".into(),
            section: "S".into(),
            quote: "Q".into(),
            note: Some("N".into()),
        }],
        bases: vec![named.clone()],
        special_category: Some(false),
        criminal_offence: Some(false),
        disposal_date: Some("2030-01-01".into()),
        disposal_dates: vec![noticegate::decision::DisposalDate {
            date: "2030-01-01".into(),
            after: "date_of_birth".into(),
            period: "25 years".into(),
            applies: true,
        }],
        schedule: Some("ED1.3.1".into()),
        rights: Some(vec![noticegate::decision::RightAnswer {
            id: named.id.clone(),
            label: named.label.clone(),
            verdict: noticegate::Verdict::Permit,
            because: "UK GDPR Article 15".into(),
        }]),
        mechanism: Some(noticegate::decision::Mechanism {
            id: named.id.clone(),
            label: named.label.clone(),
            article: "45".into(),
            legal_source: "s".into(),
        }),
        notes: vec!["n".into()],
        policy_hash: Engine::builtin().policy_hash().into(),
    };
    let value = serde_json::to_value(&full).unwrap();
    let written: BTreeSet<String> = value.as_object().unwrap().keys().cloned().collect();
    assert_eq!(written, names_of(&schema["$defs"]["decision"]["properties"]), "Decision fields vs schema");
    assert_eq!(names_of(&value["reasons"][0]), names_of(&schema["$defs"]["reason"]["properties"]));
    assert_eq!(names_of(&value["obligations"][0]), names_of(&schema["$defs"]["obligation"]["properties"]));
    check_line(&schema, &value.to_string());

    let mut error = QuestionError::new(ErrorCode::UnknownName, Some("category"), "no category is named \"x\"");
    error.suggestions = vec!["Name".into()];
    let line = answer_json(Some(&QuestionId::Text("q".into())), &Err(error));
    let value = check_line(&schema, &line);
    assert_eq!(names_of(&value), names_of(&schema["$defs"]["error_line"]["properties"]));
    assert_eq!(names_of(&value["error"]), names_of(&schema["$defs"]["error"]["properties"]));
    check_line(&schema, &answer_json(None, &Err(QuestionError::new(ErrorCode::InvalidJson, None, "x"))));

    // The enums are the serde names of every variant (the matches fail to compile when a
    // variant is added, so this list cannot fall behind).
    let verdicts = [Verdict::Permit, Verdict::Conditional, Verdict::Deny, Verdict::NotStated];
    for v in verdicts {
        match v {
            Verdict::Permit | Verdict::Conditional | Verdict::Deny | Verdict::NotStated => {}
        }
    }
    let codes = [
        ErrorCode::InvalidJson,
        ErrorCode::MissingField,
        ErrorCode::UnknownField,
        ErrorCode::InvalidField,
        ErrorCode::UnknownName,
        ErrorCode::AmbiguousName,
        ErrorCode::UnsupportedQuestion,
    ];
    for c in codes {
        match c {
            ErrorCode::InvalidJson
            | ErrorCode::MissingField
            | ErrorCode::UnknownField
            | ErrorCode::InvalidField
            | ErrorCode::UnknownName
            | ErrorCode::AmbiguousName
            | ErrorCode::UnsupportedQuestion => {}
        }
    }
    let serde_names = |values: Vec<Value>| -> BTreeSet<String> { values.iter().map(|v| v.as_str().unwrap().to_string()).collect() };
    assert_eq!(
        serde_names(verdicts.iter().map(|v| serde_json::to_value(v).unwrap()).collect()),
        strings(&schema["$defs"]["decision"]["properties"]["verdict"]["enum"])
    );
    assert_eq!(
        serde_names(codes.iter().map(|c| serde_json::to_value(c).unwrap()).collect()),
        strings(&schema["$defs"]["error"]["properties"]["code"]["enum"])
    );
}
