//! Drafting: our own test notices (county-council template, text and HTML), the five
//! built-in notices (every draft loads, every quote verbatim, no permit from a catch-all,
//! every Article reference found), the errors, and writing a draft directory.

use std::path::{Path, PathBuf};

use noticegate::model::{Action, Effect};
use noticegate::Engine;
use noticegate_draft::{draft_file, draft_text, DraftError};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn ask(engine: &Engine, q: &str) -> String {
    engine.ask_json(q)
}

#[test]
fn a_county_council_notice_drafts_into_rules_that_answer() {
    for file in ["library_service.txt", "library_service.html"] {
        let d = draft_file(&root().join("tests/notices").join(file)).unwrap();
        let engine = d.load().unwrap();
        let set = engine.policy();
        let has = |action: Action, what: &str| set.rules.iter().any(|r| r.action == action && r.quote.contains(what));
        assert!(has(Action::Collect, "Email address"), "{file}: {}", d.notice_toml);
        assert!(has(Action::Share, "Libraries Connect Ltd"), "{file}");
        assert!(has(Action::Share, "law enforcement"), "{file}");
        assert!(has(Action::Transfer, "France"), "{file}");
        assert!(has(Action::Rights, "ask to see what information we hold about you"), "{file}");
        assert!(set.rules.iter().any(|r| r.action == Action::AutomatedDecision && r.effect == Effect::Deny), "{file}");
        assert!(set.rules.iter().all(|r| r.review.is_some()), "{file}: every drafted rule is marked for review");
        // Bases, with the Article 9 condition on special category data.
        let bases: Vec<&str> = set.activities.iter().flat_map(|a| a.bases.iter()).map(|b| set.vocab.entry(noticegate::VocabKind::Basis, b.basis).id.as_str()).collect();
        assert!(bases.contains(&"art6_1_e") && bases.contains(&"art9_2_g"), "{file}: {bases:?}");
        // Retention: six years after the membership ends; the table row's two years after the loan.
        let periods: Vec<(u32, u32, u32)> = set.retentions.iter().flat_map(|r| r.periods.iter().map(|p| (p.years, p.months, p.days))).collect();
        assert!(periods.contains(&(6, 0, 0)) && periods.contains(&(2, 0, 0)), "{file}: {periods:?}");
        // The "for example" sentence is a finding, never a permit.
        assert!(set.recorded.findings.iter().any(|f| f.quotes.iter().any(|q| q.contains("for example our partners"))), "{file}: {}", d.findings_toml);
        assert!(!set.rules.iter().any(|r| r.quote.contains("for example our partners")), "{file}");
        // Answers carry the review note.
        let line = ask(&engine, r#"{"ask":"collect","service":"Library Service","category":"Email address","as_of":"2026-01-01"}"#);
        assert!(line.contains(r#""verdict":"permit""#), "{file}: {line}");
        assert!(line.contains("is a draft:") && line.contains("still marked for review"), "{file}: {line}");
    }
}

#[test]
fn the_five_built_in_notices_draft_and_load() {
    let sources = Engine::builtin_sources();
    let hand = Engine::builtin();
    for n in &hand.policy().notices {
        let text = &sources.notice_texts[&n.source];
        let started = std::time::Instant::now();
        let d = draft_text(n.source.trim_end_matches(".txt"), text, &n.source).unwrap();
        let took = started.elapsed();
        // Loading checks every quote against the text (the same check as `noticegate check`).
        let engine = d.load().unwrap_or_else(|e| panic!("{}: {e}", n.source));
        let set = engine.policy();
        let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for r in &set.rules {
            assert!(folded.contains(&r.quote.split_whitespace().collect::<Vec<_>>().join(" ")), "{}: {}", r.id, r.quote);
            assert!(r.review.is_some(), "{}", r.id);
        }
        // No permit names a recipient of an open-ended list.
        let open_lists = ["non exhaustive", "such as", "for example", "some of the following"];
        for r in set.rules.iter().filter(|r| r.effect == Effect::Permit && r.action == Action::Share) {
            assert!(!open_lists.iter().any(|w| r.quote.to_lowercase().contains(w)), "{}: a permit from an open list: {}", r.id, r.quote);
        }
        // Every Article 6(1)(x) and 9(2)(x) the text names is a basis of the draft.
        let dn = set.notices.iter().position(|x| x.id == d.notice_id).unwrap() as u32;
        let s = noticegate_draft::measure::compare(hand.policy(), hand.policy().notices.iter().position(|x| x.id == n.id).unwrap() as u32, set, dn, text);
        assert_eq!(s.articles_found, s.articles_named, "{}", n.source);
        // Issue 17's recall targets: 90% of the categories, and of the recipients the text
        // names (docs/drafting.md says why recipients only the hand encoding lists are not
        // counted against the draft; both figures are reported).
        assert!(s.categories.recall() >= 0.9, "{}: categories {:?}", n.source, s.categories);
        assert!(s.recipients_named.recall() >= 0.9, "{}: recipients the text names {:?}", n.source, s.recipients_named);
        // The controller is the one the hand encoding names (read in full, never a description).
        assert_eq!(set.notices[dn as usize].controller, n.controller, "{}", n.source);
        eprintln!("{}: drafted in {took:?} (debug build)", n.source);
    }
}

#[test]
fn errors_are_coded_and_nothing_is_written() {
    let dir = std::env::temp_dir().join(format!("noticegate-draft-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    assert_eq!(draft_file(&empty).unwrap_err().code(), "empty");
    let prose = dir.join("prose.txt");
    std::fs::write(&prose, "A short story about a cat.\n\nIt sat on the mat.\n").unwrap();
    assert!(matches!(draft_file(&prose), Err(DraftError::NoSections(_))));
    let missing = dir.join("missing.txt");
    assert_eq!(draft_file(&missing).unwrap_err().code(), "unreadable");
    let pdf = dir.join("blank.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    let e = draft_file(&pdf).unwrap_err();
    assert!(matches!(e.code(), "unreadable" | "pdf-without-text"), "{e}");
    // Writing: a new directory appears whole and checks; a second draft is refused without --force.
    let d = draft_file(&root().join("tests/notices/library_service.txt")).unwrap();
    let out = dir.join("policies");
    d.write(&out, false).unwrap();
    assert!(out.join("vocabulary.toml").exists() && out.join("notices/library_service.toml").exists());
    Engine::from_dir(&out).unwrap();
    assert_eq!(d.write(&out, false).unwrap_err().code(), "exists");
    d.write(&out, true).unwrap();
    assert!(std::fs::read_dir(&out).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().starts_with(".noticegate-draft")));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Recipients and categories named in prose, in our own notice: lists split, conditions as
/// facts in the notice's words, and never a permit from an example, a class or a negative.
#[test]
fn prose_names_recipients_and_categories_without_permits_from_open_lists() {
    let d = draft_file(&root().join("tests/notices/leisure_centre.txt")).unwrap();
    let engine = d.load().unwrap();
    let set = engine.policy();
    let vocab = &set.vocab;
    let recipient_label = |i: u32| vocab.entry(noticegate::VocabKind::Recipient, i).label.clone();
    let shares: Vec<(&str, Vec<String>)> = set
        .rules
        .iter()
        .filter(|r| r.action == Action::Share && r.effect == Effect::Permit)
        .map(|r| (r.quote.as_str(), r.recipients.iter().map(|&i| recipient_label(i)).collect()))
        .collect();
    let permitted = |name: &str| shares.iter().any(|(_, rs)| rs.iter().any(|r| r == name));
    // "A, B and the C" after a sharing verb: three recipients in the notice's words.
    // A "not" inside brackets or the condition does not make the sentence a prohibition.
    for name in ["Active Towns Trust", "Fitcard Ltd", "Sports Club Network", "Home Office", "HMRC", "Legal advisers", "Professional advisers", "Riverside Leisure Trust"] {
        assert!(permitted(name), "{name}: {shares:?}\n{}", d.notice_toml);
    }
    // Never a permit from an example, a class of everyone, a negative or an agent named without a sharing verb.
    for (quote, _) in &shares {
        for w in ["such as", "third parties", "do not", "software provided by"] {
            assert!(!quote.contains(w), "a permit from {quote:?}");
        }
    }
    assert!(!permitted("Third parties") && !permitted("Riverside Sport") && !permitted("advertisers") && !permitted("Bookwise"), "{shares:?}");
    // "The following are examples of …:" opens a list: its members are named, never permitted.
    assert!(!permitted("swimming clubs") && !permitted("Riverside Schools Partnership"), "{shares:?}");
    assert!(d.notice_toml.contains("label = \"Riverside Schools Partnership\""), "{}", d.notice_toml);
    let findings: Vec<&str> = set.recorded.findings.iter().flat_map(|f| f.quotes.iter().map(String::as_str)).collect();
    for q in ["with third parties where", "such as Riverside Sport", "software provided by Bookwise"] {
        assert!(findings.iter().any(|f| f.contains(q)), "no finding quotes {q:?}: {}", d.findings_toml);
    }
    // The negative is a deny (round three; a finding before): sharing with advertisers is denied.
    assert!(set.rules.iter().any(|r| r.effect == Effect::Deny && r.quote.contains("do not share your information with advertisers")), "{}", d.notice_toml);
    let advertisers = ask(&engine, r#"{"ask":"share","service":"Leisure Centre","category":"Name","recipient":"advertisers","as_of":"2026-01-01"}"#);
    assert!(advertisers.contains(r#""verdict":"deny""#), "{advertisers}");
    // The processors are named beneath `processor`, without a permit.
    let bookwise = vocab.table(noticegate::VocabKind::Recipient).names.lookup("Bookwise");
    assert_eq!(bookwise.len(), 1, "{}", d.notice_toml);
    assert!(d.notice_toml.contains("label = \"Bookwise\"\nparent = \"processor\""), "{}", d.notice_toml);
    // The condition after the recipient is a fact of the notice's words: permitted only while it holds.
    let q = |facts: &str| {
        ask(&engine, &format!(r#"{{"ask":"share","service":"Leisure Centre","category":"Name","recipient":"booking system provider","as_of":"2026-01-01"{facts}}}"#))
    };
    assert!(q("").contains(r#""verdict":"conditional""#), "{}", q(""));
    assert!(q(r#","facts":{"This is required to fix a fault":true}"#).contains(r#""verdict":"permit""#), "{}", q(r#","facts":{"This is required to fix a fault":true}"#));
    assert!(!q(r#","facts":{"This is required to fix a fault":false}"#).contains(r#""verdict":"permit""#));
    // Categories: the named examples of a generic headline, not the headline; a "We collect:"
    // list outside the collection section; a collecting sentence, while consent stands.
    let collect = |quote: &str| set.rules.iter().find(|r| r.action == Action::Collect && r.quote.starts_with(quote)).unwrap_or_else(|| panic!("no collect rule for {quote:?}:\n{}", d.notice_toml));
    let ids = |r: &noticegate::model::Rule| r.categories.iter().map(|&c| vocab.entry(noticegate::VocabKind::Category, c).id.clone()).collect::<Vec<_>>();
    let personal = ids(collect("Personal information such as"));
    assert!(personal.iter().any(|c| c.contains("date_of_birth")) && personal.iter().any(|c| c.contains("gender")), "{personal:?}");
    assert!(!personal.iter().any(|c| c.contains("personal_information")), "a generic headline is never permitted: {personal:?}");
    collect("Questions or comments you send us");
    // An item that is itself a list: each member a category.
    let members = ids(collect("Membership number, swimming level"));
    assert_eq!(members.len(), 3, "{members:?}");
    let consent = collect("We are collecting email addresses");
    assert!(!consent.when.is_empty(), "the consent sentence's permit holds only while consent stands");
    let line = ask(&engine, r#"{"ask":"collect","service":"Leisure Centre","category":"Telephone number","as_of":"2026-01-01","facts":{"consent":"withdrawn"}}"#);
    assert!(!line.contains(r#""verdict":"permit""#), "{line}");
}

/// Our third notice (`tests/notices/community_transport.txt`): a class of recipients with the
/// clause that says which of it are meant is a recipient named by both (a permit, under the
/// clause's condition when it is an event of the business); a class with a clause about
/// anything else stays a finding; the controller is named in full where the notice defines
/// its short name, so the short name names no recipient.
#[test]
fn classes_defined_by_their_clause_and_the_controller_in_full() {
    let d = draft_file(&root().join("tests/notices/community_transport.txt")).unwrap();
    let engine = d.load().unwrap();
    let set = engine.policy();
    assert_eq!(set.notices[set.notices.iter().position(|n| n.id == d.notice_id).unwrap()].controller, "Lakeside Community Transport Trust", "{}", d.notice_toml);
    assert!(!d.notice_toml.contains("label = \"Lakeside Transport\""), "the controller is not its own recipient:\n{}", d.notice_toml);
    let q = |recipient: &str, facts: &str| {
        ask(&engine, &format!(r#"{{"ask":"share","service":"Lakeside Community Transport","category":"Name","recipient":"{recipient}","as_of":"2026-04-01"{facts}}}"#))
    };
    // "outside bodies involved in running the scheme on our behalf": a processor, permitted.
    let agents = "outside bodies involved in running the scheme on our behalf";
    assert!(d.notice_toml.contains(&format!("label = \"{agents}\"\nparent = \"processor\"")), "{}", d.notice_toml);
    assert!(q(agents, "").contains(r#""verdict":"permit""#), "{}", q(agents, ""));
    // "other organisations in the event of a merger with another charity": only while the event holds.
    let merger = "other organisations in the event of a merger with another charity";
    assert!(d.notice_toml.contains(&format!("label = \"{merger}\"\nparent = \"third_party\"")), "{}", d.notice_toml);
    assert!(q(merger, "").contains(r#""verdict":"conditional""#), "{}", q(merger, ""));
    let with = q(merger, r#","facts":{"A merger with another charity":true}"#);
    assert!(with.contains(r#""verdict":"permit""#), "{with}");
    assert!(!q(merger, r#","facts":{"A merger with another charity":false}"#).contains(r#""verdict":"permit""#));
    // A class alone is never a recipient, whatever follows it: "partners who ask for it" is a finding.
    assert!(!d.notice_toml.contains("label = \"partners"), "{}", d.notice_toml);
    let other_organisations = ask(&engine, r#"{"ask":"share","service":"Lakeside Community Transport","category":"Name","recipient":"third_party","as_of":"2026-04-01","facts":{"A merger with another charity":true}}"#);
    assert!(!other_organisations.contains(r#""verdict":"permit""#), "the class itself is never permitted: {other_organisations}");
    assert!(d.findings_toml.contains("partners who ask for it"), "{}", d.findings_toml);
    // In "a and b, c and d, and e" an "and" inside an earlier member joins two halves of one
    // thing, unless each half is a category of its own; the list's own "and" splits.
    assert!(d.notice_toml.contains("label = \"browser type and version\""), "{}", d.notice_toml);
    assert!(!d.notice_toml.contains("label = \"version\""), "{}", d.notice_toml);
    let rule = set.rules.iter().find(|r| r.action == Action::Collect && r.quote.starts_with("Names and contact details")).unwrap();
    let ids: Vec<&str> = rule.categories.iter().map(|&c| set.vocab.entry(noticegate::VocabKind::Category, c).id.as_str()).collect();
    assert!(ids.contains(&"identity.name") && ids.contains(&"contact") && ids.iter().any(|c| c.contains("date_of_birth")) && ids.len() == 4, "{ids:?}");
}

/// Our fourth notice (`tests/notices/youth_club.txt`, round three): an item with a catch-all
/// end, what a sentence says is stored or given to the controller, what a sharing sentence
/// says it shares, negatives as denies scoped by their limits (a fact in the notice's words)
/// or a table row's activity, a negative with an exception left to a finding, and those an
/// opt-in says would send marketing named without a permit.
#[test]
fn catch_all_ends_stored_data_shared_categories_and_prohibitions() {
    let d = draft_file(&root().join("tests/notices/youth_club.txt")).unwrap();
    let engine = d.load().unwrap();
    let set = engine.policy();
    let vocab = &set.vocab;
    let ask_line = |q: &str| ask(&engine, &format!(r#"{{"service":"Meadowbank Youth Club","as_of":"2026-12-01",{q}}}"#));
    let verdict = |q: &str| {
        let line = ask_line(q);
        let v = line.split(r#""verdict":""#).nth(1).and_then(|x| x.split('"').next()).unwrap_or("none").to_string();
        (v, line)
    };
    let collect = |quote: &str| set.rules.iter().find(|r| r.action == Action::Collect && r.quote.starts_with(quote)).unwrap_or_else(|| panic!("no collect rule for {quote:?}:\n{}", d.notice_toml));
    let ids = |r: &noticegate::model::Rule| r.categories.iter().map(|&c| vocab.entry(noticegate::VocabKind::Category, c).id.clone()).collect::<Vec<_>>();
    // "Photographs of activities and other images you share with us": the photographs, and a
    // finding for the catch-all, which names nothing permitted.
    let photos = ids(collect("Photographs of activities and other"));
    assert_eq!(photos, vec!["visual_images"], "{}", d.notice_toml);
    assert!(d.findings_toml.contains("and other images you share with us"), "{}", d.findings_toml);
    assert!(!d.notice_toml.contains("label = \"other images"), "{}", d.notice_toml);
    // Stored, and given to the controller: collected, as named; a subject naming consent is
    // no consent condition.
    let forms = collect("The consent forms signed by parents are kept");
    assert_eq!(ids(forms), vec!["youth_club.category.consent_forms_signed_by_parents"]);
    assert!(forms.when.is_empty(), "{:?}", forms.when);
    assert_eq!(ids(collect("The booking app provides us with data about")), vec!["youth_club.category.how_often_your_child_attends"]);
    // What a sharing sentence shares bounds its permit: the emergency contact details go to
    // the Summer Camp Provider, the date of birth does not.
    // (Every share to a third party owes the fundraising prohibition's fact, below.)
    let share = |category: &str, recipient: &str, facts: &str| verdict(&format!(r#""ask":"share","category":"{category}","recipient":"{recipient}"{facts}"#));
    let fact = "For fundraising purposes without your consent";
    let not_fundraising = format!(r#","facts":{{"{fact}":false}}"#);
    let (v, line) = share("Emergency contact details", "Summer Camp Provider", &not_fundraising);
    assert_eq!(v, "permit", "{line}");
    assert_ne!(share("Child's name and date of birth", "Summer Camp Provider", &not_fundraising).0, "permit");
    // A negative with its limits: a deny while the fact in the notice's words holds.
    assert_eq!(share("attendance records", "Youth Sports League", &format!(r#","facts":{{"{fact}":false}}"#)).0, "permit");
    let (v, line) = share("attendance records", "Youth Sports League", &format!(r#","facts":{{"{fact}":true}}"#));
    assert_eq!(v, "deny", "{line}");
    assert_eq!(share("attendance records", "Youth Sports League", "").0, "conditional");
    // A negative without limits: a deny; in a table row, for the row's activity only.
    assert_eq!(share("Name", "advertisers", "").0, "deny");
    let row_deny = set.rules.iter().find(|r| r.effect == Effect::Deny && r.quote == "We will not share these photographs with any third party.").expect("the row's deny");
    assert_eq!(row_deny.activities.len(), 1);
    assert_eq!(set.activities[row_deny.activities[0] as usize].label, "To publish on our website and newsletter");
    // A negative with an exception: a finding, no rule of either effect.
    assert!(!set.rules.iter().any(|r| r.quote.contains("anyone other than")), "{}", d.notice_toml);
    assert!(d.findings_toml.contains("We do not share medical conditions with anyone other than the club's first aid provider."), "{}", d.findings_toml);
    // An opt-in to marketing from sponsors names them, beneath third parties, without a permit.
    assert!(d.notice_toml.contains("label = \"sponsors\"\nparent = \"third_party\""), "{}", d.notice_toml);
    assert!(!set.rules.iter().any(|r| r.effect == Effect::Permit && r.recipients.iter().any(|&i| vocab.entry(noticegate::VocabKind::Recipient, i).label == "sponsors")));
    assert!(d.findings_toml.contains("marketing offers from our sponsors"), "{}", d.findings_toml);
}

/// Notices drafted one after another into one directory make one set that loads: a later
/// draft reuses the names the directory defines (the checker allows each name once), a
/// re-draft of a notice with `--force` gives the same files, and a directory that does not
/// load is refused with nothing written.
#[test]
fn notices_drafted_into_one_directory_make_one_set() {
    use noticegate_draft::{draft_file_into, stem_of, Base};
    let dir = std::env::temp_dir().join(format!("noticegate-draft-joined-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let notices: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("policies/sources")).unwrap().map(|e| e.unwrap().path()).collect();
        v.sort();
        v
    };
    assert_eq!(notices.len(), 5);
    let draft_into = |notice: &Path, force: bool| -> Result<(), DraftError> {
        let base = Base::of_dir(&dir, &stem_of(notice))?;
        draft_file_into(notice, &base)?.write(&dir, force).map(|_| ())
    };
    for n in &notices {
        draft_into(n, false).unwrap_or_else(|e| panic!("{}: {e}", n.display()));
    }
    let engine = Engine::from_dir(&dir).unwrap_or_else(|e| panic!("the joined set loads: {e}"));
    assert_eq!(engine.policy().notices.len(), 5);
    // Drafted alone, notices 000 and 002 each define a category "Financial" (002's rules
    // name it); joined, 002 defines none and its rules name 000's.
    let files = |stem: &str| std::fs::read_to_string(dir.join(format!("notices/{stem}.toml"))).unwrap();
    let stem = |i: usize| stem_of(&notices[i]);
    let (first, third) = (draft_file(&notices[0]).unwrap(), draft_file(&notices[2]).unwrap());
    let named = |id: &str, toml: &str| toml.contains(&format!("\"{id}.category.financial\""));
    assert!(third.notice_toml.contains("label = \"Financial\"") && named(&third.notice_id, &third.notice_toml), "the premise: 002 alone defines and names it");
    assert!(files(&stem(0)).contains("label = \"Financial\""));
    assert!(!files(&stem(2)).contains("label = \"Financial\""));
    assert!(named(&first.notice_id, &files(&stem(2))) && !named(&third.notice_id, &files(&stem(2))));

    // Without --force an earlier draft stays; with it, the same text gives the same files.
    let before: Vec<String> = (0..5).map(|i| files(&stem(i))).collect();
    assert_eq!(draft_into(&notices[0], false).unwrap_err().code(), "exists");
    for i in [0, 2, 4] {
        draft_into(&notices[i], true).unwrap_or_else(|e| panic!("re-draft {i}: {e}"));
    }
    let after: Vec<String> = (0..5).map(|i| files(&stem(i))).collect();
    assert_eq!(before, after);
    Engine::from_dir(&dir).unwrap();

    // A directory that does not load: refused, nothing written.
    std::fs::write(dir.join(format!("notices/{}.toml", stem(1))), format!("{}\ngarbage = [\n", before[1])).unwrap();
    let listing = |d: &Path| -> Vec<(PathBuf, u64)> {
        let mut out = Vec::new();
        for sub in ["notices", "findings", "sources"] {
            for e in std::fs::read_dir(d.join(sub)).unwrap() {
                let e = e.unwrap();
                out.push((e.path(), e.metadata().unwrap().len()));
            }
        }
        out.sort();
        out
    };
    let was = listing(&dir);
    let e = draft_into(&notices[4], true).unwrap_err();
    assert_eq!(e.code(), "invalid-policy-dir", "{e}");
    assert!(e.to_string().contains("nothing was written"), "{e}");
    assert_eq!(listing(&dir), was);
    assert_eq!(files(&stem(4)), before[4]);
    std::fs::remove_dir_all(&dir).unwrap();
}
