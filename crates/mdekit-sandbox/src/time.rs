//! Timestamps as the service writes them, and the looser forms clients and exports send.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike, Utc};

/// ISO-8601 UTC with 7 fractional digits, the service's usual precision.
pub fn fmt7(t: DateTime<Utc>) -> String {
    format!(
        "{}.{:07}Z",
        t.format("%Y-%m-%dT%H:%M:%S"),
        t.nanosecond() % 1_000_000_000 / 100
    )
}

/// Accepts RFC 3339 with any fraction, a `Z`-less date-time (read as UTC), and bare dates with or without `Z`
/// (the docs filter on `lastSeen gt 2018-08-01Z`).
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let bare = s.strip_suffix('Z').unwrap_or(s);
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(bare, f) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(bare, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// Portal CSV exports write `4/19/2022, 9:57:02.487 PM`; the API writes `2022-04-19T21:57:02.487Z`. The fraction
/// keeps the digits the export had.
pub fn us_export_to_iso(s: &str) -> Option<String> {
    let s = s.trim();
    let t = NaiveDateTime::parse_from_str(s, "%m/%d/%Y, %I:%M:%S%.f %p").ok()?;
    let digits = s
        .split_once('.')
        .map(|(_, rest)| rest.chars().take_while(|c| c.is_ascii_digit()).count())
        .unwrap_or(0);
    let base = t.format("%Y-%m-%dT%H:%M:%S").to_string();
    if digits == 0 {
        return Some(format!("{base}Z"));
    }
    let frac = format!("{:09}", t.nanosecond() % 1_000_000_000);
    Some(format!("{base}.{}Z", &frac[..digits.min(9)]))
}

/// .NET ticks (100 ns since 0001-01-01), the number inside alert ids such as `da637472900382838869_...`.
pub fn dotnet_ticks(t: DateTime<Utc>) -> i64 {
    const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;
    UNIX_EPOCH_TICKS + t.timestamp() * 10_000_000 + i64::from(t.nanosecond() % 1_000_000_000 / 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        let t = parse("2021-01-26T20:33:57.7220239Z").unwrap();
        assert_eq!(fmt7(t), "2021-01-26T20:33:57.7220239Z");
        assert!(parse("2018-08-01Z").is_some());
        assert!(parse("2018-08-01").is_some());
        assert!(parse("2021-04-26T09:37:48Z").is_some());
        assert!(parse("nope").is_none());
        assert_eq!(
            us_export_to_iso("4/19/2022, 9:57:02.487 PM").unwrap(),
            "2022-04-19T21:57:02.487Z"
        );
        assert_eq!(
            us_export_to_iso("4/19/2022, 12:09:39.088 AM").unwrap(),
            "2022-04-19T00:09:39.088Z"
        );
        assert_eq!(
            dotnet_ticks(parse("2021-01-01T00:00:00Z").unwrap()),
            637_450_560_000_000_000
        );
    }
}
