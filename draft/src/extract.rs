//! Notice files to plain text: the text every drafted quote is copied from.
//!
//! Plain text is taken as it is; HTML goes through `scraper` (html5ever), keeping one block
//! element per line, list items as `• ` lines and table rows as `cell | cell |` lines, the
//! shape of the built-in texts; PDF goes through `pdf-extract`. What comes out is written
//! beside the drafted policy as its `sources/` text, so quotes are checked against it.

use std::path::Path;

use crate::DraftError;

/// The formats a notice can come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Pdf,
}

impl Format {
    /// By the file's extension, else by its first bytes.
    pub fn detect(path: &Path, bytes: &[u8]) -> Format {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("pdf") => return Format::Pdf,
            Some("html" | "htm" | "xhtml") => return Format::Html,
            Some("txt" | "text" | "md") => return Format::Text,
            _ => {}
        }
        if bytes.starts_with(b"%PDF") {
            return Format::Pdf;
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
        let head = head.trim_start();
        if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body") {
            Format::Html
        } else {
            Format::Text
        }
    }
}

/// The notice's plain text, with line breaks normalised to `\n`.
pub fn text_of(path: &Path, bytes: &[u8]) -> Result<(Format, String), DraftError> {
    let format = Format::detect(path, bytes);
    let text = match format {
        Format::Text => String::from_utf8(bytes.to_vec())
            .map_err(|_| DraftError::Unreadable(format!("{}: not UTF-8 text (nor HTML or PDF)", path.display())))?,
        Format::Html => {
            let source = String::from_utf8_lossy(bytes);
            html_to_text(&source)
        }
        Format::Pdf => pdf_to_text(path, bytes)?,
    };
    let text = text.replace("\r\n", "\n").replace('\r', "\n").replace('\u{a0}', " ");
    if text.trim().is_empty() {
        return Err(match format {
            Format::Pdf => DraftError::PdfWithoutText(path.display().to_string()),
            _ => DraftError::Empty(path.display().to_string()),
        });
    }
    Ok((format, text))
}

fn pdf_to_text(path: &Path, bytes: &[u8]) -> Result<String, DraftError> {
    // pdf-extract panics on some malformed files; a panic is an unreadable file, not a crash.
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    match result {
        Ok(Ok(text)) if text.chars().any(char::is_alphanumeric) => Ok(text),
        Ok(Ok(_)) => Err(DraftError::PdfWithoutText(path.display().to_string())),
        Ok(Err(e)) => Err(DraftError::Unreadable(format!("{}: not a readable PDF: {e}", path.display()))),
        Err(_) => Err(DraftError::Unreadable(format!("{}: not a readable PDF", path.display()))),
    }
}

const BLOCKS: &[&str] = &[
    "p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table",
    "tr", "br", "dl", "dt", "dd", "blockquote", "address", "hr", "nav", "aside", "figure", "figcaption", "pre",
];

/// HTML to the text shape of the built-in notices: blocks on their own lines, `• ` items,
/// `a | b |` table rows; scripts, styles and navigation left out.
pub fn html_to_text(source: &str) -> String {
    let doc = scraper::Html::parse_document(source);
    let mut out = String::new();
    let root = doc.root_element();
    walk(root, &mut out);
    // At most one blank line in a row.
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        text.push_str(line);
        text.push('\n');
    }
    text.trim().to_string() + "\n"
}

fn walk(node: scraper::ElementRef<'_>, out: &mut String) {
    use scraper::node::Node;
    let name = node.value().name();
    if matches!(name, "script" | "style" | "noscript" | "template" | "head" | "nav" | "svg" | "button" | "form") {
        return;
    }
    let block = BLOCKS.contains(&name);
    if block {
        newline(out);
    }
    if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "ul" | "ol") {
        out.push('\n');
    }
    if name == "li" {
        out.push_str("  • ");
    }
    if name == "tr" {
        let cells: Vec<String> = node
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .map(|c| c.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if !cells.is_empty() {
            out.push_str(&cells.join(" | "));
            out.push_str(" |\n");
        }
        return;
    }
    for child in node.children() {
        match child.value() {
            Node::Text(t) => {
                let t: &str = t;
                let folded: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
                if folded.is_empty() {
                    if !out.ends_with([' ', '\n']) && !t.is_empty() {
                        out.push(' ');
                    }
                    continue;
                }
                if t.starts_with(char::is_whitespace) && !out.ends_with([' ', '\n']) {
                    out.push(' ');
                }
                out.push_str(&folded);
                if t.ends_with(char::is_whitespace) {
                    out.push(' ');
                }
            }
            Node::Element(_) => {
                if let Some(e) = scraper::ElementRef::wrap(child) {
                    walk(e, out);
                }
            }
            _ => {}
        }
    }
    if block {
        newline(out);
        if matches!(name, "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "ul" | "ol") {
            out.push('\n');
        }
    }
}

fn newline(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_keeps_headings_items_and_rows_on_their_own_lines() {
        let text = html_to_text(
            "<html><head><title>x</title><script>var a;</script></head><body><h2>Who we share your personal information with</h2>\
             <p>We share it with:</p><ul><li>Acme <b>Ltd</b></li><li>Beta</li></ul>\
             <table><tr><th>Category</th><th>Retention period</th></tr><tr><td>Adoption</td><td>Date of birth +100 years</td></tr></table></body></html>",
        );
        assert!(text.lines().any(|l| l == "Who we share your personal information with"), "{text}");
        assert!(text.contains("  • Acme Ltd\n"), "{text}");
        assert!(text.contains("Adoption | Date of birth +100 years |"), "{text}");
        assert!(!text.contains("var a"), "{text}");
    }
}
