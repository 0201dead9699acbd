//! From declarations to the model, checked: `resolve` turns the declarations of all files
//! into a `PolicySet` and checks it: ids defined once, names unambiguous, every reference
//! known, trees without cycles, dates in order, conditions on facts of the right type, every
//! quote in its notice. Every problem becomes a diagnostic; nothing is compiled unless there
//! are none.

use std::collections::HashMap;

use crate::date::Date;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::findings::{FindingsChapter, Recorded, RecordedFinding, Severity};
use crate::model::*;
use crate::model::BasisClaim;
use crate::names::{fold, NameIndex};
use crate::syntax::*;

/// The categories each notice names: those of the shared vocabulary (files without a
/// `[notice]`), those its own file defines, and those its rules and bases name.
fn scope_categories(set: &mut PolicySet, parsed: &[PolicyFile]) {
    let table = set.vocab.table(VocabKind::Category);
    let n = table.entries.len();
    let words = n.div_ceil(64).max(1);
    let mut owner: Vec<Option<usize>> = vec![None; n];
    for file in parsed {
        let Some(decl) = &file.notice else { continue };
        let Some(notice) = set.notices.iter().position(|x| x.id == decl.id.value) else { continue };
        for e in file.entries.iter().filter(|e| e.kind == VocabKind::Category) {
            if let Some(i) = table.entries.iter().position(|x| x.id == e.id.value) {
                owner[i].get_or_insert(notice);
            }
        }
    }
    let mut scopes = vec![vec![0u64; words]; set.notices.len()];
    let mark = |scope: &mut Vec<u64>, c: u32| scope[c as usize >> 6] |= 1 << (c & 63);
    for (notice, scope) in scopes.iter_mut().enumerate() {
        for (c, o) in owner.iter().enumerate() {
            if o.is_none_or(|o| o == notice) {
                mark(scope, c as u32);
            }
        }
    }
    for rule in &set.rules {
        for &c in &rule.categories {
            mark(&mut scopes[rule.notice as usize], c);
        }
    }
    for activity in &set.activities {
        for claim in &activity.bases {
            for &c in &claim.categories {
                mark(&mut scopes[activity.notice as usize], c);
            }
        }
    }
    for (notice, scope) in set.notices.iter_mut().zip(scopes) {
        notice.categories = scope;
    }
}

/// Counts, per notice, what is still marked for review.
fn count_reviews(set: &mut PolicySet) {
    let mut counts = vec![0u32; set.notices.len()];
    for item in set.under_review() {
        counts[item.notice as usize] += 1;
    }
    for (notice, n) in set.notices.iter_mut().zip(counts) {
        notice.under_review = n;
    }
}

struct Resolver<'a> {
    files: &'a [SourceFile],
    diags: Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn error(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::at(&self.files[span.file as usize], span.offset as usize, message);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    fn location(&self, span: Span) -> String {
        let f = &self.files[span.file as usize];
        let (line, col) = f.line_col(span.offset as usize);
        format!("{}:{line}:{col}", f.name)
    }

    /// Resolves a name of a vocabulary kind, reporting unknown or ambiguous names.
    fn lookup(&mut self, set: &PolicySet, kind: VocabKind, name: &Sp<String>, field: &str) -> Option<u32> {
        let table = set.vocab.table(kind);
        match table.names.lookup(&name.value) {
            [one] => Some(*one),
            [] => {
                let suggestions = table.names.suggest(&name.value, 3);
                let d = Diagnostic::at(
                    &self.files[name.span.file as usize],
                    name.span.offset as usize,
                    format!("unknown {} \"{}\" in `{field}`", kind.name(), name.value),
                )
                .with_suggestions(&suggestions);
                self.diags.push(d);
                None
            }
            many => {
                let ids: Vec<String> = many.iter().map(|&i| table.entries[i as usize].id.clone()).collect();
                self.error(name.span, format!("\"{}\" in `{field}` could mean any of {}", name.value, ids.join(", ")))
                    .help = Some("name it by id".into());
                None
            }
        }
    }

    fn lookup_all(&mut self, set: &PolicySet, kind: VocabKind, names: &[Sp<String>], field: &str) -> Vec<u32> {
        let mut out: Vec<u32> = names.iter().filter_map(|n| self.lookup(set, kind, n, field)).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Resolves and checks the declarations of every file. `sources` are the notice texts by
/// file name; when given, every quote must occur in its notice (whitespace folded).
pub fn resolve(files: &[SourceFile], parsed: &[PolicyFile], sources: Option<&HashMap<String, String>>) -> (PolicySet, Vec<Diagnostic>) {
    let mut r = Resolver { files, diags: Vec::new() };
    let mut set = PolicySet::default();
    resolve_vocabulary(&mut r, &mut set, parsed);
    resolve_notices(&mut r, &mut set, parsed, sources);
    resolve_rules(&mut r, &mut set, parsed, sources);
    resolve_retentions(&mut r, &mut set, parsed, sources);
    scope_categories(&mut set, parsed);
    count_reviews(&mut set);
    resolve_findings(&mut r, &mut set, parsed, sources);
    (set, r.diags)
}

fn resolve_vocabulary(r: &mut Resolver<'_>, set: &mut PolicySet, parsed: &[PolicyFile]) {
    // Pass 1: define every entry, so parents may be declared in any file and any order.
    let mut first_seen: HashMap<(VocabKind, String), Span> = HashMap::new();
    let mut decls: [Vec<&EntryDecl>; 10] = Default::default();
    for e in parsed.iter().flat_map(|f| f.entries.iter()) {
        if let Some(prev) = first_seen.get(&(e.kind, e.id.value.clone())) {
            let at = r.location(*prev);
            r.error(e.id.span, format!("{} id \"{}\" is defined twice (first at {at})", e.kind.name(), e.id.value));
            continue;
        }
        first_seen.insert((e.kind, e.id.value.clone()), e.id.span);
        let fact_type = match (e.kind, &e.fact_type) {
            (VocabKind::Fact, Some(t)) => match t.value.as_str() {
                "bool" => Some(FactType::Bool),
                "date" => Some(FactType::Date),
                "number" => Some(FactType::Number),
                "enum" if !e.values.is_empty() && e.values.len() <= 64 => {
                    Some(FactType::Enum(e.values.iter().map(|v| v.value.clone()).collect()))
                }
                "enum" => {
                    r.error(t.span, "an enum fact needs `values`, a list of 1 to 64 strings");
                    None
                }
                other => {
                    r.error(t.span, format!("unknown fact type \"{other}\" (expected bool, date, number or enum)"));
                    None
                }
            },
            _ => None,
        };
        if let (Some(from), Some(until)) = (&e.valid_from, &e.valid_until) {
            if from.value >= until.value {
                r.error(until.span, format!("`valid_until` ({}) must be after `valid_from` ({})", until.value, from.value));
            }
        }
        let table = set.vocab.table_mut(e.kind);
        let index = table.entries.len() as u32;
        table.entries.push(Entry {
            id: e.id.value.clone(),
            label: e.label.value.clone(),
            aliases: e.aliases.iter().map(|a| a.value.clone()).collect(),
            description: e.description.clone(),
            dpv: e.dpv.clone(),
            fides: e.fides.clone(),
            parent: None,
            depth: 0,
            special_category: e.special_category,
            criminal_offence: e.criminal_offence,
            article: e.article.as_ref().map(|a| a.value.clone()),
            legal_source: e.legal_source.clone(),
            valid_from: e.valid_from.as_ref().map_or(Date::MIN, |d| d.value),
            valid_until: e.valid_until.as_ref().map_or(Date::MAX, |d| d.value),
            fact_type,
            negation: e.negation.clone(),
            words: e.words.clone(),
            located_in: None,
            countries: Vec::new(),
            requires: Vec::new(),
            applies_under: Vec::new(),
        });
        decls[e.kind as usize].push(e);
        // Names: the id, the label and every alias must each name one entry of the kind.
        let names = std::iter::once(&e.id).chain(std::iter::once(&e.label)).chain(e.aliases.iter());
        for name in names {
            let clashes = set.vocab.table_mut(e.kind).names.insert(&name.value, index);
            if let Some(&other) = clashes.first() {
                let other_id = set.vocab.entry(e.kind, other).id.clone();
                r.error(name.span, format!("the name \"{}\" already names {} \"{other_id}\"", name.value, e.kind.name()))
                    .help = Some("names are compared ignoring case and punctuation; choose a distinct label or alias".into());
            }
        }
    }
    // Pass 2: parents, depth and inherited category flags.
    for kind in VocabKind::ALL {
        let n = set.vocab.table(kind).entries.len();
        for i in 0..n {
            let decl = decls[kind as usize][i];
            if let Some(parent) = &decl.parent {
                if let Some(p) = r.lookup(set, kind, parent, "parent") {
                    set.vocab.table_mut(kind).entries[i].parent = Some(p);
                }
            }
        }
        let table = set.vocab.table_mut(kind);
        let mut ancestors = Vec::with_capacity(n);
        for i in 0..n {
            let mut chain = vec![i as u32];
            let mut cur = table.entries[i].parent;
            while let Some(p) = cur {
                if chain.contains(&p) {
                    break;
                }
                chain.push(p);
                cur = table.entries[p as usize].parent;
            }
            ancestors.push(chain);
        }
        for i in 0..n {
            let chain = &ancestors[i];
            let cyclic = table.entries[*chain.last().expect("non-empty") as usize].parent.is_some();
            if cyclic {
                let span = decls[kind as usize][i].span;
                let id = table.entries[i].id.clone();
                r.error(span, format!("{} \"{id}\" is its own ancestor (its `parent` chain loops)", kind.name()));
            }
            let special = chain.iter().any(|&a| table.entries[a as usize].special_category);
            let criminal = chain.iter().any(|&a| table.entries[a as usize].criminal_offence);
            let e = &mut table.entries[i];
            e.depth = (chain.len() - 1).min(255) as u8;
            e.special_category = special;
            e.criminal_offence = criminal;
            if special && criminal {
                let span = decls[kind as usize][i].span;
                r.error(span, format!("category \"{}\" is both special category and criminal offence data; the law keeps them apart", e.id));
            }
        }
        table.ancestors = ancestors;
    }
    // Pass 3: references between kinds (every entry of every kind now exists).
    for kind in [VocabKind::Recipient, VocabKind::Mechanism, VocabKind::Right] {
        for (i, decl) in decls[kind as usize].iter().enumerate() {
            let located_in = decl.located_in.as_ref().and_then(|c| r.lookup(set, VocabKind::Country, c, "located_in"));
            let countries = r.lookup_all(set, VocabKind::Country, &decl.countries, "countries");
            let requires = resolve_conditions(r, set, &decl.requires, "requires");
            let applies_under = r.lookup_all(set, VocabKind::Basis, &decl.applies_under, "applies_under");
            let e = &mut set.vocab.table_mut(kind).entries[i];
            e.located_in = located_in;
            e.countries = countries;
            e.requires = requires;
            e.applies_under = applies_under;
        }
    }
}

/// Resolves fact tests (`when`, `requires`), checking each against its fact's type.
fn resolve_conditions(r: &mut Resolver<'_>, set: &PolicySet, tests: &[(Sp<String>, Sp<TestValue>)], field: &str) -> Vec<Condition> {
    let mut out = Vec::new();
    for (fact_name, test) in tests {
        let Some(fact) = r.lookup(set, VocabKind::Fact, fact_name, field) else { continue };
        let entry = set.vocab.entry(VocabKind::Fact, fact);
        let resolved = match (&entry.fact_type, &test.value) {
            (Some(FactType::Bool), TestValue::Bool(b)) => Some(Test::Bool(*b)),
            (Some(FactType::Enum(values)), TestValue::OneOf(wanted)) => {
                let mut mask = 0u64;
                for w in wanted {
                    match values.iter().position(|v| fold(v) == fold(w)) {
                        Some(i) => mask |= 1 << i,
                        None => {
                            r.error(test.span, format!("\"{w}\" is not a value of fact \"{}\" (expected one of {})", entry.id, values.join(", ")));
                        }
                    }
                }
                Some(Test::OneOf(mask))
            }
            (Some(FactType::Number), TestValue::AtLeast(n)) => Some(Test::AtLeast(*n)),
            (Some(FactType::Number), TestValue::AtMost(n)) => Some(Test::AtMost(*n)),
            (Some(t), _) => {
                r.error(
                    test.span,
                    format!(
                        "fact \"{}\" is a {} fact; conditions test bool facts with true/false, enum facts with values and number facts with {{ at_least = N }} or {{ at_most = N }}",
                        entry.id,
                        t.name()
                    ),
                );
                None
            }
            (None, _) => None,
        };
        if let Some(test) = resolved {
            out.push(Condition { fact, test });
        }
    }
    out
}

fn check_source_exists(r: &mut Resolver<'_>, n: &NoticeDecl, sources: Option<&HashMap<String, String>>) {
    if let Some(sources) = sources {
        if !sources.contains_key(&n.source.value) {
            let mut known: Vec<&String> = sources.keys().collect();
            known.sort();
            let list: Vec<&str> = known.iter().map(|s| s.as_str()).collect();
            r.error(n.source.span, format!("notice text \"{}\" is not in sources/", n.source.value)).help =
                Some(format!("the sources/ folder has: {}", list.join(", ")));
        }
    }
}

fn resolve_notices(r: &mut Resolver<'_>, set: &mut PolicySet, parsed: &[PolicyFile], sources: Option<&HashMap<String, String>>) {
    let mut notice_ids: HashMap<String, Span> = HashMap::new();
    for file in parsed {
        let Some(n) = &file.notice else { continue };
        if let Some(prev) = notice_ids.get(&n.id.value) {
            let at = r.location(*prev);
            r.error(n.id.span, format!("notice id \"{}\" is defined twice (first at {at})", n.id.value));
            continue;
        }
        notice_ids.insert(n.id.value.clone(), n.id.span);
        check_source_exists(r, n, sources);
        let role = match n.role.value.as_str() {
            "controller" => Role::Controller,
            "processor" => Role::Processor,
            "controller_or_processor" => Role::Both,
            other => {
                r.error(n.role.span, format!("unknown role \"{other}\" (expected controller, processor or controller_or_processor)"));
                Role::Controller
            }
        };
        let notice_index = set.notices.len() as u32;
        let source_stem = n.source.value.strip_suffix(".txt").unwrap_or(&n.source.value).to_string();
        for name in [&n.id.value, &n.title.value, &n.source.value, &source_stem].into_iter().chain(n.aliases.iter().map(|a| &a.value)) {
            if let Some(&other) = set.notice_names.insert(name, notice_index).first() {
                let other_id = set.notices[other as usize].id.clone();
                r.error(n.span, format!("the name \"{name}\" already names notice \"{other_id}\""));
            }
        }
        // The stand-in activity for notice-wide questions.
        let scope = set.activities.len() as u32;
        set.activities.push(Activity {
            id: format!("{}:*", n.id.value),
            label: n.title.value.clone(),
            aliases: Vec::new(),
            description: None,
            notice: notice_index,
            parent: None,
            ancestors: vec![scope],
            sources: Vec::new(),
            bases: Vec::new(),
            is_notice_scope: true,
            location: r.location(n.span),
        });
        set.notices.push(Notice {
            id: n.id.value.clone(),
            title: n.title.value.clone(),
            aliases: n.aliases.iter().map(|a| a.value.clone()).collect(),
            controller: n.controller.clone(),
            role,
            source: n.source.value.clone(),
            date: n.date.as_ref().map(|d| d.value),
            regime: n.regime.clone(),
            scope,
            activities: Vec::new(),
            categories: Vec::new(),
            under_review: 0,
            location: r.location(n.span),
        });
        resolve_activities(r, set, notice_index, file, sources.and_then(|s| s.get(&n.source.value)));
    }
}

fn resolve_activities(r: &mut Resolver<'_>, set: &mut PolicySet, notice: u32, file: &PolicyFile, text: Option<&String>) {
    let folded_text = text.map(|t| fold_whitespace(t));
    let first = set.activities.len();
    let mut local: HashMap<&str, u32> = HashMap::new();
    let mut local_names = NameIndex::default();
    for a in &file.activities {
        let index = set.activities.len() as u32;
        if set.activities.iter().any(|x| x.id == a.id.value) {
            r.error(a.id.span, format!("activity id \"{}\" is defined twice", a.id.value));
            continue;
        }
        for name in std::iter::once(&a.id).chain(std::iter::once(&a.label)).chain(a.aliases.iter()) {
            if let Some(&other) = local_names.insert(&name.value, index).first() {
                let other_id = set.activities[other as usize].id.clone();
                r.error(name.span, format!("the name \"{}\" already names activity \"{other_id}\" of this notice", name.value));
            }
            set.activity_names.insert(&name.value, index);
        }
        local.insert(&a.id.value, index);
        let sources = r.lookup_all(set, VocabKind::Source, &a.sources, "sources");
        let mut bases = Vec::new();
        for claim in &a.bases {
            check_quote(r, &claim.quote, folded_text.as_deref());
            if let Some(basis) = r.lookup(set, VocabKind::Basis, &claim.basis, "basis") {
                let categories = r.lookup_all(set, VocabKind::Category, &claim.categories, "categories");
                bases.push(BasisClaim {
                    basis,
                    categories,
                    section: claim.section.value.clone(),
                    quote: claim.quote.value.clone(),
                    review: claim.review.as_ref().map(|x| x.value.clone()),
                });
            }
        }
        set.activities.push(Activity {
            id: a.id.value.clone(),
            label: a.label.value.clone(),
            aliases: a.aliases.iter().map(|x| x.value.clone()).collect(),
            description: a.description.clone(),
            notice,
            parent: None,
            ancestors: vec![index],
            sources,
            bases,
            is_notice_scope: false,
            location: r.location(a.span),
        });
        set.notices[notice as usize].activities.push(index);
    }
    // Service groups: a parent must be an activity of the same notice.
    for a in &file.activities {
        let (Some(parent), Some(&me)) = (&a.parent, local.get(a.id.value.as_str())) else { continue };
        match local.get(parent.value.as_str()).copied().or_else(|| local_names.lookup(&parent.value).first().copied()) {
            Some(p) => set.activities[me as usize].parent = Some(p),
            None => {
                let suggestions = local_names.suggest(&parent.value, 3);
                let d = Diagnostic::at(&r.files[parent.span.file as usize], parent.span.offset as usize, format!("unknown activity \"{}\" in `parent`", parent.value))
                    .with_suggestions(&suggestions);
                r.diags.push(d);
            }
        }
    }
    for i in first..set.activities.len() {
        let mut chain = vec![i as u32];
        let mut cur = set.activities[i].parent;
        while let Some(p) = cur {
            if chain.contains(&p) {
                r.error(file.activities[i - first].span, format!("activity \"{}\" is its own service group", set.activities[i].id));
                break;
            }
            chain.push(p);
            cur = set.activities[p as usize].parent;
        }
        set.activities[i].ancestors = chain;
    }
}

fn check_quote(r: &mut Resolver<'_>, quote: &Sp<String>, folded_text: Option<&str>) {
    if let Some(text) = folded_text {
        if !text.contains(&fold_whitespace(&quote.value)) {
            r.error(quote.span, "this quote is not in the notice's text (compared after folding whitespace only)").help =
                Some("copy the sentence from policies/sources/ exactly, including punctuation and spelling".into());
        }
    }
}

fn resolve_rules(r: &mut Resolver<'_>, set: &mut PolicySet, parsed: &[PolicyFile], sources: Option<&HashMap<String, String>>) {
    let mut rule_ids: HashMap<String, Span> = HashMap::new();
    for file in parsed {
        let Some(n) = &file.notice else { continue };
        let Some(notice) = set.notices.iter().position(|x| x.id == n.id.value) else { continue };
        let notice = notice as u32;
        let folded_text = sources.and_then(|s| s.get(&n.source.value)).map(|t| fold_whitespace(t));
        for d in &file.rules {
            let duplicate = rule_ids.get(&d.id.value).copied();
            if let Some(prev) = duplicate {
                let at = r.location(prev);
                r.error(d.id.span, format!("rule id \"{}\" is defined twice (first at {at})", d.id.value));
            } else {
                rule_ids.insert(d.id.value.clone(), d.id.span);
            }
            // A duplicate is still checked, so all of its own errors show at once.
            if let Some(rule) = resolve_rule(r, set, notice, d, folded_text.as_deref()) {
                if duplicate.is_none() {
                    set.rules.push(rule);
                }
            }
        }
    }
}

fn resolve_rule(r: &mut Resolver<'_>, set: &PolicySet, notice: u32, d: &RuleDecl, folded_text: Option<&str>) -> Option<Rule> {
    let before = r.diags.len();
    let action = match Action::from_name(&d.action.value) {
        Some(a) => Some(a),
        None if d.action.value == "retention" => {
            r.error(d.action.span, "retention is written as a [[retention]] table, not a [[rule]]");
            None
        }
        None => {
            let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
            r.error(d.action.span, format!("unknown action \"{}\" (expected one of {})", d.action.value, names.join(", ")));
            None
        }
    };
    let effect = match d.effect.value.as_str() {
        "permit" => Some(Effect::Permit),
        "deny" => Some(Effect::Deny),
        "limit" => Some(Effect::Limit),
        other => {
            r.error(d.effect.span, format!("unknown effect \"{other}\" (expected permit, deny or limit)"));
            None
        }
    };
    let mut activities = Vec::new();
    let local = &set.notices[notice as usize].activities;
    for name in &d.activities {
        let found: Vec<u32> = set.activity_names.lookup_where(&name.value, |a| local.contains(&a)).iter().copied().filter(|a| local.contains(a)).collect();
        match found.as_slice() {
            [one] => activities.push(*one),
            _ => {
                let mut names = NameIndex::default();
                for &a in local {
                    names.insert(&set.activities[a as usize].id, a);
                    names.insert(&set.activities[a as usize].label, a);
                }
                let d = Diagnostic::at(&r.files[name.span.file as usize], name.span.offset as usize, format!("unknown activity \"{}\" in `activities` (activities of this notice only)", name.value))
                    .with_suggestions(&names.suggest(&name.value, 3));
                r.diags.push(d);
            }
        }
    }
    activities.sort_unstable();
    activities.dedup();
    let categories = r.lookup_all(set, VocabKind::Category, &d.categories, "categories");
    let recipients = r.lookup_all(set, VocabKind::Recipient, &d.recipients, "recipients");
    let purposes = r.lookup_all(set, VocabKind::Purpose, &d.purposes, "purposes");
    let bases = r.lookup_all(set, VocabKind::Basis, &d.bases, "bases");
    let countries = r.lookup_all(set, VocabKind::Country, &d.countries, "countries");
    let mechanisms = r.lookup_all(set, VocabKind::Mechanism, &d.mechanisms, "mechanisms");
    let rights = r.lookup_all(set, VocabKind::Right, &d.rights, "rights");
    if let Some(action) = action {
        let allowed = |kind: VocabKind| action.object_kind() == Some(kind) || action.filter_kind() == Some(kind);
        let misplaced = [
            (&d.recipients, VocabKind::Recipient, "recipients", "share and transfer"),
            (&d.purposes, VocabKind::Purpose, "purposes", "use and share"),
            (&d.countries, VocabKind::Country, "countries", "transfer"),
            (&d.rights, VocabKind::Right, "rights", "rights"),
        ];
        for (names, kind, key, rules) in misplaced {
            if !names.is_empty() && !allowed(kind) {
                r.error(names[0].span, format!("`{key}` belongs to {rules} rules only"));
            }
        }
        if !d.mechanisms.is_empty() && action != Action::Transfer {
            r.error(d.mechanisms[0].span, "`mechanisms` belongs to transfer rules only");
        }
    }
    let when = resolve_conditions(r, set, &d.when, "when");
    if effect == Some(Effect::Limit) && d.when.is_empty() {
        r.error(d.effect.span, format!("limit \"{}\" has no `when`: a limit states the conditions every permit it covers needs", d.id.value))
            .help = Some("write the conditions as `when = { fact = value }`, or use `effect = \"deny\"` for a prohibition without conditions".into());
    }
    let valid_from = d.valid_from.as_ref().map_or(Date::MIN, |x| x.value);
    let valid_until = d.valid_until.as_ref().map_or(Date::MAX, |x| x.value);
    if valid_from >= valid_until {
        r.error(d.span, format!("rule \"{}\" holds from {valid_from} until {valid_until}: `valid_until` must be after `valid_from`", d.id.value));
    }
    if let Some(quote) = &d.quote {
        check_quote(r, quote, folded_text);
    }
    if r.diags.len() > before {
        return None;
    }
    // A missing section or quote was reported by the parser.
    let (section, quote) = (d.section.as_ref()?, d.quote.as_ref()?);
    let action = action?;
    let named = |kind: Option<VocabKind>| match kind {
        Some(VocabKind::Recipient) => !recipients.is_empty(),
        Some(VocabKind::Purpose) => !purposes.is_empty(),
        Some(VocabKind::Country) => !countries.is_empty(),
        Some(VocabKind::Right) => !rights.is_empty(),
        _ => false,
    };
    let level = u8::from(!activities.is_empty())
        + u8::from(named(action.object_kind()))
        + u8::from(named(action.filter_kind()))
        + u8::from(!categories.is_empty());
    Some(Rule {
        id: d.id.value.clone(),
        notice,
        action,
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
        section: section.value.clone(),
        quote: quote.value.clone(),
        note: d.note.clone(),
        review: d.review.as_ref().map(|x| x.value.clone()),
        level,
        location: r.location(d.span),
    })
}

fn resolve_retentions(r: &mut Resolver<'_>, set: &mut PolicySet, parsed: &[PolicyFile], sources: Option<&HashMap<String, String>>) {
    let mut ids: HashMap<String, Span> = HashMap::new();
    for file in parsed {
        let Some(n) = &file.notice else { continue };
        let Some(notice) = set.notices.iter().position(|x| x.id == n.id.value) else { continue };
        let folded_text = sources.and_then(|s| s.get(&n.source.value)).map(|t| fold_whitespace(t));
        for d in &file.retentions {
            let before = r.diags.len();
            if let Some(prev) = ids.get(&d.id.value).copied() {
                let at = r.location(prev);
                r.error(d.id.span, format!("retention id \"{}\" is defined twice (first at {at})", d.id.value));
            }
            ids.insert(d.id.value.clone(), d.id.span);
            let local = &set.notices[notice].activities;
            let mut activities = Vec::new();
            for name in &d.activities {
                match set.activity_names.lookup_where(&name.value, |a| local.contains(&a)).iter().copied().find(|a| local.contains(a)) {
                    Some(a) => activities.push(a),
                    None => {
                        r.error(name.span, format!("unknown activity \"{}\" in `activities` (activities of this notice only)", name.value));
                    }
                }
            }
            let records = r.lookup_all(set, VocabKind::Record, &d.records, "records");
            let mut periods = Vec::new();
            for p in &d.periods {
                let Some(after) = r.lookup(set, VocabKind::Fact, &p.after, "after") else { continue };
                if set.vocab.entry(VocabKind::Fact, after).fact_type != Some(FactType::Date) {
                    r.error(p.after.span, format!("`after` must name a date fact; \"{}\" is not one", p.after.value));
                    continue;
                }
                periods.push(Period { years: p.years, months: p.months, days: p.days, after });
            }
            let combine = match d.combine.as_ref().map(|c| c.value.as_str()) {
                None | Some("latest") => Combine::Latest,
                Some("earliest") => Combine::Earliest,
                Some("either") => Combine::Either,
                Some(other) => {
                    let span = d.combine.as_ref().expect("matched Some").span;
                    r.error(span, format!("unknown combine \"{other}\" (expected latest, earliest or either)"));
                    Combine::Latest
                }
            };
            if d.periods.len() > 1 && d.combine.is_none() {
                r.error(d.span, format!("[[retention]] \"{}\" has several periods: say how they combine (`combine` = latest, earliest or either)", d.id.value));
            }
            if let Some(quote) = &d.quote {
                check_quote(r, quote, folded_text.as_deref());
            }
            let (Some(section), Some(quote)) = (&d.section, &d.quote) else { continue };
            if r.diags.len() > before {
                continue;
            }
            let location = r.location(d.span);
            set.retentions.push(Retention {
                id: d.id.value.clone(),
                notice: notice as u32,
                activities,
                records,
                periods,
                combine,
                schedule: d.schedule.as_ref().map(|s| s.value.clone()),
                section: section.value.clone(),
                quote: quote.value.clone(),
                note: d.note.clone(),
                review: d.review.as_ref().map(|x| x.value.clone()),
                location,
            });
        }
    }
}

/// Checks the recorded findings: each belongs to a known notice, its quotes are in that
/// notice's text (as rule quotes are), its ids name rules, activities or retentions.
fn resolve_findings(r: &mut Resolver<'_>, set: &mut PolicySet, parsed: &[PolicyFile], sources: Option<&HashMap<String, String>>) {
    let mut known_ids: std::collections::HashSet<&str> = set.rules.iter().map(|x| x.id.as_str()).collect();
    known_ids.extend(set.activities.iter().filter(|a| !a.is_notice_scope).map(|a| a.id.as_str()));
    known_ids.extend(set.retentions.iter().map(|x| x.id.as_str()));
    let mut recorded = Recorded::default();
    let mut finding_ids: HashMap<&str, Span> = HashMap::new();
    for file in parsed {
        let header = file.findings_header.as_ref();
        let named_notice = header.and_then(|h| h.notice.as_ref());
        let notice = match (named_notice, &file.notice) {
            (Some(name), _) => match set.notice_names.lookup(&name.value) {
                [one] => Some(*one),
                _ => {
                    r.error(name.span, format!("unknown notice \"{}\" in [findings]", name.value)).help =
                        Some(format!("known notices: {}", set.notices.iter().map(|n| n.id.as_str()).collect::<Vec<_>>().join(", ")));
                    continue;
                }
            },
            (None, Some(n)) => set.notices.iter().position(|x| x.id == n.id.value).map(|i| i as u32),
            (None, None) => None,
        };
        let folded_text = notice
            .and_then(|n| sources.and_then(|s| s.get(&set.notices[n as usize].source)))
            .map(|t| fold_whitespace(t));
        if let Some(h) = header {
            let title = match (&h.title, notice) {
                (Some(t), _) => t.value.clone(),
                (None, Some(n)) => format!("Findings: {}", set.notices[n as usize].title),
                (None, None) => "Findings".to_string(),
            };
            let sections = h.sections.iter().map(|(t, intro)| (t.value.clone(), intro.clone())).collect();
            recorded.chapters.push(FindingsChapter { notice, title, intro: h.intro.clone(), sections, order: h.order, location: r.location(h.span) });
        }
        for f in &file.findings {
            if let Some(prev) = finding_ids.get(f.id.value.as_str()).copied() {
                let at = r.location(prev);
                r.error(f.id.span, format!("finding id \"{}\" is defined twice (first at {at})", f.id.value));
            }
            finding_ids.insert(&f.id.value, f.id.span);
            if !f.quotes.is_empty() && notice.is_none() {
                r.error(f.span, "a [[finding]] with quotes needs a notice (a [notice] in its file, or `notice` in [findings])");
            }
            for q in &f.quotes {
                check_quote(r, q, folded_text.as_deref());
            }
            for id in &f.ids {
                if !known_ids.contains(id.value.as_str()) {
                    r.error(id.span, format!("\"{}\" in `ids` is not a rule, activity or retention id", id.value)).help =
                        Some("name corpus cases in `cases`, other entries in the text".into());
                }
            }
            // Kind, severity and check were checked by the parser.
            let Some(severity) = Severity::from_name(&f.severity.value) else { continue };
            recorded.findings.push(RecordedFinding {
                id: f.id.value.clone(),
                notice,
                kind: f.kind.value.clone(),
                severity,
                section: f.section.value.clone(),
                subsection: f.subsection.as_ref().map(|s| s.value.clone()),
                title: f.title.value.clone(),
                text: f.text.value.clone(),
                quotes: f.quotes.iter().map(|q| q.value.clone()).collect(),
                ids: f.ids.iter().map(|i| i.value.clone()).collect(),
                cases: f.cases.clone(),
                no_cases: f.no_cases.as_ref().map(|s| s.value.clone()),
                check: f.check.as_ref().map(|c| c.value.clone()),
                location: r.location(f.span),
            });
        }
    }
    set.recorded = recorded;
}
