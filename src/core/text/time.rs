//! Dates without a date library: ISO 8601 and HTTP-date parsing and ISO formatting, all in
//! milliseconds since the Unix epoch (UTC). A date that does not exist (`2024-02-31`) is refused,
//! never rolled over: an unreadable date must never make a webhook a candidate for deletion.

/// Milliseconds in a day.
pub const DAY_MS: f64 = 86_400_000.0;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Formats `ms` since the epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ` (what JavaScript's `toISOString` gives).
pub fn format_iso(ms: f64) -> String {
    let ms = ms.floor() as i64;
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

/// The date part of an ISO timestamp (`2024-01-15` of `2024-01-15T10:30:00Z`), for messages.
pub fn date_part(iso: &str) -> &str {
    iso.get(..10).unwrap_or(iso)
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Milliseconds of a calendar date and time, if every part exists (day checked against the month).
fn epoch_ms(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<f64> {
    let valid = (0..=9999).contains(&y)
        && (1..=12).contains(&mo)
        && d >= 1
        && d <= days_in_month(y, mo)
        && h < 24
        && mi < 60
        && s <= 60;
    valid.then(|| (days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) as f64 * 1000.0)
}

/// Parses an ISO 8601 / RFC 3339 timestamp (`2024-01-15T10:30:00Z`, with an optional fraction
/// and a `Z` or `±HH:MM` offset; a date alone is midnight UTC). Returns ms since the epoch.
pub fn parse_iso(text: &str) -> Option<f64> {
    let (date, rest) = text.trim().split_at_checked(10)?;
    let mut parts = date.split('-');
    let (y, mo, d) = (
        num(parts.next()?)?,
        num(parts.next()?)?,
        num(parts.next()?)?,
    );
    if rest.is_empty() {
        return epoch_ms(y, mo, d, 0, 0, 0);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, mut zone) = rest.split_at_checked(8)?;
    let mut c = clock.split(':');
    let (h, mi, s) = (num(c.next()?)?, num(c.next()?)?, num(c.next()?)?);
    let base = epoch_ms(y, mo, d, h, mi, s)?;
    let mut frac_ms = 0.0;
    if let Some(f) = zone.strip_prefix('.') {
        let digits = f.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let (fraction, rest) = f.split_at_checked(digits)?;
        // Milliseconds from the first three digits (finer digits are dropped).
        for (i, b) in fraction.bytes().take(3).enumerate() {
            frac_ms += f64::from(b - b'0') * [100.0, 10.0, 1.0][i];
        }
        zone = rest;
    }
    let offset_min = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let (hours, minutes) = zone.get(1..)?.split_once(':')?;
            let (hours, minutes) = (num(hours)?, num(minutes)?);
            if hours > 23 || minutes > 59 || zone.len() != 6 {
                return None;
            }
            sign * (hours * 60 + minutes)
        }
    };
    Some(base + frac_ms - (offset_min * 60_000) as f64)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month(name: &str) -> Option<i64> {
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(name))
        .map(|i| i as i64 + 1)
}

fn clock(text: &str) -> Option<(i64, i64, i64)> {
    let mut c = text.split(':');
    let out = (num(c.next()?)?, num(c.next()?)?, num(c.next()?)?);
    c.next().is_none().then_some(out)
}

/// Parses an HTTP-date in any of the three forms RFC 9110 requires recipients to accept:
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and
/// asctime (`Sun Nov  6 08:49:37 1994`). `now_ms` places RFC 850's two-digit year: one that would
/// lie more than 50 years ahead is the last such year in the past. Returns ms since the epoch.
pub fn parse_http_date(text: &str, now_ms: f64) -> Option<f64> {
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    match words.as_slice() {
        [_weekday, d, mo, y, time, "GMT"] if y.len() == 4 => {
            let (h, mi, s) = clock(time)?;
            epoch_ms(num(y)?, month(mo)?, num(d)?, h, mi, s)
        }
        [_weekday, date, time, "GMT"] => {
            let mut parts = date.split('-');
            let (d, mo, yy) = (num(parts.next()?)?, month(parts.next()?)?, parts.next()?);
            if yy.len() != 2 || parts.next().is_some() {
                return None;
            }
            let this_year = civil_from_days((now_ms / DAY_MS).floor() as i64).0;
            let mut y = this_year - this_year % 100 + num(yy)?;
            if y > this_year + 50 {
                y -= 100;
            }
            let (h, mi, s) = clock(time)?;
            epoch_ms(y, mo, d, h, mi, s)
        }
        [_weekday, mo, d, time, y] if y.len() == 4 => {
            let (h, mi, s) = clock(time)?;
            epoch_ms(num(y)?, month(mo)?, num(d)?, h, mi, s)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip() {
        let ms = parse_iso("2024-01-15T10:30:00Z").unwrap();
        assert_eq!(ms, 1_705_314_600_000.0);
        assert_eq!(format_iso(ms), "2024-01-15T10:30:00.000Z");
        assert_eq!(format_iso(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_iso(951_782_400_123.0), "2000-02-29T00:00:00.123Z");
    }

    #[test]
    fn iso_fractions_and_offsets() {
        assert_eq!(
            parse_iso("2024-01-15T10:30:00.250Z"),
            Some(1_705_314_600_250.0)
        );
        assert_eq!(
            parse_iso("2024-01-15T12:30:00+02:00"),
            Some(1_705_314_600_000.0)
        );
        assert_eq!(parse_iso("2024-01-15"), Some(1_705_276_800_000.0));
        for bad in [
            "",
            "yesterday",
            "2024-13-01T00:00:00Z",
            "2024-01-15T10:30:00",
            "2024-01-15T10:30:00+0200",
            "2024-01-15T10:30:00.Z",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_that_do_not_exist_are_refused() {
        for bad in [
            "2024-02-30",
            "2024-02-31T00:00:00Z",
            "2023-02-29",
            "2024-04-31",
            "2024-00-10",
            "2024-01-00",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
        assert!(parse_iso("2024-02-29").is_some(), "a leap day exists");
        assert!(parse_iso("2000-02-29").is_some() && parse_iso("1900-02-29").is_none());
    }

    #[test]
    fn http_dates_in_all_three_forms() {
        let now = parse_iso("2026-01-01").unwrap();
        let expected = Some(784_111_777_000.0);
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", now),
            expected
        );
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", now),
            expected
        );
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994", now), expected);
        assert_eq!(
            parse_http_date("Thursday, 01-Jan-26 00:00:00 GMT", now),
            Some(now)
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST", now), None);
        assert_eq!(parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT", now), None);
        assert_eq!(parse_http_date("soon", now), None);
    }
}
