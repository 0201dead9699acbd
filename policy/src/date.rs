//! Calendar dates as day numbers.
//!
//! Rules, legal facts and questions carry dates; comparing them must be a single integer
//! compare on the hot path, and later retention arithmetic needs exact calendar maths. A date
//! is stored as the number of days since 1970-01-01 in the proleptic Gregorian calendar.

use serde::{Deserialize, Serialize};

use std::fmt;

/// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date(i32);

impl Date {
    /// The earliest date a rule can hold from; used for open-ended windows.
    pub const MIN: Date = Date(i32::MIN);
    /// The latest date; used for open-ended windows.
    pub const MAX: Date = Date(i32::MAX);

    /// Builds a date from year, month (1-12) and day (1-31), or `None` when no such day exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(-100_000..=100_000).contains(&year) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |s: &[u8]| -> Option<u32> {
            s.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
        };
        Date::from_ymd(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)
    }

    /// Days since 1970-01-01.
    #[inline]
    pub fn day_number(self) -> i32 {
        self.0
    }

    /// The date with the given day number.
    #[inline]
    pub fn from_day_number(days: i32) -> Date {
        Date(days)
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// Today's date in UTC, from the system clock.
    ///
    /// Targets without a clock (wasm32-unknown-unknown) must pass `as_of` explicitly; there
    /// this returns 1970-01-01 rather than panicking, and bindings always supply the date.
    pub fn today() -> Date {
        #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
        {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            Date((secs / 86_400) as i32)
        }
        #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
        {
            Date(0)
        }
    }
}

impl Date {
    /// The date `years`, `months` and `days` later, for retention periods.
    ///
    /// Years and months move the calendar date and keep the day of the month, clamped to the
    /// month's last day: 29 February plus one year is 28 February, 31 January plus one month
    /// is the last day of February. Days are then added one by one. This is how a period
    /// "N years after" a date is read: it never runs past the month it lands in.
    pub fn add(self, years: u32, months: u32, days: u32) -> Date {
        let (y, m, d) = self.ymd();
        let total = i64::from(y) * 12 + i64::from(m - 1) + i64::from(years) * 12 + i64::from(months);
        let (ny, nm) = (total.div_euclid(12) as i32, total.rem_euclid(12) as u32 + 1);
        let nd = d.min(days_in_month(ny, nm));
        let moved = Date(days_from_civil(ny, nm, nd));
        Date(moved.0.saturating_add(days.min(i32::MAX as u32) as i32))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month, February by leap-year rule.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// The era-based conversion between civil dates and day counts (after H. Hinnant's
// "chrono-Compatible Low-Level Date Algorithms"): 400-year eras of 146097 days, with years
// counted from March so that the leap day falls at the end of the year.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = i64::from(if month <= 2 { year - 1 } else { year });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(Date::parse("1970-01-01").unwrap().day_number(), 0);
        assert_eq!(Date::parse("2000-03-01").unwrap().day_number(), 11_017);
        assert_eq!(Date::parse("2026-11-23").unwrap().to_string(), "2026-11-23");
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "20240101", "2024-04-31", "abcd-ef-gh"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2000-02-29").is_some());
        assert!(Date::parse("1900-02-29").is_none());
    }

    #[test]
    fn periods_clamp_to_the_end_of_the_month() {
        let d = |s: &str| Date::parse(s).unwrap();
        // Leap-day births.
        assert_eq!(d("2008-02-29").add(25, 0, 0), d("2033-02-28"));
        assert_eq!(d("2008-02-29").add(24, 0, 0), d("2032-02-29"));
        assert_eq!(d("2000-02-29").add(100, 0, 0), d("2100-02-28"));
        // Month ends.
        assert_eq!(d("2023-01-31").add(0, 1, 0), d("2023-02-28"));
        assert_eq!(d("2024-01-31").add(0, 1, 0), d("2024-02-29"));
        assert_eq!(d("2023-08-31").add(0, 6, 0), d("2024-02-29"));
        assert_eq!(d("2023-10-31").add(0, 6, 0), d("2024-04-30"));
        assert_eq!(d("2023-12-15").add(0, 1, 0), d("2024-01-15"));
        // Days after years and months; across a year end.
        assert_eq!(d("2023-12-31").add(0, 0, 1), d("2024-01-01"));
        assert_eq!(d("2024-02-28").add(0, 0, 1), d("2024-02-29"));
        assert_eq!(d("2020-06-30").add(1, 6, 1), d("2021-12-31"));
    }

    #[test]
    fn round_trip_over_four_centuries() {
        let start = Date::parse("1900-01-01").unwrap().day_number();
        for n in start..start + 146_097 {
            let (y, m, d) = Date::from_day_number(n).ymd();
            assert_eq!(Date::from_ymd(y, m, d).unwrap().day_number(), n);
        }
    }
}
