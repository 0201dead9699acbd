//! Classifying a 20-column frame with a 1,000-value sample per column (target: under 5 ms),
//! column by column and then read as one table (frame context, as the gate does), and names
//! alone. `cargo bench -p noticegate --bench classify`.

use criterion::{criterion_group, criterion_main, Criterion};
use noticegate::classify::Sample;
use noticegate::Engine;

fn column(kind: usize, i: usize) -> String {
    match kind {
        0 => format!("pupil{i}@example.sch.uk"),
        1 => format!("07700 9{:05}", i % 100000),
        2 => ["ME14 1XX", "CT1 2AB", "TN23 1PS", "DA1 1DX"][i % 4].to_string(),
        3 => "943 476 5919".to_string(),
        4 => "B801200005001".to_string(),
        5 => "GB82 WEST 1234 5698 7654 32".to_string(),
        6 => "4111 1111 1111 1111".to_string(),
        7 => format!("10.0.{}.{}", i % 256, (i / 256) % 256),
        8 => format!("{:02}/{:02}/20{:02}", 1 + i % 28, 1 + i % 12, i % 25),
        9 => "AB 12 34 56 C".to_string(),
        10 => ["Ann", "Bob", "Priya", "Oluwaseun"][i % 4].to_string(),
        11 => ["WBRI", "WIRI", "ABAN", "REFU"][i % 4].to_string(),
        12 => format!("{}.{:02}", i * 7 % 1000, i % 100),
        13 => (i * 31 % 100000).to_string(),
        14 => ["Y", "N"][i % 2].to_string(),
        15 => format!("notes about visit {i}, see attached"),
        16 => format!("ORD-{i:06}"),
        17 => ["KS2", "Year 7", "R"][i % 3].to_string(),
        18 => format!("{}:{:02}", i % 24, i % 60),
        _ => format!("{:x}", i * 2654435761),
    }
}

const NAMES: [&str; 20] = [
    "email", "mobile_no", "PostCode", "nhs_no", "UPN", "iban", "card_number", "remote_addr", "DOB", "NINumber", "Forename",
    "Ethnicity", "amount", "count", "FSMeligible", "Notes", "order_ref", "NCyearActual", "time", "col_20",
];

fn bench(c: &mut Criterion) {
    let engine = Engine::builtin();
    engine.classify("warm up");
    let values: Vec<Vec<String>> = (0..20).map(|k| (0..1000).map(|i| column(k, i)).collect()).collect();
    let samples: Vec<Vec<Sample<'_>>> = values.iter().map(|col| col.iter().map(|v| Sample::Text(v)).collect()).collect();
    c.bench_function("classify 20 columns x 1,000 values", |b| {
        b.iter(|| {
            for (name, sample) in NAMES.iter().zip(&samples) {
                std::hint::black_box(engine.classify_column(name, sample).unwrap());
            }
        })
    });
    c.bench_function("classify 20 columns x 1,000 values, read as one table", |b| {
        b.iter(|| {
            let mut read: Vec<_> = NAMES.iter().zip(&samples).map(|(name, sample)| engine.classify_column(name, sample).unwrap()).collect();
            engine.read_in_frame(&NAMES, &mut read);
            std::hint::black_box(read)
        })
    });
    c.bench_function("classify 20 names", |b| {
        b.iter(|| {
            for name in NAMES {
                std::hint::black_box(engine.classify(name));
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
