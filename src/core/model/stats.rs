//! The final-statistics block the source documents print after a delete.

use super::webhook::FinalStatistics;

/// Formats the block exactly as the seed's `logWebhookStatistics` prints it; `local_time` turns the
/// ISO last-delivery time into the user's local time (the host knows the time zone).
pub fn format_final_statistics(
    id: &str,
    stats: &FinalStatistics,
    local_time: impl Fn(&str) -> String,
) -> String {
    let last = stats
        .last_delivery_at
        .as_deref()
        .map_or_else(|| "never".to_string(), local_time);
    format!(
        "=== Final Statistics for {id} ===\nTotal Deliveries: {}\nTotal Failures: {}\nSuccess Rate: {}%\nLast Delivery: {last}",
        stats.total_deliveries as i64,
        stats.total_failures as i64,
        two_decimals(stats.success_rate)
    )
}

/// `x` rounded half away from zero to two decimals, as `toFixed(2)` prints it for percentages.
pub fn two_decimals(x: f64) -> String {
    let hundredths = (x.abs() * 100.0).round() as u64;
    let sign = if x < 0.0 && hundredths > 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_seed_block() {
        let s = FinalStatistics {
            total_deliveries: 1250.0,
            total_failures: 3.0,
            success_rate: 99.76,
            last_delivery_at: Some("2024-01-15T10:25:00Z".into()),
        };
        let text = format_final_statistics("webhook_1", &s, |iso| format!("local({iso})"));
        assert_eq!(
            text,
            "=== Final Statistics for webhook_1 ===\nTotal Deliveries: 1250\nTotal Failures: 3\nSuccess Rate: 99.76%\nLast Delivery: local(2024-01-15T10:25:00Z)"
        );
        assert_eq!(
            [two_decimals(99.755), two_decimals(0.0), two_decimals(12.3)],
            ["99.76", "0.00", "12.30"]
        );
        let none = FinalStatistics {
            success_rate: 100.0,
            last_delivery_at: None,
            ..s
        };
        assert!(format_final_statistics("w", &none, |i| i.to_string())
            .ends_with("Success Rate: 100.00%\nLast Delivery: never"));
    }
}
