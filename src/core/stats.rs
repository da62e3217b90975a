//! The final-statistics block the source documents print after a delete.

use super::model::FinalStatistics;

/// Formats the block exactly as the seed's `logWebhookStatistics` prints it; `local_time` turns the
/// ISO last-delivery time into the user's local time (the host knows the time zone).
pub fn format_final_statistics(id: &str, stats: &FinalStatistics, local_time: impl Fn(&str) -> String) -> String {
    let last = stats.last_delivery_at.as_deref().map_or_else(|| "never".to_string(), local_time);
    format!(
        "=== Final Statistics for {id} ===\nTotal Deliveries: {}\nTotal Failures: {}\nSuccess Rate: {:.2}%\nLast Delivery: {last}",
        stats.total_deliveries, stats.total_failures, stats.success_rate
    )
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
        let none = FinalStatistics { success_rate: 100.0, last_delivery_at: None, ..s };
        assert!(format_final_statistics("w", &none, |i| i.to_string()).ends_with("Success Rate: 100.00%\nLast Delivery: never"));
    }
}
