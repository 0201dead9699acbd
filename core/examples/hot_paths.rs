//! Runs one of the benchmarked paths N times, for `scripts/instructions`, which counts the
//! instructions it executes under valgrind. Instruction counts do not move with the load of a
//! shared machine the way criterion's times do, so two builds can be compared on a busy day.
//!
//! `cargo run --release --example hot_paths -- PATH N` with PATH one of: share (a resolved
//! share decision), parse, resolve, json (JSON question to JSON decision), load (the built-in
//! snapshot).

use std::hint::black_box;

use noticegate::{parse_question, Engine};

/// The `share_resolved/one` and `json_to_json/ask_json` question of `benches/decisions.rs`.
const SHARE_LINE: &str = r#"{"id":"q-1","ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23","facts":{"consent":"given","data_processing_agreement":true}}"#;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(Ok(n))) = (args.next(), args.next().map(|n| n.parse::<usize>())) else {
        eprintln!("usage: hot_paths share|parse|resolve|json|load N");
        std::process::exit(2);
    };
    let mut sink = 0usize;
    match path.as_str() {
        "share" => {
            let engine = Engine::builtin();
            let q = engine.resolve(&parse_question(SHARE_LINE).expect("parses")).expect("resolves");
            for _ in 0..n {
                sink += engine.verdict(black_box(&q)) as usize;
            }
        }
        "parse" => {
            for _ in 0..n {
                sink += parse_question(black_box(SHARE_LINE)).expect("parses").facts.len();
            }
        }
        "resolve" => {
            let engine = Engine::builtin();
            let q = parse_question(SHARE_LINE).expect("parses");
            for _ in 0..n {
                sink += engine.resolve(black_box(&q)).expect("resolves").category as usize;
            }
        }
        "json" => {
            let engine = Engine::builtin();
            for _ in 0..n {
                sink += engine.ask_json(black_box(SHARE_LINE)).len();
            }
        }
        "load" => {
            for _ in 0..n {
                sink += Engine::load_builtin().expect("loads").policy().rules.len();
            }
        }
        other => {
            eprintln!("unknown path {other:?}; expected share, parse, resolve, json or load");
            std::process::exit(2);
        }
    }
    println!("{sink}");
}
