//! `cargo bench --bench sdk`: the SDK's costs next to their floors, in one run.
//!
//! 1. `send/<provider>`: the provider's typed send call against a loopback server, versus the
//!    same request made with bare reqwest + serde_json (same server, same body, keep-alive on
//!    both). The typed client has its retries (the default policy), a client-side rate limiter
//!    (checked on every request, never reached) and tracing (a `fmt` subscriber at INFO, writing
//!    to a sink) enabled. Goal: typed/bare <= 1.05.
//! 2. `webhook/<provider>`: the documented payloads parsed by the provider crate, versus
//!    parsed into `serde_json::Value`; the facade's neutral events too. Goal: typed throughput
//!    at least the Value throughput. `webhook/dialog360-corpus`: the same for the real-world
//!    Cloud API bodies of the workspace's corpus, many of which take the tolerant read.
//! 3. `body/<provider>`: building and serialising the send body with the provider crate's
//!    constructors, versus `serde_json::json!`.
//! 4. `generate`: `cargo xtask generate --check` for all specs, once built. Goal: < 1 s.
//!
//! Criterion prints its own estimate for each; the table at the end puts the medians of this
//! run's timed batches side by side as ratios. Pass a filter as usual
//! (`cargo bench --bench sdk -- webhook`).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput};
use waba_bench::{
    Provider, bare_body, corpus_payloads, facade_webhook, pair, parse_typed, typed_body,
};

/// Every timed batch of this run: bench id -> (iterations, elapsed).
static BATCHES: Mutex<BTreeMap<String, Vec<(u64, Duration)>>> = Mutex::new(BTreeMap::new());

fn record(id: &str, iters: u64, elapsed: Duration) -> Duration {
    BATCHES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .entry(id.to_string())
        .or_default()
        .push((iters, elapsed));
    elapsed
}

/// The median time per iteration over the recorded batches of `id`.
fn median(id: &str) -> Option<Duration> {
    let batches = BATCHES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut per_iter: Vec<f64> = batches
        .get(id)?
        .iter()
        .filter(|(iters, _)| *iters > 0)
        .map(|(iters, elapsed)| elapsed.as_secs_f64() / *iters as f64)
        .collect();
    if per_iter.is_empty() {
        return None;
    }
    per_iter.sort_by(f64::total_cmp);
    Some(Duration::from_secs_f64(per_iter[per_iter.len() / 2]))
}

/// Times `iters` calls of `f` and records the batch under `id`.
fn timed<T>(id: &str, iters: u64, mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        black_box(f());
    }
    record(id, iters, start.elapsed())
}

fn send(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    for provider in Provider::ALL {
        let name = format!("send/{}", provider.id());
        let mut group = c.benchmark_group(&name);
        let pair = match runtime.block_on(pair(provider)) {
            Ok(pair) => pair,
            Err(e) => panic!("{name}: set-up failed: {e}"),
        };
        let typed_id = format!("{name}/typed");
        group.bench_function("typed", |b| {
            b.to_async(&runtime).iter_custom(|iters| {
                let pair = &pair;
                let id = typed_id.as_str();
                async move {
                    let start = Instant::now();
                    if let Err(e) = pair.typed.send_times(&pair.body, iters as usize).await {
                        panic!("{id}: {e}");
                    }
                    record(id, iters, start.elapsed())
                }
            })
        });
        let bare_id = format!("{name}/bare");
        group.bench_function("bare", |b| {
            b.to_async(&runtime).iter_custom(|iters| {
                let pair = &pair;
                let id = bare_id.as_str();
                async move {
                    let start = Instant::now();
                    if let Err(e) = pair.bare.send_times(iters as usize).await {
                        panic!("{id}: {e}");
                    }
                    record(id, iters, start.elapsed())
                }
            })
        });
        group.finish();
        if median(&typed_id).is_some() && median(&bare_id).is_some() {
            let ratios = runtime.block_on(paired(&pair));
            PAIRED
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(provider.id(), ratios);
        }
        assert_eq!(pair.server.unmatched(), 0, "{name}: unexpected requests");
    }
}

/// Paired rounds: typed/bare ratio per round -> sorted ratios, per provider.
static PAIRED: Mutex<BTreeMap<&'static str, Vec<f64>>> = Mutex::new(BTreeMap::new());

/// Rounds of the paired comparison, and sends of each client per round.
const ROUNDS: usize = 400;
const PER_ROUND: usize = 16;

/// The typed and the bare client in alternating batches (the first of each round alternates
/// too), so that drift in the machine's speed during the run hits both alike; one ratio per
/// round, sorted.
async fn paired(pair: &waba_bench::Pair) -> Vec<f64> {
    let mut ratios = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let mut typed = Duration::ZERO;
        let mut bare = Duration::ZERO;
        for turn in 0..2 {
            let start = Instant::now();
            if (round + turn) % 2 == 0 {
                if let Err(e) = pair.typed.send_times(&pair.body, PER_ROUND).await {
                    panic!("paired typed: {e}");
                }
                typed = start.elapsed();
            } else {
                if let Err(e) = pair.bare.send_times(PER_ROUND).await {
                    panic!("paired bare: {e}");
                }
                bare = start.elapsed();
            }
        }
        ratios.push(typed.as_secs_f64() / bare.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    ratios
}

fn webhooks(c: &mut Criterion) {
    let corpus = (Provider::Dialog360, "dialog360-corpus", corpus_payloads());
    let documented = Provider::ALL
        .into_iter()
        .map(|p| (p, p.id(), waba_bench::webhook_payloads(p)));
    for (provider, label, payloads) in documented.chain([corpus]) {
        if payloads.is_empty() {
            continue;
        }
        let name = format!("webhook/{label}");
        for body in &payloads {
            if let Err(e) = parse_typed(provider, body) {
                panic!("{name}: a payload does not parse: {e}");
            }
        }
        let bytes: usize = payloads.iter().map(Vec::len).sum();
        let mut group = c.benchmark_group(&name);
        group.throughput(Throughput::Bytes(bytes as u64));
        let id = format!("{name}/typed");
        group.bench_function("typed", |b| {
            b.iter_custom(|iters| {
                timed(&id, iters, || {
                    payloads
                        .iter()
                        .map(|p| parse_typed(provider, p).is_ok())
                        .filter(|ok| *ok)
                        .count()
                })
            })
        });
        let id = format!("{name}/value");
        group.bench_function("value", |b| {
            b.iter_custom(|iters| {
                timed(&id, iters, || {
                    payloads
                        .iter()
                        .map(|p| serde_json::from_slice::<serde_json::Value>(p).is_ok())
                        .filter(|ok| *ok)
                        .count()
                })
            })
        });
        if let Some((hook, headers)) = facade_webhook(provider) {
            let id = format!("{name}/facade");
            group.bench_function("facade", |b| {
                b.iter_custom(|iters| {
                    timed(&id, iters, || {
                        payloads
                            .iter()
                            .filter_map(|p| hook.events(&headers, p).ok())
                            .count()
                    })
                })
            });
        }
        group.finish();
    }
}

fn bodies(c: &mut Criterion) {
    for provider in Provider::ALL {
        let name = format!("body/{}", provider.id());
        let typed = typed_body(provider)
            .and_then(|b| b.to_json().map_err(|e| e.to_string()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let typed: serde_json::Value =
            serde_json::from_slice(&typed).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(typed, bare_body(provider), "{name}: not the same body");
        let mut group = c.benchmark_group(&name);
        let id = format!("{name}/typed");
        group.bench_function("typed", |b| {
            b.iter_custom(|iters| {
                timed(&id, iters, || {
                    typed_body(provider)
                        .ok()
                        .and_then(|body| body.to_json().ok())
                })
            })
        });
        let id = format!("{name}/json!");
        group.bench_function("json!", |b| {
            b.iter_custom(|iters| timed(&id, iters, || serde_json::to_vec(&bare_body(provider))))
        });
        group.finish();
    }
}

fn generate(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let run = || {
        Command::new(&cargo)
            .args(["xtask", "generate", "--check"])
            .current_dir(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
    };
    let mut group = c.benchmark_group("generate");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    let mut ready = false;
    group.bench_function("cargo xtask generate --check", |b| {
        if !ready {
            // Builds xtask if needed (not timed) and checks the generated code is current.
            match run() {
                Ok(status) if status.success() => ready = true,
                other => panic!(
                    "`cargo xtask generate --check` failed before timing ({other:?}): run it for the diff"
                ),
            }
        }
        b.iter_custom(|iters| {
            timed("generate", iters, || match run() {
                Ok(status) if status.success() => {}
                other => panic!("`cargo xtask generate --check` failed: {other:?}"),
            })
        })
    });
    group.finish();
}

fn ms(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us >= 100_000.0 {
        format!("{:.3} s", us / 1e6)
    } else if us >= 1_000.0 {
        format!("{:.2} ms", us / 1e3)
    } else if us >= 1.0 {
        format!("{us:.2} µs")
    } else {
        format!("{:.0} ns", us * 1e3)
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "MISS" }
}

fn report() {
    println!("\n== ratios: median time per call of this run's timed batches");
    let mut printed = false;
    let mut section = |title: &str, rows: Vec<String>| {
        if !rows.is_empty() {
            println!("\n{title}");
            for row in rows {
                println!("{row}");
            }
            printed = true;
        }
    };

    let mut rows = Vec::new();
    for p in Provider::ALL {
        let (Some(typed), Some(bare)) = (
            median(&format!("send/{}/typed", p.id())),
            median(&format!("send/{}/bare", p.id())),
        ) else {
            continue;
        };
        let paired = PAIRED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(p.id())
            .cloned()
            .unwrap_or_default();
        let at = |q: f64| {
            paired
                .get(((paired.len() as f64 * q) as usize).min(paired.len().saturating_sub(1)))
                .copied()
                .unwrap_or(f64::NAN)
        };
        let ratio = at(0.5);
        rows.push(format!(
            "  {:<11} typed {:>10}  bare {:>10}  typed/bare {ratio:.3} (quartiles {:.3}..{:.3})  {}",
            p.id(),
            ms(typed),
            ms(bare),
            at(0.25),
            at(0.75),
            verdict(ratio <= 1.05)
        ));
    }
    section(
        &format!(
            "send: typed call vs bare reqwest + serde_json (goal typed/bare <= 1.05)\n  \
             times: medians of the criterion batches; typed/bare: median of {ROUNDS} paired rounds \
             of {PER_ROUND} sends each"
        ),
        rows,
    );

    let mut rows = Vec::new();
    let labels = Provider::ALL.map(Provider::id);
    for label in labels.into_iter().chain(["dialog360-corpus"]) {
        let (Some(typed), Some(value)) = (
            median(&format!("webhook/{label}/typed")),
            median(&format!("webhook/{label}/value")),
        ) else {
            continue;
        };
        let ratio = value.as_secs_f64() / typed.as_secs_f64();
        let facade = median(&format!("webhook/{label}/facade"))
            .map(|f| format!("  facade events {:>10}", ms(f)))
            .unwrap_or_default();
        rows.push(format!(
            "  {:<16} typed {:>10}  Value {:>10}  typed/Value throughput {ratio:.2}  {}{facade}",
            label,
            ms(typed),
            ms(value),
            verdict(ratio >= 1.0)
        ));
    }
    section(
        "webhook parsing: typed vs serde_json::Value (goal typed throughput >= Value)",
        rows,
    );

    let mut rows = Vec::new();
    for p in Provider::ALL {
        let (Some(typed), Some(bare)) = (
            median(&format!("body/{}/typed", p.id())),
            median(&format!("body/{}/json!", p.id())),
        ) else {
            continue;
        };
        rows.push(format!(
            "  {:<11} typed {:>10}  json! {:>10}  typed/json! {:.2}",
            p.id(),
            ms(typed),
            ms(bare),
            typed.as_secs_f64() / bare.as_secs_f64()
        ));
    }
    section(
        "send body: build + serialise, typed constructors vs serde_json::json!",
        rows,
    );

    if let Some(generate) = median("generate") {
        section(
            "generate (goal < 1 s)",
            vec![format!(
                "  cargo xtask generate --check (all specs)  {}  {}",
                ms(generate),
                verdict(generate < Duration::from_secs(1))
            )],
        );
    }
    if !printed {
        println!("(nothing measured: the filter matched no bench)");
    }
}

fn main() {
    // Tracing on, as in a service that logs at INFO: the runtime's span per attempt is built
    // and recorded; the output goes nowhere.
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_writer(std::io::sink)
        .init();
    let mut c = Criterion::default().configure_from_args();
    {
        let body: waba_dialog360::types::MessagesRequest =
            match typed_body(Provider::Dialog360).unwrap() {
                waba_bench::Body::Dialog360(b) => *b,
                _ => unreachable!(),
            };
        // The generated check of the body (`generated/checks.rs`), as `send_message` runs it.
        c.bench_function("exp/validate", |b| {
            b.iter(|| waba_runtime::check::Check::check(std::hint::black_box(&body)).is_ok())
        });
        c.bench_function("exp/to_value", |b| {
            b.iter(|| serde_json::to_value(&body).is_ok())
        });
        c.bench_function("exp/to_vec", |b| {
            b.iter(|| serde_json::to_vec(&body).is_ok())
        });
    }
    send(&mut c);
    webhooks(&mut c);
    bodies(&mut c);
    generate(&mut c);
    c.final_summary();
    report();
}
