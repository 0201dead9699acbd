//! The value recognisers measured: on generated valid values of each kind (per value, target
//! at least 99%), and on columns of other kinds (per column, target at most 1% recognised as
//! anything but what they are). Run with `--nocapture` for the numbers (docs/classifier.md).

use noticegate::recognise::{recognise_column, Kind};

/// A small deterministic generator (xorshift), so the measured numbers are reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
    fn letter(&mut self, from: &[u8]) -> char {
        from[self.below(from.len() as u64) as usize] as char
    }
}

fn valid(kind: Kind, r: &mut Rng) -> String {
    match kind {
        Kind::NhsNumber => loop {
            let d: Vec<u32> = (0..9).map(|_| r.below(10) as u32).collect();
            let sum: u32 = d.iter().enumerate().map(|(i, x)| x * (10 - i as u32)).sum();
            let check = match 11 - sum % 11 {
                11 => 0,
                10 => continue,
                c => c,
            };
            let s: String = d.iter().map(|x| char::from(b'0' + *x as u8)).collect();
            if r.below(2) == 0 {
                return format!("{} {} {}{}", &s[..3], &s[3..6], &s[6..], check);
            }
            return format!("{s}{check}");
        },
        Kind::Upn => {
            const L: &[u8] = b"ABCDEFGHJKLMNPQRTUVWXYZ";
            let body = format!("{}{}", ["201", "886", "303", "919"][r.below(4) as usize], r.digits(9));
            let sum: u32 = body.bytes().enumerate().map(|(i, b)| (b - b'0') as u32 * (i as u32 + 2)).sum();
            format!("{}{body}", L[(sum % 23) as usize] as char)
        }
        Kind::Iban => {
            let bank = ["NWBK", "BARC", "LOYD", "HBUK", "MIDL"][r.below(5) as usize];
            let bban = format!("{bank}{}", r.digits(14));
            // Check digits: ISO 13616 (rearranged with "GB00", 98 minus the remainder).
            let rearranged = format!("{bban}GB00");
            let mut rem = 0u64;
            for c in rearranged.chars() {
                let v = if c.is_ascii_digit() { c as u64 - '0' as u64 } else { c as u64 - 'A' as u64 + 10 };
                rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
            }
            format!("GB{:02}{bban}", 98 - rem)
        }
        Kind::PaymentCard => {
            let prefix = ["4", "51", "55", "34", "37", "6011"][r.below(6) as usize];
            let len = if prefix.starts_with('3') { 15 } else { 16 };
            let mut d: Vec<u32> = prefix.bytes().map(|b| (b - b'0') as u32).collect();
            while d.len() < len - 1 {
                d.push(r.below(10) as u32);
            }
            let sum: u32 = d.iter().rev().enumerate().map(|(i, &x)| if i % 2 == 0 { let y = x * 2; if y > 9 { y - 9 } else { y } } else { x }).sum();
            d.push((10 - sum % 10) % 10);
            d.iter().map(|x| char::from(b'0' + *x as u8)).collect()
        }
        Kind::NationalInsuranceNumber => loop {
            let a = r.letter(b"ABCEGHJKLMNOPRSTWXYZ");
            let b = r.letter(b"ABCEGHJKLMNPRSTWXYZ");
            let p = format!("{a}{b}");
            if ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(&p.as_str()) {
                continue;
            }
            let d = r.digits(6);
            let s = r.letter(b"ABCD");
            return if r.below(2) == 0 { format!("{p}{d}{s}") } else { format!("{p} {} {} {} {s}", &d[..2], &d[2..4], &d[4..]) };
        },
        Kind::Email => {
            let user = r.pick(&["ann", "j.smith", "bob_99", "mary-jane", "x+tag", "a.b.c"]);
            let domain = r.pick(&["example.com", "kent.gov.uk", "nhs.net", "school.sch.uk", "mail.co.uk"]);
            format!("{user}{}@{domain}", r.below(1000))
        }
        Kind::Ipv4 => format!("{}.{}.{}.{}", r.below(256), r.below(256), r.below(256), r.below(256)),
        Kind::Ipv6 => {
            let groups: Vec<String> = (0..8).map(|_| format!("{:x}", r.below(65536))).collect();
            if r.below(2) == 0 { groups.join(":") } else { format!("2001:db8::{}", groups[7]) }
        }
        // Half of each version, as a web server's log holds them.
        Kind::IpAddress => {
            if r.below(2) == 0 { valid(Kind::Ipv4, r) } else { valid(Kind::Ipv6, r) }
        }
        Kind::UkPostcode => {
            let out = r.pick(&["SW1A", "M1", "B33", "CR2", "DN55", "EC1A", "ME14", "CT1", "TN23", "W1D", "G2", "LS1", "BT1"]);
            let inward = format!("{}{}{}", r.below(10), r.letter(b"ABDEFGHJLNPQRSTUWXYZ"), r.letter(b"ABDEFGHJLNPQRSTUWXYZ"));
            match r.below(4) {
                0 => format!("{out}{inward}"),
                // The ONS Postcode Directory's fixed-width 7-character form (pcd).
                1 => format!("{out}{}{inward}", " ".repeat(4 - out.len())),
                _ => format!("{out} {inward}"),
            }
        }
        Kind::UkPhone => match r.below(5) {
            0 => format!("07{} {}", r.digits(3), r.digits(6)),
            1 => format!("020 {} {}", r.digits(4), r.digits(4)),
            2 => format!("+44 1{} {}", r.digits(3), r.digits(6)),
            // E.164 without the "+", as systems that store numbers write them.
            3 => format!("447{}", r.digits(9)),
            _ => format!("01622 {}", r.digits(6)),
        },
        Kind::Date => {
            let (y, m, d) = (1950 + r.below(75), 1 + r.below(12), 1 + r.below(28));
            match r.below(4) {
                0 => format!("{y}-{m:02}-{d:02}"),
                1 => format!("{d:02}/{m:02}/{y}"),
                // DD-Mon-YYYY, as spreadsheets and databases export dates.
                2 => format!("{d:02}-{}-{y}", ["Jan", "Mar", "Jul", "Oct"][r.below(4) as usize]),
                _ => format!("{d} {} {y}", ["January", "March", "July", "October"][r.below(4) as usize]),
            }
        }
    }
}

/// Columns of other kinds, as the corpus's non-identifier columns hold them.
fn other_column(kind: usize, r: &mut Rng) -> Vec<String> {
    (0..200)
        .map(|_| match kind {
            0 => r.pick(&["Ann", "Bob", "Priya", "Oluwaseun", "Zoë", "Mary Jane"]).to_string(),
            1 => format!("{} {}", r.pick(&["The", "A", "Some"]), r.pick(&["cat sat", "service opens at 9", "notes about the visit", "see attached"])),
            2 => format!("{}.{:02}", r.below(10000), r.below(100)),
            3 => r.below(1_000_000).to_string(),
            4 => r.pick(&["Y", "N", "Yes", "No", "true", "false"]).to_string(),
            5 => format!("{}", 100000 + r.below(900000)),
            6 => r.pick(&["WBRI", "WIRI", "MWBC", "ABAN", "BCRB", "REFU"]).to_string(),
            7 => r.digits(10),
            8 => r.digits(11),
            9 => r.digits(16),
            10 => format!("{}{}", r.pick(&["A", "B", "K", "X"]), r.digits(12)),
            11 => format!("{}:{:02}", r.below(24), r.below(60)),
            12 => format!("{}%", r.below(101)),
            13 => format!("{}-{}", r.digits(3), r.digits(4)),
            14 => r.pick(&["Kent", "Maidstone", "Canterbury", "Ashford", "Dover"]).to_string(),
            15 => format!("{}{}", r.pick(&["ORD-", "INV", "REF"]), r.digits(6)),
            16 => format!("http://example.com/{}", r.below(100)),
            17 => format!("{}.{}", r.below(100), r.below(100)),
            18 => r.pick(&["KS2", "Year 7", "R", "N1", "13"]).to_string(),
            _ => format!("{:x}", r.next()),
        })
        .collect()
}

#[test]
fn recognisers_pass_valid_values_and_leave_other_columns_alone() {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    println!("valid values recognised (per value):");
    for kind in Kind::ALL {
        let n = 10_000;
        let ok = (0..n).filter(|_| kind.check(&valid(kind, &mut r))).count();
        let share = ok as f64 / n as f64;
        println!("  {kind:?}: {ok}/{n} = {:.2}%", 100.0 * share);
        assert!(share >= 0.99, "{kind:?}: {share}");
        // And a column of them is recognised as that kind.
        let col: Vec<String> = (0..1000).map(|_| valid(kind, &mut r)).collect();
        let m = recognise_column(col.iter().map(String::as_str), col.len()).unwrap();
        assert_eq!(m.kind, kind, "a column of {kind:?}");
    }
    // Other columns: 20 shapes x 50 columns of 200 values each.
    let (mut columns, mut false_positives) = (0, 0);
    let mut examples = Vec::new();
    for shape in 0..20 {
        for _ in 0..50 {
            let col = other_column(shape, &mut r);
            columns += 1;
            if let Some(m) = recognise_column(col.iter().map(String::as_str), col.len()) {
                false_positives += 1;
                if examples.len() < 5 {
                    examples.push(format!("shape {shape}: {:?} ({}/{})", m.kind, m.matched, m.sampled));
                }
            }
        }
    }
    let rate = false_positives as f64 / columns as f64;
    println!("other columns recognised as something: {false_positives}/{columns} = {:.2}% {examples:?}", 100.0 * rate);
    assert!(rate <= 0.01, "false positive rate {rate}: {examples:?}");
}
