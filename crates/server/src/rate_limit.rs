//! A token bucket per caller over the API: above the configured rate a caller gets 429 with
//! `Retry-After`, as Graph throttles, and one busy caller does not slow the others down. The
//! caller is the signed-in account (the token's `oid`), else the address the request came from
//! (a server without sign-in, where everyone is the demo administrator). It runs after sign-in
//! ([`crate::auth::authenticate`]), so a caller is only ever known by a verified token. The
//! portal's own files are not limited.

use crate::auth::Principal;
use crate::errors::ApiError;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Callers remembered before full buckets (callers quiet long enough) are forgotten.
const REMEMBERED: usize = 10_000;

/// Token buckets, one per caller: `rate` tokens a second, at most `burst` saved up; one request
/// takes one.
#[derive(Debug)]
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    /// A limiter allowing each caller `rate` requests a second on average and `burst` at once;
    /// a rate of 0 allows everything.
    pub fn new(rate: f64, burst: f64) -> Self {
        RateLimiter {
            rate,
            burst: burst.max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token of `caller`'s bucket at `now`, or says how long until one is available.
    pub fn take(&self, caller: &str, now: Instant) -> Result<(), Duration> {
        if self.rate <= 0.0 {
            return Ok(());
        }
        let mut buckets = match self.buckets.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        };
        if buckets.len() >= REMEMBERED && !buckets.contains_key(caller) {
            // A full bucket holds nothing a new one would not: forget those.
            let (rate, burst) = (self.rate, self.burst);
            buckets.retain(|_, b| refilled(b, now, rate, burst) < burst);
            if buckets.len() >= REMEMBERED {
                buckets.clear();
            }
        }
        let burst = self.burst;
        let bucket = buckets.entry(caller.to_owned()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        bucket.tokens = refilled(bucket, now, self.rate, burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.rate))
        }
    }
}

/// The tokens of `bucket` at `now`.
fn refilled(bucket: &Bucket, now: Instant, rate: f64, burst: f64) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
    (bucket.tokens + elapsed * rate).min(burst)
}

/// Who a request counts against: its signed-in account, else the address it came from.
fn caller(request: &Request) -> String {
    match request.extensions().get::<Principal>() {
        Some(p) if !p.actor.id.is_empty() => format!("oid {}", p.actor.id),
        _ => request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |c| format!("address {}", c.0.ip())),
    }
}

/// Middleware on the API's routes (after sign-in): 429 with `Retry-After` (whole seconds, at
/// least 1) for a caller over the rate.
pub async fn limit(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    match limiter.take(&caller(&request), Instant::now()) {
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
            assert!(limiter.take("a", t0).is_ok());
        }
        let wait = limiter.take("a", t0).expect_err("bucket empty");
        assert!(wait <= Duration::from_millis(100), "{wait:?}");
        assert!(limiter.take("a", t0 + Duration::from_millis(100)).is_ok());
        assert!(limiter.take("a", t0 + Duration::from_millis(100)).is_err());
        assert!(RateLimiter::new(0.0, 1.0).take("a", t0).is_ok());
    }

    #[test]
    fn each_caller_has_a_bucket_of_its_own() {
        let limiter = RateLimiter::new(1.0, 2.0);
        let t0 = Instant::now();
        assert!(limiter.take("a", t0).is_ok() && limiter.take("a", t0).is_ok());
        assert!(limiter.take("a", t0).is_err(), "a is over");
        assert!(limiter.take("b", t0).is_ok(), "b is not slowed down by a");
    }

    #[test]
    fn quiet_callers_are_forgotten_and_busy_ones_kept() {
        let limiter = RateLimiter::new(1.0, 2.0);
        let t0 = Instant::now();
        for i in 0..REMEMBERED {
            assert!(limiter.take(&format!("caller {i}"), t0).is_ok());
        }
        // Two seconds on, every bucket is full again but caller 0's, which it empties now.
        let later = t0 + Duration::from_secs(2);
        assert!(limiter.take("caller 0", later).is_ok());
        assert!(limiter.take("caller 0", later).is_ok());
        // A new caller makes room: the full buckets go, caller 0's stays.
        assert!(limiter.take("new caller", later).is_ok());
        assert_eq!(limiter.buckets.lock().map(|b| b.len()).unwrap_or(0), 2);
        assert!(
            limiter.take("caller 0", later).is_err(),
            "still over the rate"
        );
    }
}
