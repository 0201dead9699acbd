//! Name resolution: ids, labels and aliases, compared without case or punctuation.
//!
//! People name things the way the notice does ("IP address", "Article 6(1)(a)"), programs by
//! id (`technical.ip_address`). Both must land on the same entry, and a near miss must come
//! back with suggestions rather than a silent deny.

use serde::{Deserialize, Serialize};

use std::borrow::Cow;

use rustc_hash::FxHashMap;

/// Folds a name to its comparison key: lowercase letters and digits only.
///
/// "Article 6(1)(a)", "article 6 1 a" and "ARTICLE_6_1_A" share the key `article61a`.
pub fn fold(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// Folds into `buf` without allocating when the name is short ASCII (the common case on the
/// question path); otherwise falls back to `fold`.
fn fold_fast<'b>(name: &str, buf: &'b mut [u8; 96]) -> Cow<'b, str> {
    if name.len() <= buf.len() && name.is_ascii() {
        let mut n = 0;
        for &b in name.as_bytes() {
            if b.is_ascii_alphanumeric() {
                buf[n] = b.to_ascii_lowercase();
                n += 1;
            }
        }
        // Only ASCII letters and digits were written.
        Cow::Borrowed(std::str::from_utf8(&buf[..n]).expect("ASCII is UTF-8"))
    } else {
        Cow::Owned(fold(name))
    }
}

/// Maps folded names to the entries they name, for one kind of thing.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct NameIndex {
    /// FxHash: keys are short, trusted policy names; SipHash's DoS resistance buys nothing here.
    by_key: FxHashMap<String, Vec<u32>>,
    /// Every (folded key, display name, entry), for suggestions.
    names: Vec<(String, String, u32)>,
}

impl NameIndex {
    /// Records that `name` names entry `entry`. Returns the entries it already named, if
    /// any other entry has the same key.
    pub fn insert(&mut self, name: &str, entry: u32) -> Vec<u32> {
        let key = fold(name);
        if key.is_empty() {
            return Vec::new();
        }
        let slot = self.by_key.entry(key.clone()).or_default();
        let clashes: Vec<u32> = slot.iter().copied().filter(|&e| e != entry).collect();
        // The slot holds an entry exactly when (key, entry) was inserted before.
        if !slot.contains(&entry) {
            slot.push(entry);
            self.names.push((key, name.to_string(), entry));
        }
        clashes
    }

    /// The entries a name could mean (empty when unknown).
    pub fn lookup(&self, name: &str) -> &[u32] {
        let mut buf = [0u8; 96];
        let key = fold_fast(name, &mut buf);
        self.by_key.get(key.as_ref()).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Up to `limit` known names nearest to `name`, best first, one per entry.
    pub fn suggest(&self, name: &str, limit: usize) -> Vec<String> {
        let key = fold(name);
        let mut scored: Vec<(f64, &str, u32)> = self
            .names
            .iter()
            .map(|(k, display, entry)| {
                let mut score = strsim::jaro_winkler(&key, k);
                if !key.is_empty() && (k.contains(&key) || key.contains(k.as_str())) {
                    score = score.max(0.9);
                }
                (score, display.as_str(), *entry)
            })
            .filter(|(score, _, _)| *score >= 0.7)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let mut out: Vec<String> = Vec::new();
        let mut entries: Vec<u32> = Vec::new();
        for (_, display, entry) in scored {
            if out.len() == limit {
                break;
            }
            if !entries.contains(&entry) {
                entries.push(entry);
                out.push(display.to_string());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_fold_agrees_with_fold() {
        for name in ["Article 6(1)(a)", "IP-address", "Ünïcode Name", "", "a".repeat(200).as_str(), "e-mail"] {
            let mut buf = [0u8; 96];
            assert_eq!(fold_fast(name, &mut buf), fold(name), "{name}");
        }
    }

    #[test]
    fn folding_ignores_case_and_punctuation() {
        assert_eq!(fold("Article 6(1)(a)"), "article61a");
        assert_eq!(fold("IP-address"), fold("ip address"));
        assert_eq!(fold("e-mail"), "email");
    }

    #[test]
    fn suggestions_find_near_misses() {
        let mut index = NameIndex::default();
        index.insert("Email address", 0);
        index.insert("Telephone number", 1);
        index.insert("IP address", 2);
        let s = index.suggest("emial adress", 3);
        assert_eq!(s.first().map(String::as_str), Some("Email address"));
        assert!(index.suggest("zzzzzz", 3).is_empty());
    }

    #[test]
    fn clashes_are_reported() {
        let mut index = NameIndex::default();
        assert!(index.insert("Name", 0).is_empty());
        assert_eq!(index.insert("name", 1), vec![0]);
        assert_eq!(index.lookup("NAME"), &[0, 1]);
    }
}
