//! A one-pass reader for the plain question line: the question as callers almost always
//! write it, read without serde.
//!
//! Reading through serde_json's visitors cost about half of a JSON question's answer. This
//! reader walks the bytes once and borrows every string, but it only reads what it can read
//! exactly as serde_json would: an object of known, distinct keys whose values are null,
//! strings without escapes, non-negative integers, true, false and a flat `facts` object.
//! Anything else (an error of any kind, an escape, a fraction, a negative or huge number,
//! nesting) makes it answer `None`, and `parse_question` reads the line again with serde,
//! which alone writes errors, so they keep their exact wording.

use std::borrow::Cow;

use crate::date::Date;
use crate::question::{Ask, FactInput, Question, QuestionId, StatedFacts, FIELDS};

/// The question in `line` when it is plain (see the module's comment), else `None`.
pub(crate) fn read_plain(line: &str) -> Option<Question<'_>> {
    let mut r = Reader { line, at: 0 };
    let mut q = Question::default();
    r.expect(b'{')?;
    if !r.eat(b'}') {
        let mut seen: u16 = 0;
        loop {
            r.expect(b'"')?;
            let key = r.string_body()?;
            let bit = 1u16 << FIELDS.iter().position(|f| *f == key)?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            r.expect(b':')?;
            match key {
                "id" => q.id = r.id()?,
                "ask" => q.ask = r.nullable(Ask::from_name)?,
                "as_of" => q.as_of = r.nullable(Date::parse)?,
                "facts" => q.facts = r.facts()?,
                field => *text_field(&mut q, field)? = r.nullable(|s| Some(Cow::Borrowed(s)))?,
            }
            if !r.eat(b',') {
                r.expect(b'}')?;
                break;
            }
        }
    }
    r.skip_whitespace();
    // A question without `ask` is an error, which serde's reading words.
    (r.at == line.len() && q.ask.is_some()).then_some(q)
}

/// The question's slot for one of its text fields.
fn text_field<'q, 'a>(q: &'q mut Question<'a>, field: &str) -> Option<&'q mut Option<Cow<'a, str>>> {
    Some(match field {
        "notice" => &mut q.notice,
        "service" => &mut q.service,
        "category" => &mut q.category,
        "recipient" => &mut q.recipient,
        "basis" => &mut q.basis,
        "purpose" => &mut q.purpose,
        "country" => &mut q.country,
        "record" => &mut q.record,
        "right" => &mut q.right,
        _ => return None,
    })
}

const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGH_BITS: u64 = ONES * 0x80;

/// In eight bytes read little-endian, a high bit set in the first byte that ends a plain
/// string (a quote, a backslash or a control character below 0x20), and perhaps in bytes after
/// it: the classic "has a zero byte" test (`x - 0x01… & !x & 0x80…`), whose lowest mark is
/// exact, applied to the bytes xor a quote, xor a backslash, and less 0x20.
fn string_stops(x: u64) -> u64 {
    let zero_bytes = |v: u64| v.wrapping_sub(ONES) & !v & HIGH_BITS;
    zero_bytes(x ^ (ONES * u64::from(b'"'))) | zero_bytes(x ^ (ONES * u64::from(b'\\'))) | (x.wrapping_sub(ONES * 0x20) & !x & HIGH_BITS)
}

struct Reader<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.line.as_bytes()
    }

    /// JSON's whitespace: space, tab, line feed and carriage return.
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes().get(self.at) {
            self.at += 1;
        }
    }

    /// Consumes `byte` after any whitespace if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        let found = self.bytes().get(self.at) == Some(&byte);
        self.at += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// Consumes `word` (`true`, `false`, `null`) if it comes next, after any whitespace.
    fn eat_word(&mut self, word: &str) -> bool {
        self.skip_whitespace();
        let found = self.bytes()[self.at..].starts_with(word.as_bytes());
        if found {
            self.at += word.len();
        }
        found
    }

    /// The rest of a string whose opening quote was consumed, borrowed; `None` for an escape,
    /// a control character or no closing quote.
    fn string_body(&mut self) -> Option<&'a str> {
        let start = self.at;
        let bytes = self.bytes();
        let mut at = start;
        // Eight bytes at a time, then byte by byte: the strings are most of a question's bytes.
        while let Some(chunk) = bytes.get(at..at + 8) {
            let stops = string_stops(u64::from_le_bytes(chunk.try_into().ok()?));
            if stops != 0 {
                at += stops.trailing_zeros() as usize / 8;
                return self.close_string(start, at);
            }
            at += 8;
        }
        at += bytes[at..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        self.close_string(start, at)
    }

    /// The string from `start` to the stop byte at `end`, if that byte is its closing quote.
    fn close_string(&mut self, start: usize, end: usize) -> Option<&'a str> {
        self.at = end;
        self.expect_here(b'"')?;
        // Both ends are at ASCII bytes, so on character boundaries.
        Some(&self.line[start..end])
    }

    /// Consumes `byte` if it is the very next byte (no whitespace).
    fn expect_here(&mut self, byte: u8) -> Option<()> {
        (self.bytes().get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// A non-negative integer that fits in a `u64` and is not the start of a fraction or an
    /// exponent; `None` for any other number (serde reads those, as floats or errors).
    fn integer(&mut self) -> Option<u64> {
        let digits = self.bytes()[self.at..].iter().take_while(|b| b.is_ascii_digit()).count();
        let text = &self.bytes()[self.at..self.at + digits];
        if digits == 0 || (digits > 1 && text[0] == b'0') {
            return None;
        }
        let value = text.iter().try_fold(0u64, |n, d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')))?;
        self.at += digits;
        match self.bytes().get(self.at) {
            Some(b'.' | b'e' | b'E') => None,
            _ => Some(value),
        }
    }

    /// `null` as `None`, or a string made into a value by `read` (`None` from `read`: not
    /// plain).
    fn nullable<T>(&mut self, read: impl FnOnce(&'a str) -> Option<T>) -> Option<Option<T>> {
        if self.eat_word("null") {
            return Some(None);
        }
        self.expect(b'"')?;
        read(self.string_body()?).map(Some)
    }

    /// The `id`: null, a string or a non-negative integer.
    fn id(&mut self) -> Option<Option<QuestionId>> {
        if self.eat_word("null") {
            return Some(None);
        }
        if self.eat(b'"') {
            return Some(Some(QuestionId::Text(self.string_body()?.to_string())));
        }
        Some(Some(QuestionId::Number(self.integer()?.into())))
    }

    /// The `facts` object (or null: no facts), each value true, false, a non-negative
    /// integer or a string.
    fn facts(&mut self) -> Option<StatedFacts<'a>> {
        let mut facts = StatedFacts::default();
        if self.eat_word("null") {
            return Some(facts);
        }
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Some(facts);
        }
        loop {
            self.expect(b'"')?;
            let name = self.string_body()?;
            self.expect(b':')?;
            let value = if self.eat_word("true") {
                FactInput::Bool(true)
            } else if self.eat_word("false") {
                FactInput::Bool(false)
            } else if self.eat(b'"') {
                FactInput::Text(Cow::Borrowed(self.string_body()?))
            } else {
                FactInput::Number(self.integer()? as f64)
            };
            facts.insert(Cow::Borrowed(name), value);
            if !self.eat(b',') {
                self.expect(b'}')?;
                return Some(facts);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::question::parse_question_with_serde;

    /// The line of the `json_to_json` bench.
    const SHARE_LINE: &str = r#"{"id":"q-1","ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23","facts":{"consent":"given","data_processing_agreement":true}}"#;

    /// Lines the reader reads itself, each the same question serde's reading gives.
    const PLAIN: &[&str] = &[
        SHARE_LINE,
        r#"{"ask":"collect"}"#,
        " \t\r\n{ \"ask\" : \"use\" , \"purpose\" :\t\"Research\" }\n\r\t ",
        r#"{"id":0,"ask":"rights","right":"access"}"#,
        r#"{"id":18446744073709551615,"ask":"share","facts":{"n":0,"m":18446744073709551615,"k":120}}"#,
        r#"{"id":null,"ask":"transfer","notice":null,"service":null,"category":null,"recipient":null,"basis":null,"purpose":null,"country":null,"record":null,"right":null,"as_of":null,"facts":null}"#,
        r#"{"ask":"retention","notice":"N","service":"S","category":"C","recipient":"R","basis":"B","purpose":"P","country":"K","record":"Rec","right":"Ri","as_of":"2024-02-29"}"#,
        r#"{"ask":"share","facts":{}}"#,
        r#"{"ask":"share","facts":{ }}"#,
        r#"{"ask":"share","facts":{"b":false,"a":true,"a":"later","":"empty name"}}"#,
        "{\"ask\":\"share\",\"service\":\"Ünïcode ✓ \u{7f}\",\"category\":\"\"}",
        r#"{"facts":{"x":1},"ask":"automated_decision","id":"last"}"#,
    ];

    /// Lines the reader leaves to serde: errors, and what it does not read itself.
    const LEFT_TO_SERDE: &[&str] = &[
        "",
        " ",
        "{",
        "[1]",
        "null",
        "{}",
        r#"{"service":"x"}"#,
        r#"{"ask":null}"#,
        r#"{"ask":"share"} x"#,
        r#"{"ask":"share"}}"#,
        r#"{"ask":"share",}"#,
        r#"{"ask":"share""service":"x"}"#,
        r#"{"ask""share"}"#,
        r#"{ask:"share"}"#,
        r#"{"ask":"shar"}"#,
        r#"{"ask":"share","ask":"share"}"#,
        r#"{"ask":"share","service":null,"service":"x"}"#,
        r#"{"ask":"share","recipent":"x"}"#,
        r#"{"ask":"share","service":"a\"b"}"#,
        r#"{"ask":"share","service":"a\u0062"}"#,
        "{\"ask\":\"share\",\"service\":\"a\tb\"}",
        r#"{"ask":"share","service":"open}"#,
        r#"{"ask":"share","category":3}"#,
        r#"{"ask":"share","service":nul}"#,
        r#"{"ask":"share","service":nullx}"#,
        r#"{"ask":"share","as_of":"2026-02-30"}"#,
        r#"{"ask":"share","as_of":20261123}"#,
        r#"{"id":true,"ask":"share"}"#,
        r#"{"id":-1,"ask":"share"}"#,
        r#"{"id":1.5,"ask":"share"}"#,
        r#"{"id":1e3,"ask":"share"}"#,
        r#"{"id":1E3,"ask":"share"}"#,
        r#"{"id":01,"ask":"share"}"#,
        r#"{"id":18446744073709551616,"ask":"share"}"#,
        r#"{"id":99999999999999999999,"ask":"share"}"#,
        r#"{"id":"a\nb","ask":"share"}"#,
        r#"{"id":[1],"ask":"share"}"#,
        r#"{"ask":"share","facts":"a":true}"#,
        r#"{"ask":"share","facts":["consent"]}"#,
        r#"{"ask":"share","facts":{"consent":null}}"#,
        r#"{"ask":"share","facts":{"consent":["given"]}}"#,
        r#"{"ask":"share","facts":{"consent":{"a":1}}}"#,
        r#"{"ask":"share","facts":{"n":-4}}"#,
        r#"{"ask":"share","facts":{"n":2.5}}"#,
        r#"{"ask":"share","facts":{"n":00}}"#,
        r#"{"ask":"share","facts":{"c":"giv\u0065n"}}"#,
        r#"{"ask":"share","facts":{"c\n":true}}"#,
        r#"{"ask":"share","facts":{"c" true}}"#,
        r#"{"ask":"share","facts":{"c":true,}}"#,
        r#"{"ask":"share","facts":{"c":true"d":false}}"#,
        r#"{"ask":"share","facts":{"c":tru}}"#,
        r#"{"ask":"share","facts":{"c":true}"#,
        r#"{"ask":"share","facts":{c:true}}"#,
        r#"{"ask":"share","facts":}"#,
    ];

    #[test]
    fn reads_plain_lines_as_serde_does() {
        for line in PLAIN {
            let plain = read_plain(line).unwrap_or_else(|| panic!("left to serde: {line}"));
            assert_eq!(Ok(plain), parse_question_with_serde(line), "{line}");
        }
    }

    #[test]
    fn leaves_every_other_line_to_serde() {
        for line in LEFT_TO_SERDE {
            assert_eq!(read_plain(line), None, "{line}");
        }
    }

    /// Every ASCII byte at every offset of a string, in the eight-byte scan and the byte-by-byte
    /// tail: read as a plain string's byte, or left to serde (a quote ends the string early).
    #[test]
    fn reads_strings_to_their_first_stop_byte() {
        for byte in 0u8..0x80 {
            for before in 0..20 {
                for after in [0, 1, 7, 8, 9, 20] {
                    let text = format!("{}{}{}", "a".repeat(before), char::from(byte), "b".repeat(after));
                    let line = format!(r#"{{"ask":"share","service":"{text}"}}"#);
                    let stops = byte == b'"' || byte == b'\\' || byte < 0x20;
                    match read_plain(&line) {
                        Some(q) => {
                            assert!(!stops, "byte {byte:#x} in {line:?}");
                            assert_eq!(q.service.as_deref(), Some(text.as_str()), "{line:?}");
                        }
                        None => assert!(stops, "byte {byte:#x} left to serde in {line:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn reads_every_field_borrowed() {
        let q = read_plain(PLAIN[6]).unwrap();
        let texts = [&q.notice, &q.service, &q.category, &q.recipient, &q.basis, &q.purpose, &q.country, &q.record, &q.right];
        let read: Vec<&str> = texts.iter().map(|t| match t {
            Some(Cow::Borrowed(s)) => *s,
            other => panic!("not borrowed: {other:?}"),
        }).collect();
        assert_eq!(read, ["N", "S", "C", "R", "B", "P", "K", "Rec", "Ri"]);
        assert_eq!((q.ask, q.as_of), (Some(Ask::Retention), Date::parse("2024-02-29")));

        let q = read_plain(SHARE_LINE).unwrap();
        assert_eq!(q.id, Some(QuestionId::Text("q-1".into())));
        assert!(matches!(q.facts.get("consent"), Some(FactInput::Text(Cow::Borrowed("given")))));
        assert_eq!(q.facts.get("data_processing_agreement"), Some(&FactInput::Bool(true)));

        let q = read_plain(PLAIN[4]).unwrap();
        assert_eq!(q.id, Some(QuestionId::Number(u64::MAX.into())));
        let facts: Vec<(&str, &FactInput)> = q.facts.iter().map(|(n, v)| (n.as_ref(), v)).collect();
        assert_eq!(facts, [("k", &FactInput::Number(120.0)), ("m", &FactInput::Number(u64::MAX as f64)), ("n", &FactInput::Number(0.0))]);

        // A name stated twice keeps its last value, as serde's map did.
        let q = read_plain(PLAIN[9]).unwrap();
        assert_eq!(q.facts.len(), 3);
        assert_eq!(q.facts.get("a"), Some(&FactInput::Text("later".into())));
        assert_eq!(q.facts.get("b"), Some(&FactInput::Bool(false)));
    }

    #[test]
    fn parse_question_answers_as_serde_does() {
        for line in PLAIN.iter().chain(LEFT_TO_SERDE) {
            assert_eq!(crate::question::parse_question(line), parse_question_with_serde(line), "{line}");
        }
    }

    proptest::proptest! {
        /// Lines spliced from question tokens: whatever the reader reads, serde reads the same.
        #[test]
        fn agrees_with_serde_on_spliced_lines(parts in proptest::collection::vec(0usize..TOKENS.len(), 0..24)) {
            let line: String = parts.iter().map(|&i| TOKENS[i]).collect();
            if let Some(q) = read_plain(&line) {
                proptest::prop_assert_eq!(Ok(q), parse_question_with_serde(&line), "{}", line);
            }
        }
    }

    const TOKENS: &[&str] = &[
        "{", "}", ",", ":", " ", "\n", "null", "true", "false", "0", "7", "-1", "2.5", "1e2",
        "\"ask\":", "\"share\"", "\"id\":", "\"facts\":", "{\"a\":", "\"as_of\":", "\"2024-02-29\"",
        "\"service\":", "\"x\"", "\"a\\\"b\"", "\"ask\":\"share\"", "[", "]", "\"",
    ];
}
