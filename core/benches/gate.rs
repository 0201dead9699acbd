//! The export gate's column decisions for a 20-column, 1,000,000-row frame (target: under
//! 50 ms), and `FieldChecker` on a field seen before (target: under 1 µs).
//! `cargo bench -p noticegate --bench gate`.
//!
//! What is measured: planning the columns (classifying 20 names, resolving the service,
//! recipient and facts) and deciding them for the frame's combinations of row facts, with
//! their row counts. The decisions depend on the distinct combinations, not on the rows: the
//! 1,000,000 rows enter only as counts. Finding the combinations in the rows (a pass over
//! the fact columns, done by the caller: the CLI's first pass, Arrow kernels in Python) is
//! not measured here.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use noticegate::form_check::{FieldChecker, FieldInput};
use noticegate::gate::{Gate, GateOptions};
use noticegate::question::FactInput;
use noticegate::{Date, Engine};

const NAMES: [&str; 20] = [
    "UPN", "Forename", "Surname", "DOB", "Gender", "Ethnicity", "FSMeligible", "SENprovision", "Postcode", "email_address",
    "mobile_no", "address_line_1", "NCyearActual", "LanguageCode", "EnrolStatus", "telephone", "birthDate", "nhs_number", "town", "notes",
];

fn options() -> GateOptions {
    let mut o = GateOptions {
        service: "Community Directory".into(),
        recipient: "PCG UK".into(),
        as_of: Date::parse("2026-11-23"),
        ..GateOptions::default()
    };
    o.facts.insert("data_processing_agreement".into(), FactInput::Bool(true));
    o
}

fn bench(c: &mut Criterion) {
    let engine = Engine::builtin();
    let opts = options();
    let _ = engine.classifier();
    c.bench_function("gate 20 columns x 1,000,000 rows, no row facts", |b| {
        b.iter(|| black_box(engine.gate_columns(black_box(&NAMES), 1_000_000, &opts).unwrap()))
    });
    let mut names = NAMES.to_vec();
    names.push("consent");
    c.bench_function("gate 20 columns + consent column x 1,000,000 rows (5 combinations)", |b| {
        b.iter(|| {
            let gate = Gate::new(engine, black_box(&names), &opts).unwrap();
            let combos: Vec<_> = ["given", "explicit", "withdrawn", "not_given", ""]
                .iter()
                .map(|v| (vec![gate.fact_from_text(0, v).unwrap()], 200_000))
                .collect();
            black_box(gate.decide(&combos).unwrap())
        })
    });
    let mut checker = FieldChecker::new(engine);
    let field = FieldInput {
        service: "Community Directory".into(),
        label: Some("Email address".into()),
        name: Some("email".into()),
        r#type: Some("email".into()),
        as_of: Date::parse("2026-11-23"),
        ..FieldInput::default()
    };
    checker.check(&field, None).unwrap();
    c.bench_function("FieldChecker::check, a field seen before", |b| b.iter(|| black_box(checker.check(black_box(&field), None).unwrap())));
    c.bench_function("check_field, uncached", |b| b.iter(|| black_box(noticegate::form_check::check_field(engine, black_box(&field), None).unwrap())));
}

criterion_group!(benches, bench);
criterion_main!(benches);
