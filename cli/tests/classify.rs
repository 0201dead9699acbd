//! `noticegate classify`: labels, values, CSV files and bad input.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_noticegate")).args(args).current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).output().expect("the binary runs")
}

fn lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn labels_get_a_category_candidates_and_what_decided_it() {
    let o = run(&["classify", "tel", "pregnancy_status", "Ethnicity and religion", "Name of your employer"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = lines(&o);
    assert_eq!(rows[0]["input"], "tel");
    assert_eq!(rows[0]["category"], "contact.telephone");
    assert_eq!(rows[0]["decided_by"][0]["kind"], "abbreviation");
    assert_eq!(rows[1]["category"], "special.health");
    assert_eq!(rows[1]["special_category"], true);
    assert!(rows[2]["category"].is_null());
    assert_eq!(rows[2]["special_category"], true);
    assert_eq!(rows[2]["candidates"].as_array().unwrap().len(), 2);
    assert_eq!(rows[3]["category"], "business.employment");
    assert!(rows[3]["candidates"].as_array().unwrap().iter().any(|c| c["category"] == "identity.name"));
}

#[test]
fn values_classify_a_column_whose_name_says_nothing() {
    let o = run(&["classify", "col_3", "--value", "943 476 5919", "--value", "9434765870", "--value", ""]);
    assert_eq!(o.status.code(), Some(0));
    let rows = lines(&o);
    assert_eq!(rows[0]["category"], "identity.identifiers.unique_id");
    assert_eq!(rows[0]["values"]["recogniser"], "nhs_number");
    assert_eq!(rows[0]["values"]["matched"], 2);
    assert_eq!(rows[0]["values"]["sampled"], 2);
    // No value is echoed.
    assert!(!String::from_utf8_lossy(&o.stdout).contains("9434765870"));
}

#[test]
fn csv_columns_are_classified_from_header_and_rows() {
    let dir = std::env::temp_dir().join(format!("noticegate-classify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("pupils.csv");
    std::fs::write(&file, "UPN,Forename,col3,\"Notes, free\"\r\nB801200005001,Ann,ann@example.com,\"said \"\"hi\"\"\"\r\nB801200005001,Bob,bob@example.org,x\r\n").unwrap();
    let o = run(&["classify", "--csv", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = lines(&o);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["category"], "identity.identifiers.unique_id");
    assert_eq!(rows[0]["values"]["recogniser"], "upn");
    assert_eq!(rows[1]["category"], "identity.name");
    assert_eq!(rows[2]["category"], "contact.email");
    assert_eq!(rows[3]["input"], "Notes, free");
    assert!(rows[3]["category"].is_null());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_frame_reads_names_as_one_tables_columns() {
    // Name by name, a school's Postcode is a person's address; as the columns of a table with a
    // URN (a school's key) and no person's key, it is the school's.
    let o = run(&["classify", "URN", "EstablishmentName", "Postcode"]);
    assert_eq!(lines(&o)[2]["category"], "contact.address");
    let o = run(&["classify", "--frame", "URN", "EstablishmentName", "Postcode", "HeadFirstName"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = lines(&o);
    assert!(rows[2]["category"].is_null());
    let frame = rows[2]["decided_by"].as_array().unwrap().iter().find(|e| e["kind"] == "frame").unwrap().clone();
    assert!(frame["detail"].as_str().unwrap().starts_with("frame: a row describes an establishment (URN)"), "{frame}");
    assert_eq!(rows[3]["category"], "identity.name");
    // A CSV file is one table.
    let o = run(&["classify", "--csv", "tests/data/gias_establishments.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = lines(&o);
    let row = |name: &str| rows.iter().find(|r| r["input"] == name).unwrap().clone();
    assert!(row("TelephoneNum")["category"].is_null(), "{}", row("TelephoneNum"));
    assert_eq!(row("HeadLastName")["category"], "identity.name");
    let o = run(&["classify", "--csv", "tests/data/pupils_with_school.csv"]);
    let rows = lines(&o);
    assert_eq!(rows.iter().find(|r| r["input"] == "Gender").unwrap()["category"], "identity.gender");
}

#[test]
fn a_lexicon_file_extends_the_builtin_one_and_bad_ones_are_reported() {
    let dir = std::env::temp_dir().join(format!("noticegate-lexicon-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.toml");
    std::fs::write(&good, "[[abbreviation]]\nforms = [\"hm tel\"]\nmeans = \"telephone number\"\nsource = \"our CRM export\"\n").unwrap();
    let o = run(&["classify", "--lexicon", good.to_str().unwrap(), "hm_tel"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(lines(&o)[0]["category"], "contact.telephone");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[[term]]\nwords = [\"x\"]\ncategory = \"no.such.category\"\nsource = \"s\"\n").unwrap();
    let o = run(&["classify", "--lexicon", bad.to_str().unwrap(), "x"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("lexicon_entry"));
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_gets_a_coded_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let o = Command::new(env!("CARGO_BIN_EXE_noticegate"))
        .arg("classify")
        .arg(std::ffi::OsStr::from_bytes(b"caf\xe9"))
        .arg("email")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let rows = lines(&o);
    assert_eq!(rows[0]["error"]["code"], "invalid_utf8");
    assert_eq!(rows[1]["category"], "contact.email");
}
