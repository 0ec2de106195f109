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
  diff [PROVIDER...] [--base REV] [--fail-on-breaking] [--json] [--changelog]
                                    what changed in specs/PROVIDER.yaml since the git
                                    revision REV (default HEAD), each change classified
                                    for the generated Rust API and for the wire;
                                    --fail-on-breaking exits 1 when a change breaks either;
                                    --json prints the report as JSON; --changelog writes
                                    it into crates/waba-PROVIDER/CHANGELOG.md
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
    if command == "diff" {
        return diff(rest);
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
                    if !check {
                        spec_change_summary(&root, &only);
                    }
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

/// After `generate`: one line per regenerated provider saying what its spec change does,
/// against `HEAD`. Never fails the command: without git history it says why.
fn spec_change_summary(root: &std::path::Path, only: &[String]) {
    match xtask::diff::run(root, only, "HEAD") {
        Ok(report) => {
            for p in &report.providers {
                // A spec gone from specs/ was not regenerated.
                if p.status != xtask::diff::Status::Removed {
                    eprintln!("{}", p.summary_line(&report.base));
                }
            }
        }
        Err(e) => eprintln!("spec changes not summarised: {e}"),
    }
}

fn diff(args: &[String]) -> ExitCode {
    let mut base = "HEAD".to_string();
    let (mut fail, mut json, mut changelog) = (false, false, false);
    let mut only = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base" => match args.next() {
                Some(rev) if !rev.starts_with('-') => base = rev.clone(),
                _ => {
                    eprintln!("--base needs a git revision\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--fail-on-breaking" => fail = true,
            "--json" => json = true,
            "--changelog" => changelog = true,
            other if other.starts_with('-') => {
                eprintln!("unknown option `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
            name => only.push(name.to_string()),
        }
    }
    let root = xtask::workspace_root();
    let report = match xtask::diff::run(&root, &only, &base) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if json {
        match serde_json::to_string_pretty(&report.json()) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("cannot write the JSON report: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", report.text());
    }
    if changelog {
        for p in &report.providers {
            let path = root.join(format!("crates/waba-{}/CHANGELOG.md", p.provider));
            if !path.parent().is_some_and(std::path::Path::is_dir) {
                eprintln!("{}: no crate directory, no changelog written", p.provider);
                continue;
            }
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            match xtask::diff::update_changelog(&current, p, &report.base) {
                None => eprintln!(
                    "{}: no spec changes against {}; CHANGELOG.md left as is",
                    p.provider, report.base
                ),
                Some(text) if text == current => {
                    eprintln!("{}: CHANGELOG.md already up to date", p.provider)
                }
                Some(text) => match std::fs::write(&path, text) {
                    Ok(()) => eprintln!("{}: wrote {}", p.provider, path.display()),
                    Err(e) => {
                        eprintln!("cannot write {}: {e}", path.display());
                        return ExitCode::FAILURE;
                    }
                },
            }
        }
    }
    if fail && report.is_breaking() {
        eprintln!(
            "breaking changes against {} (Rust API or wire)",
            report.base
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
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
