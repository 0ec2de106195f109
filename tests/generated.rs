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

/// The `fn name<F>` methods declared by the `MockServerExt` trait of a generated `mock.rs`.
fn mock_helpers(mock_rs: &str) -> std::collections::BTreeSet<String> {
    let start = mock_rs
        .find("pub trait MockServerExt {")
        .expect("mock.rs declares MockServerExt");
    let end = start + mock_rs[start..].find("\n}").expect("the trait block ends");
    mock_rs[start..end]
        .split("fn ")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("<F>")
                .map(|(name, _)| name.trim().to_string())
        })
        .collect()
}

#[test]
fn every_operation_of_every_spec_has_a_typed_mock_helper() {
    let root = xtask::workspace_root();
    let providers = xtask::providers(&root, &[]).expect("specs found");
    assert_eq!(providers.len(), 5);
    let mut multipart = 0;
    for provider in providers {
        let spec = xtask::Spec::load(&root, &provider.spec).expect("spec loads");
        let mock_rs =
            std::fs::read_to_string(root.join(&provider.crate_dir).join("src/generated/mock.rs"))
                .expect("mock.rs generated");
        let helpers = mock_helpers(&mock_rs);
        let operations: std::collections::BTreeSet<String> = spec
            .operations()
            .into_iter()
            .map(|(_, _, op)| {
                if op
                    .pointer("/requestBody/content/multipart~1form-data")
                    .is_some()
                {
                    multipart += 1;
                }
                op["operationId"].as_str().expect("operationId").to_string()
            })
            .collect();
        assert!(!operations.is_empty());
        assert_eq!(
            helpers, operations,
            "{}: MockServerExt must have one helper per operation",
            provider.name
        );
    }
    // The multipart operations (360dialog's upload, Channel360's two, Desk360's five) are
    // among them.
    assert_eq!(multipart, 8);
}
