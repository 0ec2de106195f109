//! `cargo bench --bench throughput`: 10,000 sends through one client, 100 in flight, against
//! the loopback server, for each provider's typed client and for bare reqwest + serde_json.
//! Reports requests per second, p50 and p99 latency, peak memory and errors; exits non-zero if
//! any send failed.
//!
//! One client means one client value whose clones (sharing its connection pool, limiter and
//! token) are used by 100 tasks at once, on a single-threaded tokio runtime; the server runs on
//! its own thread. Peak memory is the process's peak resident set size (`VmHWM`) during the run,
//! reset before each run (Linux `clear_refs`); it includes the server and the benchmark itself,
//! so the `before` column gives the resident size the run started from.
//!
//! A run of 10,000 sends takes a fraction of a second, so one run of each client differs from
//! the next by more than the ratio being judged. The ratio is therefore measured in paired
//! rounds, like the send ratio of the `sdk` bench: each round runs the typed and the bare client
//! once each, alternating which goes first, and the ratio is the median of the rounds' ratios,
//! with its quartiles. The table shows each client's median round.
//!
//! Arguments: provider names to run a subset (`cargo bench --bench throughput -- mehery`);
//! `--sends N` and `--in-flight N` to change the load, `--rounds N` (default 15) the rounds.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use waba_bench::{Bare, Body, Provider, Typed, pair};

/// One client, sending the provider's body.
#[derive(Clone)]
enum Sender {
    Typed(Typed, Arc<Body>),
    Bare(Bare),
}

impl Sender {
    async fn send(&self) -> Result<(), String> {
        match self {
            // The answer is dropped, as the bare client's is (no copy of its id).
            Sender::Typed(client, body) => client.send_times(body, 1).await,
            Sender::Bare(client) => client.send().await.map(drop),
        }
    }
}

struct Outcome {
    elapsed: Duration,
    latencies: Vec<Duration>,
    errors: usize,
    first_error: Option<String>,
    rss_before_kib: Option<u64>,
    peak_kib: Option<u64>,
}

/// A field of `/proc/self/status` in KiB (Linux).
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak resident set size to the current one (Linux `clear_refs` value 5).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

async fn run(sender: Sender, sends: usize, in_flight: usize) -> Outcome {
    let rss_before_kib = status_kib("VmRSS:");
    let peak_reset = reset_peak();
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..in_flight {
        let sender = sender.clone();
        let next = next.clone();
        tasks.spawn(async move {
            let mut latencies = Vec::with_capacity(sends / in_flight + 1);
            let mut errors = Vec::new();
            while next.fetch_add(1, Ordering::Relaxed) < sends {
                let sent = Instant::now();
                let result = sender.send().await;
                latencies.push(sent.elapsed());
                if let Err(e) = result {
                    errors.push(e);
                }
            }
            (latencies, errors)
        });
    }
    let mut latencies = Vec::with_capacity(sends);
    let mut errors = 0;
    let mut first_error = None;
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((l, e)) => {
                latencies.extend(l);
                errors += e.len();
                if first_error.is_none() {
                    first_error = e.into_iter().next();
                }
            }
            Err(e) => {
                errors += 1;
                first_error.get_or_insert_with(|| e.to_string());
            }
        }
    }
    let elapsed = start.elapsed();
    latencies.sort();
    Outcome {
        elapsed,
        latencies,
        errors,
        first_error,
        rss_before_kib,
        peak_kib: if peak_reset {
            status_kib("VmHWM:")
        } else {
            None
        },
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

fn mib(kib: Option<u64>) -> String {
    kib.map(|k| format!("{:.1} MiB", k as f64 / 1024.0))
        .unwrap_or_else(|| "n/a".into())
}

fn number(args: &[String], flag: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sends = number(&args, "--sends", 10_000);
    let in_flight = number(&args, "--in-flight", 100);
    let rounds = number(&args, "--rounds", 15).max(1);
    let mut skip_next = false;
    let names: Vec<&str> = args
        .iter()
        .filter(|a| {
            let flag = matches!(a.as_str(), "--sends" | "--in-flight" | "--rounds");
            let skip = std::mem::replace(&mut skip_next, flag);
            !skip && !a.starts_with('-')
        })
        .map(String::as_str)
        .collect();
    let providers: Vec<Provider> = Provider::ALL
        .into_iter()
        .filter(|p| names.is_empty() || names.iter().any(|n| p.id().contains(n)))
        .collect();

    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("no tokio runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!(
        "throughput: {sends} sends, {in_flight} in flight, one client, current-thread runtime, \
         {rounds} paired rounds"
    );
    println!(
        "{:<11} {:<6} {:>9} {:>9} {:>9} {:>11} {:>11} {:>7}",
        "provider", "client", "req/s", "p50", "p99", "rss before", "peak rss", "errors"
    );
    let mut failed = false;
    for provider in providers {
        let pair = match runtime.block_on(pair(provider)) {
            Ok(pair) => pair,
            Err(e) => {
                eprintln!("{}: set-up failed: {e}", provider.id());
                failed = true;
                continue;
            }
        };
        let senders = [
            (
                "typed",
                Sender::Typed(pair.typed.clone(), Arc::new(pair.body.clone())),
            ),
            ("bare", Sender::Bare(pair.bare.clone())),
        ];
        // Warm up: open the connections and fill the pool.
        for (_, sender) in &senders {
            runtime.block_on(run(sender.clone(), in_flight * 2, in_flight));
        }
        let mut outcomes: [Vec<(f64, Outcome)>; 2] = [Vec::new(), Vec::new()];
        let mut ratios = Vec::new();
        for round in 0..rounds {
            let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            let mut rate = [0.0; 2];
            for i in order {
                let (label, sender) = &senders[i];
                let outcome = runtime.block_on(run(sender.clone(), sends, in_flight));
                if outcome.errors > 0 || outcome.latencies.len() != sends {
                    failed = true;
                    eprintln!(
                        "{} {label}: {} error(s), {} of {sends} sends completed; first: {}",
                        provider.id(),
                        outcome.errors,
                        outcome.latencies.len(),
                        outcome.first_error.clone().unwrap_or_default()
                    );
                }
                rate[i] = outcome.latencies.len() as f64 / outcome.elapsed.as_secs_f64();
                outcomes[i].push((rate[i], outcome));
            }
            ratios.push(rate[0] / rate[1]);
        }
        for (i, (label, _)) in senders.iter().enumerate() {
            let runs = &mut outcomes[i];
            runs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (rate, outcome) = &runs[runs.len() / 2];
            println!(
                "{:<11} {:<6} {:>9.0} {:>6.2} ms {:>6.2} ms {:>11} {:>11} {:>7}",
                provider.id(),
                label,
                rate,
                percentile(&outcome.latencies, 0.50).as_secs_f64() * 1e3,
                percentile(&outcome.latencies, 0.99).as_secs_f64() * 1e3,
                mib(outcome.rss_before_kib),
                mib(outcome.peak_kib),
                outcome.errors
            );
        }
        ratios.sort_by(f64::total_cmp);
        let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
        println!(
            "{:<11} typed/bare throughput {:.3} (median of {rounds} paired rounds, quartiles \
             {:.3}..{:.3})",
            provider.id(),
            at(0.5),
            at(0.25),
            at(0.75)
        );
        if pair.server.unmatched() != 0 {
            failed = true;
            eprintln!("{}: requests matched no route", provider.id());
        }
    }
    if failed {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
