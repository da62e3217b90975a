//! Dates without a date library: ISO 8601 and HTTP-date parsing, ISO formatting, all in
//! milliseconds since the Unix epoch (UTC).

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

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn valid_ymd_hms(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> bool {
    (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && s <= 60 && y >= 0
}

/// Parses an ISO 8601 / RFC 3339 timestamp (`2024-01-15T10:30:00Z`, with optional fraction and
/// `±HH:MM` offset; a date alone is midnight UTC). Returns ms since the epoch.
pub fn parse_iso(text: &str) -> Option<f64> {
    let (date, rest) = text.trim().split_at_checked(10)?;
    let mut parts = date.split('-');
    let (y, mo, d) = (num(parts.next()?)?, num(parts.next()?)?, num(parts.next()?)?);
    if rest.is_empty() {
        return valid_ymd_hms(y, mo, d, 0, 0, 0).then(|| days_from_civil(y, mo, d) as f64 * 86_400_000.0);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, mut zone) = rest.split_at_checked(8)?;
    let mut c = clock.split(':');
    let (h, mi, s) = (num(c.next()?)?, num(c.next()?)?, num(c.next()?)?);
    if !valid_ymd_hms(y, mo, d, h, mi, s) {
        return None;
    }
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
            if hours.len() != 2 || minutes.len() != 2 {
                return None;
            }
            sign * (num(hours)? * 60 + num(minutes)?)
        }
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset_min * 60;
    Some(secs as f64 * 1000.0 + frac_ms)
}

/// Parses an HTTP-date (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`). Returns ms since the epoch.
pub fn parse_http_date(text: &str) -> Option<f64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut words = text.trim().split_ascii_whitespace();
    let _weekday = words.next()?;
    let d = num(words.next()?)?;
    let month = words.next()?;
    let mo = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as i64 + 1;
    let y = num(words.next()?)?;
    let mut c = words.next()?.split(':');
    let (h, mi, s) = (num(c.next()?)?, num(c.next()?)?, num(c.next()?)?);
    if words.next()? != "GMT" || !valid_ymd_hms(y, mo, d, h, mi, s) {
        return None;
    }
    Some((days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) as f64 * 1000.0)
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
        assert_eq!(parse_iso("2024-01-15T10:30:00.250Z"), Some(1_705_314_600_250.0));
        assert_eq!(parse_iso("2024-01-15T12:30:00+02:00"), Some(1_705_314_600_000.0));
        assert_eq!(parse_iso("2024-01-15"), Some(1_705_276_800_000.0));
        for bad in ["", "yesterday", "2024-13-01T00:00:00Z", "2024-01-15T10:30:00", "2024-01-15T10:30:00+0200"] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777_000.0));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(parse_http_date("soon"), None);
    }
}
