//! The `waba` binary, run as a user runs it: a clean environment with only the variables a
//! test sets, arguments, stdin, and mock servers standing in for the providers.

mod send;
mod templates;
mod webhook;

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::Value;
pub use waba_workspace_tests::{operation, schema_example, spec};

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Stdout, as text.
    pub stdout: String,
    /// Stderr, as text.
    pub stderr: String,
}

impl Run {
    /// Stdout's lines, each read as JSON.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}\n{self:?}"))
            })
            .collect()
    }
}

/// Runs `waba args…` with only `vars` in its environment, `stdin` on its stdin; stdout and
/// stderr are pipes (not terminals).
pub fn waba(args: &[&str], vars: &[(&str, &str)], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waba"))
        .args(args)
        .env_clear()
        .envs(vars.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut input = child.stdin.take().expect("stdin");
    // The binary may stop before it reads stdin (a refused secret is refused first).
    if let Err(e) = input.write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "stdin: {e}");
    }
    drop(input);
    let output = child.wait_with_output().expect("the binary ends");
    Run {
        code: output.status.code().expect("an exit code, not a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// The JSON example of an operation's answer `code`: its `example`, or its example `name`.
pub fn answer(provider: &str, id: &str, code: &str, name: Option<&str>) -> Value {
    let op = operation(&spec(provider), id);
    let media = &op["responses"][code]["content"]["application/json"];
    let value = match name {
        Some(name) => media["examples"][name]["value"].clone(),
        None => media["example"].clone(),
    };
    assert!(
        !value.is_null(),
        "{provider} {id} {code} {name:?}: no example"
    );
    value
}

/// The bodies a mock received, in order.
pub type Bodies = Arc<Mutex<Vec<Vec<u8>>>>;

/// A matcher for `when.is_true(..)` that records each body it sees.
pub fn recorder() -> (
    Bodies,
    impl Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync + 'static,
) {
    let bodies = Bodies::default();
    let record = bodies.clone();
    let matcher = move |req: &httpmock::HttpMockRequest| {
        record.lock().unwrap().push(req.body_vec());
        true
    };
    (bodies, matcher)
}

/// The only body a mock received, as JSON.
pub fn only_json(bodies: &Bodies) -> Value {
    let bodies = bodies.lock().unwrap();
    assert_eq!(bodies.len(), 1, "one request");
    serde_json::from_slice(&bodies[0]).expect("a JSON body")
}
