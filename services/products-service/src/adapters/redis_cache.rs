//! The catalogue cache on Redis (bb8 pool).
//!
//! Products are stored as `<version>|<json>` and written through a Lua script that refuses
//! to replace a later version, so a reader that fetched an old row before a write committed
//! cannot put it back after the writer stored the new one. A deleted product leaves a
//! tombstone (`<version>|`) for the same reason. List pages live under a generation
//! number that every write increments.
//!
//! The cache never fails a request. A Redis error opens a short circuit (operations skip
//! Redis for a moment instead of waiting on it); an update that could not be applied is
//! kept and retried in the background, and until it has been applied this instance reads
//! around the cache, so nothing stale is served when Redis comes back.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use agora_kit::breaker::Breaker;
use agora_kit::redis::{RedisPool, redis};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;
use uuid::Uuid;

use crate::app::ports::{CatalogueCache, ProductPage};
use crate::domain::Product;

const OP_TIMEOUT: Duration = Duration::from_millis(250);
const CIRCUIT_OPEN_FOR: Duration = Duration::from_secs(1);
const RETRY_EVERY: Duration = Duration::from_millis(250);

/// Run by its SHA-1 (`EVALSHA`), loaded on first use and again after a Redis restart.
static SET_IF_NEWER: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
local cur = redis.call('GET', KEYS[1])
if cur then
  local sep = string.find(cur, '|', 1, true)
  local v = sep and tonumber(string.sub(cur, 1, sep - 1))
  if v and v >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
",
    )
});

/// `cache_lookups_total{cache, result}`: how often reads are served from the cache.
fn count_lookup(cache: &'static str, hit: bool) {
    let result = if hit { "hit" } else { "miss" };
    metrics::counter!("cache_lookups_total", "cache" => cache, "result" => result).increment(1);
}

/// A product as the cache holds it: the cache's own format, so that a change to the
/// domain type is a change here too (a renamed field would otherwise read back as a miss
/// for every entry written before it).
#[derive(Serialize, Deserialize)]
struct Cached {
    id: Uuid,
    sku: String,
    name: String,
    description: String,
    price: i64,
    currency: String,
    category_id: Option<Uuid>,
    stock: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

impl From<&Product> for Cached {
    fn from(p: &Product) -> Self {
        Self {
            id: p.id,
            sku: p.sku.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            price: p.price,
            currency: p.currency.clone(),
            category_id: p.category_id,
            stock: p.stock,
            created_at: p.created_at,
            updated_at: p.updated_at,
            version: p.version,
        }
    }
}

impl From<Cached> for Product {
    fn from(c: Cached) -> Self {
        Self {
            id: c.id,
            sku: c.sku,
            name: c.name,
            description: c.description,
            price: c.price,
            currency: c.currency,
            category_id: c.category_id,
            stock: c.stock,
            created_at: c.created_at,
            updated_at: c.updated_at,
            version: c.version,
        }
    }
}

/// A page of products as the cache holds it.
#[derive(Serialize, Deserialize)]
struct CachedPage {
    items: Vec<Cached>,
    total: i64,
}

/// One Redis call: a command, or a script by its hash.
enum Call<'a> {
    Cmd(&'a redis::Cmd),
    Script(&'a redis::ScriptInvocation<'a>),
}

#[derive(Debug, Clone)]
enum Update {
    Product(Product),
    Forget(Uuid, i64),
    Pages,
}

pub struct RedisCatalogueCache {
    pool: RedisPool,
    /// Every key starts with it: instances of one deployment share it, anything else
    /// sharing the Redis does not.
    prefix: String,
    product_ttl: Duration,
    page_ttl: Duration,
    state: Arc<State>,
}

struct State {
    /// Opened by one Redis error: operations skip Redis for a moment instead of waiting on
    /// it, then one call tries it again.
    breaker: Breaker,
    pending: Mutex<Vec<Update>>,
    /// Updates are waiting: read around the cache.
    dirty: AtomicBool,
}

impl RedisCatalogueCache {
    /// The cache, with its background retry of updates that could not be applied.
    pub fn new(
        pool: RedisPool,
        prefix: &str,
        product_ttl: Duration,
        page_ttl: Duration,
    ) -> Arc<Self> {
        let cache = Arc::new(Self {
            pool,
            prefix: prefix.to_owned(),
            product_ttl,
            page_ttl,
            state: Arc::new(State {
                breaker: Breaker::new(1, CIRCUIT_OPEN_FOR).named("redis:cache"),
                pending: Mutex::default(),
                dirty: AtomicBool::default(),
            }),
        });
        let weak = Arc::downgrade(&cache);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(RETRY_EVERY).await;
                let Some(cache) = weak.upgrade() else { break };
                if cache.state.dirty.load(Ordering::Acquire) {
                    cache.flush_pending().await;
                }
            }
        });
        cache
    }

    fn product_key(&self, id: Uuid) -> String {
        format!("{}:product:{id}", self.prefix)
    }

    fn generation_key(&self) -> String {
        format!("{}:lists:gen", self.prefix)
    }

    fn page_key(&self, generation: u64, key: &str) -> String {
        let digest = Sha256::digest(key.as_bytes());
        let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        format!("{}:list:{generation}:{hex}", self.prefix)
    }

    /// Runs `cmd` on a pooled connection within the time limit; `None` on any failure.
    async fn run<T: redis::FromRedisValue>(&self, cmd: &redis::Cmd) -> Option<T> {
        self.call(Call::Cmd(cmd)).await
    }

    async fn call<T: redis::FromRedisValue>(&self, call: Call<'_>) -> Option<T> {
        let permit = self.state.breaker.try_acquire()?;
        let attempt = async {
            let mut conn = self.pool.get().await.map_err(|e| e.to_string())?;
            let result = match call {
                Call::Cmd(cmd) => cmd.query_async::<T>(&mut *conn).await,
                Call::Script(script) => script.invoke_async::<T>(&mut *conn).await,
            };
            result.map_err(|e| e.to_string())
        };
        match tokio::time::timeout(OP_TIMEOUT, attempt).await {
            Ok(Ok(v)) => {
                permit.success();
                Some(v)
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "redis unavailable; serving from PostgreSQL");
                permit.failure();
                None
            }
            Err(_) => {
                tracing::warn!("redis timed out; serving from PostgreSQL");
                permit.failure();
                None
            }
        }
    }

    async fn set_if_newer(&self, key: &str, version: i64, value: &str) -> bool {
        let mut script = SET_IF_NEWER.key(key);
        script
            .arg(version)
            .arg(value)
            .arg(self.product_ttl.as_secs().max(1));
        self.call::<i64>(Call::Script(&script)).await.is_some()
    }

    async fn apply(&self, update: &Update) -> bool {
        match update {
            Update::Product(p) => match serde_json::to_string(&Cached::from(p)) {
                Ok(json) => {
                    self.set_if_newer(&self.product_key(p.id), p.version, &json)
                        .await
                }
                Err(_) => true,
            },
            Update::Forget(id, version) => {
                self.set_if_newer(&self.product_key(*id), *version, "")
                    .await
            }
            Update::Pages => self
                .run::<i64>(redis::cmd("INCR").arg(self.generation_key()))
                .await
                .is_some(),
        }
    }

    /// Applies `update` now, or keeps it for the background retry.
    async fn apply_or_keep(&self, update: Update) {
        if !self.state.dirty.load(Ordering::Acquire) && self.apply(&update).await {
            return;
        }
        let mut pending = self.state.pending.lock().await;
        // Only the latest state matters: one entry per product, one for the list pages, so
        // the queue stays small however long Redis is away.
        let id = |u: &Update| match u {
            Update::Product(p) => Some(p.id),
            Update::Forget(id, _) => Some(*id),
            Update::Pages => None,
        };
        let new_id = id(&update);
        pending.retain(|u| match (id(u), new_id) {
            (Some(a), Some(b)) => a != b,
            (None, None) => false,
            _ => true,
        });
        pending.push(update);
        self.state.dirty.store(true, Ordering::Release);
    }

    async fn flush_pending(&self) {
        let mut pending = self.state.pending.lock().await;
        while let Some(update) = pending.first().cloned() {
            if !self.apply(&update).await {
                return;
            }
            pending.remove(0);
        }
        self.state.dirty.store(false, Ordering::Release);
        tracing::info!("redis is back; the cache is consistent again");
    }

    async fn cached_product(&self, id: Uuid) -> Option<Product> {
        if self.reading_around() {
            return None;
        }
        let raw: Option<Vec<u8>> = self
            .run(redis::cmd("GET").arg(self.product_key(id)))
            .await?;
        // `<version>|<json>`, parsed where it lies.
        let raw = raw?;
        let json = &raw[raw.iter().position(|&b| b == b'|')? + 1..];
        if json.is_empty() {
            return None;
        }
        serde_json::from_slice::<Cached>(json)
            .ok()
            .map(Product::from)
    }

    async fn cached_page(&self, key: &str) -> (Option<ProductPage>, Option<u64>) {
        if self.reading_around() {
            return (None, None);
        }
        let Some(generation) = self
            .run::<Option<u64>>(redis::cmd("GET").arg(self.generation_key()))
            .await
        else {
            return (None, None);
        };
        let generation = generation.unwrap_or(0);
        let raw: Option<Option<Vec<u8>>> = self
            .run(redis::cmd("GET").arg(self.page_key(generation, key)))
            .await;
        let page = raw
            .flatten()
            .and_then(|json| serde_json::from_slice::<CachedPage>(&json).ok())
            .map(|page| ProductPage {
                items: page.items.into_iter().map(Product::from).collect(),
                total: page.total,
            });
        (page, Some(generation))
    }

    fn reading_around(&self) -> bool {
        self.state.dirty.load(Ordering::Acquire)
    }
}

#[async_trait::async_trait]
impl CatalogueCache for RedisCatalogueCache {
    async fn product(&self, id: Uuid) -> Option<Product> {
        let found = self.cached_product(id).await;
        count_lookup("product", found.is_some());
        found
    }

    async fn remember_product(&self, product: &Product) {
        // A reader's fill is best effort: skipped while updates wait, dropped on failure.
        if !self.reading_around() {
            self.apply(&Update::Product(product.clone())).await;
        }
    }

    async fn product_changed(&self, product: &Product) {
        self.apply_or_keep(Update::Product(product.clone())).await;
    }

    async fn forget_product(&self, id: Uuid, version: i64) {
        self.apply_or_keep(Update::Forget(id, version)).await;
    }

    async fn page(&self, key: &str) -> (Option<ProductPage>, Option<u64>) {
        let (page, generation) = self.cached_page(key).await;
        count_lookup("list", page.is_some());
        (page, generation)
    }

    async fn remember_page(&self, generation: u64, key: &str, page: &ProductPage) {
        if self.reading_around() {
            return;
        }
        let cached = CachedPage {
            items: page.items.iter().map(Cached::from).collect(),
            total: page.total,
        };
        if let Ok(json) = serde_json::to_string(&cached) {
            let mut cmd = redis::cmd("SET");
            cmd.arg(self.page_key(generation, key))
                .arg(json)
                .arg("EX")
                .arg(self.page_ttl.as_secs().max(1));
            let _: Option<()> = self.run(&cmd).await;
        }
    }

    async fn pages_changed(&self) {
        self.apply_or_keep(Update::Pages).await;
    }
}

/// No cache: when `REDIS_URL` is not configured, every read goes to PostgreSQL.
pub struct NoCache;

#[async_trait::async_trait]
impl CatalogueCache for NoCache {
    async fn product(&self, _: Uuid) -> Option<Product> {
        None
    }
    async fn remember_product(&self, _: &Product) {}
    async fn product_changed(&self, _: &Product) {}
    async fn forget_product(&self, _: Uuid, _: i64) {}
    async fn page(&self, _: &str) -> (Option<ProductPage>, Option<u64>) {
        (None, None)
    }
    async fn remember_page(&self, _: u64, _: &str, _: &ProductPage) {}
    async fn pages_changed(&self) {}
}
