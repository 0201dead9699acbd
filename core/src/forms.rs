//! Form definitions to fields: JSON Schema (as react-jsonschema-form uses it) and SurveyJS
//! JSON. This only reads the formats; the fields' categories and verdicts come from
//! `form_check`.
//!
//! JSON Schema: every leaf of `properties`, through nested objects, array `items`, local
//! `$ref`s (`#/definitions/…`, `#/$defs/…`), `allOf`/`anyOf`/`oneOf` and `dependencies`;
//! the label is `title` (or the uiSchema's `ui:title`), the name is the property key, the
//! type is `format`, else `type`. A `{schema, uiSchema}` pair is accepted as well.
//! SurveyJS: every element of `pages[].elements` or `elements`, through `panel`s and
//! `paneldynamic` templates; the label is `title` (a string or a localised object), the name
//! is `name`, the type is `inputType`, else `type`. Display-only elements (`html`, `image`)
//! are not fields.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;

use crate::gate::GateError as BindError;

/// A JSON value that keeps its objects' keys in document order (serde_json's `Map` sorts
/// them unless a feature that would change core's build is turned on), so fields come out
/// in the order the form shows them.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// An object's members, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(pub Vec<(String, Value)>);

impl Map {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, Value)>, fn(&'a (String, Value)) -> (&'a String, &'a Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Value {
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|m| m.get(key))
    }
    /// Parses JSON text.
    pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
        serde_json::from_str(text)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
                Ok(Value::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
                Ok(Value::Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                Ok(Value::String(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
                Ok(Value::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element()? {
                    out.push(v);
                }
                Ok(Value::Array(out))
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Value, M::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    out.push((k, v));
                }
                Ok(Value::Object(Map(out)))
            }
        }
        d.deserialize_any(V)
    }
}

/// Which format a definition is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FormFormat {
    #[serde(rename = "json-schema")]
    JsonSchema,
    #[serde(rename = "surveyjs")]
    SurveyJs,
}

/// One field of a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    /// Where it is: property keys or element names from the root, joined with `.`.
    pub path: String,
    pub label: Option<String>,
    pub name: Option<String>,
    pub r#type: Option<String>,
}

const MAX_DEPTH: usize = 64;

fn invalid(path: &str, message: impl Into<String>) -> BindError {
    let message = message.into();
    let message = if path.is_empty() { message } else { format!("{path}: {message}") };
    BindError::new("invalid_form", Some("definition"), message)
}

/// The fields of a form definition, in document order.
pub fn fields(definition: &Value) -> Result<(FormFormat, Vec<FormField>), BindError> {
    let Some(root) = definition.as_object() else {
        return Err(invalid("", format!("a form definition must be a JSON object (a JSON Schema or a SurveyJS survey), found {}", kind(definition))));
    };
    let mut out = Vec::new();
    if root.contains_key("pages") || (root.contains_key("elements") && !root.contains_key("properties")) {
        let mut survey = Survey { out: &mut out };
        if let Some(pages) = root.get("pages") {
            let pages = pages.as_array().ok_or_else(|| invalid("pages", format!("`pages` must be an array, found {}", kind(pages))))?;
            for (i, page) in pages.iter().enumerate() {
                let page_path = format!("pages[{i}]");
                let page = page.as_object().ok_or_else(|| invalid(&page_path, format!("a page must be an object, found {}", kind(page))))?;
                let prefix = page.get("name").and_then(Value::as_str).map(str::to_string).unwrap_or(page_path.clone());
                if let Some(elements) = page.get("elements") {
                    survey.elements(elements, &prefix, &page_path, 0)?;
                }
            }
        }
        if let Some(elements) = root.get("elements") {
            survey.elements(elements, "", "elements", 0)?;
        }
        return Ok((FormFormat::SurveyJs, out));
    }
    let (schema, ui) = match (root.get("schema"), root.get("properties")) {
        (Some(Value::Object(schema)), None) => (schema, root.get("uiSchema").or_else(|| root.get("uischema"))),
        _ => (root, None),
    };
    let is_schema = ["properties", "$schema", "type", "allOf", "anyOf", "oneOf", "definitions", "$defs"].iter().any(|k| schema.contains_key(*k));
    if !is_schema {
        return Err(invalid("", "not a form definition this binding reads: expected a JSON Schema (with `properties`) or a SurveyJS survey (with `pages` or `elements`)"));
    }
    JsonSchema { root: schema, out: &mut out }.object(schema, "", ui, 0)?;
    Ok((FormFormat::JsonSchema, out))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

struct JsonSchema<'a, 'o> {
    root: &'a Map,
    out: &'o mut Vec<FormField>,
}

impl<'a> JsonSchema<'a, '_> {
    /// Follows a local `$ref`.
    fn deref(&self, node: &'a Map, path: &str) -> Result<&'a Map, BindError> {
        let mut node = node;
        for _ in 0..MAX_DEPTH {
            let Some(reference) = node.get("$ref") else { return Ok(node) };
            let target = reference.as_str().and_then(|r| r.strip_prefix("#/")).ok_or_else(|| invalid(path, "only local `$ref`s (\"#/…\") are read"))?;
            let mut at: &'a Map = self.root;
            for part in target.split('/') {
                let part = part.replace("~1", "/").replace("~0", "~");
                at = at.get(&part).and_then(Value::as_object).ok_or_else(|| invalid(path, format!("`$ref` \"#/{target}\" points to nothing")))?;
            }
            node = at;
        }
        Err(invalid(path, "`$ref`s loop"))
    }

    fn object(&mut self, node: &'a Map, path: &str, ui: Option<&Value>, depth: usize) -> Result<(), BindError> {
        if depth > MAX_DEPTH {
            return Err(invalid(path, "nested too deeply"));
        }
        let node = self.deref(node, path)?;
        if let Some(props) = node.get("properties") {
            let props = props.as_object().ok_or_else(|| invalid(path, format!("`properties` must be an object, found {}", kind(props))))?;
            for (key, child) in props {
                let child_path = join(path, key);
                let child = child.as_object().ok_or_else(|| invalid(&child_path, format!("a property's schema must be an object, found {}", kind(child))))?;
                let child = self.deref(child, &child_path)?;
                let child_ui = ui.and_then(|u| u.get(key));
                self.property(key, child, &child_path, child_ui, depth + 1)?;
            }
        }
        for combinator in ["allOf", "anyOf", "oneOf"] {
            if let Some(list) = node.get(combinator) {
                let list = list.as_array().ok_or_else(|| invalid(path, format!("`{combinator}` must be an array")))?;
                for sub in list {
                    let sub = sub.as_object().ok_or_else(|| invalid(path, format!("each of `{combinator}` must be a schema object")))?;
                    self.object(sub, path, ui, depth + 1)?;
                }
            }
        }
        if let Some(Value::Object(deps)) = node.get("dependencies") {
            for dep in deps.values() {
                if let Value::Object(sub) = dep {
                    self.object(sub, path, ui, depth + 1)?;
                }
            }
        }
        Ok(())
    }

    fn property(&mut self, key: &str, node: &'a Map, path: &str, ui: Option<&Value>, depth: usize) -> Result<(), BindError> {
        let is_group = ["properties", "allOf", "anyOf", "oneOf"].iter().any(|k| node.contains_key(*k));
        if is_group {
            return self.object(node, path, ui, depth);
        }
        if let Some(Value::Object(items)) = node.get("items") {
            let items = self.deref(items, path)?;
            if ["properties", "allOf", "anyOf", "oneOf"].iter().any(|k| items.contains_key(*k)) {
                return self.object(items, &format!("{path}[]"), ui.and_then(|u| u.get("items")), depth + 1);
            }
        }
        let title = node.get("title").and_then(Value::as_str).or_else(|| ui.and_then(|u| u.get("ui:title")).and_then(Value::as_str));
        let r#type = node.get("format").and_then(Value::as_str).or_else(|| match node.get("type") {
            Some(Value::String(t)) => Some(t.as_str()),
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
            _ => None,
        });
        self.out.push(FormField { path: path.to_string(), label: title.map(str::to_string), name: Some(key.to_string()), r#type: r#type.map(str::to_string) });
        Ok(())
    }
}

struct Survey<'o> {
    out: &'o mut Vec<FormField>,
}

impl Survey<'_> {
    fn elements(&mut self, elements: &Value, prefix: &str, at: &str, depth: usize) -> Result<(), BindError> {
        if depth > MAX_DEPTH {
            return Err(invalid(at, "nested too deeply"));
        }
        let list = elements.as_array().ok_or_else(|| invalid(at, format!("`elements` must be an array, found {}", kind(elements))))?;
        for (i, element) in list.iter().enumerate() {
            let here = format!("{at}[{i}]");
            let element = element.as_object().ok_or_else(|| invalid(&here, format!("an element must be an object, found {}", kind(element))))?;
            let r#type = element.get("type").and_then(Value::as_str).unwrap_or("");
            let name = element.get("name").and_then(Value::as_str);
            let path = join(prefix, name.unwrap_or(&here));
            match r#type {
                "panel" => {
                    if let Some(children) = element.get("elements") {
                        self.elements(children, &path, &format!("{here}.elements"), depth + 1)?;
                    }
                }
                "paneldynamic" => {
                    if let Some(children) = element.get("templateElements") {
                        self.elements(children, &format!("{path}[]"), &format!("{here}.templateElements"), depth + 1)?;
                    }
                }
                "html" | "image" => {}
                _ => {
                    let Some(name) = name else {
                        return Err(invalid(&here, "a question element needs a `name`"));
                    };
                    let title = match element.get("title") {
                        Some(Value::String(t)) => Some(t.clone()),
                        Some(Value::Object(localised)) => localised
                            .get("default")
                            .or_else(|| localised.get("en"))
                            .or_else(|| localised.values().next())
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        _ => None,
                    };
                    let input = element.get("inputType").and_then(Value::as_str).unwrap_or(r#type);
                    self.out.push(FormField {
                        path,
                        label: title,
                        name: Some(name.to_string()),
                        r#type: (!input.is_empty()).then(|| input.to_string()),
                    });
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    
    fn json(text: &str) -> Value {
        Value::parse(text).unwrap()
    }

    #[test]
    fn json_schema_fields_are_found_in_nested_objects_refs_and_arrays() {
        let schema = json(r##"{
            "type": "object",
            "definitions": {"address": {"type": "object", "properties": {"postcode": {"type": "string", "title": "Postcode"}}}},
            "properties": {
                "email": {"type": "string", "format": "email", "title": "Email address"},
                "home": {"$ref": "#/definitions/address"},
                "children": {"type": "array", "items": {"type": "object", "properties": {"dob": {"type": "string"}}}}
            }
        }"##);
        let (format, fields) = fields(&schema).unwrap();
        assert_eq!(format, FormFormat::JsonSchema);
        let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["email", "home.postcode", "children[].dob"]);
        assert_eq!(fields[0].r#type.as_deref(), Some("email"));
        assert_eq!(fields[1].label.as_deref(), Some("Postcode"));
    }

    #[test]
    fn surveyjs_fields_are_found_in_pages_and_panels() {
        let survey = json(r#"{"pages": [{"name": "p1", "elements": [
            {"type": "text", "name": "email", "title": "E-mail", "inputType": "email"},
            {"type": "html", "name": "intro"},
            {"type": "panel", "name": "you", "elements": [{"type": "text", "name": "dob", "title": {"default": "Date of birth"}}]}
        ]}]}"#);
        let (format, fields) = fields(&survey).unwrap();
        assert_eq!(format, FormFormat::SurveyJs);
        let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["p1.email", "p1.you.dob"]);
        assert_eq!(fields[1].label.as_deref(), Some("Date of birth"));
    }

    #[test]
    fn malformed_definitions_are_errors() {
        for bad in ["3", r#"{"pages": 3}"#, r#"{"nothing": true}"#, r#"{"properties": []}"#, r#"{"elements": [{"type": "text"}]}"#, r##"{"properties": {"a": {"$ref": "#/nowhere"}}}"##] {
            let e = fields(&json(bad)).unwrap_err();
            assert_eq!(e.code, "invalid_form", "{bad}");
        }
    }
}
