// @generated: copied verbatim from `templates/src/runtime/date_time.rs` by `cargo xtask generate`.
// Do not edit here: edit the template and regenerate.

//! An RFC 3339 date-time that writes back exactly the text it was read from.

use std::fmt;
use std::str::FromStr;

/// A `date-time` value: an instant with its UTC offset (a
/// [`chrono::DateTime<chrono::FixedOffset>`]), plus how it was written, so
/// `2020-09-30T07:43:32.000Z` stays `2020-09-30T07:43:32.000Z` and does not
/// come back as `2020-09-30T07:43:32Z` or `+00:00`.
///
/// Values made in code (`From<chrono::DateTime<_>>`) are written with
/// millisecond precision and `Z` for UTC.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    value: chrono::DateTime<chrono::FixedOffset>,
    /// Digits after the decimal point of the seconds (0: none).
    fraction_digits: u8,
    /// UTC written as `Z` rather than `+00:00`.
    zulu: bool,
}

/// The error of parsing a [`DateTime`] from text that is not RFC 3339.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDateTimeError {
    text: String,
    reason: String,
}

impl fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an RFC 3339 date-time: {}", self.text, self.reason)
    }
}

impl std::error::Error for ParseDateTimeError {}

impl DateTime {
    /// The instant, with its offset.
    pub fn value(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.value
    }

    /// The instant in UTC.
    pub fn to_utc(&self) -> chrono::DateTime<chrono::Utc> {
        self.value.with_timezone(&chrono::Utc)
    }
}

impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(value: chrono::DateTime<Tz>) -> Self {
        let value = value.fixed_offset();
        DateTime { zulu: value.offset().local_minus_utc() == 0, value, fraction_digits: 3 }
    }
}

impl From<DateTime> for chrono::DateTime<chrono::FixedOffset> {
    fn from(value: DateTime) -> Self {
        value.value
    }
}

impl FromStr for DateTime {
    type Err = ParseDateTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let value = chrono::DateTime::parse_from_rfc3339(text)
            .map_err(|e| ParseDateTimeError { text: text.to_string(), reason: e.to_string() })?;
        // RFC 3339: `...ss[.frac](Z|±hh:mm)`; the seconds end at byte 19.
        let rest = text.get(19..).unwrap_or("");
        let fraction_digits = rest.strip_prefix('.').map_or(0, |f| f.bytes().take_while(u8::is_ascii_digit).count());
        let zulu = rest.ends_with(['Z', 'z']);
        Ok(DateTime { value, fraction_digits: fraction_digits.min(9) as u8, zulu })
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0; MAX_DIRECT];
        match self.write_direct(&mut buf) {
            Some(text) => f.write_str(text),
            None => self.fmt_with_chrono(f),
        }
    }
}

/// The longest text [`DateTime::write_direct`] writes:
/// `yyyy-mm-ddThh:mm:ss.fffffffff+hh:mm`.
const MAX_DIRECT: usize = 35;

/// Writes `value` as `width` decimal digits at `buf[at..]`.
fn put_digits(buf: &mut [u8], at: usize, value: u32, width: usize) {
    let mut v = value;
    for slot in buf[at..at + width].iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

impl DateTime {
    /// The text, written digit by digit into `buf`, when the year has four
    /// digits, the seconds are no leap second and the offset is in whole
    /// minutes (chrono's `format` interprets its pattern on every call, and
    /// `fmt`'s padding is slow too: encoding was slower than encoding a
    /// `serde_json::Value`); `None` otherwise.
    fn write_direct<'b>(&self, buf: &'b mut [u8; MAX_DIRECT]) -> Option<&'b str> {
        use chrono::{Datelike, Timelike};
        let v = &self.value;
        let nanos = v.timestamp_subsec_nanos();
        let offset = v.offset().local_minus_utc();
        let year = u32::try_from(v.year()).ok().filter(|y| *y <= 9999)?;
        if nanos >= 1_000_000_000 || offset % 60 != 0 {
            return None;
        }
        put_digits(buf, 0, year, 4);
        put_digits(buf, 5, v.month(), 2);
        put_digits(buf, 8, v.day(), 2);
        put_digits(buf, 11, v.hour(), 2);
        put_digits(buf, 14, v.minute(), 2);
        put_digits(buf, 17, v.second(), 2);
        for (at, separator) in [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')] {
            buf[at] = separator;
        }
        let mut len = 19;
        if self.fraction_digits > 0 {
            let digits = usize::from(self.fraction_digits.min(9));
            buf[19] = b'.';
            put_digits(buf, 20, nanos / 10u32.pow(9 - digits as u32), digits);
            len = 20 + digits;
        }
        if self.zulu {
            buf[len] = b'Z';
            len += 1;
        } else {
            let minutes = offset.unsigned_abs() / 60;
            buf[len] = if offset < 0 { b'-' } else { b'+' };
            put_digits(buf, len + 1, minutes / 60, 2);
            buf[len + 3] = b':';
            put_digits(buf, len + 4, minutes % 60, 2);
            len += 6;
        }
        std::str::from_utf8(&buf[..len]).ok()
    }
}

impl DateTime {
    /// The general form, through chrono's formatting: any year, a leap
    /// second, an offset with seconds.
    fn fmt_with_chrono(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value.format("%Y-%m-%dT%H:%M:%S"))?;
        if self.fraction_digits > 0 {
            let nanos = format!("{:09}", self.value.timestamp_subsec_nanos() % 1_000_000_000);
            write!(f, ".{}", &nanos[..usize::from(self.fraction_digits)])?;
        }
        if self.zulu {
            f.write_str("Z")
        } else {
            write!(f, "{}", self.value.format("%:z"))
        }
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0; MAX_DIRECT];
        match self.write_direct(&mut buf) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.collect_str(self),
        }
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = super::FieldKey::deserialize(deserializer)?;
        text.as_str().parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_back_what_it_read() {
        for text in [
            "2020-09-30T07:43:32.000Z",
            "2017-08-12T20:43:21.291Z",
            "2025-04-15T14:30:00Z",
            "2025-04-15T14:30:00+02:00",
            "2025-04-15T14:30:00.123456789-05:30",
            "2025-04-15T14:30:00.5+00:00",
        ] {
            let parsed: DateTime = text.parse().unwrap();
            assert_eq!(parsed.to_string(), text);
            let json = serde_json::to_string(&parsed).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            let back: DateTime = serde_json::from_str(&json).unwrap();
            assert_eq!(back, parsed);
        }
    }

    /// The direct writer and chrono's agree wherever both apply.
    #[test]
    fn direct_writing_is_chronos() {
        for text in [
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999+14:00",
            "1970-01-01T00:00:00.1-00:30",
            "2024-02-29T12:00:00.000001-09:45",
            "2016-12-31T23:59:60Z",
        ] {
            let parsed: DateTime = text.parse().unwrap();
            struct Chrono<'a>(&'a DateTime);
            impl fmt::Display for Chrono<'_> {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    self.0.fmt_with_chrono(f)
                }
            }
            assert_eq!(parsed.to_string(), Chrono(&parsed).to_string(), "{text}");
            assert_eq!(parsed.to_string(), text);
            assert_eq!(serde_json::to_string(&parsed).unwrap(), format!("\"{text}\""));
            // Only the leap second needs chrono.
            let direct = parsed.write_direct(&mut [0; MAX_DIRECT]).is_some();
            assert_eq!(direct, !text.contains(":60"), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_rfc3339() {
        for text in ["2020-09-30", "yesterday", "2020-09-30 07:43:32", ""] {
            assert!(text.parse::<DateTime>().is_err(), "{text}");
        }
    }

    #[test]
    fn from_chrono_uses_millis_and_z() {
        let utc = chrono::DateTime::parse_from_rfc3339("2021-01-02T03:04:05Z").unwrap().with_timezone(&chrono::Utc);
        assert_eq!(DateTime::from(utc).to_string(), "2021-01-02T03:04:05.000Z");
        assert_eq!(DateTime::from(utc).to_utc(), utc);
    }
}
