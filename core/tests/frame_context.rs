//! Frame context (`noticegate::frame_context`): what a table's row describes, from all its column
//! names, and what that takes away from each column's reading. GIAS establishment columns (DfE
//! Get Information about Schools), a pupil table carrying its school's URN, mixed and one-column
//! frames, a caller's mapping as evidence, and a DPO's `[[row]]` kind.

use noticegate::classify::{Classification, Classifier};
use noticegate::frame_context::FrameColumn;
use noticegate::Engine;

fn read(names: &[&str]) -> Vec<(String, Classification)> {
    let engine = Engine::builtin();
    names.iter().map(|n| n.to_string()).zip(engine.classify_frame(names)).collect()
}

fn category<'a>(read: &'a [(String, Classification)], name: &str) -> Option<&'a str> {
    read.iter().find(|(n, _)| n == name).unwrap().1.category.as_deref()
}

fn framed(read: &[(String, Classification)], name: &str) -> bool {
    read.iter().find(|(n, _)| n == name).unwrap().1.decided_by.iter().any(|e| e.kind == "frame")
}

/// A GIAS establishment extract's columns (DfE Get Information about Schools).
const GIAS: &[&str] = &[
    "URN", "LA (name)", "EstablishmentNumber", "EstablishmentName", "Gender (name)", "ReligiousCharacter (name)", "TelephoneNum",
    "Postcode", "HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle", "UKPRN",
];

#[test]
fn an_establishment_frame_takes_a_persons_category_from_its_own_fields_only() {
    let engine = Engine::builtin();
    let alone: Vec<Classification> = GIAS.iter().map(|n| engine.classify(n)).collect();
    let r = read(GIAS);
    for name in ["Gender (name)", "TelephoneNum", "Postcode"] {
        assert!(alone[GIAS.iter().position(|n| *n == name).unwrap()].category.is_some(), "{name} alone reads as a person's");
        assert_eq!(category(&r, name), None, "{name}: the school's");
        assert!(framed(&r, name));
    }
    let gender = &r.iter().find(|(n, _)| n == "Gender (name)").unwrap().1;
    let frame = gender.decided_by.iter().find(|e| e.kind == "frame").unwrap();
    assert!(frame.detail.starts_with("frame: a row describes an establishment (URN, EstablishmentNumber, UKPRN)"), "{}", frame.detail);
    assert!(gender.candidates.iter().any(|c| c.category == "identity.gender"), "the person's reading stays a candidate");
    // The head's fields are a person's.
    assert_eq!(category(&r, "HeadFirstName"), Some("identity.name"));
    assert_eq!(category(&r, "HeadLastName"), Some("identity.name"));
    assert_eq!(category(&r, "HeadTitle (name)"), Some("identity.title"));
    assert!(!framed(&r, "HeadFirstName"));
}

#[test]
fn a_special_reading_keeps_its_flag_in_a_frame() {
    let r = read(GIAS);
    let religion = &r.iter().find(|(n, _)| n == "ReligiousCharacter (name)").unwrap().1;
    assert_eq!(religion.category, None);
    assert!(religion.special_category, "unclassified but still flagged: a gate treats it as special category data");
}

#[test]
fn a_pupil_table_carrying_its_schools_urn_stays_a_persons() {
    let names = ["UPN", "URN", "EstablishmentName", "Forename", "Gender", "Postcode", "Ethnicity"];
    let r = read(&names);
    assert_eq!(category(&r, "Gender"), Some("identity.gender"));
    assert_eq!(category(&r, "Postcode"), Some("contact.address"));
    assert_eq!(category(&r, "Ethnicity"), Some("special.racial_ethnic_origin"));
    assert!(names.iter().all(|n| !framed(&r, n)));
    // Without UPN, the pupil's unprefixed forename still says the row is a person's.
    let r = read(&["URN", "Forename", "Gender"]);
    assert_eq!(category(&r, "Gender"), Some("identity.gender"));
    // A name with only stop words or a number beside it is a person's own: a form's "Your
    // name", a second forename column.
    for names in [["URN", "Your name", "Gender"], ["URN", "Forename2", "Gender"]] {
        let r = read(&names);
        assert_eq!(category(&r, "Gender"), Some("identity.gender"), "{names:?}");
    }
    // And a person's key read through an abbreviation (`NHS_No`) does too.
    let r = read(&["ODS code", "NHS_No", "Sex"]);
    assert_eq!(category(&r, "Sex"), Some("identity.gender"));
}

#[test]
fn a_mapped_persons_column_is_evidence_and_a_prefixed_one_is_not() {
    let engine = Engine::builtin();
    let c = engine.classifier();
    let set = engine.policy();
    let col = |name, category, matched_words| FrameColumn { name, category, matched_words };
    let first_name = ["first".to_string(), "name".to_string()];
    let other_name = ["other".to_string(), "name".to_string()];
    // A mapping (no words decided it) to a person's identifying category is evidence.
    assert_eq!(c.frame_context(set, &[col("URN", None, &[]), col("col_7", Some("identity.name"), &[])]).describes, None);
    assert_eq!(c.frame_context(set, &[col("URN", None, &[]), col("col_7", Some("identity.date_of_birth"), &[])]).describes, None);
    // A name prefixed by a person the row names (the school's head), or read from part of its
    // words ("EdByOther (name)": tuition by another provider), is not.
    let school = c.frame_context(
        set,
        &[
            col("URN", None, &[]),
            col("HeadFirstName", Some("identity.name"), &first_name),
            col("EdByOther (name)", Some("identity.name"), &other_name),
            col("Postcode", Some("contact.address"), &[]),
        ],
    );
    assert_eq!(school.describes.as_deref(), Some("establishment"));
    assert_eq!(school.keys, ["URN"]);
    // A name prefixed by a person the row does not name is the row's subject's.
    assert_eq!(c.frame_context(set, &[col("URN", None, &[]), col("PupilFirstName", Some("identity.name"), &first_name)]).describes, None);
    // A person's key anywhere decides, whatever comes before it.
    assert_eq!(c.frame_context(set, &[col("URN", None, &[]), col("ULN", None, &[])]).describes, None);
    assert_eq!(c.frame_context(set, &[col("ULN", None, &[]), col("URN", None, &[])]).describes, None);
}

#[test]
fn a_frame_of_one_column_or_of_no_key_changes_nothing() {
    let engine = Engine::builtin();
    for names in [&["Postcode"][..], &["URN"], &["Gender (name)", "TelephoneNum", "Postcode"], &[]] {
        let alone: Vec<Classification> = names.iter().map(|n| engine.classify(n)).collect();
        assert_eq!(engine.classify_frame(names), alone, "{names:?}");
    }
}

#[test]
fn a_qualified_column_or_a_dotted_path_is_left_as_read() {
    let r = read(&["URN", "Parent email", "Postcode", "Patient.gender", "address.postcode"]);
    assert_eq!(category(&r, "Parent email"), Some("identity.family_details"));
    assert_eq!(category(&r, "Postcode"), None);
    // A dotted path names its own table (a patient's, an address's), whatever the frame's keys:
    // the frame decides nothing about it.
    assert_eq!(category(&r, "Patient.gender"), Some("identity.gender"));
    assert_eq!(category(&r, "address.postcode"), Some("contact.address"));
}

#[test]
fn an_extension_declares_a_row_kind() {
    let engine = Engine::builtin();
    let set = engine.policy();
    let ext = "[[row]]\ndescribes = \"place\"\nkeys = [\"site ref\"]\npeople = [\"warden\"]\nsource = \"our estates register\"\n";
    let c = Classifier::with_lexicons(set, &[ext]).unwrap();
    let names = ["SiteRef", "Postcode", "WardenEmail"];
    let mut read: Vec<Classification> = names.iter().map(|n| c.classify(set, n)).collect();
    c.read_in_frame(set, &names, &mut read);
    assert_eq!(read[1].category, None);
    assert!(read[1].decided_by.iter().any(|e| e.detail.starts_with("frame: a row describes a place (SiteRef)")), "{:?}", read[1].decided_by);
    assert_eq!(read[2].category.as_deref(), Some("contact.email"), "the warden's email stays a person's");
    // Without the extension the same table is read name by name.
    assert_eq!(engine.classify_frame(&names)[1].category.as_deref(), Some("contact.address"));
}

mod gate {
    use std::collections::BTreeMap;

    use noticegate::classify::Sample;
    use noticegate::gate::{ColumnReport, ColumnStatus, Gate, GateOptions, GateOutcome};
    use noticegate::{Date, Engine};

    fn options(columns: &[(&str, &str)]) -> GateOptions {
        GateOptions {
            service: "Community Directory".into(),
            recipient: "PCG UK".into(),
            as_of: Date::parse("2026-11-23"),
            columns: columns.iter().map(|(c, k)| (c.to_string(), k.to_string())).collect::<BTreeMap<_, _>>(),
            ..GateOptions::default()
        }
    }

    fn outcome(names: &[&str], options: &GateOptions) -> GateOutcome {
        let gate = Gate::new(Engine::builtin(), names, options).unwrap();
        gate.decide(&[(vec![None; gate.fact_columns().len()], 1)]).unwrap()
    }

    fn column<'a>(o: &'a GateOutcome, name: &str) -> &'a ColumnReport {
        o.report.columns.iter().find(|c| c.column == name).unwrap()
    }

    #[test]
    fn the_gate_reads_a_table_of_schools_as_one() {
        let o = outcome(&["URN", "EstablishmentName", "Postcode", "Gender (name)", "HeadFirstName", "consent"], &options(&[]));
        let postcode = column(&o, "Postcode");
        assert_eq!((postcode.status, postcode.category.as_deref()), (ColumnStatus::Unclassified, None));
        assert!(postcode.notes[0].starts_with("frame: a row describes an establishment (URN)"), "{:?}", postcode.notes);
        assert!(postcode.candidates.iter().any(|c| c.category == "contact.address"));
        assert_eq!(column(&o, "Gender (name)").status, ColumnStatus::Unclassified);
        assert_eq!(column(&o, "HeadFirstName").category.as_deref(), Some("identity.name"));
        assert_eq!(column(&o, "consent").status, ColumnStatus::Fact);
        assert!(o.report.columns.iter().all(|c| c.status != ColumnStatus::Allowed || c.column == "HeadFirstName"));
    }

    #[test]
    fn a_mapped_or_recognised_persons_column_keeps_the_table_a_persons() {
        // The caller maps an opaque column to a person's name: the row is a person's.
        let o = outcome(&["URN", "col_7", "Postcode"], &options(&[("col_7", "identity.name")]));
        assert_eq!(column(&o, "col_7").category.as_deref(), Some("identity.name"));
        assert_eq!(column(&o, "Postcode").category.as_deref(), Some("contact.address"));
        // A mapping to something else is no such evidence.
        let o = outcome(&["URN", "col_7", "Postcode"], &options(&[("col_7", "contact.address")]));
        assert_eq!(column(&o, "Postcode").category, None);
        // Values recognised as National Insurance numbers: a person's.
        let engine = Engine::builtin();
        let names = ["URN", "col_3", "Postcode"];
        let samples = vec![
            vec![Sample::Int(100000), Sample::Int(100001)],
            vec![Sample::Text("AB 12 34 56 C"), Sample::Text("JG 10 37 26 D")],
            vec![Sample::Text("EC3A 5DE"), Sample::Text("LS1 4AB")],
        ];
        let gate = Gate::with_samples(engine, &names, &samples, &options(&[])).unwrap();
        let o = gate.decide(&[(Vec::new(), 1)]).unwrap();
        assert_eq!(column(&o, "col_3").category.as_deref(), Some("identity.national_insurance_number"));
        assert_eq!(column(&o, "Postcode").category.as_deref(), Some("contact.address"));
    }
}
