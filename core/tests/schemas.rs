//! The JSON Schemas in `docs/` agree with the code: the policy schema admits exactly the keys
//! `parse::keys` admits, the question schema exactly `question::FIELDS`, and every decision
//! and error line the engine writes is valid under the decision schema. The real policy files
//! are valid under the policy schema, and known mistakes are not. The types of the shared
//! facts (`vocabulary.toml`, `law/`) are in the policy schema too, and kept equal to the files.
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
                "minimum" | "maximum" => {
                    if let Some(n) = instance.as_f64() {
                        let bound = arg.as_f64().expect("a number");
                        let bad = if keyword == "minimum" { n < bound } else { n > bound };
                        if bad {
                            out.push(format!("{at}: {n} is outside the {keyword} {bound}"));
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
    let bounded = json!({"type": "integer", "minimum": 0, "maximum": 1000});
    let c = Checker::new(&bounded);
    assert!(c.errors(&json!(0)).is_empty() && c.errors(&json!(1000)).is_empty());
    assert_eq!(c.errors(&json!(-1)).len(), 1);
    assert_eq!(c.errors(&json!(1001)).len(), 1);
    assert_eq!(c.errors(&json!(1.5)).len(), 1);
    let one_bound = json!({"type": "object", "additionalProperties": false, "properties": {"x": {}, "y": {}}, "oneOf": [{"required": ["x"]}, {"required": ["y"]}], "if": {"required": ["x"]}, "then": {"not": {}}});
    let c = Checker::new(&one_bound);
    assert!(c.errors(&json!({"y": 1})).is_empty());
    assert!(!c.errors(&json!({"x": 1})).is_empty(), "`then: not {{}}` rejects");
    assert!(!c.errors(&json!({})).is_empty() && !c.errors(&json!({"x": 1, "y": 1})).is_empty() && !c.errors(&json!({"z": 1})).is_empty());
}

// ------------------------------------------------------------------------ (a) policy schema

#[test]
fn policy_schema_admits_exactly_the_keys_the_reader_admits() {
    let schema = load("policy.schema.json");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(names_of(&schema["properties"]), set(keys::TOP), "top-level tables");
    let kinds: [(&str, &[&str]); 19] = [
        ("category", keys::CATEGORY),
        ("recipient", keys::RECIPIENT),
        ("basis", keys::BASIS),
        ("purpose", keys::PURPOSE),
        ("source", keys::SOURCE),
        ("fact", keys::FACT),
        ("country", keys::COUNTRY),
        ("mechanism", keys::MECHANISM),
        ("record", keys::RECORD),
        ("right", keys::RIGHT),
        ("notice", keys::NOTICE),
        ("activity", keys::ACTIVITY),
        ("activity_basis", keys::ACTIVITY_BASIS),
        ("rule", keys::RULE),
        ("retention", keys::RETENTION),
        ("period", keys::PERIOD),
        ("findings", keys::FINDINGS),
        ("findings_section", keys::FINDINGS_SECTION),
        ("finding", keys::FINDING),
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
    assert_eq!(schema["$defs"]["retention"]["properties"]["periods"]["items"]["$ref"], "#/$defs/period");
    // Conditions: `when` of rules and `requires` of mechanisms are the same language.
    assert_eq!(schema["$defs"]["rule"]["properties"]["when"]["$ref"], "#/$defs/conditions");
    assert_eq!(schema["$defs"]["mechanism"]["properties"]["requires"]["$ref"], "#/$defs/conditions");

    let required = |kind: &str| strings(&schema["$defs"][kind]["required"]);
    for kind in ["category", "recipient", "purpose", "source", "country", "record", "right"] {
        assert_eq!(required(kind), set(&["id", "label"]), "{kind}");
    }
    assert_eq!(required("mechanism"), set(&["id", "label", "article", "legal_source"]));
    assert_eq!(required("retention"), set(&["id", "section", "quote"]));
    assert_eq!(required("period"), set(&["after"]));
    assert_eq!(required("basis"), set(&["id", "label", "article"]));
    assert_eq!(required("fact"), set(&["id", "label", "type"]));
    assert_eq!(required("notice"), set(&["id", "title", "controller", "role", "source", "regime"]));
    assert_eq!(required("activity"), set(&["id", "label"]));
    assert_eq!(required("activity_basis"), set(&["basis", "section", "quote"]));
    assert_eq!(required("rule"), set(&["id", "action", "effect", "section", "quote"]));

    let actions: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
    assert_eq!(strings(&schema["$defs"]["rule"]["properties"]["action"]["enum"]), set(&actions));
    let effects: Vec<&str> = noticegate::model::Effect::ALL.iter().map(|e| e.name()).collect();
    assert_eq!(strings(&schema["$defs"]["rule"]["properties"]["effect"]["enum"]), set(&effects));
    assert_eq!(strings(&schema["$defs"]["fact"]["properties"]["type"]["enum"]), set(&["bool", "date", "number", "enum"]));
    assert_eq!(strings(&schema["$defs"]["notice"]["properties"]["role"]["enum"]), set(&["controller", "processor", "controller_or_processor"]));
    assert_eq!(strings(&schema["$defs"]["basis"]["properties"]["article"]["enum"]), set(noticegate::parse::ARTICLES));
    assert_eq!(strings(&schema["$defs"]["mechanism"]["properties"]["article"]["enum"]), set(noticegate::parse::MECHANISM_ARTICLES));
    assert_eq!(strings(&schema["$defs"]["retention"]["properties"]["combine"]["enum"]), set(&["latest", "earliest", "either"]));
}

/// The facts of the shared vocabulary and the law files are typed in `$defs.conditions`, so
/// that the schema (like the loader) rejects a test that does not fit the fact's type; a
/// fact of a notice file falls to the generic test and is checked by the loader only.
#[test]
fn the_shared_facts_are_typed_in_the_policy_schema() {
    let schema = load("policy.schema.json");
    let policies = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let mut files = vec![policies.join("vocabulary.toml")];
    files.extend(policy_files().into_iter().filter(|p| p.parent().is_some_and(|d| d.ends_with("law"))));
    let mut expected = std::collections::BTreeMap::new();
    for path in &files {
        let document = toml_to_json(&std::fs::read_to_string(path).unwrap());
        for fact in document["fact"].as_array().into_iter().flatten() {
            let test = match fact["type"].as_str().unwrap() {
                "bool" => "bool_test",
                "enum" => "enum_test",
                "number" => "number_test",
                "date" => "no_test",
                other => panic!("unknown fact type {other}"),
            };
            expected.insert(fact["id"].as_str().unwrap().to_string(), format!("#/$defs/{test}"));
        }
    }
    assert!(expected.len() >= 5, "{files:?}");
    let typed = schema["$defs"]["conditions"]["properties"].as_object().expect("$defs.conditions.properties");
    let actual: std::collections::BTreeMap<String, String> =
        typed.iter().map(|(k, v)| (k.clone(), v["$ref"].as_str().unwrap_or("").to_string())).collect();
    assert_eq!(
        actual, expected,
        "docs/policy.schema.json $defs.conditions.properties must list every fact of policies/vocabulary.toml and policies/law/*.toml with {{\"$ref\": \"#/$defs/<type>_test\"}}"
    );
    for (id, v) in typed {
        let text = v["description"].as_str().unwrap_or("");
        assert!(text.starts_with("A ") && text.contains(" fact of policies/"), "{id}: the description says the fact's type and file: {text}");
    }
    assert_eq!(schema["$defs"]["conditions"]["additionalProperties"]["$ref"], "#/$defs/fact_test");
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
when = { required_by_law = false, role = ["a", "b"] }
valid_from = 2024-01-01
section = "S"
quote = "Q"
"#;
    assert_eq!(checker.errors(&toml_to_json(rule)), Vec::<String>::new());
    assert!(loads(rule), "the sample must load, so that each mistake below is the only one");
    let bad = [
        ("an unknown key", rule.replace("effect = \"permit\"", "efect = \"permit\"")),
        ("a missing quote", rule.replace("quote = \"Q\"", "")),
        ("an action the code does not know", rule.replace("action = \"share\"", "action = \"disclose\"")),
        ("retention written as a rule", rule.replace("action = \"share\"", "action = \"retention\"")),
        ("an effect the code does not know", rule.replace("effect = \"permit\"", "effect = \"allow\"")),
        ("recipients on a collect rule", rule.replace("action = \"share\"", "action = \"collect\"")),
        ("a condition that is a number", rule.replace("required_by_law = false", "required_by_law = 1")),
        ("a blank section", rule.replace("section = \"S\"", "section = \"  \"")),
        ("a date that does not exist", rule.replace("2024-01-01", "\"2023-02-29\"")),
        ("an unknown role", rule.replace("role = \"controller\"", "role = \"owner\"")),
        ("a notice without its source", rule.replace("source = \"n.txt\"", "")),
        ("rules without a [notice]", rule.split("[[fact]]").nth(1).map(|r| format!("[[fact]]{r}")).unwrap()),
        ("a list of numbers as a name list", rule.replace("recipients = \"pcg_uk\"", "recipients = [1]")),
        ("an unknown top-level table", format!("{rule}\n[[transfer]]\nid = \"x\"\n")),
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

/// The constructs of transfers, automated decisions, rights and retention: a sample that
/// uses each of them loads and is valid, and each mistake is rejected by both.
#[test]
fn the_policy_schema_rejects_mistakes_in_transfers_rights_and_retention() {
    let schema = load("policy.schema.json");
    let checker = Checker::new(&schema);
    let sample = r#"
[notice]
id = "n"
title = "N"
controller = "C"
role = "controller"
source = "n.txt"
regime = "UK GDPR"

[[record]]
id = "n.file"
label = "Case file"

[[record]]
id = "n.file.closed"
label = "Closed case file"
parent = "n.file"

[[fact]]
id = "n.closed_on"
label = "Date the case closed"
type = "date"

[[fact]]
id = "n.born_on"
label = "Date of birth"
type = "date"

[[fact]]
id = "n.age"
label = "Age"
type = "number"

[[purpose]]
id = "n.research"
label = "Research"

[[recipient]]
id = "n.abroad"
label = "Abroad Inc"
parent = "processor"
located_in = "United States"

[[mechanism]]
id = "n.bcr"
label = "Binding corporate rules"
article = "46"
countries = ["eea", "us"]
requires = { idta_in_place = true }
valid_from = 2022-03-21
legal_source = "UK GDPR Article 47"

[[right]]
id = "n.right"
label = "A right of this notice"
legal_source = "UK GDPR Article 15"
applies_under = ["art6_1_a", "art6_1_e"]

[[activity]]
id = "a"
label = "A"

[[retention]]
id = "n.keep"
activities = ["a"]
records = ["n.file"]
periods = [{ years = 6, months = 1, days = 1, after = "n.closed_on" }]
section = "S"
quote = "Q"

[[retention]]
id = "n.keep.schedule"
records = ["n.file.closed"]
schedule = "ED1.3.1"
section = "S"
quote = "Q"

[[rule]]
id = "n.transfer"
action = "transfer"
effect = "permit"
recipients = ["n.abroad"]
countries = ["us"]
mechanisms = ["n.bcr", "uk_us_data_bridge"]
section = "S"
quote = "Q"

[[rule]]
id = "n.share.research"
action = "share"
effect = "permit"
recipients = ["processor"]
purposes = ["n.research"]
section = "S"
quote = "Q"

[[rule]]
id = "n.profiling"
action = "automated_decision"
effect = "permit"
when = { "n.age" = { at_least = 18 }, required_by_law = false }
section = "S"
quote = "Q"

[[rule]]
id = "n.rights.object"
action = "rights"
effect = "deny"
rights = ["object"]
when = { required_by_law = true }
section = "S"
quote = "Q"
"#;
    assert_eq!(checker.errors(&toml_to_json(sample)), Vec::<String>::new());
    assert!(loads(sample), "the sample must load, so that each mistake below is the only one");
    let periods = r#"periods = [{ years = 6, months = 1, days = 1, after = "n.closed_on" }]"#;
    let two_periods = r#"periods = [{ years = 6, after = "n.closed_on" }, { years = 25, after = "n.born_on" }]"#;
    let bad = [
        ("a mechanism without legal_source", sample.replace("legal_source = \"UK GDPR Article 47\"", "")),
        ("a mechanism without article", sample.replace("article = \"46\"\n", "")),
        ("a mechanism resting on an article the code does not know", sample.replace("article = \"46\"", "article = \"47\"")),
        ("a mechanism with a fraction in `requires`", sample.replace("requires = { idta_in_place = true }", "requires = { idta_in_place = 0.5 }")),
        ("a mechanism with a misspelt key", sample.replace("valid_from = 2022-03-21", "valid_form = 2022-03-21")),
        ("located_in as a list", sample.replace("located_in = \"United States\"", "located_in = [\"United States\"]")),
        ("located_in on a category", format!("{sample}\n[[category]]\nid = \"x\"\nlabel = \"X\"\nlocated_in = \"us\"\n")),
        ("applies_under on a record", sample.replace("parent = \"n.file\"", "parent = \"n.file\"\napplies_under = [\"art6_1_a\"]")),
        ("a retention with two periods and no combine", sample.replace(periods, two_periods)),
        ("a retention combining periods in a way the code does not know", sample.replace(periods, &format!("{two_periods}\ncombine = \"longest\""))),
        ("a retention with neither periods nor a schedule", sample.replace(periods, "")),
        ("a retention with an empty list of periods", sample.replace(periods, "periods = []")),
        ("a period without `after`", sample.replace(periods, "periods = [{ years = 6 }]")),
        ("a period of minus one year", sample.replace(periods, r#"periods = [{ years = -1, after = "n.closed_on" }]"#)),
        ("a period of half a year", sample.replace(periods, r#"periods = [{ years = 0.5, after = "n.closed_on" }]"#)),
        ("a period with a misspelt unit", sample.replace(periods, r#"periods = [{ year = 6, after = "n.closed_on" }]"#)),
        ("a period as one table", sample.replace(periods, r#"periods = { years = 6, after = "n.closed_on" }"#)),
        ("a retention without a quote", sample.replace("schedule = \"ED1.3.1\"\nsection = \"S\"\nquote = \"Q\"", "schedule = \"ED1.3.1\"\nsection = \"S\"")),
        ("a retention without a [notice]", {
            let vocabulary = &sample[sample.find("[[record]]").unwrap()..sample.find("[[activity]]").unwrap()];
            let retentions = &sample[sample.find("[[retention]]").unwrap()..sample.find("[[rule]]").unwrap()];
            format!("{vocabulary}{}", retentions.replace("activities = [\"a\"]\n", ""))
        }),
        ("a number test on a bool fact", sample.replace("required_by_law = false", "required_by_law = { at_least = 1 }")),
        ("a bool test on a bool fact of the law written as a value", sample.replace("idta_in_place = true", "idta_in_place = \"yes\"")),
        ("a number test with both bounds", sample.replace("{ at_least = 18 }", "{ at_least = 18, at_most = 65 }")),
        ("a number test with a bound the code does not know", sample.replace("{ at_least = 18 }", "{ more_than = 18 }")),
        ("a number test with a fraction", sample.replace("{ at_least = 18 }", "{ at_least = 17.5 }")),
        ("a number test without a bound", sample.replace("{ at_least = 18 }", "{}")),
        ("countries on a share rule", sample.replace("purposes = [\"n.research\"]", "countries = [\"us\"]")),
        ("mechanisms on a share rule", sample.replace("purposes = [\"n.research\"]", "mechanisms = [\"idta\"]")),
        ("rights on an automated decision rule", sample.replace("action = \"rights\"", "action = \"automated_decision\"")),
        ("recipients and purposes on a collect rule", sample.replace("action = \"share\"", "action = \"collect\"")),
        ("a transfer rule with purposes", sample.replace("countries = [\"us\"]\nmechanisms", "countries = [\"us\"]\npurposes = [\"n.research\"]\nmechanisms")),
        ("a use rule with a transfer's keys", sample.replace("action = \"transfer\"", "action = \"use\"")),
    ];
    for (what, text) in bad {
        assert_ne!(text, sample, "{what}: the replacement did not apply");
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
        r#"{"id":7,"ask":"collect","notice":"004_2870dd7688b53867.txt","category":"Name","basis":null,"purpose":null,"facts":{"consent":"withdrawn"}}"#,
        r#"{"ask":"use","service":"Community Directory","category":"Name","purpose":"promotion","facts":{"n":3,"d":"2026-01-01"}}"#,
        r#"{"ask":"transfer","service":"Community Directory","category":"Name","country":"US"}"#,
        r#"{"ask":"transfer","service":"Community Directory","category":"Name","recipient":"PCG UK","as_of":"2026-11-23","facts":{"dpf_uk_extension_certified":true}}"#,
        r#"{"ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","purpose":"promotion"}"#,
        r#"{"ask":"automated_decision","notice":"004","category":"Name","basis":"consent"}"#,
        r#"{"ask":"rights","service":"Community Directory"}"#,
        r#"{"ask":"rights","service":"Community Directory","category":"Name","right":"erasure","basis":"consent"}"#,
        r#"{"ask":"retention","service":"Community Directory","record":"Call recording","as_of":"2026-11-23","facts":{"date_of_birth":"2008-02-29"}}"#,
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
    q.facts.insert("consent".into(), noticegate::FactInput::Text("given".into()));
    q.facts.insert("data_processing_agreement".into(), noticegate::FactInput::Bool(true));
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
        r#"{"ask":"use","service":"S","category":"C","purpose":"P","right":"erasure"}"#,
        r#"{"ask":"transfer","service":"Community Directory","category":"Name"}"#,
        r#"{"ask":"transfer","service":"Community Directory","country":"US"}"#,
        r#"{"ask":"transfer","service":"Community Directory","category":"Name","country":"US","purpose":"promotion"}"#,
        r#"{"ask":"transfer","service":"Community Directory","category":"Name","country":"US","record":"x"}"#,
        r#"{"ask":"automated_decision","service":"Community Directory"}"#,
        r#"{"ask":"automated_decision","service":"Community Directory","category":"Name","recipient":"PCG UK"}"#,
        r#"{"ask":"rights","right":"erasure"}"#,
        r#"{"ask":"rights","service":"Community Directory","country":"US"}"#,
        r#"{"ask":"retention","service":"Community Directory"}"#,
        r#"{"ask":"retention","service":"Community Directory","record":"x","category":"Name"}"#,
        r#"{"ask":"retention","service":"Community Directory","record":"x","basis":"consent"}"#,
        r#"{"ask":"retention","service":"Community Directory","record":"x","right":"erasure"}"#,
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
    // A `oneOf`: the object branch that declares every key of the value.
    let def = match (def.get("oneOf").and_then(Value::as_array), value.as_object()) {
        (Some(branches), Some(object)) => branches
            .iter()
            .find(|b| b["properties"].as_object().is_some_and(|p| object.keys().all(|k| p.contains_key(k))))
            .unwrap_or(def),
        _ => def,
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
        r#"{"id":"q-2","ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23","facts":{"consent":"given","data_processing_agreement":true}}"#,
        r#"{"id":3,"ask":"collect","service":"Community Directory","category":"Telephone number","as_of":"2026-11-23","facts":{"consent":"withdrawn"}}"#,
        r#"{"ask":"use","service":"Community Directory","category":"Name","purpose":"promotion","basis":"Article 6(1)(b)","as_of":"2026-11-23"}"#,
        r#"{"ask":"share","service":"Community Directory","category":"emial adress","recipient":"PCG UK"}"#,
        r#"{"id":"e","ask":"share","service":"Community Directory","recipent":"PCG UK"}"#,
        r#"{"id":"t","ask":"transfer","service":"Community Directory","category":"Name","country":"US"}"#,
        r#"{"id":"k","ask":"retention","service":"Community Directory"}"#,
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
    assert_eq!(codes, set(&["unknown_name", "unknown_field", "missing_field", "invalid_json"]));
}

/// The built-in law files with a small notice whose rules transfer, decide automatically,
/// limit a right and keep records, so that every new decision field is written for real.
fn engine_with_every_kind() -> Engine {
    let mut sources = Engine::builtin_sources();
    sources.notice_texts.clear(); // the test notice has no text to check quotes against
    sources.add(
        "notices/test_every_kind.toml",
        r#"
[notice]
id = "test_every_kind"
title = "Every kind test notice"
controller = "Test"
role = "controller"
source = "test.txt"
regime = "UK GDPR"

[[record]]
id = "t.case_file"
label = "Case file"

[[record]]
id = "t.archive"
label = "Archive"

[[fact]]
id = "t.closed_on"
label = "Date the case closed"
type = "date"

[[fact]]
id = "t.died_on"
label = "Date of death"
type = "date"

[[fact]]
id = "t.age"
label = "Age"
type = "number"
description = "the person is old enough"

[[activity]]
id = "t.service"
label = "Every kind service"

[[activity.basis]]
basis = "public task"
section = "S"
quote = "public task"

[[rule]]
id = "t.transfer"
action = "transfer"
effect = "permit"
activities = ["t.service"]
section = "S"
quote = "We may transfer your data abroad."

[[rule]]
id = "t.profiling"
action = "automated_decision"
effect = "permit"
activities = ["t.service"]
when = { "t.age" = { at_least = 18 } }
section = "S"
quote = "Adults only."

[[rule]]
id = "t.rights.object"
action = "rights"
effect = "deny"
activities = ["t.service"]
rights = ["object"]
when = { required_by_law = true }
section = "S"
quote = "You cannot object where the law requires it."

[[fact]]
id = "t.offered"
label = "Portability offered"
type = "bool"

[[rule]]
id = "t.rights.portability"
action = "rights"
effect = "permit"
activities = ["t.service"]
rights = ["portability"]
when = { "t.offered" = true }
section = "S"
quote = "We will give you your data in a portable form where we offer it."

[[retention]]
id = "t.keep.case"
records = ["t.case_file"]
periods = [{ years = 6, after = "t.closed_on" }, { years = 2, after = "t.died_on" }]
combine = "either"
section = "S"
quote = "Six years after closure, or two years after death."

[[retention]]
id = "t.keep.archive"
records = ["t.archive"]
schedule = "AS1"
section = "S"
quote = "See schedule AS1."
"#,
    );
    Engine::load(&sources).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn real_decisions_of_every_kind_are_valid_under_the_decision_schema() {
    let schema = load("decision.schema.json");
    let engine = engine_with_every_kind();
    let ask = |line: &str| check_line(&schema, &engine.ask_json(line));
    let service = r#""notice":"test_every_kind","service":"Every kind service""#;

    let bridge = ask(&format!(r#"{{"ask":"transfer",{service},"category":"Name","country":"US","as_of":"2024-01-01","facts":{{"dpf_uk_extension_certified":true}}}}"#));
    assert_eq!(bridge["verdict"], "permit", "{bridge}");
    assert_eq!(bridge["mechanism"]["id"], "uk_us_data_bridge");
    let open = ask(&format!(r#"{{"ask":"transfer",{service},"category":"Name","country":"US","as_of":"2026-11-23"}}"#));
    assert_eq!(open["verdict"], "conditional", "{open}");
    assert!(open["mechanism"].is_object() && !open["notes"].as_array().unwrap().is_empty());
    let shield = ask(&format!(
        r#"{{"ask":"transfer",{service},"category":"Name","country":"US","as_of":"2020-07-16","facts":{{"privacy_shield_certified":true,"old_sccs_in_place":false}}}}"#
    ));
    assert_eq!(shield["verdict"], "deny", "{shield}");
    assert!(shield.get("mechanism").is_none());
    assert_eq!(shield["reasons"][0]["effect"], "permit", "a transfer the law blocks cites the notice's permit");
    let home = ask(&format!(r#"{{"ask":"transfer",{service},"category":"Name","country":"UK","as_of":"2026-11-23"}}"#));
    assert_eq!(home["mechanism"]["article"], "none");

    let adult = ask(&format!(r#"{{"ask":"automated_decision",{service},"category":"Name","as_of":"2026-11-23","facts":{{"t.age":18}}}}"#));
    assert_eq!(adult["verdict"], "permit", "{adult}");
    let unknown = ask(&format!(r#"{{"ask":"automated_decision",{service},"category":"Name","as_of":"2026-11-23"}}"#));
    assert_eq!(unknown["verdict"], "conditional", "{unknown}");
    assert_eq!(unknown["obligations"][0]["fact"], "t.age");

    let all = ask(&format!(r#"{{"ask":"rights",{service},"as_of":"2026-11-23","facts":{{"required_by_law":true}}}}"#));
    assert!(all.get("special_category").is_none() && all.get("criminal_offence").is_none(), "no category, no flags: {all}");
    let rights = all["rights"].as_array().unwrap();
    let verdicts: BTreeSet<String> = rights.iter().map(|r| r["verdict"].as_str().unwrap().to_string()).collect();
    assert_eq!(verdicts, set(&["permit", "deny", "conditional"]));
    assert!(all["reasons"].as_array().unwrap().iter().any(|r| r["rule"] == "t.rights.object"), "{all}");
    let object = ask(&format!(r#"{{"ask":"rights",{service},"right":"object","as_of":"2026-11-23","facts":{{"required_by_law":true}}}}"#));
    assert_eq!(object["verdict"], "deny", "{object}");
    assert_eq!(object["reasons"][0]["rule"], "t.rights.object");
    let portability = ask(&format!(r#"{{"ask":"rights",{service},"right":"portability","as_of":"2026-11-23"}}"#));
    assert_eq!(portability["verdict"], "conditional", "{portability}");
    assert_eq!(portability["rights"][0]["verdict"], "conditional");
    assert_eq!(portability["obligations"][0]["fact"], "t.offered");
    let erasure = ask(&format!(r#"{{"ask":"rights",{service},"category":"Name","right":"erasure","as_of":"2026-11-23"}}"#));
    assert_eq!(erasure["verdict"], "deny", "{erasure}");
    assert_eq!(erasure["special_category"], false);

    let one = ask(&format!(r#"{{"ask":"retention",{service},"record":"Case file","as_of":"2026-11-23","facts":{{"t.closed_on":"2024-02-29"}}}}"#));
    assert_eq!(one["disposal_date"], "2030-02-28", "{one}");
    assert_eq!(one["reasons"][0]["effect"], "retain");
    assert!(one.get("special_category").is_none());
    let both = ask(&format!(
        r#"{{"ask":"retention",{service},"record":"Case file","as_of":"2026-11-23","facts":{{"t.closed_on":"2024-02-29","t.died_on":"2025-08-31"}}}}"#
    ));
    assert!(both.get("disposal_date").is_none(), "{both}");
    assert_eq!(both["disposal_dates"].as_array().unwrap().len(), 2);
    assert_eq!(both["disposal_dates"][1]["applies"], false);
    let archive = ask(&format!(r#"{{"ask":"retention",{service},"record":"Archive","as_of":"2026-11-23"}}"#));
    assert_eq!(archive["verdict"], "not_stated");
    assert_eq!(archive["schedule"], "AS1");
    let missing = ask(&format!(r#"{{"id":"m","ask":"retention",{service},"record":"Case file","as_of":"2026-11-23"}}"#));
    assert_eq!(missing["error"]["code"], "missing_field");
    assert_eq!(missing["error"]["field"], "facts.t.closed_on");
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
    assert_eq!(names_of(&value["disposal_dates"][0]), names_of(&schema["$defs"]["disposal_date"]["properties"]));
    assert_eq!(names_of(&value["rights"][0]), names_of(&schema["$defs"]["right_answer"]["properties"]));
    assert_eq!(names_of(&value["mechanism"]), names_of(&schema["$defs"]["mechanism"]["properties"]));
    assert_eq!(schema["$defs"]["decision"]["properties"]["mechanism"]["$ref"], "#/$defs/mechanism");
    assert_eq!(schema["$defs"]["decision"]["properties"]["rights"]["items"]["$ref"], "#/$defs/right_answer");
    assert_eq!(schema["$defs"]["decision"]["properties"]["disposal_dates"]["items"]["$ref"], "#/$defs/disposal_date");
    // A decision's mechanism is a [[mechanism]] of the policy set, so its articles are those
    // the loader admits.
    assert_eq!(strings(&schema["$defs"]["mechanism"]["properties"]["article"]["enum"]), set(noticegate::parse::MECHANISM_ARTICLES));
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
        serde_names(verdicts.iter().map(|v| serde_json::to_value(v).unwrap()).collect()),
        strings(&schema["$defs"]["right_answer"]["properties"]["verdict"]["enum"])
    );
    // A reason's effect: a rule's effect, or "retain" for a retention rule.
    let effects: Vec<&str> = noticegate::model::Effect::ALL.iter().map(|e| e.name()).chain(["retain"]).collect();
    assert_eq!(strings(&schema["$defs"]["reason"]["properties"]["effect"]["enum"]), set(&effects));
    assert_eq!(
        serde_names(codes.iter().map(|c| serde_json::to_value(c).unwrap()).collect()),
        strings(&schema["$defs"]["error"]["properties"]["code"]["enum"])
    );
}
