//! Instants as Mileston's SDKs write them: ISO-8601, UTC, to the
//! millisecond (`Date.prototype.toJSON`'s `2026-05-01T12:34:56.789Z`). The one
//! calendar conversion the client (when a payout was sent) and the sandbox
//! (its timestamps) share.

/// Milliseconds since the Unix epoch as ISO-8601 UTC with milliseconds.
pub fn iso_millis(ms: i64) -> String {
    let (days, in_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let secs = in_day / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        in_day % 1000
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch_and_leap_day() {
        assert_eq!(iso_millis(0), "1970-01-01T00:00:00.000Z");
        // 2024-02-29T12:00:00Z
        assert_eq!(iso_millis(1_709_208_000_005), "2024-02-29T12:00:00.005Z");
        // 2000-03-01T00:00:00Z
        assert_eq!(iso_millis(951_868_800_000), "2000-03-01T00:00:00.000Z");
        assert_eq!(iso_millis(-1), "1969-12-31T23:59:59.999Z");
    }
}
