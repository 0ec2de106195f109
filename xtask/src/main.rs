//! `cargo xtask`: see the library docs.

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options] [PROVIDER...]

commands:
  generate [--check] [PROVIDER...]  regenerate crates/waba-PROVIDER/src/generated from
                                    specs/PROVIDER.yaml (all specs when none is named);
                                    --check writes nothing and fails with a diff when a
                                    checked-in file is stale
  lint [PROVIDER...]                check the specs (also part of generate)
  build-times [--release] [--only NAME[,NAME...]] [--keep]
                                    build each of floor-ring, floor-aws-lc,
                                    floor-native-tls, floor-ring-http1, sdk, own (implies
                                    sdk) and workspace in a clean target/build-times/NAME
                                    and print a markdown report; --keep leaves the
                                    target dirs
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    if command == "build-times" {
        return build_times(rest);
    }
    let check = rest.iter().any(|a| a == "--check");
    let unknown: Vec<&String> = rest
        .iter()
        .filter(|a| a.starts_with('-') && *a != "--check")
        .collect();
    if !unknown.is_empty() || (check && command != "generate") {
        eprintln!("unknown option(s): {unknown:?}\n{USAGE}");
        return ExitCode::from(2);
    }
    let only: Vec<String> = rest
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    let root = xtask::workspace_root();
    match command.as_str() {
        "generate" => {
            let started = std::time::Instant::now();
            match xtask::generate(&root, &only, check) {
                Ok(outcome) if check && !outcome.changed.is_empty() => {
                    for diff in &outcome.diffs {
                        print!("{diff}");
                    }
                    eprintln!(
                        "generated code is stale in {} file(s); run `cargo xtask generate` and commit the result",
                        outcome.changed.len()
                    );
                    ExitCode::FAILURE
                }
                Ok(outcome) => {
                    let verb = if check { "up to date" } else { "generated" };
                    eprintln!(
                        "{verb}: {} file(s) changed, in {} ms",
                        outcome.changed.len(),
                        started.elapsed().as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        "lint" => match xtask::lint_all(&root, &only) {
            Ok(problems) if problems.is_empty() => {
                eprintln!("specs are clean");
                ExitCode::SUCCESS
            }
            Ok(problems) => {
                for p in &problems {
                    eprintln!("{p}");
                }
                eprintln!("{} problem(s)", problems.len());
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("unknown command `{other}`\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn build_times(args: &[String]) -> ExitCode {
    let options = match xtask::build_times::parse_args(args) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let report = xtask::build_times::run(&xtask::workspace_root(), &options);
    print!("{}", report.markdown);
    if report.failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
