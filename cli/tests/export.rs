//! `noticegate export`: the files it writes, and its errors. That the exports decide as
//! noticegate does is the differential test's job (peers/tests/differential.rs).

mod support;

use std::path::PathBuf;

fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn cedar_export_writes_schema_policies_and_entities() {
    let dir = out_dir("export-cedar");
    let out = support::run(&["export", "--format", "cedar", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let policies = std::fs::read_to_string(dir.join("noticegate.cedar")).unwrap();
    let schema = std::fs::read_to_string(dir.join("noticegate.cedarschema")).unwrap();
    let entities: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("entities.json")).unwrap()).unwrap();
    // A rule of the Community Directory, with its quote, as a Cedar policy.
    assert!(policies.contains("@id(\"cd.share.pcg_uk\")"), "share rule exported");
    assert!(policies.contains("action == Action::\"transfer\""), "transfer rules exported");
    assert!(policies.contains("@mechanism(\"uk_adequacy_eea\")"), "transfer permits name their mechanisms");
    for action in ["share", "collect", "transfer"] {
        assert!(schema.contains(&format!("action \"{action}\"")), "schema declares {action}");
    }
    let ids: Vec<&str> = entities.as_array().unwrap().iter().filter_map(|e| e["uid"]["id"].as_str()).collect();
    assert!(ids.contains(&"kcc_community_directory/community_directory"), "activities are entities");
    assert!(ids.contains(&"eea"), "the country tree is exported");
}

#[test]
fn rego_export_writes_module_and_data() {
    let dir = out_dir("export-rego");
    let out = support::run(&["export", "--format", "rego", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let module = std::fs::read_to_string(dir.join("noticegate.rego")).unwrap();
    assert!(module.contains("package noticegate"));
    let data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("data.json")).unwrap()).unwrap();
    let rules = &data["noticegate"]["rules"];
    for action in ["share", "collect", "transfer"] {
        let count: usize = rules[action].as_object().unwrap().values().map(|v| v.as_array().unwrap().len()).sum();
        assert!(count > 0, "{action} rules exported");
    }
    assert!(!data["noticegate"]["mechanisms"].as_array().unwrap().is_empty(), "the law's mechanisms are exported");
}

#[test]
fn unknown_format_is_a_usage_error_and_unwritable_dir_an_io_error() {
    let out = support::run(&["export", "--format", "opa"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("opa"));
    let out = support::run(&["export", "--format", "rego", "--out", "/proc/noticegate-cannot-write-here"]);
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stderr));
}
