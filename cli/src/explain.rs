//! Readable answers for `ask --explain`: the verdict in words, what must hold, and the
//! notice's sentences that decided it.

use std::fmt::Write;

use noticegate::{Ask, Decision, Question, QuestionError, QuestionId, Verdict};

fn id_prefix(id: Option<&QuestionId>) -> String {
    match id {
        Some(QuestionId::Text(t)) => format!("{t}: "),
        Some(QuestionId::Number(n)) => format!("{n}: "),
        None => String::new(),
    }
}

fn headline(q: &Question<'_>) -> String {
    let ask = q.ask.map_or("?", |a| a.name());
    let mut s = ask.to_string();
    if let Some(c) = &q.category {
        write!(s, " \"{c}\"").ok();
    }
    if let Some(service) = &q.service {
        write!(s, " in {service}").ok();
    } else if let Some(notice) = &q.notice {
        write!(s, " under {notice}").ok();
    }
    if let Some(r) = &q.recipient {
        write!(s, " with {r}").ok();
    }
    if let Some(p) = &q.purpose {
        write!(s, " for \"{p}\"").ok();
    }
    if let Some(c) = &q.country {
        write!(s, " to {c}").ok();
    }
    if let Some(r) = &q.record {
        write!(s, " of record \"{r}\"").ok();
    }
    if let Some(r) = &q.right {
        write!(s, ": {r}").ok();
    }
    if let Some(d) = &q.as_of {
        write!(s, " (as of {d})").ok();
    }
    if let Some(b) = &q.basis {
        write!(s, " on {b}").ok();
    }
    s
}

fn verdict_words(ask: Option<Ask>, v: Verdict) -> &'static str {
    match (ask, v) {
        (Some(Ask::Retention), Verdict::Permit) => "RETAIN: the notice gives the period below",
        (Some(Ask::Retention), _) => "NOT STATED: the notice gives no period for this record",
        (Some(Ask::Rights), Verdict::Permit) => "APPLIES",
        (Some(Ask::Rights), Verdict::Deny) => "DOES NOT APPLY",
        (Some(Ask::Rights), Verdict::Conditional) => "APPLIES IF the obligations below hold",
        (Some(Ask::Rights), Verdict::NotStated) => "NOT STATED: nothing decides whether it applies",
        (Some(Ask::Transfer), Verdict::Deny) => "DENY: the notice or the law forbids it",
        (_, Verdict::Permit) => "PERMIT: the notice allows it",
        (_, Verdict::Conditional) => "CONDITIONAL: the notice allows it if the obligations below hold",
        (_, Verdict::Deny) => "DENY: the notice forbids it",
        (_, Verdict::NotStated) => "NOT STATED: no rule of the notice covers it, so it is not permitted",
    }
}

pub fn render(q: &Question<'_>, answer: &Result<Decision, QuestionError>) -> String {
    let d = match answer {
        Ok(d) => d,
        Err(e) => return render_error(q.id.as_ref(), e),
    };
    let mut s = String::new();
    writeln!(s, "{}{}", id_prefix(q.id.as_ref()), headline(q)).ok();
    writeln!(s, "  {}", verdict_words(q.ask, d.verdict)).ok();
    if let Some(date) = &d.disposal_date {
        writeln!(s, "  Destroy by: {date}").ok();
    }
    for dd in &d.disposal_dates {
        let applies = if dd.applies { " (applies)" } else { "" };
        writeln!(s, "    {} = {} after {}{applies}", dd.date, dd.period, dd.after).ok();
    }
    if let Some(schedule) = &d.schedule {
        writeln!(s, "  Retention schedule named by reference: {schedule}").ok();
    }
    if let Some(m) = &d.mechanism {
        writeln!(s, "  Lawful by: {} (Article {}; {})", m.label, m.article, m.legal_source).ok();
    }
    if let Some(rights) = &d.rights {
        writeln!(s, "  Rights:").ok();
        for r in rights {
            writeln!(s, "    - {}: {} ({})", r.label, verdict_words(Some(Ask::Rights), r.verdict), r.because).ok();
        }
    }
    if !d.obligations.is_empty() {
        writeln!(s, "  Obligations:").ok();
        for o in &d.obligations {
            writeln!(s, "    - {} (fact {} = {})", o.text, o.fact, o.expect).ok();
        }
    }
    if !d.reasons.is_empty() {
        writeln!(s, "  Because:").ok();
        for r in &d.reasons {
            writeln!(s, "    [{}] rule {}, {} — \"{}\":", r.effect, r.rule, r.notice, r.section).ok();
            writeln!(s, "      “{}”", r.quote).ok();
            if let Some(note) = &r.note {
                writeln!(s, "      note: {note}").ok();
            }
        }
    }
    if !d.bases.is_empty() {
        let labels: Vec<&str> = d.bases.iter().map(|b| b.label.as_str()).collect();
        writeln!(s, "  Lawful basis named by the notice: {}", labels.join(", ")).ok();
    }
    if d.special_category == Some(true) {
        writeln!(s, "  This is special category data (UK GDPR Article 9).").ok();
    }
    if d.criminal_offence == Some(true) {
        writeln!(s, "  This is criminal offence data (UK GDPR Article 10).").ok();
    }
    for note in &d.notes {
        writeln!(s, "  Note: {note}").ok();
    }
    write!(s, "  Policy set: {}", d.policy_hash).ok();
    s
}

pub fn render_error(id: Option<&QuestionId>, e: &QuestionError) -> String {
    let mut s = format!("{}ERROR ({})", id_prefix(id), e.code.name());
    if let Some(field) = &e.field {
        write!(s, " in `{field}`").ok();
    }
    write!(s, ": {}", e.message).ok();
    if !e.suggestions.is_empty() {
        write!(s, "\n  did you mean: {}", e.suggestions.join(", ")).ok();
    }
    s
}
