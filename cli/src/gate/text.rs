//! The gate's text report: a table of columns (status, category, verdict, why), then the rows
//! kept and held back.

use noticegate::gate::GateReport;

fn clip(text: &str, n: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= n {
        text
    } else {
        text.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// The report as a table: column, status, category, verdict, why (obligations, the rule and
/// its quote); then the rows kept and held, per combination of row facts.
pub fn text(r: &GateReport) -> String {
    use noticegate::gate::ColumnStatus;
    let mut rows = Vec::new();
    for c in &r.columns {
        let status = serde_json::to_value(c.status).unwrap().as_str().unwrap_or_default().to_string();
        let verdict = c.verdict.map(|v| serde_json::to_value(v).unwrap().as_str().unwrap_or_default().to_string()).unwrap_or_else(|| "-".into());
        let mut why: Vec<String> = c.obligations.iter().map(|o| format!("if: {}", o.text)).collect();
        if let Some(reason) = c.reasons.first() {
            why.push(format!("{}: \"{}\"", reason.rule, clip(&reason.quote, 90)));
        } else if let Some(note) = c.notes.first() {
            why.push(clip(note, 110));
        }
        if c.status == ColumnStatus::Unclassified && !c.candidates.is_empty() {
            why.push(format!("candidates: {}", c.candidates.iter().map(|k| k.category.as_str()).collect::<Vec<_>>().join(", ")));
        }
        if c.rows_excluded > 0 {
            why.push(format!("{} row(s) excluded by their facts", c.rows_excluded));
        }
        rows.push([c.column.clone(), status, c.category.clone().unwrap_or_else(|| "-".into()), verdict, why.join("\n")]);
    }
    let header = ["column", "status", "category", "verdict", "why"];
    let widths: Vec<usize> = (0..4).map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0)).collect();
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    let mut out = format!("gate: {} -> {} ({})\n", r.service, r.recipient, r.policy_hash);
    let line = |cells: [&str; 4]| cells.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect::<Vec<_>>().join("  ");
    out += &format!("{}  why\n", line([header[0], header[1], header[2], header[3]]));
    for row in &rows {
        let mut why = row[4].lines();
        out += &format!("{}  {}\n", line([&row[0], &row[1], &row[2], &row[3]]), why.next().unwrap_or(""));
        let indent = widths.iter().sum::<usize>() + 8;
        for more in why {
            out += &format!("{}{more}\n", " ".repeat(indent));
        }
    }
    let passed: Vec<&str> = r.passed().collect();
    out += &format!("\ncolumns: {} of {} go: {}\n", passed.len(), r.columns.len(), if passed.is_empty() { "none".to_string() } else { passed.join(", ") });
    out += &format!("rows: {} in, {} out, {} held back\n", r.rows_in, r.rows_out, r.rows_held());
    for g in &r.row_groups {
        if !g.kept && g.rows > 0 {
            let facts: Vec<String> = g.facts.iter().map(|(k, v)| match v {
                Some(v) => format!("{k}={}", serde_json::to_string(v).unwrap_or_default()),
                None => format!("{k} unknown"),
            }).collect();
            let by: Vec<String> = g.blocked_by.iter().map(|(c, v)| format!("{c} ({})", serde_json::to_value(v).unwrap().as_str().unwrap_or_default())).collect();
            out += &format!("  held back {} row(s) with {}: not permitted for {}\n", g.rows, facts.join(", "), by.join(", "));
        }
    }
    out
}
