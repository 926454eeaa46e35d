//! Reading a service's `/metrics` (Prometheus text) in tests.

/// The Prometheus text `url` serves.
pub async fn scrape(http: &reqwest::Client, url: &str) -> String {
    http.get(url)
        .send()
        .await
        .expect("/metrics answers")
        .text()
        .await
        .expect("/metrics has a text body")
}

/// The sum of the series of `name` whose labels include every pair of `labels`.
pub fn sum(text: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    let prefix = format!("{name}{{");
    let wanted: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    text.lines()
        .filter(|l| l.starts_with(&prefix))
        .filter(|l| wanted.iter().all(|w| l.contains(w.as_str())))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::sum;

    #[test]
    fn sums_the_series_that_carry_every_label_asked_for() {
        let text = "\
# TYPE requests_total counter
requests_total{service=\"products\",status=\"200\"} 3
requests_total{service=\"products\",status=\"404\"} 2
requests_total{service=\"auth\",status=\"200\"} 7
requests_total_other{service=\"products\"} 100
";
        assert_eq!(sum(text, "requests_total", &[("service", "products")]), 5.0);
        assert_eq!(
            sum(
                text,
                "requests_total",
                &[("service", "products"), ("status", "404")]
            ),
            2.0
        );
        assert_eq!(sum(text, "requests_total", &[]), 12.0);
        assert_eq!(sum(text, "requests_total", &[("service", "users")]), 0.0);
    }
}
