//! The bus against a real SNS/SQS endpoint (moto) and PostgreSQL: relay, consumer,
//! idempotency, an SNS outage, poison messages, slow handlers, bounded concurrency,
//! graceful shutdown and relays racing for one outbox.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering::SeqCst;
use std::time::{Duration, Instant};

use agora_bus::{Bus, Consumer, Envelope, Handler, HandlerError, OutboxRelay, Source, inbox};
use agora_testkit::TestDatabase;
use agora_testkit::proxy::CuttableProxy;
use aws_sdk_sqs::types::QueueAttributeName;
use sqlx::PgPool;
use tokio::sync::watch;
use uuid::Uuid;

const EVENT: &str = "test.thing.happened";

fn endpoint() -> String {
    std::env::var("AWS_ENDPOINT_URL").unwrap_or_else(|_| "http://127.0.0.1:4566".into())
}

struct World {
    _db: TestDatabase,
    pool: PgPool,
    bus: Bus,
    prefix: String,
}

async fn world() -> World {
    let db = TestDatabase::create("bus").await;
    let pool = PgPool::connect(db.url()).await.unwrap();
    sqlx::raw_sql(
        "CREATE TABLE outbox (id uuid PRIMARY KEY, aggregate_id uuid NOT NULL, event_type text NOT NULL, payload jsonb NOT NULL, \
         created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz);
         CREATE TABLE processed_events (event_id uuid PRIMARY KEY, event_type text NOT NULL, processed_at timestamptz NOT NULL DEFAULT now());
         CREATE TABLE effects (event_id uuid NOT NULL, n integer NOT NULL);",
    )
    .execute(&pool)
    .await
    .unwrap();
    let prefix = format!("t{}", Uuid::new_v4().simple());
    let bus = Bus::local(&endpoint(), &prefix).await;
    World {
        _db: db,
        pool,
        bus,
        prefix,
    }
}

fn envelope(n: i32, poison: bool) -> serde_json::Value {
    serde_json::json!({
        "specversion": "1.0", "id": Uuid::now_v7(), "source": "/agora/test", "type": EVENT,
        "time": chrono::Utc::now(), "datacontenttype": "application/json",
        "data": { "n": n, "poison": poison }
    })
}

async fn write_outbox(pool: &PgPool, count: i32) {
    for n in 0..count {
        let e = envelope(n, false);
        sqlx::query(
            "INSERT INTO outbox (id, aggregate_id, event_type, payload) VALUES ($1, $2, $3, $4)",
        )
        .bind(e["id"].as_str().unwrap().parse::<Uuid>().unwrap())
        .bind(Uuid::now_v7())
        .bind(EVENT)
        .bind(&e)
        .execute(pool)
        .await
        .unwrap();
    }
}

/// Applies each event once: the inbox claim and the effect commit together.
struct Recorder {
    pool: PgPool,
}

#[async_trait::async_trait]
impl Handler for Recorder {
    async fn handle(&self, event: &Envelope) -> Result<(), HandlerError> {
        if event.data["poison"] == true {
            return Err(HandlerError::Failed("this one always fails".into()));
        }
        let n = event.data["n"]
            .as_i64()
            .ok_or_else(|| HandlerError::Malformed("no n".into()))?;
        let fail = |e: sqlx::Error| HandlerError::Failed(e.to_string());
        let mut tx = self.pool.begin().await.map_err(fail)?;
        if inbox::claim(&mut tx, event.id, &event.event_type)
            .await
            .map_err(fail)?
        {
            sqlx::query("INSERT INTO effects (event_id, n) VALUES ($1, $2)")
                .bind(event.id)
                .bind(n as i32)
                .execute(&mut *tx)
                .await
                .map_err(fail)?;
        }
        tx.commit().await.map_err(fail)
    }
}

/// Runs `handler` on `queue_url` (one-second polls, then `configure`) until told to stop.
fn consume_with(
    w: &World,
    queue_url: &str,
    handler: Arc<dyn Handler>,
    configure: impl FnOnce(Consumer) -> Consumer,
) -> (watch::Sender<bool>, tokio::task::JoinHandle<()>) {
    let (tx, rx) = watch::channel(false);
    let consumer = Consumer::new(w.bus.clone(), Source::Queue(queue_url.to_owned()), handler);
    (tx, tokio::spawn(configure(consumer.wait_secs(1)).run(rx)))
}

/// A [`Recorder`] on `queue_url`.
fn start_consumer(
    w: &World,
    queue_url: String,
) -> (watch::Sender<bool>, tokio::task::JoinHandle<()>) {
    let recorder = Arc::new(Recorder {
        pool: w.pool.clone(),
    });
    consume_with(w, &queue_url, recorder, |c| {
        c.visibility(Duration::from_secs(5))
    })
}

/// Puts `body` on the queue directly, as SNS would deliver it.
async fn deliver(w: &World, queue_url: &str, body: &serde_json::Value) {
    w.bus
        .sqs
        .send_message()
        .queue_url(queue_url)
        .message_body(body.to_string())
        .send()
        .await
        .unwrap();
}

async fn eventually(what: &str, timeout: Duration, mut check: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while started.elapsed() < timeout {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen within {timeout:?}");
}

async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn outbox_rows_are_published_delivered_and_applied() {
    let w = world().await;
    let sub = w
        .bus
        .ensure_subscription("c", "p", &[EVENT], 3, 5)
        .await
        .unwrap();
    // Ensuring again changes nothing.
    assert_eq!(
        w.bus
            .ensure_subscription("c", "p", &[EVENT], 3, 5)
            .await
            .unwrap(),
        sub
    );
    let relay = OutboxRelay::new(w.pool.clone(), w.bus.clone(), "p");
    write_outbox(&w.pool, 20).await;
    let mut sent = 0;
    while sent < 20 {
        sent += relay.relay_once().await.unwrap();
    }
    assert_eq!(
        count(&w.pool, "SELECT count(*) FROM outbox WHERE sent_at IS NULL").await,
        0
    );

    let (stop, done) = start_consumer(&w, sub.queue_url.clone());
    eventually("20 effects", Duration::from_secs(20), async || {
        count(&w.pool, "SELECT count(DISTINCT n) FROM effects").await == 20
    })
    .await;
    stop.send(true).unwrap();
    done.await.unwrap();
    let _ = &w.prefix;
}

#[tokio::test]
async fn a_message_delivered_twice_is_applied_once() {
    let w = world().await;
    let sub = w
        .bus
        .ensure_subscription("c", "p", &[EVENT], 3, 5)
        .await
        .unwrap();
    let body = envelope(7, false);
    for _ in 0..2 {
        deliver(&w, &sub.queue_url, &body).await;
    }
    let (stop, done) = start_consumer(&w, sub.queue_url.clone());
    eventually("both copies handled", Duration::from_secs(20), async || {
        queue_is_empty(&w, &sub.queue_url).await
    })
    .await;
    stop.send(true).unwrap();
    done.await.unwrap();
    assert_eq!(count(&w.pool, "SELECT count(*) FROM effects").await, 1);
}

#[tokio::test]
async fn events_written_while_sns_is_down_all_arrive_once_it_is_back() {
    let w = world().await;
    let sub = w
        .bus
        .ensure_subscription("c", "p", &[EVENT], 3, 5)
        .await
        .unwrap();
    let moto: std::net::SocketAddr = endpoint().trim_start_matches("http://").parse().unwrap();
    let proxy = CuttableProxy::start(moto).await;
    let relay_bus = Bus::local(&format!("http://{}", proxy.addr()), &w.prefix).await;

    proxy.cut().await;
    let (stop_relay, relay_done) = watch::channel(false);
    let relay = tokio::spawn(OutboxRelay::new(w.pool.clone(), relay_bus, "p").run(relay_done));
    write_outbox(&w.pool, 500).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        count(&w.pool, "SELECT count(*) FROM outbox WHERE sent_at IS NULL").await,
        500,
        "nothing leaves while SNS is down"
    );

    proxy.restore();
    let (stop, done) = start_consumer(&w, sub.queue_url.clone());
    eventually("all 500 applied", Duration::from_secs(90), async || {
        count(&w.pool, "SELECT count(DISTINCT n) FROM effects").await == 500
    })
    .await;
    // The relay marks a batch sent after SNS took it, so a consumer can apply the last
    // events a moment before their rows say so.
    eventually(
        "every row marked sent",
        Duration::from_secs(10),
        async || count(&w.pool, "SELECT count(*) FROM outbox WHERE sent_at IS NULL").await == 0,
    )
    .await;
    stop.send(true).unwrap();
    stop_relay.send(true).unwrap();
    done.await.unwrap();
    relay.await.unwrap();
}

#[tokio::test]
async fn a_poison_message_goes_to_the_dead_letter_queue_and_the_rest_go_on() {
    let w = world().await;
    let sub = w
        .bus
        .ensure_subscription("c", "p", &[EVENT], 2, 5)
        .await
        .unwrap();
    let poison = envelope(99, true);
    deliver(&w, &sub.queue_url, &poison).await;
    for n in 0..3 {
        deliver(&w, &sub.queue_url, &envelope(n, false)).await;
    }
    let (stop, done) = start_consumer(&w, sub.queue_url.clone());
    eventually(
        "the good ones applied",
        Duration::from_secs(20),
        async || count(&w.pool, "SELECT count(*) FROM effects").await == 3,
    )
    .await;
    let mut dead = None;
    eventually(
        "the poison dead-lettered",
        Duration::from_secs(40),
        async || {
            let out = w
                .bus
                .sqs
                .receive_message()
                .queue_url(&sub.dead_letter_url)
                .wait_time_seconds(1)
                .send()
                .await
                .unwrap();
            dead = out
                .messages()
                .first()
                .and_then(|m| m.body().map(str::to_owned));
            dead.is_some()
        },
    )
    .await;
    let dead: serde_json::Value = serde_json::from_str(&dead.unwrap()).unwrap();
    assert_eq!(dead["id"], poison["id"]);
    stop.send(true).unwrap();
    done.await.unwrap();
}

#[tokio::test]
async fn without_provisioning_a_consumer_only_finds_what_exists() {
    let w = world().await;
    let lookup_only = Bus::local(&endpoint(), &w.prefix)
        .await
        .without_provisioning();
    // Nothing exists yet: looking up creates nothing and fails, naming the queue.
    let missing = lookup_only
        .existing_subscription("consumer", "producer")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        missing.contains(&format!("{}-consumer-from-producer", w.prefix)),
        "{missing}"
    );
    assert!(
        lookup_only
            .existing_subscription("consumer", "producer")
            .await
            .is_err(),
        "a failed lookup must not have created the queue"
    );

    // Once infrastructure (here: a provisioning bus) created them, the lookup finds them.
    let created = w
        .bus
        .ensure_subscription("consumer", "producer", &[EVENT], 3, 30)
        .await
        .unwrap();
    let found = lookup_only
        .existing_subscription("consumer", "producer")
        .await
        .unwrap();
    assert_eq!(found, created);
}

#[tokio::test]
async fn the_metrics_show_lag_and_dead_letters() {
    let metrics = agora_kit::metrics::handle();
    let w = world().await;
    let source = Source::Subscription {
        consumer: "m",
        producer: "p",
        event_types: vec![EVENT],
        max_receives: 2,
    };
    let (stop, rx) = watch::channel(false);
    let mut consumer = Consumer::new(
        w.bus.clone(),
        source,
        Arc::new(Recorder {
            pool: w.pool.clone(),
        }),
    )
    .wait_secs(1)
    .visibility(Duration::from_secs(5))
    .dead_letter_poll(Duration::from_millis(500));
    consumer.prepare().await.unwrap();
    let queue = format!("{}-m-from-p", w.prefix);
    let queue_url = w
        .bus
        .existing_subscription("m", "p")
        .await
        .unwrap()
        .queue_url;
    for body in [envelope(1, false), envelope(2, true)] {
        deliver(&w, &queue_url, &body).await;
    }
    let done = tokio::spawn(consumer.run(rx));
    let line = |name: &str, queue: &str| {
        let rendered = metrics.render();
        rendered
            .lines()
            .find(|l| l.starts_with(name) && l.contains(&format!("queue=\"{queue}\"")))
            .map(str::to_owned)
    };
    eventually(
        "the poison counted as dead-lettered",
        Duration::from_secs(30),
        async || line("events_dead_lettered_total", &queue).is_some_and(|l| l.ends_with(" 1")),
    )
    .await;
    eventually(
        "the dead-letter queue's depth read",
        Duration::from_secs(30),
        async || {
            line("events_dead_letter_messages", &format!("{queue}-dlq"))
                .is_some_and(|l| l.ends_with(" 1"))
        },
    )
    .await;
    let lag = line("events_consumer_lag_seconds_count", &queue).expect("the lag is recorded");
    assert!(
        lag.ends_with(" 3"),
        "one good delivery and two of the poison: {lag}"
    );
    stop.send(true).unwrap();
    done.await.unwrap();
}

/// Notes the trace its handler runs in.
struct TraceProbe(tokio::sync::mpsc::UnboundedSender<Option<agora_context::TraceContext>>);

#[async_trait::async_trait]
impl Handler for TraceProbe {
    async fn handle(&self, _event: &Envelope) -> Result<(), HandlerError> {
        let _ = self.0.send(agora_context::current_trace());
        Ok(())
    }
}

#[tokio::test]
async fn a_handler_continues_the_trace_of_the_request_that_caused_the_event() {
    let w = world().await;
    let sub = w
        .bus
        .ensure_subscription("tr", "p", &[EVENT], 3, 5)
        .await
        .unwrap();
    let mut event = envelope(1, false);
    event["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".into();
    deliver(&w, &sub.queue_url, &event).await;
    let (tx, mut seen) = tokio::sync::mpsc::unbounded_channel();
    let (stop, done) = consume_with(&w, &sub.queue_url, Arc::new(TraceProbe(tx)), |c| c);
    let trace = tokio::time::timeout(Duration::from_secs(20), seen.recv())
        .await
        .expect("the event is handled")
        .unwrap()
        .expect("the handler runs inside a trace");
    assert_eq!(trace.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_ne!(trace.span_id, 0x00f0_67aa_0ba9_02b7, "a span of its own");
    stop.send(true).unwrap();
    done.await.unwrap();
}

#[tokio::test]
async fn a_committed_outbox_row_wakes_the_relay_without_waiting_for_its_poll() {
    let w = world().await;
    let sub = w
        .bus
        .ensure_subscription("n", "p", &[EVENT], 3, 5)
        .await
        .unwrap();
    // A poll interval no test waits for: only the commit's notification can move the row.
    let relay =
        OutboxRelay::new(w.pool.clone(), w.bus.clone(), "p").poll_every(Duration::from_secs(3600));
    let (stop_relay, relay_done) = watch::channel(false);
    let relaying = tokio::spawn(relay.run(relay_done));
    // Let the relay make its first (empty) pass and start waiting.
    eventually("the relay listens", Duration::from_secs(10), async || {
        let listening: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        )
        .fetch_one(&w.pool)
        .await
        .unwrap();
        listening > 0
    })
    .await;

    let mut tx = w.pool.begin().await.unwrap();
    let event = agora_kit::outbox::OutboxEvent::new(
        "test",
        EVENT,
        Uuid::now_v7(),
        chrono::Utc::now(),
        &serde_json::json!({ "n": 7, "poison": false }),
    );
    agora_kit::outbox::enqueue(&mut tx, &event).await.unwrap();
    tx.commit().await.unwrap();

    let (stop, done) = start_consumer(&w, sub.queue_url.clone());
    eventually("the event applied", Duration::from_secs(20), async || {
        count(&w.pool, "SELECT count(*) FROM effects WHERE n = 7").await == 1
    })
    .await;
    stop.send(true).unwrap();
    done.await.unwrap();
    stop_relay.send(true).unwrap();
    relaying.await.unwrap();
}

/// Whether `queue_url` holds no message, visible or in flight.
async fn queue_is_empty(w: &World, queue_url: &str) -> bool {
    let attrs = w
        .bus
        .sqs
        .get_queue_attributes()
        .queue_url(queue_url)
        .attribute_names(QueueAttributeName::All)
        .send()
        .await
        .unwrap();
    let a = attrs.attributes().unwrap();
    let number = |name: &QueueAttributeName| -> i64 { a.get(name).unwrap().parse().unwrap() };
    number(&QueueAttributeName::ApproximateNumberOfMessages)
        + number(&QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
        == 0
}

/// Takes `pause` over each event, counting how many it started, finished and ran at once.
#[derive(Default)]
struct Slow {
    pause: Duration,
    started: AtomicUsize,
    finished: AtomicUsize,
    running: AtomicUsize,
    most_at_once: AtomicUsize,
}

impl Slow {
    fn taking(pause: Duration) -> Arc<Self> {
        Arc::new(Self {
            pause,
            ..Self::default()
        })
    }
}

#[async_trait::async_trait]
impl Handler for Slow {
    async fn handle(&self, _event: &Envelope) -> Result<(), HandlerError> {
        self.started.fetch_add(1, SeqCst);
        let now = self.running.fetch_add(1, SeqCst) + 1;
        self.most_at_once.fetch_max(now, SeqCst);
        tokio::time::sleep(self.pause).await;
        self.running.fetch_sub(1, SeqCst);
        self.finished.fetch_add(1, SeqCst);
        Ok(())
    }
}

#[tokio::test]
async fn a_handler_slower_than_the_visibility_timeout_keeps_its_message_to_itself() {
    let w = world().await;
    let sub = w
        .bus
        .ensure_subscription("slow", "p", &[EVENT], 3, 2)
        .await
        .unwrap();
    deliver(&w, &sub.queue_url, &envelope(1, false)).await;
    // Two consumers on one queue; the handler takes well over the 2 s visibility timeout.
    // Were the visibility not extended, the other consumer would receive the message again.
    let slow = Slow::taking(Duration::from_secs(5));
    let visibility = |c: Consumer| c.visibility(Duration::from_secs(2));
    let (stop_a, a) = consume_with(&w, &sub.queue_url, slow.clone(), visibility);
    let (stop_b, b) = consume_with(&w, &sub.queue_url, slow.clone(), visibility);
    eventually("the message handled", Duration::from_secs(30), async || {
        slow.finished.load(SeqCst) >= 1 && queue_is_empty(&w, &sub.queue_url).await
    })
    .await;
    // Give a wrongly redelivered copy the time to show up.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        slow.started.load(SeqCst),
        1,
        "handled once, by one consumer"
    );
    for (stop, done) in [(stop_a, a), (stop_b, b)] {
        stop.send(true).unwrap();
        done.await.unwrap();
    }
}

#[tokio::test]
async fn no_more_handlers_run_at_once_than_the_concurrency_allows() {
    let w = world().await;
    let sub = w
        .bus
        .ensure_subscription("busy", "p", &[EVENT], 3, 30)
        .await
        .unwrap();
    for n in 0..9 {
        deliver(&w, &sub.queue_url, &envelope(n, false)).await;
    }
    let slow = Slow::taking(Duration::from_millis(500));
    let (stop, done) = consume_with(&w, &sub.queue_url, slow.clone(), |c| c.concurrency(3));
    eventually("all nine handled", Duration::from_secs(30), async || {
        slow.finished.load(SeqCst) == 9 && queue_is_empty(&w, &sub.queue_url).await
    })
    .await;
    let most = slow.most_at_once.load(SeqCst);
    assert!(
        (2..=3).contains(&most),
        "handlers ran side by side, never more than three: {most}"
    );
    stop.send(true).unwrap();
    done.await.unwrap();
}

#[tokio::test]
async fn shutdown_finishes_the_handlers_in_flight_and_deletes_their_messages() {
    let w = world().await;
    let sub = w
        .bus
        .ensure_subscription("drain", "p", &[EVENT], 3, 30)
        .await
        .unwrap();
    for n in 0..3 {
        deliver(&w, &sub.queue_url, &envelope(n, false)).await;
    }
    let slow = Slow::taking(Duration::from_millis(1500));
    let (stop, done) = consume_with(&w, &sub.queue_url, slow.clone(), |c| c);
    eventually(
        "three handlers running",
        Duration::from_secs(20),
        async || slow.running.load(SeqCst) == 3,
    )
    .await;
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(10), done)
        .await
        .expect("the consumer stops once its handlers are done")
        .unwrap();
    assert_eq!(
        slow.finished.load(SeqCst),
        3,
        "every handler ran to its end"
    );
    assert!(
        queue_is_empty(&w, &sub.queue_url).await,
        "the handled messages were deleted, not left to come back"
    );
}

#[tokio::test]
async fn two_relays_on_one_outbox_publish_every_row_exactly_once() {
    let w = world().await;
    let sub = w
        .bus
        .ensure_subscription("once", "p", &[EVENT], 3, 30)
        .await
        .unwrap();
    write_outbox(&w.pool, 200).await;
    let (stop, stopped) = watch::channel(false);
    let relays: Vec<_> = (0..2)
        .map(|_| {
            let relay = OutboxRelay::new(w.pool.clone(), w.bus.clone(), "p");
            tokio::spawn(relay.run(stopped.clone()))
        })
        .collect();
    eventually("the outbox emptied", Duration::from_secs(60), async || {
        count(&w.pool, "SELECT count(*) FROM outbox WHERE sent_at IS NULL").await == 0
    })
    .await;
    stop.send(true).unwrap();
    for relay in relays {
        relay.await.unwrap();
    }

    // Read the queue dry: every row once, no row twice.
    let mut ids = Vec::new();
    loop {
        let out = w
            .bus
            .sqs
            .receive_message()
            .queue_url(&sub.queue_url)
            .max_number_of_messages(10)
            .wait_time_seconds(1)
            .send()
            .await
            .unwrap();
        if out.messages().is_empty() {
            break;
        }
        for m in out.messages() {
            let event: serde_json::Value = serde_json::from_str(m.body().unwrap()).unwrap();
            ids.push(event["id"].as_str().unwrap().to_owned());
            w.bus
                .sqs
                .delete_message()
                .queue_url(&sub.queue_url)
                .receipt_handle(m.receipt_handle().unwrap())
                .send()
                .await
                .unwrap();
        }
    }
    let distinct: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(distinct.len(), 200, "every row published");
    assert_eq!(ids.len(), 200, "no row published twice");
}
