//! `cargo bench --bench parses -- <documented|corpus> <rounds>`: 360dialog's webhook parse of a
//! set of bodies, `rounds` times, without timing, for instruction counts under
//! `valgrind --tool=callgrind` (stable where wall-clock time on a shared machine is not).
//!
//! `documented` is the bodies of `webhook/dialog360` in the `sdk` bench (the spec's Cloud and
//! On-Premise examples); `corpus` the real-world Cloud API bodies of `webhook/dialog360-corpus`.
//! The instructions of one round are the difference between two runs with different counts
//! divided by the difference of the counts, which cancels the set-up (reading the spec).
//!
//! ```sh
//! cargo bench --bench parses --no-run    # prints the binary's path
//! valgrind --tool=callgrind --callgrind-out-file=corpus-30.out <binary> corpus 30
//! ```

use waba_bench::{Provider, bench_args, corpus_payloads, webhook_payloads};

fn main() {
    let args = bench_args();
    let usage = "usage: parses <documented|corpus> <rounds>";
    let bodies = match args.first().map(String::as_str) {
        Some("documented") => webhook_payloads(Provider::Dialog360),
        Some("corpus") => corpus_payloads(),
        _ => panic!("{usage}"),
    };
    assert!(!bodies.is_empty(), "no bodies found");
    let rounds: usize = args
        .get(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{usage}"));
    let mut parsed = 0;
    for _ in 0..rounds {
        for body in &bodies {
            let payload = waba_dialog360::webhook::parse(std::hint::black_box(body));
            parsed += usize::from(payload.is_ok());
        }
    }
    // Every body parses (an item that does not fit is kept, not an error).
    assert_eq!(parsed, rounds * bodies.len());
}
