//! A calendar day, the only time the interop table needs: facts are dated by day.

use core::fmt;
use core::str::FromStr;

use super::wrong_value;
use crate::error::{Error, Result};

/// A day of the proleptic Gregorian calendar, written `YYYY-MM-DD`.
///
/// Ordered by time. Only real days exist: `2024-02-29` does, `2023-02-29` does not.
///
/// ```
/// use hutong::interop::Date;
///
/// let d: Date = "2024-06-19".parse()?;
/// assert_eq!((d.year(), d.month(), d.day()), (2024, 6, 19));
/// assert!(d < "2024-12-17".parse()?);
/// assert_eq!(d.to_string(), "2024-06-19");
/// assert!("2023-02-29".parse::<Date>().is_err());
/// # Ok::<(), hutong::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    y: u16,
    m: u8,
    d: u8,
}

const EXPECTED: &str = "YYYY-MM-DD, a real calendar day";

impl Date {
    /// The day `y`-`m`-`d`; an error (`WrongFormat`) when no such day exists or the year is
    /// outside 1–9999.
    pub fn new(y: u16, m: u8, d: u8) -> Result<Date> {
        if (1..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) {
            Ok(Date { y, m, d })
        } else {
            let mut buf = [0u8; 10];
            Err(wrong_value("a date", EXPECTED, Date { y, m, d }.write_into(&mut buf), 0))
        }
    }

    /// The year.
    pub const fn year(self) -> u16 {
        self.y
    }

    /// The month, 1–12.
    pub const fn month(self) -> u8 {
        self.m
    }

    /// The day of the month, 1–31.
    pub const fn day(self) -> u8 {
        self.d
    }

    /// The day `days` days after 1970-01-01 (negative: before), for callers that hold a
    /// clock; `None` outside years 1–9999.
    pub fn from_unix_days(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days: eras of 400 years starting on 0000-03-01.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(u16::try_from(y).ok()?, m as u8, d as u8).ok()
    }

    /// `YYYY-MM-DD` written into `buf`, for error messages that must not allocate.
    fn write_into(self, buf: &mut [u8; 10]) -> &str {
        let digits = [
            self.y / 1000 % 10,
            self.y / 100 % 10,
            self.y / 10 % 10,
            self.y % 10,
            0,
            u16::from(self.m) / 10 % 10,
            u16::from(self.m) % 10,
            0,
            u16::from(self.d) / 10 % 10,
            u16::from(self.d) % 10,
        ];
        for (i, (slot, digit)) in buf.iter_mut().zip(digits).enumerate() {
            *slot = if i == 4 || i == 7 { b'-' } else { b'0' + digit as u8 };
        }
        core::str::from_utf8(buf).unwrap_or_default()
    }
}

const fn is_leap(y: u16) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

const fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

impl FromStr for Date {
    type Err = Error;

    /// Parses exactly `YYYY-MM-DD`: four, two and two ASCII digits; nothing before or after.
    fn from_str(s: &str) -> Result<Date> {
        let refuse = || wrong_value("a date", EXPECTED, s, 0);
        let b = s.as_bytes();
        let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
            return Err(refuse());
        };
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(refuse());
        }
        let n = |ds: &[u8]| ds.iter().fold(0u16, |acc, &c| acc * 10 + u16::from(c - b'0'));
        let (y, m, d) = (n(&[y0, y1, y2, y3]), n(&[m0, m1]) as u8, n(&[d0, d1]) as u8);
        Date::new(y, m, d).map_err(|_| refuse())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Date, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> core::result::Result<Date, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(Visitor)
    }
}
