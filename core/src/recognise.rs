//! Value recognisers: does a sample of a column's values look like email addresses, UK
//! telephone numbers, UK postcodes, NHS numbers, National Insurance numbers, unique pupil
//! numbers, IBANs, payment card numbers, IP addresses or dates?
//!
//! Each recogniser checks one value's form and, where the identifier has one, its check digit
//! (the rule's source is cited beside it). A column is recognised when at least
//! `COLUMN_SHARE` of its non-empty sampled values pass one recogniser; the classifier then uses
//! it to confirm or overrule the column's name (see `classify.rs`). No value is ever echoed:
//! the evidence is a count.

/// What a value was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    NhsNumber,
    Upn,
    Iban,
    PaymentCard,
    NationalInsuranceNumber,
    Email,
    Ipv4,
    Ipv6,
    /// A column of both IPv4 and IPv6 addresses (web and firewall logs): after the two
    /// single-version recognisers, so a column of one version is named by it.
    IpAddress,
    UkPostcode,
    UkPhone,
    Date,
}

impl Kind {
    /// In order of precedence when two recognise the same share of a column: check-digit
    /// recognisers first, then the strict forms, then the looser ones.
    pub const ALL: [Kind; 12] = [
        Kind::NhsNumber,
        Kind::Upn,
        Kind::Iban,
        Kind::PaymentCard,
        Kind::NationalInsuranceNumber,
        Kind::Email,
        Kind::Ipv4,
        Kind::Ipv6,
        Kind::IpAddress,
        Kind::UkPostcode,
        Kind::UkPhone,
        Kind::Date,
    ];

    /// The built-in category a recognised column belongs to (`None` for dates: a date says
    /// what the values are, not whose or what about).
    pub fn category(self) -> Option<&'static str> {
        Some(match self {
            Kind::NhsNumber | Kind::Upn => "identity.identifiers.unique_id",
            Kind::Iban => "financial.bank_account",
            Kind::PaymentCard => "financial.payment_card",
            Kind::NationalInsuranceNumber => "identity.national_insurance_number",
            Kind::Email => "contact.email",
            Kind::Ipv4 | Kind::Ipv6 | Kind::IpAddress => "technical.ip_address",
            Kind::UkPostcode => "contact.address",
            Kind::UkPhone => "contact.telephone",
            Kind::Date => return None,
        })
    }

    /// How the evidence reads ("valid NHS numbers (modulus 11)").
    pub fn describe(self) -> &'static str {
        match self {
            Kind::NhsNumber => "valid NHS numbers (modulus 11 check digit)",
            Kind::Upn => "valid unique pupil numbers (DfE check letter)",
            Kind::Iban => "valid IBANs (ISO 13616 modulus 97)",
            Kind::PaymentCard => "valid payment card numbers (Luhn)",
            Kind::NationalInsuranceNumber => "National Insurance numbers (HMRC format)",
            Kind::Email => "email addresses",
            Kind::Ipv4 => "IPv4 addresses",
            Kind::Ipv6 => "IPv6 addresses",
            Kind::IpAddress => "IP addresses (IPv4 or IPv6)",
            Kind::UkPostcode => "UK postcodes",
            Kind::UkPhone => "UK telephone numbers",
            Kind::Date => "dates",
        }
    }

    pub fn check(self, v: &str) -> bool {
        match self {
            Kind::NhsNumber => nhs_number(v),
            Kind::Upn => upn(v),
            Kind::Iban => iban(v),
            Kind::PaymentCard => payment_card(v),
            Kind::NationalInsuranceNumber => nino(v),
            Kind::Email => email(v),
            Kind::Ipv4 => ipv4(v),
            Kind::Ipv6 => ipv6(v),
            Kind::IpAddress => ipv4(v) || ipv6(v),
            Kind::UkPostcode => uk_postcode(v),
            Kind::UkPhone => uk_phone(v),
            Kind::Date => date(v),
        }
    }
}

/// Whether a sampled value says "no value": empty, or a placeholder exports write for a missing
/// one ("N/A", "NULL", "-", "Not known"). Such values are left out of a column's sample, so a
/// column of phone numbers with a few "N/A"s is still a column of phone numbers.
pub fn is_blank(v: &str) -> bool {
    const PLACEHOLDERS: &[&str] =
        &["n/a", "na", "#n/a", "null", "nil", "none", "-", "--", "?", "unknown", "not known", "not stated", "not applicable", "not given"];
    let v = v.trim();
    v.is_empty() || (v.len() <= 14 && PLACEHOLDERS.iter().any(|p| v.eq_ignore_ascii_case(p)))
}

/// The share of a column's non-empty sampled values one recogniser must pass.
pub const COLUMN_SHARE: f64 = 0.9;

/// What a sample of values was recognised as: the recogniser, how many values passed it and
/// how many non-empty values were sampled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnMatch {
    pub kind: Kind,
    pub matched: u32,
    pub sampled: u32,
}

/// Runs every recogniser over the non-empty values; a recogniser drops out as soon as it has
/// failed more values than `COLUMN_SHARE` allows, so a column of free text costs a few dozen
/// checks, not a thousand.
pub fn recognise_column<'a, I>(values: I, non_empty: usize) -> Option<ColumnMatch>
where
    I: IntoIterator<Item = &'a str>,
{
    if non_empty == 0 {
        return None;
    }
    let allowed_misses = ((1.0 - COLUMN_SHARE) * non_empty as f64).floor() as u32;
    let mut misses = [0u32; Kind::ALL.len()];
    let mut hits = [0u32; Kind::ALL.len()];
    let mut alive = (1u32 << Kind::ALL.len()) - 1;
    for v in values {
        if is_blank(v) {
            continue;
        }
        let v = v.trim();
        let shape = Shape::of(v);
        let mut bits = alive;
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let kind = Kind::ALL[i];
            if shape.may_be(kind) && kind.check(v) {
                hits[i] += 1;
            } else {
                misses[i] += 1;
                if misses[i] > allowed_misses {
                    alive &= !(1 << i);
                }
            }
        }
        if alive == 0 {
            return None;
        }
    }
    // The best share; ties go to the earlier (stricter) recogniser.
    let mut best: Option<ColumnMatch> = None;
    for (i, &kind) in Kind::ALL.iter().enumerate() {
        if alive & (1 << i) == 0 {
            continue;
        }
        if (hits[i] as f64) < COLUMN_SHARE * non_empty as f64 {
            continue;
        }
        if best.is_none_or(|b| hits[i] > b.matched) {
            best = Some(ColumnMatch { kind, matched: hits[i], sampled: non_empty as u32 });
        }
    }
    best
}

/// Cheap facts about a value, computed once, that rule recognisers out before they run.
struct Shape {
    len: usize,
    digits: usize,
    letters: usize,
    at: bool,
    colon: bool,
    dot: bool,
}

impl Shape {
    fn of(v: &str) -> Shape {
        let mut s = Shape { len: v.len(), digits: 0, letters: 0, at: false, colon: false, dot: false };
        for b in v.bytes() {
            match b {
                b'0'..=b'9' => s.digits += 1,
                b'a'..=b'z' | b'A'..=b'Z' => s.letters += 1,
                b'@' => s.at = true,
                b':' => s.colon = true,
                b'.' => s.dot = true,
                _ => {}
            }
        }
        s
    }

    fn may_be(&self, kind: Kind) -> bool {
        match kind {
            Kind::NhsNumber => self.digits == 10 && self.letters == 0 && self.len <= 14,
            Kind::Upn => self.len <= 15 && self.digits >= 11 && (1..=2).contains(&self.letters),
            Kind::Iban => self.len <= 42 && self.letters >= 2 && self.digits >= 8,
            Kind::PaymentCard => (13..=19).contains(&self.digits) && self.letters == 0 && self.len <= 23,
            Kind::NationalInsuranceNumber => self.len <= 13 && self.digits == 6 && (2..=3).contains(&self.letters),
            Kind::Email => self.at && self.dot,
            Kind::Ipv4 => self.dot && self.len <= 15 && self.letters == 0,
            Kind::Ipv6 => self.colon,
            Kind::IpAddress => self.colon || (self.dot && self.len <= 15 && self.letters == 0),
            Kind::UkPostcode => self.len <= 8 && (2..=3).contains(&self.digits) && (2..=6).contains(&self.letters),
            Kind::UkPhone => (10..=13).contains(&self.digits) && self.letters == 0 && self.len <= 20,
            Kind::Date => self.digits >= 4 && self.len <= 32,
        }
    }
}

/// The value's ASCII digits, if it is only digits, spaces and hyphens.
fn digits_only(v: &str, max: usize) -> Option<([u8; 24], usize)> {
    let mut out = [0u8; 24];
    let mut n = 0;
    for b in v.bytes() {
        match b {
            b'0'..=b'9' => {
                if n == max || n == out.len() {
                    return None;
                }
                out[n] = b - b'0';
                n += 1;
            }
            b' ' | b'-' => {}
            _ => return None,
        }
    }
    Some((out, n))
}

/// NHS number: ten digits, the tenth a modulus 11 check digit. Weights 10 down to 2 on the
/// first nine digits; the check digit is 11 minus the remainder of the sum divided by 11 (11
/// becomes 0; 10 means the number is invalid). Source: NHS Data Dictionary, "NHS NUMBER"
/// (attribute definition, "Modulus 11 check digit").
pub fn nhs_number(v: &str) -> bool {
    let Some((d, 10)) = digits_only(v, 10) else { return false };
    let sum: u32 = (0..9).map(|i| d[i] as u32 * (10 - i as u32)).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    // All-same-digit numbers pass the check but are never issued (NHS Digital test data guidance).
    check == d[9] as u32 && !d[..10].iter().all(|&x| x == d[0])
}

/// The check letters and the values of letters in a UPN: A-Z without I, O and S.
const UPN_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// Unique pupil number: a check letter then 12 characters, all digits (a temporary UPN ends
/// in a letter). Characters 2 to 13 are multiplied by weights 2 to 13 (a letter counts as its
/// position in A-Z without I, O, S, from 0), the sum divided by 23, and the remainder is the
/// check letter's position in the same list. Source: DfE, "Unique pupil numbers (UPNs):
/// policy and practice guidance", annex on the check letter algorithm.
pub fn upn(v: &str) -> bool {
    let b = v.trim().as_bytes();
    if b.len() != 13 {
        return false;
    }
    let first = b[0].to_ascii_uppercase();
    let Some(check) = UPN_LETTERS.iter().position(|&c| c == first) else { return false };
    let mut sum = 0u32;
    for (i, &c) in b[1..].iter().enumerate() {
        let value = match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'A'..=b'Z' | b'a'..=b'z' if i == 11 => {
                match UPN_LETTERS.iter().position(|&l| l == c.to_ascii_uppercase()) {
                    Some(p) => p as u32,
                    None => return false,
                }
            }
            _ => return false,
        };
        sum += value * (i as u32 + 2);
    }
    sum % 23 == check as u32
}

/// IBAN: country code, two check digits, up to 30 letters or digits; moving the first four
/// characters to the end and reading letters as 10-35, the number modulo 97 is 1. Source:
/// ISO 13616-1:2020, clause 7 (check digits per ISO/IEC 7064, MOD 97-10). Length by country
/// for the UK (22) from the SWIFT IBAN registry.
pub fn iban(v: &str) -> bool {
    let mut chars = [0u8; 34];
    let mut n = 0;
    for b in v.bytes() {
        match b {
            b' ' => {}
            b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' => {
                if n == chars.len() {
                    return false;
                }
                chars[n] = b.to_ascii_uppercase();
                n += 1;
            }
            _ => return false,
        }
    }
    if !(15..=34).contains(&n) || !chars[0].is_ascii_alphabetic() || !chars[1].is_ascii_alphabetic() {
        return false;
    }
    if !chars[2].is_ascii_digit() || !chars[3].is_ascii_digit() {
        return false;
    }
    if &chars[..2] == b"GB" && n != 22 {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in chars[4..n].iter().chain(chars[..4].iter()) {
        if c.is_ascii_digit() {
            rem = (rem * 10 + (c - b'0') as u32) % 97;
        } else {
            rem = (rem * 100 + (c - b'A' + 10) as u32) % 97;
        }
    }
    rem == 1
}

/// Payment card number: 13 to 19 digits beginning 2 to 6 (the major issuer ranges), with a
/// Luhn check digit. Source: ISO/IEC 7812-1:2017, Annex B (Luhn formula for computing the
/// check digit).
pub fn payment_card(v: &str) -> bool {
    let Some((d, n)) = digits_only(v, 19) else { return false };
    if !(13..=19).contains(&n) || !(2..=6).contains(&d[0]) {
        return false;
    }
    let mut sum = 0u32;
    for (i, &digit) in d[..n].iter().rev().enumerate() {
        let mut x = digit as u32;
        if i % 2 == 1 {
            x *= 2;
            if x > 9 {
                x -= 9;
            }
        }
        sum += x;
    }
    sum % 10 == 0
}

/// National Insurance number: two prefix letters, six digits, a suffix A-D (often omitted).
/// The first letter is not D, F, I, Q, U or V; the second not D, F, I, O, Q, U or V; the
/// prefixes BG, GB, KN, NK, NT, TN and ZZ are never allocated. Source: HMRC National
/// Insurance Manual, NIM39110.
pub fn nino(v: &str) -> bool {
    let mut b = [0u8; 9];
    let mut n = 0;
    for c in v.bytes() {
        if c == b' ' {
            continue;
        }
        if n == b.len() {
            return false;
        }
        b[n] = c.to_ascii_uppercase();
        n += 1;
    }
    if n != 8 && n != 9 {
        return false;
    }
    let (p1, p2) = (b[0], b[1]);
    if !p1.is_ascii_uppercase() || !p2.is_ascii_uppercase() {
        return false;
    }
    if b"DFIQUV".contains(&p1) || b"DFIOQUV".contains(&p2) {
        return false;
    }
    if [b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"].iter().any(|p| p[0] == p1 && p[1] == p2) {
        return false;
    }
    if !b[2..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    n == 8 || (b'A'..=b'D').contains(&b[8])
}

/// Email address: a local part of the characters RFC 5322 allows unquoted (dot-atom), `@`, and
/// a domain of at least two dot-separated labels (letters, digits, hyphens; not starting or
/// ending with a hyphen) whose last is at least two letters. Source: RFC 5322 section 3.4.1
/// (addr-spec, dot-atom) and RFC 1035 section 2.3.1 (labels).
pub fn email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else { return false };
    if local.is_empty() || local.len() > 64 || domain.len() > 255 {
        return false;
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return false;
    }
    let local_ok = local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
    if !local_ok {
        return false;
    }
    let mut labels = 0;
    let mut last = "";
    for label in domain.split('.') {
        if label.is_empty() || label.len() > 63 || label.starts_with('-') || label.ends_with('-') {
            return false;
        }
        if !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && last.len() >= 2 && last.bytes().all(|b| b.is_ascii_alphabetic())
}

/// IPv4 address in dotted-decimal form (four octets, no leading zeros). Source: RFC 791 and
/// the parser of Rust's standard library (`std::net::Ipv4Addr`).
pub fn ipv4(v: &str) -> bool {
    v.parse::<std::net::Ipv4Addr>().is_ok()
}

/// IPv6 address in any RFC 4291 section 2.2 text form. Source: RFC 4291 and
/// `std::net::Ipv6Addr`'s parser.
pub fn ipv6(v: &str) -> bool {
    v.len() >= 2 && v.parse::<std::net::Ipv6Addr>().is_ok()
}

/// UK postcode: an outward code (A9, A99, AA9, AA99, A9A or AA9A) and an inward code (9AA),
/// with one space between them, none, or the padding of the fixed-width 7- and 8-character
/// forms ("N1  9GU", "N1   9GU"); plus GIR 0AA. The first letter is never Q, V or X, the
/// second never I, J or Z, and the inward code's letters never C, I, K, M, O or V. Source:
/// Royal Mail Programmers' Guide to the Postcode Address File, "Postcode format"; GOV.UK
/// Government Data Standards Catalogue, postcode standard (BS 7666); ONS Postcode Directory
/// user guide (pcd, pcd2 and pcds: the 7-character, 8-character and variable forms).
pub fn uk_postcode(v: &str) -> bool {
    if !v.is_ascii() || v.len() < 5 {
        return false;
    }
    let (head, inward) = v.split_at(v.len() - 3);
    let outward = head.trim_end_matches(' ');
    let padding = head.len() - outward.len();
    if inward.contains(' ') || outward.contains(' ') || (padding > 1 && v.len() != 7 && v.len() != 8) {
        return false;
    }
    let mut b = [0u8; 7];
    let mut n = 0;
    for c in outward.bytes().chain(inward.bytes()) {
        if n == b.len() {
            return false;
        }
        b[n] = c.to_ascii_uppercase();
        n += 1;
    }
    if !(5..=7).contains(&n) {
        return false;
    }
    let (out, inward) = b[..n].split_at(n - 3);
    if out == b"GIR" && inward == b"0AA" {
        return true;
    }
    if !inward[0].is_ascii_digit() || !inward[1..].iter().all(|c| c.is_ascii_uppercase() && !b"CIKMOV".contains(c)) {
        return false;
    }
    let a = |c: u8| c.is_ascii_uppercase();
    let d = |c: u8| c.is_ascii_digit();
    let ok = match out {
        [x, y] => a(*x) && d(*y),
        [x, y, z] => (a(*x) && d(*y) && d(*z)) || (a(*x) && a(*y) && d(*z)) || (a(*x) && d(*y) && a(*z)),
        [w, x, y, z] => a(*w) && a(*x) && d(*y) && (d(*z) || a(*z)),
        _ => false,
    };
    ok && !b"QVX".contains(&out[0]) && !(a(out[1]) && b"IJZ".contains(&out[1]))
}

/// UK telephone number: national format (0 then 9 or 10 digits) or international (+44 or 0044,
/// an optional "(0)", then 9 or 10 digits, or 44 and 9 or 10 digits as systems that store
/// numbers without the "+" write them); spaces, hyphens, dots and brackets allowed. The first
/// digit after the 0 is 1, 2, 3, 5, 7, 8 or 9 (04 and 06 are not allocated). Source: Ofcom,
/// The National Telephone Numbering Plan (number ranges by first digits); ITU-T E.164
/// (country code 44).
pub fn uk_phone(v: &str) -> bool {
    let v = v.trim();
    let (rest, international) = if let Some(r) = v.strip_prefix("+44") {
        (r, true)
    } else if let Some(r) = v.strip_prefix("0044") {
        (r, true)
    } else if let Some(r) = v.strip_prefix("44").filter(|r| r.len() >= 9 && r.bytes().all(|b| b.is_ascii_digit())) {
        (r, true)
    } else {
        (v, false)
    };
    let rest = rest.trim_start();
    let rest = if international { rest.strip_prefix("(0)").unwrap_or(rest) } else { rest };
    let mut d = [0u8; 12];
    let mut n = 0;
    for b in rest.bytes() {
        match b {
            b'0'..=b'9' => {
                if n == d.len() {
                    return false;
                }
                d[n] = b - b'0';
                n += 1;
            }
            b' ' | b'-' | b'.' | b'(' | b')' => {}
            _ => return false,
        }
    }
    let national: &[u8] = if international {
        if !(9..=10).contains(&n) {
            return false;
        }
        &d[..n]
    } else {
        if !(10..=11).contains(&n) || d[0] != 0 {
            return false;
        }
        &d[1..n]
    };
    matches!(national[0], 1 | 2 | 3 | 5 | 7 | 8 | 9)
}

/// A calendar date: ISO 8601 (YYYY-MM-DD, optionally followed by a time), DD/MM/YYYY,
/// DD-MM-YYYY, DD-Mon-YYYY (as spreadsheets and databases export dates), DD.MM.YYYY, or D
/// Month YYYY; the day must exist in its month. Source: ISO 8601-1:2019 (calendar dates) and
/// the GOV.UK style guide (dates).
pub fn date(v: &str) -> bool {
    let v = v.trim();
    let head = v.split(['T', ' ']).next().unwrap_or(v);
    if let Some((y, m, d)) = split3(head, b'-') {
        if y.len() == 4 {
            return valid_ymd(y, m, d);
        }
        if d.len() == 4 {
            let month = month_number(m).map(|n| n.to_string());
            return valid_ymd(d, month.as_deref().unwrap_or(m), y);
        }
        return false;
    }
    for sep in [b'/', b'.'] {
        if let Some((d, m, y)) = split3(head, sep) {
            return y.len() == 4 && valid_ymd(y, m, d);
        }
    }
    // "3 March 2024", "03 Mar 2024"
    let parts: Vec<&str> = v.split_whitespace().collect();
    if let [d, m, y] = parts[..] {
        let Some(month) = month_number(m) else { return false };
        let m = month.to_string();
        return y.len() == 4 && valid_ymd(y, &m, d);
    }
    false
}

fn split3(s: &str, sep: u8) -> Option<(&str, &str, &str)> {
    let mut it = s.split(sep as char);
    let (a, b, c) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    Some((a, b, c))
}

fn valid_ymd(y: &str, m: &str, d: &str) -> bool {
    let num = |s: &str, max_len: usize| -> Option<u32> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (Some(y), Some(m), Some(d)) = (num(y, 4), num(m, 2), num(d, 2)) else { return false };
    if !(1800..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][(m - 1) as usize];
    d <= days
}

fn month_number(m: &str) -> Option<u32> {
    const MONTHS: [&str; 12] =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    let m = m.to_ascii_lowercase();
    MONTHS.iter().position(|full| m == *full || (m.len() == 3 && full.starts_with(m.as_str()))).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_follow_their_sources() {
        // NHS Data Dictionary's worked example: 943 476 5919.
        assert!(nhs_number("943 476 5919"));
        assert!(nhs_number("9434765919"));
        assert!(!nhs_number("9434765918"));
        assert!(!nhs_number("1111111111"));
        // DfE's UPN examples (check letter B for 801200005001).
        assert!(upn("B801200005001"));
        assert!(!upn("A801200005001"));
        // ISO 13616's example UK IBAN.
        assert!(iban("GB82 WEST 1234 5698 7654 32"));
        assert!(!iban("GB82 WEST 1234 5698 7654 33"));
        // ISO/IEC 7812's Luhn example (a Visa test number).
        assert!(payment_card("4111 1111 1111 1111"));
        assert!(!payment_card("4111 1111 1111 1112"));
        assert!(nino("QQ 12 34 56 C") == false);
        assert!(nino("AB 12 34 56 C"));
        assert!(nino("AB123456"));
        assert!(!nino("GB123456A"));
    }

    #[test]
    fn forms_of_addresses_numbers_and_dates() {
        for ok in ["SW1A 1AA", "sw1a1aa", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "GIR 0AA", "N1  9GU", "N1   9GU", "SW1A1AA"] {
            assert!(uk_postcode(ok), "{ok}");
        }
        for bad in ["SW1A 1CA", "QA1 1AA", "12345", "SW1A  1AA", "ABCDEFG", "N1 9 GU", " N1 9GU", "N1  9G", "ÉN1 9GU"] {
            assert!(!uk_postcode(bad), "{bad}");
        }
        for ok in ["020 7946 0000", "+44 20 7946 0000", "+44 (0)7700 900123", "07700900123", "0161-496-0000", "0800 123456", "447700900123", "442079460000"] {
            assert!(uk_phone(ok), "{ok}");
        }
        for bad in ["12345678901", "0400 000 0000", "+1 212 555 0100", "07700 90012a", "4412345678", "4477009001234", "44470090012", "44 7700 900123x"] {
            assert!(!uk_phone(bad), "{bad}");
        }
        assert!(email("a.b+c@example.co.uk"));
        assert!(!email("a..b@example.com") && !email("@example.com") && !email("a@b") && !email("a@b.c1"));
        assert!(ipv4("192.168.0.1") && !ipv4("192.168.0.256") && !ipv4("1.2.3"));
        assert!(ipv6("2001:db8::1") && ipv6("::1") && !ipv6("12:34"));
        for ok in ["2024-02-29", "29/02/2024", "3 March 2024", "2020-01-31T10:00:00Z", "31.12.1999", "05-Mar-2024", "29-FEB-2024"] {
            assert!(date(ok), "{ok}");
        }
        for bad in ["2023-02-29", "31/04/2024", "2024", "1/2/3", "12:30", "30-Feb-2024", "05-Mar-24", "05-Mzr-2024"] {
            assert!(!date(bad), "{bad}");
        }
    }

    #[test]
    fn a_column_is_recognised_by_its_share_of_values() {
        let emails = ["a@example.com", "b@example.org", "", "c@example.net"];
        let m = recognise_column(emails.iter().copied(), 3).unwrap();
        assert_eq!((m.kind, m.matched, m.sampled), (Kind::Email, 3, 3));
        let mixed = ["a@example.com", "not an email", "hello", "c@example.net"];
        assert_eq!(recognise_column(mixed.iter().copied(), 4), None);
        // Placeholders for a missing value are left out, as empty values are.
        assert!(is_blank(" N/A ") && is_blank("NULL") && is_blank("-") && is_blank("Not known") && !is_blank("0") && !is_blank("Nan Jones"));
    }
}
