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

/// The question in `line` when it is plain (see the module's comment), else `None`. Public
/// (hidden) only so that tests and the fuzz target can compare it with serde's reading.
pub fn read_plain(line: &str) -> Option<Question<'_>> {
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

    /// A non-negative integer that fits in a `u64`; `None` for a leading zero or a larger
    /// number. A fraction or an exponent (read by serde as a float) stops at its `.` or `e`,
    /// where the caller finds no `,` or `}` and leaves the line to serde.
    fn integer(&mut self) -> Option<u64> {
        let digits = self.bytes()[self.at..].iter().take_while(|b| b.is_ascii_digit()).count();
        let text = &self.bytes()[self.at..self.at + digits];
        if digits == 0 || (digits > 1 && text[0] == b'0') {
            return None;
        }
        let value = text.iter().try_fold(0u64, |n, d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')))?;
        self.at += digits;
        Some(value)
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
