//! A notice's text as sections and units: headings, sentences, list items and table rows.
//!
//! The drafting and the coverage view both work on these units. A unit's `text` is a
//! verbatim piece of the notice with whitespace folded, so it is a quote `check` accepts.

/// What a section is about, from its heading's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    Preamble,
    Identity,
    Collect,
    Use,
    Basis,
    Retention,
    Share,
    Transfer,
    Rights,
    Automated,
    Marketing,
    Security,
    Contact,
    Other,
}

#[derive(Clone, Debug)]
pub struct Section {
    pub title: String,
    pub kind: SectionKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Heading,
    Sentence,
    Item,
    Row,
}

#[derive(Clone, Debug)]
pub struct Unit {
    pub kind: UnitKind,
    /// Verbatim, whitespace folded (a list item without its bullet).
    pub text: String,
    pub section: usize,
    /// For items: the sentence that introduces the list (the last sentence before it).
    pub intro: Option<usize>,
    /// For rows: the cells, trimmed; for others empty.
    pub cells: Vec<String>,
    /// For rows: the table's header row (a unit index), when this is not the header.
    pub header: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct Doc {
    pub sections: Vec<Section>,
    pub units: Vec<Unit>,
}

impl Doc {
    pub fn section_of(&self, unit: &Unit) -> &Section {
        &self.sections[unit.section]
    }
}

/// The kind a heading names, when it is one of the template's headings.
pub fn heading_kind(line: &str) -> Option<SectionKind> {
    let l = line.to_lowercase();
    let has = |w: &str| l.contains(w);
    Some(if has("who we are") || has("who are we") || has("about us") {
        SectionKind::Identity
    } else if l.trim_start().starts_with("where ") && ["held", "retained", "stored", "kept", "processed", "store", "keep", "hold"].iter().any(|w| has(w)) {
        // "Where information may be retained/held/stored": a place, not a period.
        SectionKind::Transfer
    } else if has("how long") || has("retention") || has("kept") || has("keep your") {
        SectionKind::Retention
    } else if has("automated") || has("profiling") {
        SectionKind::Automated
    } else if has("share") || has("sharing") || has("disclos") || has("recipients") {
        SectionKind::Share
    } else if has("reasons") || has("lawful basis") || has("legal basis") || has("lawful bases") || has("legal bases") {
        SectionKind::Basis
    } else if has("where information may be held") || has("transfer") || has("outside the uk") || has("overseas") || has("international") || has("may be held") || has("where we store") {
        SectionKind::Transfer
    } else if has("rights") {
        SectionKind::Rights
    } else if has("collect") || has("information we hold") || has("personal information we") || has("personal data we") || has("information we use") {
        SectionKind::Collect
    } else if has("how we use") || has("use your") || has("purpose") || has("why we") {
        SectionKind::Use
    } else if has("marketing") {
        SectionKind::Marketing
    } else if has("secur") {
        SectionKind::Security
    } else if has("contact us") || has("to contact") || has("contact the") || has("contact details") || has("complain") || l.trim() == "contact" {
        SectionKind::Contact
    } else {
        return None;
    })
}

const BULLETS: &[&str] = &["•", "·", "▪", "◦", "‣", "●", "- ", "* ", "o ", "– "];

/// The text after a bullet marker, if the line is a list item.
fn bullet(line: &str) -> Option<&str> {
    for b in BULLETS {
        if let Some(rest) = line.strip_prefix(b) {
            let rest = rest.trim_start();
            if !rest.is_empty() {
                return Some(rest);
            }
        }
    }
    // "1. ", "2) ", "a) "
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    if first.is_ascii_digit() {
        let end = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(line.len());
        let rest = &line[end..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            if end <= 2 && !r.trim().is_empty() {
                return Some(r.trim_start());
            }
        }
    }
    None
}

fn is_row(line: &str) -> bool {
    line.split('\t').filter(|c| !c.trim().is_empty()).count() >= 2
        || line.contains(" | ") || line.ends_with(" |") || line.ends_with("\t|") || (line.starts_with('|') && line.len() > 1)
}

fn is_separator_row(line: &str) -> bool {
    line.contains('|') && line.chars().all(|c| matches!(c, '-' | '|' | ':' | ' ' | '\t'))
}

const CONNECTORS: &[&str] = &["and", "or", "of", "the", "we", "your", "to", "for", "a", "with", "in"];

fn ends_with_connector(line: &str) -> bool {
    line.split_whitespace().last().is_some_and(|w| CONNECTORS.contains(&w.to_lowercase().as_str()))
}

/// Whether a line reads as a heading: short, capitalised, not ending a sentence or a clause.
fn looks_like_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let first = line.chars().next().unwrap_or(' ');
    (1..=12).contains(&words)
        && (first.is_uppercase() || first.is_ascii_digit())
        && !line.ends_with(['.', ',', ';', ':', '|'])
        && !line.contains("http")
        && !line.contains('@')
        && (!ends_with_connector(line) || heading_kind(line).is_some())
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a text into sections and units.
pub fn segment(text: &str) -> Doc {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut doc = Doc { sections: vec![Section { title: String::new(), kind: SectionKind::Preamble }], units: Vec::new() };
    let mut para: Vec<&str> = Vec::new();
    let mut item: Option<String> = None;
    let mut header_row: Option<usize> = None;
    let mut last_sentence: Option<usize> = None;
    // Whether the previous line closed what it said (so the next may be a heading).
    let mut closed = true;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.is_empty() {
            // A PDF's blank lines can fall mid-sentence: go on when the next line continues it.
            let next = lines[i..].iter().find(|l| !l.is_empty());
            // So does a line that ends on "the", "with", … or runs the full width of the page.
            let last = para.last().copied().unwrap_or("");
            let open = !last.is_empty() && !last.ends_with(['.', '!', '?', ':', ';']);
            let continues = |n: &&str| {
                n.starts_with(char::is_lowercase)
                    || n.starts_with('(')
                    || ((ends_with_connector(last) || last.chars().count() >= 60) && heading_kind(n).is_none() && bullet(n).is_none() && !is_row(n) && !is_page_furniture(n))
            };
            if open && next.is_some_and(continues) {
                continue;
            }
            flush_para(&mut doc, &mut para, &mut last_sentence);
            flush_item(&mut doc, &mut item, last_sentence);
            closed = true;
            continue;
        }
        if is_separator_row(line) {
            continue;
        }
        if is_page_furniture(line) {
            // A page break's link or page number: a unit of its own, closing what came before.
            flush_para(&mut doc, &mut para, &mut last_sentence);
            flush_item(&mut doc, &mut item, last_sentence);
            para.push(line);
            flush_para(&mut doc, &mut para, &mut last_sentence);
            closed = true;
            continue;
        }
        if is_row(line) {
            flush_para(&mut doc, &mut para, &mut last_sentence);
            flush_item(&mut doc, &mut item, last_sentence);
            let tabbed = !line.contains('|');
            // A row runs on until a line that ends with `|`.
            let mut row = vec![line];
            while !tabbed && !row.last().unwrap().ends_with('|') && i < lines.len() && !lines[i].is_empty() {
                row.push(lines[i]);
                i += 1;
            }
            let joined = fold(&row.join(" "));
            let cells: Vec<String> = if tabbed {
                line.split('\t').map(|c| fold(c)).filter(|c| !c.is_empty()).collect()
            } else {
                joined.trim_matches('|').split('|').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()
            };
            let header = match header_row {
                Some(h) if doc.units[h].section == doc.sections.len() - 1 => Some(h),
                _ => None,
            };
            let index = doc.units.len();
            doc.units.push(Unit { kind: UnitKind::Row, text: joined, section: doc.sections.len() - 1, intro: None, cells, header });
            if header.is_none() {
                header_row = Some(index);
            }
            closed = true;
            continue;
        }
        if let Some(rest) = bullet(line) {
            flush_para(&mut doc, &mut para, &mut last_sentence);
            flush_item(&mut doc, &mut item, last_sentence);
            item = Some(rest.to_string());
            // A list item ends what it says, punctuated or not: a line after it may be a heading.
            closed = true;
            header_row = None;
            continue;
        }
        if let Some(it) = item.as_mut() {
            if line.starts_with(char::is_lowercase) {
                it.push(' ');
                it.push_str(line);
                continue;
            }
            flush_item(&mut doc, &mut item, last_sentence);
        }
        // A heading, possibly wrapped over two lines ("About the information we collect, use and" / "retain").
        let mut candidate = line.to_string();
        let mut used = 0;
        if ends_with_connector(line) && i < lines.len() && lines[i].split_whitespace().count() <= 3 && lines[i].starts_with(char::is_lowercase) {
            candidate = format!("{line} {}", lines[i]);
            used = 1;
        }
        let next_starts_upper = lines[(i + used).min(lines.len())..].iter().find(|l| !l.is_empty()).is_none_or(|n| n.starts_with(|c: char| !c.is_lowercase()));
        if closed && looks_like_heading(&candidate) && next_starts_upper {
            flush_para(&mut doc, &mut para, &mut last_sentence);
            let kind = heading_kind(&candidate).unwrap_or(SectionKind::Other);
            i += used;
            // A generic heading inside a known section is a subsection: the section goes on.
            let keep = kind == SectionKind::Other && doc.sections.last().is_some_and(|s| s.kind != SectionKind::Preamble);
            let folded = fold(&candidate);
            if !keep {
                doc.sections.push(Section { title: folded.clone(), kind });
            }
            doc.units.push(Unit { kind: UnitKind::Heading, text: folded, section: doc.sections.len() - 1, intro: None, cells: Vec::new(), header: None });
            header_row = None;
            closed = true;
            continue;
        }
        header_row = None;
        para.push(line);
        closed = line.ends_with(['.', '!', '?', ':', ';']) || line.ends_with(".)") || line.ends_with(".”");
        if line.ends_with(':') {
            flush_para(&mut doc, &mut para, &mut last_sentence);
        }
    }
    flush_para(&mut doc, &mut para, &mut last_sentence);
    flush_item(&mut doc, &mut item, last_sentence);
    doc
}

fn flush_item(doc: &mut Doc, item: &mut Option<String>, intro: Option<usize>) {
    if let Some(text) = item.take() {
        let text = fold(&text);
        let section = doc.sections.len() - 1;
        let intro = intro.filter(|&u| doc.units[u].section == section);
        doc.units.push(Unit { kind: UnitKind::Item, text, section, intro, cells: Vec::new(), header: None });
    }
}

fn flush_para(doc: &mut Doc, para: &mut Vec<&str>, last_sentence: &mut Option<usize>) {
    if para.is_empty() {
        return;
    }
    let text = fold(&para.join(" "));
    para.clear();
    // Page furniture (a link or address alone on its line, as PDF page breaks leave between
    // list items) is a unit of its own but introduces nothing: the list goes on.
    let furniture = is_page_furniture(&text);
    for s in sentences(&text) {
        if furniture {
            doc.units.push(Unit { kind: UnitKind::Sentence, text: s.to_string(), section: doc.sections.len() - 1, intro: None, cells: Vec::new(), header: None });
            continue;
        }
        *last_sentence = Some(doc.units.len());
        doc.units.push(Unit { kind: UnitKind::Sentence, text: s.to_string(), section: doc.sections.len() - 1, intro: None, cells: Vec::new(), header: None });
    }
}

/// A line that is a link, an e-mail address or a page number, not prose.
fn is_page_furniture(text: &str) -> bool {
    let l = text.to_lowercase();
    let one_token = !l.contains(' ');
    (one_token && (l.starts_with("mailto:") || l.starts_with("http") || l.starts_with("www.") || l.contains('@')))
        || (l.starts_with("page ") && l.split_whitespace().count() <= 4 && l.chars().any(|c| c.is_ascii_digit()))
}

const ABBREVIATIONS: &[&str] = &["e.g", "i.e", "etc", "ltd", "co", "no", "st", "dr", "mr", "mrs", "ms", "vs", "inc", "plc", "para", "art", "eg", "ie", "cf"];

/// Splits folded text into sentences at `.`, `?` or `!` followed by a space and a capital,
/// a digit or an opening quote, except after common abbreviations and initials.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut idx = 0;
    while idx < bytes.len() {
        let c = bytes[idx];
        if matches!(c, b'.' | b'?' | b'!') {
            // Closing quotes and brackets stay with the sentence.
            let mut end = idx + 1;
            while end < bytes.len() && matches!(bytes[end], b')' | b'"' | b'\'') {
                end += 1;
            }
            if text[end..].starts_with("”") || text[end..].starts_with("’") {
                end += 3;
            }
            if end < bytes.len() && bytes[end] == b' ' {
                let next = text[end + 1..].chars().next().unwrap_or(' ');
                let word_start = text[..idx].rfind(|ch: char| ch.is_whitespace() || ch == '(').map_or(0, |p| p + 1);
                let word = text[word_start..idx].to_lowercase();
                let abbreviation = c == b'.' && (ABBREVIATIONS.contains(&word.as_str()) || word.chars().count() == 1);
                if !abbreviation && (next.is_uppercase() || next.is_ascii_digit() || "“\"‘'(•".contains(next)) {
                    let s = text[start..end].trim();
                    if !s.is_empty() {
                        out.push(s);
                    }
                    start = end + 1;
                    idx = end;
                    continue;
                }
            }
        }
        idx += 1;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_after_stops_not_abbreviations() {
        let s = sentences("We collect names, e.g. Ms. Smith. We share it with PCG UK Ltd. Contact us.");
        assert_eq!(s, vec!["We collect names, e.g. Ms. Smith.", "We share it with PCG UK Ltd. Contact us."]);
        assert_eq!(sentences("It is kept (see below). Then deleted."), vec!["It is kept (see below).", "Then deleted."]);
    }

    #[test]
    fn headings_items_and_rows() {
        let doc = segment(
            "Who we are\n\nThe Council collects your data.\n\nWho we share your personal information with\n\nWe share it with:\n  • Acme Ltd\n  • Beta\n\nHow long your personal data will be kept\n\nRecord | Period |\n---|---|\nCase files | Date of birth + 25 years |\n",
        );
        let kinds: Vec<(UnitKind, &str)> = doc.units.iter().map(|u| (u.kind, u.text.as_str())).collect();
        assert_eq!(kinds[0], (UnitKind::Heading, "Who we are"));
        assert_eq!(doc.sections[2].kind, SectionKind::Share);
        let item = doc.units.iter().find(|u| u.text == "Acme Ltd").unwrap();
        assert_eq!(item.kind, UnitKind::Item);
        assert_eq!(doc.units[item.intro.unwrap()].text, "We share it with:");
        let row = doc.units.iter().find(|u| u.text.starts_with("Case files")).unwrap();
        assert_eq!(row.cells, vec!["Case files", "Date of birth + 25 years"]);
        assert!(row.header.is_some());
        assert_eq!(doc.sections[row.section].kind, SectionKind::Retention);
    }
}
