//! Rate limits in Redis with GCRA, one atomic Lua script per decision, on Redis's own clock
//! (so gateway instances agree without synchronised clocks).
//!
//! When Redis is unreachable the gateway keeps serving (fails open), says so in its logs and
//! in `/ready`, and skips Redis for a moment instead of waiting on it for every request.
//!
//! A denial is remembered in the instance until the time Redis gave for the next allowed
//! request: until then the client's requests are refused here, without asking Redis again
//! (its answer could only be the same, since a refused request does not move the limit).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use agora_kit::breaker::Breaker;
use agora_kit::redis::{RedisPool, redis};

/// GCRA: `tat` (theoretical arrival time) moves on by one emission interval per request;
/// a request is allowed while `tat` stays within the burst tolerance of now.
/// Returns {allowed, remaining, retry_after_ms, reset_ms}. Run by its SHA-1 (`EVALSHA`),
/// loaded on first use and again after a Redis restart.
static GCRA: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local tolerance = interval * limit
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - tolerance
if now < allow_at then
  return {0, 0, allow_at - now, tat - now}
end
redis.call('SET', KEYS[1], new_tat, 'PX', tolerance)
local remaining = math.floor((tolerance - (new_tat - now)) / interval)
return {1, remaining, 0, new_tat - now}
",
    )
});

/// One limit: `limit` requests per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub name: &'static str,
    pub limit: u32,
    pub window: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub remaining: u32,
    pub retry_after: Duration,
    pub reset: Duration,
}

pub enum Limiter {
    Redis {
        pool: RedisPool,
        breaker: Breaker,
        prefix: String,
        denied: Denials,
    },
    /// No `REDIS_URL`: nothing is limited.
    Off,
}

/// Clients refused recently, by policy and key: when they may come back, and when their
/// quota is whole again.
#[derive(Default)]
pub struct Denials(Mutex<HashMap<String, (Instant, Instant)>>);

/// Past this many remembered denials the expired ones are swept; past ten times as many
/// (a flood from many addresses) new ones are not remembered, only refused by Redis.
const SWEEP_AT: usize = 10_000;

impl Denials {
    fn key(policy: &Policy, key: &str) -> String {
        format!("{}:{key}", policy.name)
    }

    fn get(&self, policy: &Policy, key: &str) -> Option<Decision> {
        let mut denied = self.0.lock().expect("denials lock");
        if denied.is_empty() {
            return None;
        }
        let now = Instant::now();
        let name = Self::key(policy, key);
        let &(allow_at, reset_at) = denied.get(&name)?;
        if allow_at <= now {
            denied.remove(&name);
            return None;
        }
        Some(Decision {
            allowed: false,
            remaining: 0,
            retry_after: allow_at - now,
            reset: reset_at.saturating_duration_since(now),
        })
    }

    fn remember(&self, policy: &Policy, key: &str, decision: &Decision) {
        let now = Instant::now();
        let mut denied = self.0.lock().expect("denials lock");
        if denied.len() >= SWEEP_AT {
            denied.retain(|_, (allow_at, _)| *allow_at > now);
        }
        if denied.len() < SWEEP_AT * 10 {
            denied.insert(
                Self::key(policy, key),
                (now + decision.retry_after, now + decision.reset),
            );
        }
    }
}

impl Limiter {
    pub fn redis(pool: RedisPool, prefix: &str) -> Self {
        Limiter::Redis {
            pool,
            breaker: Breaker::new(1, Duration::from_secs(2)).named("redis:ratelimit"),
            prefix: prefix.to_owned(),
            denied: Denials::default(),
        }
    }

    /// A denial this instance remembers for `key`, decided without Redis.
    pub fn remembered_denial(&self, policy: &Policy, key: &str) -> Option<Decision> {
        match self {
            Limiter::Redis { denied, .. } => denied.get(policy, key),
            Limiter::Off => None,
        }
    }

    /// Redis's decision for one request against `policy` under `key`; `None` when it could
    /// not be made (Redis unavailable), in which case the request goes through. Callers ask
    /// [`Limiter::remembered_denial`] first.
    pub async fn check(&self, policy: &Policy, key: &str) -> Option<Decision> {
        let Limiter::Redis {
            pool,
            breaker,
            prefix,
            denied,
        } = self
        else {
            return None;
        };
        let permit = breaker.try_acquire()?;
        let interval_ms =
            (policy.window.as_millis() as u64 / u64::from(policy.limit.max(1))).max(1);
        let mut gcra = GCRA.key(format!("{prefix}:{}:{key}", policy.name));
        gcra.arg(interval_ms).arg(policy.limit);
        let attempt = async {
            let mut conn = pool.get().await.map_err(|e| e.to_string())?;
            gcra.invoke_async::<(i64, i64, i64, i64)>(&mut *conn)
                .await
                .map_err(|e| e.to_string())
        };
        match tokio::time::timeout(Duration::from_millis(200), attempt).await {
            Ok(Ok((allowed, remaining, retry_ms, reset_ms))) => {
                permit.success();
                let decision = Decision {
                    allowed: allowed == 1,
                    remaining: u32::try_from(remaining.max(0)).unwrap_or(0),
                    retry_after: Duration::from_millis(retry_ms.max(0) as u64),
                    reset: Duration::from_millis(reset_ms.max(0) as u64),
                };
                if !decision.allowed {
                    denied.remember(policy, key, &decision);
                }
                Some(decision)
            }
            Ok(Err(e)) => {
                permit.failure();
                tracing::warn!(error = %e, "rate limiting is failing open: redis is unavailable");
                None
            }
            Err(_) => {
                permit.failure();
                tracing::warn!("rate limiting is failing open: redis timed out");
                None
            }
        }
    }
}

/// `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers).
pub fn headers(policy: &Policy, decision: &Decision) -> [(&'static str, String); 2] {
    [
        (
            "ratelimit-policy",
            format!(
                "\"{}\";q={};w={}",
                policy.name,
                policy.limit,
                policy.window.as_secs()
            ),
        ),
        (
            "ratelimit",
            format!(
                "\"{}\";r={};t={}",
                policy.name,
                decision.remaining,
                decision.reset.as_secs_f64().ceil() as u64
            ),
        ),
    ]
}
