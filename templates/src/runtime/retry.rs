//! When and how long to wait before sending a request again.

use std::time::{Duration, SystemTime};

/// Which requests are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryMethods {
    /// Only idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`,
    /// `TRACE`): sending one twice does no harm.
    Idempotent,
    /// Every method, `POST` and `PATCH` included.
    All,
}

/// Exponential backoff with jitter, on connection errors, timeouts, `429`
/// and `5XX`, honouring `Retry-After`.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// The wait before the first retry.
    pub initial_interval: Duration,
    /// The longest wait between two attempts.
    pub max_interval: Duration,
    /// How much each wait grows (`1.5`: half again as long).
    pub exponent: f32,
    /// No retry starts later than this after the first attempt.
    pub max_elapsed: Duration,
    /// Which methods are retried.
    pub methods: RetryMethods,
    /// Whether connection failures and timeouts are retried (statuses always are).
    pub connection_errors: bool,
    /// Whether to retry at all.
    pub enabled: bool,
}

impl Default for RetryPolicy {
    /// 500 ms, growing by half up to 60 s, for at most 5 minutes, idempotent
    /// methods only.
    fn default() -> Self {
        RetryPolicy {
            initial_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(60),
            exponent: 1.5,
            max_elapsed: Duration::from_secs(300),
            methods: RetryMethods::Idempotent,
            connection_errors: true,
            enabled: true,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { enabled: false, ..RetryPolicy::default() }
    }

    /// Whether a request of `method` may be retried under this policy.
    pub fn applies_to(&self, method: &str) -> bool {
        self.enabled
            && match self.methods {
                RetryMethods::All => true,
                RetryMethods::Idempotent => {
                    matches!(method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS" | "TRACE")
                }
            }
    }

    /// The successive waits of this policy (with jitter), before the
    /// elapsed-time limit is applied.
    pub(crate) fn delays(&self) -> impl Iterator<Item = Duration> {
        use backon::BackoffBuilder;
        backon::ExponentialBuilder::new()
            .with_min_delay(self.initial_interval)
            .with_max_delay(self.max_interval)
            .with_factor(self.exponent.max(1.0))
            .with_jitter()
            .without_max_times()
            .build()
    }
}

/// True for the statuses worth retrying: `429` and `5XX`.
pub fn retryable_status(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date
/// (a date in the past is no wait). `None` when it is neither.
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), Some(Duration::from_secs(30)));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-5", now), None);
    }

    #[test]
    fn policy_and_statuses() {
        let policy = RetryPolicy::default();
        assert!(policy.applies_to("GET") && policy.applies_to("PUT"));
        assert!(!policy.applies_to("POST") && !policy.applies_to("PATCH"));
        assert!(RetryPolicy { methods: RetryMethods::All, ..policy.clone() }.applies_to("POST"));
        assert!(!RetryPolicy::none().applies_to("GET"));
        assert!(retryable_status(429) && retryable_status(503) && !retryable_status(404) && !retryable_status(200));
        let delays: Vec<Duration> = policy.delays().take(8).collect();
        assert_eq!(delays.len(), 8, "the schedule does not end by itself");
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(120)), "{delays:?}");
        assert!(delays[7] > delays[0], "it grows: {delays:?}");
    }
}
