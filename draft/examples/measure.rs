//! Drafts the five built-in notices from their texts and compares each draft with the hand
//! encoding in `policies/`: prints the Markdown table of docs/drafting.md (`--missed`: what
//! the draft did not find; `--extra`: what it found that the hand encoding does not have).

use noticegate::Engine;
use noticegate_draft::{coverage, draft_text, measure};

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn main() {
    let hand = Engine::builtin();
    let sources = Engine::builtin_sources();
    let set = hand.policy();
    println!("| notice | activities R/P | categories R/P | categories per activity R/P | recipients R/P | recipients the text names R | bases R/P | retention periods R/P | Article refs found | draft coverage | hand coverage |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut missed = Vec::new();
    for (hn, n) in set.notices.iter().enumerate() {
        let text = &sources.notice_texts[&n.source];
        let stem = n.source.trim_end_matches(".txt");
        let d = draft_text(stem, text, &n.source).expect("drafts");
        let engine = d.load().expect("loads");
        let dset = engine.policy();
        let dn = dset.notices.iter().position(|x| x.id == d.notice_id).unwrap() as u32;
        let s = measure::compare(set, hn as u32, dset, dn, text);
        let cov_d = coverage::of_notice(dset, dn, text);
        let cov_h = coverage::of_notice(set, hn as u32, text);
        let rp = |x: measure::Score| format!("{} ({}/{}) / {}", pct(x.recall()), x.found, x.hand, pct(x.precision()));
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {}/{} | {} | {} |",
            n.id,
            rp(s.activities),
            rp(s.categories),
            rp(s.categories_per_activity),
            rp(s.recipients),
            format!("{} ({}/{})", pct(s.recipients_named.recall()), s.recipients_named.found, s.recipients_named.hand),
            rp(s.bases),
            rp(s.retention_periods),
            s.articles_found,
            s.articles_named,
            pct(cov_d.share()),
            pct(cov_h.share())
        );
        missed.push((n.id.clone(), s.missed, s.extra));
    }
    if std::env::args().any(|a| a == "--missed") {
        for (n, m, _) in &missed {
            println!("\n{n}: {}", m.join("; "));
        }
    }
    // `--extra`: what the draft has that the hand encoding does not (the precision's misses).
    if std::env::args().any(|a| a == "--extra") {
        for (n, _, e) in &missed {
            println!("\n{n} (extra): {}", e.join("; "));
        }
    }
}
