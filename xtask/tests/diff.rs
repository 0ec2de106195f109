//! `cargo xtask diff`: each fixture pair under `tests/diff/<case>/` (`old.yaml`, `new.yaml`)
//! gives exactly the findings listed in its `expected` file (`kind | at | rust | wire |
//! used in`, `#` comments); a real spec with three edits gives exactly three findings; git
//! revisions that are missing or specs that are new are reported, not errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use xtask::diff::{self, Finding, Status};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff")
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    diff::parse_spec(&text, &path.display().to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn line(f: &Finding) -> String {
    format!(
        "{} | {} | {} | {} | {}",
        f.kind.as_str(),
        f.at,
        f.rust.as_str(),
        f.wire.as_str(),
        f.used_in.join(", ")
    )
    .trim_end()
    .to_string()
}

#[test]
fn every_fixture_pair_gives_exactly_its_expected_findings() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("tests/diff exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 14, "fixture cases missing: {cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let found: Vec<String> =
            diff::compare(&load(&case.join("old.yaml")), &load(&case.join("new.yaml")))
                .iter()
                .map(line)
                .collect();
        let expected: Vec<String> = std::fs::read_to_string(case.join("expected"))
            .expect("expected file")
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        assert!(
            !expected.is_empty(),
            "{name}: an empty expectation proves nothing"
        );
        if found != expected {
            failures.push(format!(
                "{name}:\n  expected:\n    {}\n  found:\n    {}",
                expected.join("\n    "),
                found.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_unchanged_spec_has_no_findings() {
    let spec = load(&fixtures().join("field-added/old.yaml"));
    assert_eq!(diff::compare(&spec, &spec), Vec::new());
}

#[test]
fn prose_only_edits_are_no_findings() {
    let old = load(&fixtures().join("field-added/old.yaml"));
    let mut new = old.clone();
    new["components"]["schemas"]["Pet"]["description"] = json!("Reworded.");
    new["paths"]["/pets"]["post"]["summary"] = json!("Create a pet");
    assert_eq!(diff::compare(&old, &new), Vec::new());
}

/// A copy of the real Onextel spec with a field removed, an enum value added and a maxLength
/// tightened.
#[test]
fn real_spec_with_three_edits_gives_exactly_three_findings() {
    let root = xtask::workspace_root();
    let old = xtask::Spec::load(&root, Path::new("specs/onextel.yaml"))
        .expect("onextel spec")
        .json;
    let mut new = old.clone();
    let schemas = &mut new["components"]["schemas"];
    schemas["Media"]["properties"]
        .as_object_mut()
        .expect("Media has properties")
        .remove("fileName")
        .expect("Media.fileName exists");
    schemas["MediaType"]["enum"]
        .as_array_mut()
        .expect("MediaType is an enum")
        .push(json!("AUDIO"));
    let from = &mut schemas["SendMessageRequest"]["properties"]["from"];
    assert!(
        from.get("maxLength").is_none(),
        "the test assumes no maxLength yet"
    );
    from["maxLength"] = json!(15);

    let found: Vec<String> = diff::compare(&old, &new).iter().map(line).collect();
    assert_eq!(
        found,
        [
            "field-removed | Media.fileName | breaking | compatible | send_message (request)",
            "enum-value-added | MediaType | additive | compatible | send_message (request)",
            "constraint-tightened | SendMessageRequest.from | none | breaking | send_message (request)",
        ]
    );

    // The text report, as the README shows it.
    let report = diff::Report {
        base: "HEAD".into(),
        providers: vec![diff::ProviderReport {
            provider: "onextel".into(),
            status: Status::Compared,
            findings: diff::compare(&old, &new),
        }],
    };
    let text = report.text();
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let shown: Vec<&str> = text.lines().take(5).collect();
    assert_eq!(
        shown[0],
        "== onextel: 3 change(s) against HEAD: 1 breaking the Rust API, 1 breaking on the wire"
    );
    for line in shown {
        assert!(
            readme.contains(&format!("{line}\n")),
            "README does not show `{line}`"
        );
    }
}

// ------------------------------------------------------------------ git revisions

struct Repo(PathBuf);

impl Repo {
    fn new(name: &str) -> Repo {
        let dir = std::env::temp_dir().join(format!("xtask-diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("specs")).expect("temp dir");
        let repo = Repo(dir);
        repo.git(&["init", "-q"]);
        repo
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .current_dir(&self.0)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    fn write(&self, name: &str, from_fixture: &str) {
        std::fs::copy(
            fixtures().join(from_fixture),
            self.0.join("specs").join(name),
        )
        .expect("copy");
    }

    fn commit(&self) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", "specs"]);
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_revision_that_does_not_exist_is_a_clear_message() {
    let repo = Repo::new("first");
    repo.write("pets.yaml", "servers/old.yaml");
    repo.commit();
    // The first commit has no parent, as in a shallow clone.
    let err = diff::run(&repo.0, &[], "HEAD~1").expect_err("no parent commit");
    assert!(err.contains("`HEAD~1` does not exist"), "{err}");
    assert!(diff::run(&repo.0, &[], "HEAD").is_ok());
}

#[test]
fn specs_are_compared_with_the_revision_and_new_or_removed_ones_are_reported() {
    let repo = Repo::new("compare");
    repo.write("pets.yaml", "servers/old.yaml");
    repo.write("gone.yaml", "servers/old.yaml");
    repo.commit();
    repo.write("pets.yaml", "servers/new.yaml");
    repo.write("fresh.yaml", "servers/old.yaml");
    std::fs::remove_file(repo.0.join("specs/gone.yaml")).expect("remove");

    let report = diff::run(&repo.0, &[], "HEAD").expect("report");
    let status: Vec<(&str, Status, usize)> = report
        .providers
        .iter()
        .map(|p| (p.provider.as_str(), p.status, p.findings.len()))
        .collect();
    assert_eq!(
        status,
        [
            ("fresh", Status::New, 0),
            ("gone", Status::Removed, 0),
            ("pets", Status::Compared, 2),
        ]
    );
    assert!(report.is_breaking());
    let pets = &report.providers[2];
    assert_eq!(
        pets.summary_line("HEAD"),
        "pets: 2 changes against HEAD (1 breaking) — cargo xtask diff pets"
    );
    let json = report.json();
    assert_eq!(json["base"], "HEAD");
    assert_eq!(
        json["providers"][2]["findings"][1]["kind"],
        "server-removed"
    );
    assert_eq!(json["providers"][2]["findings"][1]["wire"], "breaking");
    assert_eq!(json["providers"][1]["status"], "removed");
    let text = report.text();
    assert!(text.contains("== fresh: specs/fresh.yaml is new"), "{text}");
    assert!(
        text.contains("- server-removed servers: `https://api.example.com` removed"),
        "{text}"
    );

    // Only the named provider.
    let only = diff::run(&repo.0, &["pets".to_string()], "HEAD").expect("report");
    assert_eq!(only.providers.len(), 1);
    // A name that exists nowhere is an error naming it.
    let err = diff::run(&repo.0, &["nope".to_string()], "HEAD").expect_err("unknown");
    assert!(err.contains("`nope`"), "{err}");
}
