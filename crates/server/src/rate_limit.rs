//! A token bucket over all API requests: above the configured rate the server answers 429 with
//! `Retry-After`, as Graph throttles. The portal's own files are not limited.

use crate::errors::ApiError;
use autopilot_api::paths::API_BASE;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A token bucket: `rate` tokens a second, at most `burst` saved up; one request takes one.
#[derive(Debug)]
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    bucket: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    /// A limiter allowing `rate` requests a second on average and `burst` at once; a rate of 0
    /// allows everything.
    pub fn new(rate: f64, burst: f64) -> Self {
        let burst = burst.max(1.0);
        RateLimiter {
            rate,
            burst,
            bucket: Mutex::new(Bucket {
                tokens: burst,
                at: Instant::now(),
            }),
        }
    }

    /// Takes a token at `now`, or says how long until one is available.
    pub fn take(&self, now: Instant) -> Result<(), Duration> {
        if self.rate <= 0.0 {
            return Ok(());
        }
        let mut bucket = match self.bucket.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        };
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.rate).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.rate))
        }
    }
}

/// Middleware: 429 with `Retry-After` (whole seconds, at least 1) for API requests over the rate.
pub async fn limit(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    let api = request
        .uri()
        .path()
        .strip_prefix(API_BASE)
        .is_some_and(|p| p.starts_with('/'));
    if !api {
        return next.run(request).await;
    }
    match limiter.take(Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            ApiError::too_many_requests(wait.as_secs_f64().ceil().max(1.0) as u64).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_burst_then_the_rate() {
        let limiter = RateLimiter::new(10.0, 3.0);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take(t0).is_ok());
        }
        let wait = limiter.take(t0).expect_err("bucket empty");
        assert!(wait <= Duration::from_millis(100), "{wait:?}");
        assert!(limiter.take(t0 + Duration::from_millis(100)).is_ok());
        assert!(limiter.take(t0 + Duration::from_millis(100)).is_err());
        assert!(RateLimiter::new(0.0, 1.0).take(t0).is_ok());
    }
}
