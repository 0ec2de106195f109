//! `cargo bench --bench webhook_server`: the webhook server (`waba::server`) answering 1,000
//! 360dialog status bodies posted by reqwest over loopback TCP, 50 in flight, for the
//! in-memory deduplication store and (when `WABA_BENCH_REDIS_URL` names a running Redis,
//! for example `redis://127.0.0.1:6379`) the Redis store. Reports acknowledged requests per
//! second, p50 and p99 of the answer's latency, peak memory and non-200 answers; exits
//! non-zero if any answer was not 200.
//!
//! A first row is the floor: a bare axum route that reads the body and answers 200, with no
//! secret check, parse, deduplication or queue.
//!
//! Each body is the documented `MessageStatus` in the documented Cloud envelope with its own
//! message id, so every request records a new key. Client and server share one
//! multi-threaded tokio runtime (two workers) in this process; the handler only counts.
//!
//! Arguments: `--requests N` and `--in-flight N` to change the load.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use waba::server::{DedupStore, MemoryStore, RedisStore, WebhookServer};
use waba::{Provider, Webhook};
use waba_workspace_tests::schema_example;

const SECRET: &str = "Basic YmVuY2g6YmVuY2g=";

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A field of `/proc/self/status` in KiB (Linux).
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `requests` status bodies, each with its own message id.
fn bodies(run: &str, requests: usize) -> Vec<Vec<u8>> {
    let status = schema_example("dialog360", "MessageStatus");
    let mut envelope = schema_example("dialog360", "CloudWebhook");
    (0..requests)
        .map(|i| {
            let mut status = status.clone();
            status["id"] = json!(format!("wamid.bench.{run}.{i}"));
            envelope["entry"][0]["changes"][0]["value"] =
                json!({"messaging_product": "whatsapp", "statuses": [status]});
            serde_json::to_vec(&envelope).expect("JSON")
        })
        .collect()
}

struct Outcome {
    elapsed: Duration,
    latencies: Vec<Duration>,
    not_ok: usize,
    handled: usize,
    peak_kib: Option<u64>,
}

async fn run(
    store: Option<Arc<dyn DedupStore>>,
    run: &str,
    requests: usize,
    in_flight: usize,
) -> Outcome {
    let handled = Arc::new(AtomicUsize::new(0));
    let count = handled.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!(
        "http://{}/webhooks/dialog360",
        listener.local_addr().unwrap()
    );
    let (server, serving) = match store {
        Some(store) => {
            let webhook = Webhook::builder(Provider::Dialog360)
                .require_header("Authorization", SECRET)
                .build()
                .expect("webhook");
            let server = WebhookServer::builder()
                .webhook(webhook)
                .shared_store(store)
                .handler(move |_| {
                    let count = count.clone();
                    async move {
                        count.fetch_add(1, Ordering::Relaxed);
                    }
                })
                .build()
                .expect("server");
            let serving = tokio::spawn(server.clone().serve(listener));
            (Some(server), serving)
        }
        None => {
            // The floor: an axum route that reads the body and answers 200, nothing else.
            let router = axum::Router::new().route(
                "/webhooks/dialog360",
                axum::routing::post(move |_: axum::body::Bytes| {
                    count.fetch_add(1, Ordering::Relaxed);
                    async { axum::http::StatusCode::OK }
                }),
            );
            let serving = tokio::spawn(async move {
                axum::serve(listener, router)
                    .await
                    .map_err(waba::server::ServerError::Io)
            });
            (None, serving)
        }
    };

    waba_runtime::install_crypto_provider();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(in_flight)
        .build()
        .expect("client");
    let bodies = Arc::new(bodies(run, requests));
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..in_flight {
        let (client, url, bodies, next) =
            (client.clone(), url.clone(), bodies.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut not_ok = 0;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(body) = bodies.get(i) else { break };
                let sent = Instant::now();
                let answer = client
                    .post(&url)
                    .header("authorization", SECRET)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await;
                match answer {
                    Ok(a) if a.status() == 200 => {
                        let _ = a.bytes().await;
                    }
                    _ => not_ok += 1,
                }
                latencies.push(sent.elapsed());
            }
            (latencies, not_ok)
        }));
    }
    let mut latencies = Vec::with_capacity(requests);
    let mut not_ok = 0;
    for task in tasks {
        let (l, n) = task.await.expect("task");
        latencies.extend(l);
        not_ok += n;
    }
    let elapsed = started.elapsed();
    if let Some(server) = &server {
        server.idle().await;
    }
    serving.abort();
    latencies.sort();
    Outcome {
        elapsed,
        latencies,
        not_ok,
        handled: handled.load(Ordering::Relaxed),
        peak_kib: status_kib("VmHWM:"),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn main() {
    let requests = arg("--requests", 1000);
    let in_flight = arg("--in-flight", 50);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let tag = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
    );
    let mut stores: Vec<(&str, Option<Arc<dyn DedupStore>>)> = vec![
        ("bare axum (floor)", None),
        ("memory", Some(Arc::new(MemoryStore::default()))),
    ];
    match std::env::var("WABA_BENCH_REDIS_URL") {
        Ok(url) => {
            let store = runtime
                .block_on(RedisStore::connect(&url))
                .unwrap_or_else(|e| panic!("WABA_BENCH_REDIS_URL: {e}"));
            stores.push((
                "redis",
                Some(Arc::new(store.prefix(format!("waba-bench:{tag}:")))),
            ));
        }
        Err(_) => eprintln!("redis: skipped (set WABA_BENCH_REDIS_URL to a running Redis)"),
    }
    println!("{requests} 360dialog status bodies, {in_flight} in flight");
    println!("| store | req/s | p50 | p99 | peak RSS | handled | not 200 |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut failed = false;
    for (name, store) in stores {
        // A warm-up run (connections, allocator), then the measured one.
        runtime.block_on(run(
            store.clone(),
            &format!("{tag}-warm-{name}"),
            requests / 5,
            in_flight,
        ));
        let outcome = runtime.block_on(run(store, &format!("{tag}-{name}"), requests, in_flight));
        let rps = requests as f64 / outcome.elapsed.as_secs_f64();
        println!(
            "| {name} | {:.0} | {:.2} ms | {:.2} ms | {} | {} | {} |",
            rps,
            percentile(&outcome.latencies, 0.50).as_secs_f64() * 1e3,
            percentile(&outcome.latencies, 0.99).as_secs_f64() * 1e3,
            outcome
                .peak_kib
                .map_or("?".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0)),
            outcome.handled,
            outcome.not_ok,
        );
        failed |= outcome.not_ok > 0 || outcome.handled != requests;
    }
    if failed {
        std::process::exit(1);
    }
}
