//! `noticegate gate` and `noticegate check-form` on real-shaped files (DfE school census
//! items, HL7 FHIR Patient flattened, JSON Schema and SurveyJS forms in tests/data/).

mod support;

use std::path::Path;

use support::run;

const SERVICE: [&str; 4] = ["--service", "Community Directory", "--recipient", "PCG UK"];

fn gate(file: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["gate", file];
    args.extend(SERVICE);
    args.extend(["--as-of", "2026-11-23"]);
    args.extend(extra);
    run(&args)
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("noticegate-gate-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn school_census_columns_and_rows_that_may_go() {
    let dir = tmp("census");
    let (out, report) = (dir.join("out.csv"), dir.join("report.json"));
    let o = gate(
        "tests/data/school_census.csv",
        &["--facts", r#"{"data_processing_agreement":true}"#, "--out", out.to_str().unwrap(), "--report", report.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(&out).unwrap();
    // Names are permitted with consent given; the rest is not stated or special category.
    assert_eq!(csv, "Forename,Surname\nAnn,Smith\nOluwaseun,Adeyemi\n");
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!((r["rows_in"].as_u64(), r["rows_out"].as_u64()), (Some(4), Some(2)));
    let col = |name: &str| r["columns"].as_array().unwrap().iter().find(|c| c["column"] == name).unwrap().clone();
    assert_eq!(col("consent")["status"], "fact");
    assert_eq!(col("Ethnicity")["status"], "blocked");
    assert_eq!(col("Ethnicity")["special_category"], true);
    assert_eq!(col("Forename")["verdict"], "permit");
    assert!(!col("Forename")["reasons"][0]["quote"].as_str().unwrap().is_empty());
    assert_eq!(col("Forename")["rows_excluded"], 2);
    // No temporary file left behind.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
}

#[test]
fn fhir_patient_without_consent_nothing_goes_and_the_text_report_says_why() {
    let o = gate("tests/data/fhir_patient.csv", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "", "no column goes: an empty file");
    let report = String::from_utf8_lossy(&o.stderr);
    let line = |col: &str| report.lines().find(|l| l.starts_with(&format!("{col} "))).unwrap_or_default().split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    assert_eq!(line("telecom.email"), "telecom.email blocked contact.email conditional", "{report}");
    assert!(report.contains("if: Consent is one of"), "{report}");
    assert!(line("id").starts_with("id unclassified"), "{report}");
    assert!(report.contains("columns: 0 of 8 go"), "{report}");
}

/// A GIAS-shaped establishment file (DfE Get Information about Schools column names): the row is
/// a school (URN, UKPRN), so its unprefixed fields are the school's, not a person's, and stay
/// (unclassified, with the frame's reason); the head's name is a person's. A pupil file carrying
/// its school's URN is a person's (UPN): the pupil's Gender and Postcode are read as such.
#[test]
fn an_establishment_file_is_read_as_a_table_of_schools_and_a_pupil_file_is_not() {
    let dir = tmp("gias");
    let (out, report) = (dir.join("out.csv"), dir.join("report.json"));
    let o = gate("tests/data/gias_establishments.csv", &["--out", out.to_str().unwrap(), "--report", report.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let col = |name: &str| r["columns"].as_array().unwrap().iter().find(|c| c["column"] == name).unwrap().clone();
    for name in ["Gender (name)", "Postcode", "TelephoneNum", "Street", "Town", "ReligiousCharacter (name)"] {
        let c = col(name);
        assert_eq!(c["status"], "unclassified", "{name}: {c}");
        assert!(c["category"].is_null(), "{name}");
        let note = c["notes"][0].as_str().unwrap();
        assert!(note.starts_with("frame: a row describes an establishment (URN, UKPRN)"), "{name}: {note}");
    }
    // The school's religious character stays flagged as special category data.
    assert_eq!(col("ReligiousCharacter (name)")["special_category"], true);
    assert_eq!(col("Gender (name)")["candidates"][0]["category"], "identity.gender");
    assert_eq!(col("HeadFirstName")["category"], "identity.name");
    assert_eq!(col("HeadLastName")["category"], "identity.name");
    assert_eq!(col("HeadTitle (name)")["category"], "identity.title");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(!written.lines().next().unwrap_or("").contains("Postcode"), "an unclassified column never goes: {written}");

    let o = gate("tests/data/pupils_with_school.csv", &["--out", out.to_str().unwrap(), "--report", report.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let col = |name: &str| r["columns"].as_array().unwrap().iter().find(|c| c["column"] == name).unwrap().clone();
    assert_eq!(col("Gender")["category"], "identity.gender");
    assert_eq!(col("Postcode")["category"], "contact.address");
    assert!(r["columns"].as_array().unwrap().iter().all(|c| !c["notes"].to_string().contains("frame:")), "{r}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn errors_are_coded_and_nothing_is_written() {
    let dir = tmp("errors");
    let out = dir.join("out.csv");
    let o = run(&["gate", "tests/data/fhir_patient.csv", "--service", "Comunity Directory", "--recipient", "PCG UK", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown_name (service)") && err.contains("did you mean"), "{err}");
    for (file, code, exit) in [
        ("tests/data/mixed_types.csv", "mixed_types (age)", 5),
        ("tests/data/non_utf8_header.csv", "invalid_utf8 (header)", 5),
        ("tests/data/no_such_file.csv", "unreadable_file", 4),
    ] {
        let o = gate(file, &["--out", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(exit), "{file}");
        assert!(String::from_utf8_lossy(&o.stderr).contains(code), "{file}: {}", String::from_utf8_lossy(&o.stderr));
    }
    // A row fact value the fact does not take, found after the sample: still nothing written.
    let bad = dir.join("bad.csv");
    let mut text = String::from("Forename,consent\n");
    for i in 0..1500 {
        text += &format!("P{i},given\n");
    }
    text += "Z,revoked\n";
    std::fs::write(&bad, text).unwrap();
    let o = gate(bad.to_str().unwrap(), &["--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid_fact_value (consent): line 1502"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!Path::new(&out).exists());
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "only bad.csv");
}

#[test]
fn check_form_reads_json_schema_and_surveyjs() {
    let o = run(&["check-form", "tests/data/contact_form.schema.json", "--service", "Community Directory", "--as-of", "2026-11-23", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format"], "json-schema");
    let paths: Vec<&str> = v["fields"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["fullName", "email", "dob", "colour"]);
    assert_eq!(v["fields"][1]["classification"]["category"], "contact.email");
    assert_eq!(v["fields"][3]["verdict"], "unclassified");
    assert_eq!(v["summary"]["unclassified"], 1);

    let o = run(&["check-form", "tests/data/contact_form.survey.json", "--service", "Community Directory", "--as-of", "2026-11-23"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("(surveyjs)") && text.contains("about.you.dob"), "{text}");

    let o = run(&["check-form", "tests/data/school_census.csv", "--service", "Community Directory"]);
    assert_eq!(o.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid_form"));
    let o = run(&["check-form", "tests/data/contact_form.survey.json", "--service", "Comunity Directory"]);
    assert_eq!(o.status.code(), Some(1));
}
