//! The policy set the gate and form check tests share (`gate.rs`, `form_check.rs`): written
//! here, so they pin the gate and the form check, not the built-in policies. Category labels
//! are chosen so the classifier finds them by name.

use noticegate::{Engine, PolicySources};

const VOCABULARY: &str = r#"
[[category]]
id = "nickname"
label = "Nickname"

[[category]]
id = "contact"
label = "Contact details"

[[category]]
id = "contact.email"
label = "Email address"
parent = "contact"

[[category]]
id = "contact.phone"
label = "Telephone number"
parent = "contact"

[[category]]
id = "postal"
label = "Postal address"

[[category]]
id = "salary"
label = "Salary"

[[category]]
id = "grade"
label = "Exam grade"

[[category]]
id = "shoe_size"
label = "Shoe size"

[[category]]
id = "hat_size"
label = "Hat size"

[[category]]
id = "health"
label = "Health condition"
special_category = true

[[category]]
id = "convictions"
label = "Criminal convictions"
criminal_offence = true

[[recipient]]
id = "partner"
label = "Partner"

[[recipient]]
id = "press"
label = "Press"

[[purpose]]
id = "research"
label = "Research"

[[basis]]
id = "consent_basis"
label = "Consent basis"
article = "6"

[[fact]]
id = "consent"
label = "Consent"
type = "enum"
values = ["given", "withdrawn"]

[[fact]]
id = "dpa"
label = "Processing agreement"
type = "bool"

[[fact]]
id = "age"
label = "Age"
type = "number"

[[fact]]
id = "reviewed"
label = "Review date"
type = "date"
"#;

/// Sharing with the partner: nickname always; email with consent given; telephone under a
/// processing agreement; health and convictions under one too (so conditional without it);
/// the exam grade at 16 or over, or under an agreement; salary denied; the postal address and the sizes not stated.
const NOTICE: &str = r#"
[notice]
id = "n"
title = "Notice N"
controller = "C"
role = "controller"
source = "n.txt"
regime = "UK GDPR"

[[activity]]
id = "exports"
label = "Exports"

[[activity]]
id = "desk"
label = "Shared desk"

[[rule]]
id = "n.share.nickname"
action = "share"
effect = "permit"
activities = ["exports"]
categories = ["nickname"]
recipients = ["partner"]
section = "S"
quote = "We share nicknames."

[[rule]]
id = "n.share.email"
action = "share"
effect = "permit"
activities = ["exports"]
categories = ["contact.email"]
recipients = ["partner"]
when = { consent = "given" }
section = "S"
quote = "We share email addresses with consent."

[[rule]]
id = "n.share.agreement"
action = "share"
effect = "permit"
activities = ["exports"]
categories = ["contact.phone", "health", "convictions"]
recipients = ["partner"]
when = { dpa = true }
section = "S"
quote = "We share under an agreement."

[[rule]]
id = "n.share.grade"
action = "share"
effect = "permit"
activities = ["exports"]
categories = ["grade"]
recipients = ["partner"]
when = { age = { at_least = 16 } }
section = "S"
quote = "We share grades of pupils aged 16 or over."

[[rule]]
id = "n.share.grade_agreement"
action = "share"
effect = "permit"
activities = ["exports"]
categories = ["grade"]
recipients = ["partner"]
when = { dpa = true }
section = "S"
quote = "We share grades under an agreement."

[[rule]]
id = "n.share.no_salary"
action = "share"
effect = "deny"
activities = ["exports"]
categories = ["salary"]
section = "S"
quote = "We never share salaries."

[[rule]]
id = "n.collect.contact"
action = "collect"
effect = "permit"
activities = ["exports", "desk"]
categories = ["contact"]
section = "S"
quote = "We collect contact details."

[[rule]]
id = "n.collect.health"
action = "collect"
effect = "permit"
activities = ["exports"]
categories = ["health"]
when = { consent = "given" }
section = "S"
quote = "We collect health conditions with consent."

[[rule]]
id = "n.collect.no_salary"
action = "collect"
effect = "deny"
activities = ["exports"]
categories = ["salary"]
section = "S"
quote = "We never collect salaries."

[[rule]]
id = "n.collect.grade"
action = "collect"
effect = "permit"
activities = ["exports"]
categories = ["grade"]
valid_from = 2026-06-01
section = "S"
quote = "From June we collect grades."
"#;

const TEXT: &str = "We share nicknames. We share email addresses with consent. We share under an agreement. We share grades of pupils aged 16 or over. We share grades under an agreement. We never share salaries. We collect contact details. We collect health conditions with consent. We never collect salaries. From June we collect grades.";

/// A second notice with a service of the same name, which collects nothing.
const NOTICE_M: &str = r#"
[notice]
id = "m"
title = "Notice M"
controller = "D"
role = "controller"
source = "m.txt"
regime = "UK GDPR"

[[activity]]
id = "m_desk"
label = "Shared desk"

[[rule]]
id = "m.collect.nothing"
action = "collect"
effect = "deny"
activities = ["m_desk"]
section = "S"
quote = "We collect nothing."
"#;

pub fn engine() -> Engine {
    let mut sources = PolicySources::default();
    sources.add("vocabulary.toml", VOCABULARY);
    sources.add("notices/n.toml", NOTICE);
    sources.add("notices/m.toml", NOTICE_M);
    sources.add("sources/n.txt", TEXT);
    sources.add("sources/m.txt", "We collect nothing.");
    Engine::load(&sources).unwrap_or_else(|e| panic!("the fixture loads: {e}"))
}
