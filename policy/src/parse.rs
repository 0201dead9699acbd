//! The policy file grammar: TOML tables to `syntax` declarations.
//!
//! This module knows which keys each table may have and what type each holds; it resolves
//! no names (that is `model`'s job), so a file can be read whole even when it refers to
//! entries another file defines.

use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::reader::{tables_of, Ctx, Table};
use crate::syntax::*;

/// The keys each table of the language admits. The JSON Schema in `docs/` is checked
/// against these by a test, so the two cannot drift apart.
pub mod keys {
    pub const TOP: &[&str] = &[
        "category", "recipient", "basis", "purpose", "source", "fact", "country", "mechanism", "record", "right", "notice", "activity",
        "rule", "retention", "findings", "finding",
    ];
    pub const CATEGORY: &[&str] =
        &["id", "label", "aliases", "description", "dpv", "fides", "parent", "special_category", "criminal_offence"];
    pub const RECIPIENT: &[&str] = &["id", "label", "aliases", "description", "dpv", "fides", "parent", "located_in"];
    pub const COUNTRY: &[&str] = &["id", "label", "aliases", "description", "dpv", "parent"];
    pub const MECHANISM: &[&str] = &[
        "id", "label", "aliases", "description", "dpv", "article", "legal_source", "valid_from", "valid_until", "countries", "requires",
    ];
    pub const RECORD: &[&str] = &["id", "label", "aliases", "description", "dpv", "parent"];
    pub const RIGHT: &[&str] = &["id", "label", "aliases", "description", "dpv", "legal_source", "applies_under"];
    pub const RETENTION: &[&str] =
        &["id", "activities", "records", "periods", "combine", "schedule", "section", "quote", "note", "review"];
    pub const PERIOD: &[&str] = &["years", "months", "days", "after"];
    pub const PURPOSE: &[&str] = &["id", "label", "aliases", "description", "dpv", "fides", "parent"];
    pub const SOURCE: &[&str] = &["id", "label", "aliases", "description", "dpv"];
    pub const BASIS: &[&str] =
        &["id", "label", "aliases", "description", "dpv", "article", "legal_source", "valid_from", "valid_until"];
    pub const FACT: &[&str] = &["id", "label", "aliases", "description", "dpv", "type", "values", "negation", "words"];
    pub const NOTICE: &[&str] = &["id", "title", "aliases", "controller", "role", "source", "date", "regime"];
    pub const ACTIVITY: &[&str] = &["id", "label", "aliases", "description", "parent", "sources", "basis"];
    pub const ACTIVITY_BASIS: &[&str] = &["basis", "categories", "section", "quote", "review"];
    pub const FINDINGS: &[&str] = &["notice", "title", "intro", "section", "order"];
    pub const FINDINGS_SECTION: &[&str] = &["title", "intro"];
    pub const FINDING: &[&str] =
        &["id", "kind", "severity", "section", "subsection", "title", "text", "quotes", "ids", "cases", "no_cases", "check"];
    pub const RULE: &[&str] = &[
        "id", "action", "effect", "activities", "categories", "recipients", "purposes", "bases", "countries", "mechanisms", "rights",
        "when", "valid_from", "valid_until", "section", "quote", "note", "review",
    ];
}

/// The provisions a `[[basis]]` may come from: UK GDPR Articles 6, 9 and 10, and the
/// conditions of Schedule 1 to the Data Protection Act 2018.
pub const ARTICLES: &[&str] = &["6", "9", "10", "dpa_schedule_1"];

/// What a `[[mechanism]]` rests on: UK GDPR Article 45 (adequacy regulations), 45A
/// (transfers approved by regulations, Data (Use and Access) Act 2025), 46 (appropriate
/// safeguards), 49 (derogations); `eu_membership` for the UK's years in the EU; `none` for a
/// transfer that is not a restricted transfer (within the UK).
pub const MECHANISM_ARTICLES: &[&str] = &["45", "45A", "46", "49", "eu_membership", "none"];

fn keys_for(kind: VocabKind) -> &'static [&'static str] {
    match kind {
        VocabKind::Category => keys::CATEGORY,
        VocabKind::Recipient => keys::RECIPIENT,
        VocabKind::Basis => keys::BASIS,
        VocabKind::Purpose => keys::PURPOSE,
        VocabKind::Source => keys::SOURCE,
        VocabKind::Fact => keys::FACT,
        VocabKind::Country => keys::COUNTRY,
        VocabKind::Mechanism => keys::MECHANISM,
        VocabKind::Record => keys::RECORD,
        VocabKind::Right => keys::RIGHT,
    }
}

/// Reads one policy file. Syntax errors and shape errors go to `diags`; whatever could be
/// read is returned so that later checks still run on it.
pub fn parse_file(file: &SourceFile, file_index: u32, diags: &mut Vec<Diagnostic>) -> PolicyFile {
    let (doc, errors) = DeTable::parse_recoverable(&file.text);
    let mut cx = Ctx { file, file_index, diags };
    if !errors.is_empty() {
        for e in errors {
            let offset = e.span().map_or(0, |s| s.start);
            let message = format!("invalid TOML: {}", e.message().trim_end());
            cx.error(offset, message);
        }
        return PolicyFile::default();
    }
    let top = Table::new(doc.get_ref(), 0, "the file");
    top.check_keys(&mut cx, keys::TOP);
    let mut out = PolicyFile::default();

    for kind in VocabKind::ALL {
        let Some(v) = top.get(kind.name()) else { continue };
        for (t, offset) in tables_of(&mut cx, v, kind.name()) {
            if let Some(entry) = entry(&mut cx, kind, t, offset) {
                out.entries.push(entry);
            }
        }
    }
    if let Some((t, offset)) = top.optional_table(&mut cx, "notice") {
        out.notice = notice(&mut cx, t, offset);
    }
    if let Some(v) = top.get("activity") {
        for (t, offset) in tables_of(&mut cx, v, "activity") {
            if let Some(a) = activity(&mut cx, t, offset) {
                out.activities.push(a);
            }
        }
    }
    if let Some(v) = top.get("rule") {
        for (t, offset) in tables_of(&mut cx, v, "rule") {
            if let Some(r) = rule(&mut cx, t, offset) {
                out.rules.push(r);
            }
        }
    }
    if let Some(v) = top.get("retention") {
        for (t, offset) in tables_of(&mut cx, v, "retention") {
            if let Some(r) = retention(&mut cx, t, offset) {
                out.retentions.push(r);
            }
        }
    }
    if let Some((t, offset)) = top.optional_table(&mut cx, "findings") {
        out.findings_header = Some(findings_header(&mut cx, t, offset));
    }
    if let Some(v) = top.get("finding") {
        for (t, offset) in tables_of(&mut cx, v, "finding") {
            if let Some(f) = finding(&mut cx, t, offset) {
                out.findings.push(f);
            }
        }
    }
    if out.notice.is_none() && (!out.activities.is_empty() || !out.rules.is_empty() || !out.retentions.is_empty()) {
        cx.error(0, "this file declares activities or rules but no [notice] table (expected a [notice] with id, title, controller, role, source)");
    }
    out
}

/// Names a table by its id for messages, once the id is known.
fn named(t: &mut Table<'_, '_>, kind: &str, id: &Option<Sp<String>>) {
    if let Some(id) = id {
        t.rename(format!("[[{kind}]] \"{}\"", id.value));
    }
}

fn entry(cx: &mut Ctx<'_>, kind: VocabKind, table: &DeTable<'_>, offset: usize) -> Option<EntryDecl> {
    let mut t = Table::new(table, offset, format!("a [[{}]]", kind.name()));
    let id = t.required_str(cx, "id", "an identifier such as \"identity.name\"");
    named(&mut t, kind.name(), &id);
    t.check_keys(cx, keys_for(kind));
    let label = t.required_str(cx, "label", "the words the notice uses for it");
    let aliases = t.str_list(cx, "aliases");
    let parent = t.optional_str(cx, "parent", "the id of the parent entry");
    let description = t.optional_str(cx, "description", "a sentence").map(|s| s.value);
    let dpv = t.optional_str(cx, "dpv", "a W3C DPV IRI").map(|s| s.value);
    let fides = t.optional_str(cx, "fides", "a fideslang key").map(|s| s.value);
    let special_category = t.optional_bool(cx, "special_category").unwrap_or(false);
    let criminal_offence = t.optional_bool(cx, "criminal_offence").unwrap_or(false);
    let article = t.optional_str(cx, "article", "the article, e.g. \"6\" or \"9\"");
    let legal_source = t.optional_str(cx, "legal_source", "the legal source of this fact").map(|s| s.value);
    let valid_from = t.optional_date(cx, "valid_from");
    let valid_until = t.optional_date(cx, "valid_until");
    let fact_type = t.optional_str(cx, "type", "one of bool, date, number, enum");
    let values = t.str_list(cx, "values");
    let negation = t.optional_str(cx, "negation", "the sentence that holds when the fact is false").map(|s| s.value);
    let words = t.str_list(cx, "words").into_iter().map(|s| s.value).collect();
    let located_in = t.optional_str(cx, "located_in", "a [[country]] id or name");
    let countries = t.str_list(cx, "countries");
    let requires = conditions(cx, &t, "requires");
    let applies_under = t.str_list(cx, "applies_under");
    let allowed_articles = match kind {
        VocabKind::Basis => Some(ARTICLES),
        VocabKind::Mechanism => Some(MECHANISM_ARTICLES),
        _ => None,
    };
    if let Some(allowed) = allowed_articles {
        match &article {
            None => cx.error(offset, format!("{} is missing `article` (expected {})", t_name(kind, &id), allowed.join(", "))),
            Some(a) if !allowed.contains(&a.value.as_str()) => {
                cx.error(a.span.offset as usize, format!("unknown article \"{}\" (expected {})", a.value, allowed.join(", ")));
            }
            Some(_) => {}
        }
    }
    if kind == VocabKind::Mechanism && legal_source.is_none() {
        cx.error(offset, format!("{} is missing `legal_source` (every legal fact names its source)", t_name(kind, &id)));
    }
    if kind == VocabKind::Fact && fact_type.is_none() {
        cx.error(offset, format!("{} is missing `type` (expected one of bool, date, number, enum)", t_name(kind, &id)));
    }
    Some(EntryDecl {
        kind,
        id: id?,
        label: label?,
        aliases,
        parent,
        description,
        dpv,
        fides,
        special_category,
        criminal_offence,
        article,
        legal_source,
        valid_from,
        valid_until,
        fact_type,
        values,
        negation,
        words,
        located_in,
        countries,
        requires,
        applies_under,
        span: cx.span(offset),
    })
}

fn t_name(kind: VocabKind, id: &Option<Sp<String>>) -> String {
    match id {
        Some(id) => format!("[[{}]] \"{}\"", kind.name(), id.value),
        None => format!("a [[{}]]", kind.name()),
    }
}

fn notice(cx: &mut Ctx<'_>, table: &DeTable<'_>, offset: usize) -> Option<NoticeDecl> {
    let t = Table::new(table, offset, "[notice]");
    t.check_keys(cx, keys::NOTICE);
    let id = t.required_str(cx, "id", "an identifier for the notice");
    let title = t.required_str(cx, "title", "the notice's own title");
    let aliases = t.str_list(cx, "aliases");
    let controller = t.required_str(cx, "controller", "the controller's name");
    let role = t.required_str(cx, "role", "\"controller\", \"processor\" or \"controller_or_processor\"");
    let source = t.required_str(cx, "source", "the notice text's file name in policies/sources/");
    let date = t.optional_date(cx, "date");
    let regime = t.required_str(cx, "regime", "the law the notice is given under, e.g. \"UK GDPR\"");
    Some(NoticeDecl {
        id: id?,
        title: title?,
        aliases,
        controller: controller?.value,
        role: role?,
        source: source?,
        date,
        regime: regime?.value,
        span: cx.span(offset),
    })
}

fn activity(cx: &mut Ctx<'_>, table: &DeTable<'_>, offset: usize) -> Option<ActivityDecl> {
    let mut t = Table::new(table, offset, "an [[activity]]");
    let id = t.required_str(cx, "id", "an identifier for the activity");
    named(&mut t, "activity", &id);
    t.check_keys(cx, keys::ACTIVITY);
    let label = t.required_str(cx, "label", "the service's name as the notice writes it");
    let aliases = t.str_list(cx, "aliases");
    let description = t.optional_str(cx, "description", "a sentence").map(|s| s.value);
    let parent = t.optional_str(cx, "parent", "the id of the service group it belongs to");
    let sources = t.str_list(cx, "sources");
    let mut bases = Vec::new();
    for (bt, boffset) in t.table_array(cx, "basis") {
        let b = Table::new(bt, boffset, "an [[activity.basis]]");
        b.check_keys(cx, keys::ACTIVITY_BASIS);
        let basis = b.required_str(cx, "basis", "a [[basis]] id or label");
        let categories = b.str_list(cx, "categories");
        let section = b.required_str(cx, "section", "the notice's heading above the quote");
        let quote = b.required_str(cx, "quote", "the notice's sentence, verbatim");
        let review = b.optional_str(cx, "review", REVIEW_EXPECTED);
        if let (Some(basis), Some(section), Some(quote)) = (basis, section, quote) {
            bases.push(BasisClaim { basis, categories, section, quote, review, span: cx.span(boffset) });
        }
    }
    Some(ActivityDecl { id: id?, label: label?, aliases, description, parent, sources, bases, span: cx.span(offset) })
}

fn rule(cx: &mut Ctx<'_>, table: &DeTable<'_>, offset: usize) -> Option<RuleDecl> {
    let mut t = Table::new(table, offset, "a [[rule]]");
    let id = t.required_str(cx, "id", "an identifier such as \"cd.share.pcg\"");
    named(&mut t, "rule", &id);
    t.check_keys(cx, keys::RULE);
    let action = t.required_str(cx, "action", "one of share, collect, use, transfer, automated_decision, rights");
    let effect = t.required_str(cx, "effect", "\"permit\", \"deny\" or \"limit\"");
    let activities = t.str_list(cx, "activities");
    let categories = t.str_list(cx, "categories");
    let recipients = t.str_list(cx, "recipients");
    let purposes = t.str_list(cx, "purposes");
    let bases = t.str_list(cx, "bases");
    let countries = t.str_list(cx, "countries");
    let mechanisms = t.str_list(cx, "mechanisms");
    let rights = t.str_list(cx, "rights");
    let when = conditions(cx, &t, "when");
    let valid_from = t.optional_date(cx, "valid_from");
    let valid_until = t.optional_date(cx, "valid_until");
    let section = t.required_str(cx, "section", "the notice's heading above the quote");
    let quote = t.required_str(cx, "quote", "the notice's sentence that gives this rule, verbatim");
    let note = t.optional_str(cx, "note", "why the rule reads the notice this way").map(|s| s.value);
    let review = t.optional_str(cx, "review", REVIEW_EXPECTED);
    Some(RuleDecl {
        id: id?,
        action: action?,
        effect: effect?,
        activities,
        categories,
        recipients,
        purposes,
        bases,
        countries,
        mechanisms,
        rights,
        when,
        valid_from,
        valid_until,
        section,
        quote,
        note,
        review,
        span: cx.span(offset),
    })
}

const REVIEW_EXPECTED: &str = "why a reader must still check it (remove the key once reviewed)";

/// A table of fact tests (`when`, `requires`): `fact = true`, `fact = "value"`,
/// `fact = ["a", "b"]`, `fact = { at_least = 21 }` or `{ at_most = 6 }`.
fn conditions(cx: &mut Ctx<'_>, t: &Table<'_, '_>, key: &str) -> Vec<(Sp<String>, Sp<TestValue>)> {
    let mut out = Vec::new();
    let Some((wt, _)) = t.optional_table(cx, key) else { return out };
    for (name, value) in wt.iter() {
        let fact = Sp { value: name.get_ref().to_string(), span: cx.span(name.span().start) };
        let at = value.span().start;
        let test = match value.get_ref() {
            DeValue::Boolean(b) => Some(TestValue::Bool(*b)),
            DeValue::String(s) => Some(TestValue::OneOf(vec![s.to_string()])),
            DeValue::Array(items) => {
                let strings: Option<Vec<String>> = items.iter().map(|i| i.get_ref().as_str().map(str::to_string)).collect();
                strings.filter(|s| !s.is_empty()).map(TestValue::OneOf)
            }
            DeValue::Table(bound) if bound.len() == 1 => {
                let (k, v) = bound.iter().next().expect("one entry");
                let n = v.get_ref().as_integer().and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok());
                match (k.get_ref().as_ref(), n) {
                    ("at_least", Some(n)) => Some(TestValue::AtLeast(n)),
                    ("at_most", Some(n)) => Some(TestValue::AtMost(n)),
                    _ => None,
                }
            }
            _ => None,
        };
        match test {
            Some(test) => out.push((fact, Sp { value: test, span: cx.span(at) })),
            None => cx.error(
                at,
                format!(
                    "the condition on `{}` must be true, false, a value, a list of values, {{ at_least = N }} or {{ at_most = N }}",
                    name.get_ref()
                ),
            ),
        }
    }
    out
}

fn retention(cx: &mut Ctx<'_>, table: &DeTable<'_>, offset: usize) -> Option<RetentionDecl> {
    let mut t = Table::new(table, offset, "a [[retention]]");
    let id = t.required_str(cx, "id", "an identifier such as \"xan.retention.fostering\"");
    named(&mut t, "retention", &id);
    t.check_keys(cx, keys::RETENTION);
    let activities = t.str_list(cx, "activities");
    let records = t.str_list(cx, "records");
    let mut periods = Vec::new();
    for (pt, poffset) in t.table_array(cx, "periods") {
        let p = Table::new(pt, poffset, "a retention period");
        p.check_keys(cx, keys::PERIOD);
        let number = |cx: &mut Ctx<'_>, key: &str| -> u32 {
            match p.get(key) {
                None => 0,
                Some(v) => match v.get_ref().as_integer().and_then(|i| u32::from_str_radix(i.as_str(), i.radix()).ok()) {
                    Some(n) if n <= 1000 => n,
                    _ => {
                        cx.error(v.span().start, format!("`{key}` must be a whole number from 0 to 1000"));
                        0
                    }
                },
            }
        };
        let (years, months, days) = (number(cx, "years"), number(cx, "months"), number(cx, "days"));
        let after = p.required_str(cx, "after", "the date fact the period runs from, e.g. \"date_of_birth\"");
        if let Some(after) = after {
            periods.push(PeriodDecl { years, months, days, after, span: cx.span(poffset) });
        }
    }
    let combine = t.optional_str(cx, "combine", "latest, earliest or either");
    let schedule = t.optional_str(cx, "schedule", "the retention schedule's reference, e.g. \"ED1.3.1\"");
    if periods.is_empty() && schedule.is_none() {
        cx.error(offset, format!("{} needs `periods` or a `schedule` reference", t_name_of("retention", &id)));
    }
    let section = t.required_str(cx, "section", "the notice's heading above the quote");
    let quote = t.required_str(cx, "quote", "the notice's sentence that gives this retention, verbatim");
    let note = t.optional_str(cx, "note", "why the rule reads the notice this way").map(|s| s.value);
    let review = t.optional_str(cx, "review", REVIEW_EXPECTED);
    Some(RetentionDecl { id: id?, activities, records, periods, combine, schedule, section, quote, note, review, span: cx.span(offset) })
}

fn findings_header(cx: &mut Ctx<'_>, table: &DeTable<'_>, offset: usize) -> FindingsDecl {
    let t = Table::new(table, offset, "[findings]");
    t.check_keys(cx, keys::FINDINGS);
    let notice = t.optional_str(cx, "notice", "the id of the notice the findings concern");
    let title = t.optional_str(cx, "title", "the heading of the findings chapter");
    let intro = t.optional_str(cx, "intro", "Markdown prose").map(|s| s.value);
    let mut sections = Vec::new();
    for (st, soffset) in t.table_array(cx, "section") {
        let s = Table::new(st, soffset, "a [[findings.section]]");
        s.check_keys(cx, keys::FINDINGS_SECTION);
        let title = s.required_str(cx, "title", "the section's heading, as the findings' `section` writes it");
        let intro = s.required_str(cx, "intro", "Markdown prose");
        if let (Some(title), Some(intro)) = (title, intro) {
            sections.push((title, intro.value));
        }
    }
    let order = match t.get("order") {
        None => 0,
        Some(v) => v.get_ref().as_integer().and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok()).unwrap_or_else(|| {
            cx.error(v.span().start, "`order` in [findings] must be a whole number");
            0
        }),
    };
    FindingsDecl { notice, title, intro, sections, order, span: cx.span(offset) }
}

fn finding(cx: &mut Ctx<'_>, table: &DeTable<'_>, offset: usize) -> Option<FindingDecl> {
    let mut t = Table::new(table, offset, "a [[finding]]");
    let id = t.required_str(cx, "id", "an identifier such as \"cit.finding.anti_virus_basis\"");
    named(&mut t, "finding", &id);
    t.check_keys(cx, keys::FINDING);
    let kind = t.required_str(cx, "kind", &crate::findings::KINDS.join(", "));
    let severity = t.required_str(cx, "severity", "error, warning or info");
    let section = t.required_str(cx, "section", "the findings section it belongs to");
    let subsection = t.optional_str(cx, "subsection", "a heading within the section");
    let title = t.required_str(cx, "title", "one line: what is wrong");
    let text = t.required_str(cx, "text", "the finding in Markdown");
    let quotes = t.str_list(cx, "quotes");
    let ids = t.str_list(cx, "ids");
    let cases = t.str_list(cx, "cases").into_iter().map(|s| s.value).collect();
    let no_cases = t.optional_str(cx, "no_cases", "why no corpus case asks the engine what the finding describes");
    let check = t.optional_str(cx, "check", "the code of the lint check that finds it");
    if let Some(k) = &kind {
        if !crate::findings::KINDS.contains(&k.value.as_str()) {
            cx.error(k.span.offset as usize, format!("unknown kind \"{}\" (expected one of {})", k.value, crate::findings::KINDS.join(", ")));
        }
    }
    if let Some(s) = &severity {
        if crate::findings::Severity::from_name(&s.value).is_none() {
            cx.error(s.span.offset as usize, format!("unknown severity \"{}\" (expected error, warning or info)", s.value));
        }
    }
    if let Some(c) = &check {
        if !crate::findings::CHECKS.contains(&c.value.as_str()) {
            cx.error(c.span.offset as usize, format!("unknown check \"{}\" (expected one of {})", c.value, crate::findings::CHECKS.join(", ")));
        }
    }
    Some(FindingDecl {
        id: id?,
        kind: kind?,
        severity: severity?,
        section: section?,
        subsection,
        title: title?,
        text: text?,
        quotes,
        ids,
        cases,
        no_cases,
        check,
        span: cx.span(offset),
    })
}

fn t_name_of(kind: &str, id: &Option<Sp<String>>) -> String {
    match id {
        Some(id) => format!("[[{kind}]] \"{}\"", id.value),
        None => format!("a [[{kind}]]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (PolicyFile, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let f = SourceFile::new("t.toml", text);
        let out = parse_file(&f, 0, &mut diags);
        (out, diags)
    }

    #[test]
    fn every_shape_error_is_reported_at_once() {
        let (_, diags) = parse(
            "[[category]]\nid = \"a\"\nlable = \"A\"\n\n[[rule]]\nid = \"r\"\naction = 3\neffect = \"permit\"\nsection = \"S\"\n",
        );
        let messages: Vec<String> = diags.iter().map(|d| format!("{}:{} {}", d.line, d.column, d.message)).collect();
        assert!(messages.iter().any(|m| m.starts_with("3:1 unknown key `lable`")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("[[category]] \"a\" is missing `label`")), "{messages:?}");
        assert!(messages.iter().any(|m| m.starts_with("7:10 `action` in [[rule]] \"r\" must be one of share, collect, use, transfer, automated_decision, rights, found integer")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("is missing `quote`")), "{messages:?}");
        assert!(diags.iter().any(|d| d.help.as_deref() == Some("did you mean \"label\"?")));
    }

    #[test]
    fn syntax_errors_carry_positions() {
        let (_, diags) = parse("[[category]]\nid = \"a\nlabel = 1\n");
        assert!(!diags.is_empty());
        assert!(diags[0].message.starts_with("invalid TOML"), "{:?}", diags);
        assert!(diags[0].line >= 2);
    }
}
