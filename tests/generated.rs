//! `cargo test` fails when a spec changed and the code was not regenerated.

#[test]
fn generated_code_matches_the_specs() {
    let root = xtask::workspace_root();
    let outcome = xtask::generate(&root, &[], true).expect("every spec generates");
    assert!(
        outcome.changed.is_empty(),
        "generated code is stale; run `cargo xtask generate` and commit:\n{}",
        outcome.diffs.join("\n")
    );
}

#[test]
fn every_spec_lints_clean() {
    let problems = xtask::lint_all(&xtask::workspace_root(), &[]).expect("specs load");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
