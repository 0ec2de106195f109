//! `cargo bench --bench calls -- <provider> <typed|bare> <sends>`: a fixed number of sends
//! through one client, without timing, for instruction counts under
//! `valgrind --tool=callgrind` (stable where wall-clock time on a shared machine is not).
//!
//! Each run sets up the provider's pair as the other benches do (server, typed client, one
//! send to record the request for the bare replay), then sends `sends` times through the
//! chosen client. The instructions of one send are the difference between two runs with
//! different counts divided by the difference of the counts, which cancels the set-up; the
//! typed and the bare numbers come from the same server, so their difference is the SDK's.
//! Tracing is on as in the other benches (a `fmt` subscriber at INFO writing to a sink).
//!
//! ```sh
//! cargo bench --bench calls --no-run    # prints the binary's path
//! valgrind --tool=callgrind --callgrind-out-file=typed-2000.out <binary> dialog360 typed 2000
//! ```

use waba_bench::{Provider, bench_args, pair};

fn main() {
    let args = bench_args();
    let usage = "usage: calls <provider> <typed|bare> <sends>";
    let provider = args
        .first()
        .and_then(|id| Provider::ALL.into_iter().find(|p| p.id() == id))
        .unwrap_or_else(|| panic!("{usage}"));
    let typed = match args.get(1).map(String::as_str) {
        Some("typed") => true,
        Some("bare") => false,
        _ => panic!("{usage}"),
    };
    let sends: usize = args
        .get(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{usage}"));
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_writer(std::io::sink)
        .init();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let pair = pair(provider)
            .await
            .unwrap_or_else(|e| panic!("{}: set-up failed: {e}", provider.id()));
        let sent = if typed {
            pair.typed.send_times(&pair.body, sends).await
        } else {
            pair.bare.send_times(sends).await
        };
        if let Err(e) = sent {
            panic!("{}: {e}", provider.id());
        }
        assert_eq!(pair.server.unmatched(), 0, "unexpected requests");
    });
}
