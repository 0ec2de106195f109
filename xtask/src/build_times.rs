//! `cargo xtask build-times`: build times on clean target directories, as a markdown report.
//!
//! Every measurement gets its own `target/build-times/<name>/` (removed first), runs with
//! `CARGO_INCREMENTAL=0`, never times downloads (`cargo fetch` runs first) and takes the wall
//! time around the `cargo build` process:
//! - `floor-<variant>`: a scratch crate that uses only reqwest, tokio and serde_json (plus rustls
//!   for the ring variants) with the dependency entries waba-runtime has, i.e. the floor under
//!   every client of this workspace; variants swap reqwest's TLS backend or drop HTTP/2;
//! - `sdk`: `cargo build -p waba`, the facade with every provider (its default features);
//! - `workspace`: `cargo build --workspace`, generator and test support included;
//! - `own`: after `sdk`, in its target dir, waba-runtime, each provider crate and waba rebuilt
//!   one at a time: built alone once (untimed), `src/lib.rs` mtime bumped, rebuilt alone; the
//!   crate's own compile time is its unit's `duration` in that rebuild's `--timings` (units
//!   listed with a zero duration were fresh).
//!
//! Goals checked: a crate's own compile <= 10 s, `workspace` and `sdk` <= 1.5x `floor-ring`.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

/// Every name `--only` accepts, in the order the measurements run.
pub const NAMES: [&str; 7] = [
    "floor-ring",
    "floor-aws-lc",
    "floor-native-tls",
    "floor-ring-http1",
    "sdk",
    "own",
    "workspace",
];

/// Goal for a crate's own compile time, in seconds.
pub const OWN_GOAL_SECS: f64 = 10.0;

/// Goal for `workspace` and `sdk` wall time as a multiple of `floor-ring`.
pub const FLOOR_RATIO_GOAL: f64 = 1.5;

/// The crates the dependency floor uses, read from [`FLOOR_SOURCE`]'s dependencies.
pub const FLOOR_CRATES: [&str; 4] = ["reqwest", "tokio", "serde_json", "rustls"];

/// The workspace package whose dependency entries (versions, features) the floor copies.
pub const FLOOR_SOURCE: &str = "waba-runtime";

/// How many lines of cargo's stderr a failed build reports.
const STDERR_TAIL: usize = 20;

/// What to measure and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Release profile for every build instead of dev.
    pub release: bool,
    /// The measurements to run, a subset of [`NAMES`] in its order.
    pub only: Vec<&'static str>,
    /// Leave every target directory in place.
    pub keep: bool,
}

impl Options {
    fn wants(&self, name: &str) -> bool {
        self.only.contains(&name)
    }
}

/// Reads `[--release] [--only NAME[,NAME...]] [--keep]`; `own` implies `sdk`.
pub fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut release = false;
    let mut keep = false;
    let mut chosen: Option<Vec<String>> = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--release" => release = true,
            "--keep" => keep = true,
            "--only" => {
                let Some(list) = args.next() else {
                    return Err("--only needs a comma-separated list of names".to_string());
                };
                chosen.get_or_insert_with(Vec::new).extend(split_list(list));
            }
            other => match other.strip_prefix("--only=") {
                Some(list) => chosen.get_or_insert_with(Vec::new).extend(split_list(list)),
                None => return Err(format!("unknown argument `{other}`")),
            },
        }
    }
    let only = match chosen {
        None => NAMES.to_vec(),
        Some(chosen) => {
            if chosen.is_empty() {
                return Err("--only names no measurement".to_string());
            }
            if let Some(bad) = chosen.iter().find(|c| !NAMES.contains(&c.as_str())) {
                return Err(format!(
                    "unknown measurement `{bad}` (known: {})",
                    NAMES.join(", ")
                ));
            }
            let implied_sdk = chosen.iter().any(|c| c == "own");
            NAMES
                .iter()
                .copied()
                .filter(|n| chosen.iter().any(|c| c == n) || (*n == "sdk" && implied_sdk))
                .collect()
        }
    };
    Ok(Options {
        release,
        only,
        keep,
    })
}

fn split_list(list: &str) -> impl Iterator<Item = String> + '_ {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A dependency-floor variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Floor {
    /// The workspace's own choice: reqwest with `rustls-no-provider`, rustls with `ring`.
    Ring,
    /// reqwest's default TLS (`rustls`, aws-lc-rs provider), no rustls dependency.
    AwsLc,
    /// reqwest with `native-tls` (OpenSSL on Linux), no rustls dependency.
    NativeTls,
    /// Like [`Floor::Ring`] without reqwest's `http2` feature.
    RingHttp1,
}

impl Floor {
    /// Every variant, in [`NAMES`] order.
    pub const ALL: [Floor; 4] = [
        Floor::Ring,
        Floor::AwsLc,
        Floor::NativeTls,
        Floor::RingHttp1,
    ];

    /// The measurement name, also the scratch crate's package name (`floor-ring`).
    pub fn name(self) -> &'static str {
        match self {
            Floor::Ring => "floor-ring",
            Floor::AwsLc => "floor-aws-lc",
            Floor::NativeTls => "floor-native-tls",
            Floor::RingHttp1 => "floor-ring-http1",
        }
    }
}

/// One dependency of the floor crate, as `cargo metadata` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dep {
    /// Crate name.
    pub name: String,
    /// Version requirement (`^0.13`).
    pub req: String,
    /// Whether the crate's default features are on.
    pub default_features: bool,
    /// Features turned on.
    pub features: Vec<String>,
}

/// Reads [`FLOOR_CRATES`] from [`FLOOR_SOURCE`]'s normal, platform-independent dependencies in
/// the output of `cargo metadata --format-version 1 --no-deps` (workspace inheritance already
/// resolved there, so these are the `[workspace.dependencies]` entries as the crate sees them).
pub fn floor_deps(metadata: &Value) -> Result<Vec<Dep>, String> {
    let package = metadata
        .get("packages")
        .and_then(Value::as_array)
        .and_then(|packages| {
            packages
                .iter()
                .find(|p| p.get("name").and_then(Value::as_str) == Some(FLOOR_SOURCE))
        })
        .ok_or_else(|| format!("cargo metadata lists no package `{FLOOR_SOURCE}`"))?;
    let deps = package
        .get("dependencies")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("cargo metadata: `{FLOOR_SOURCE}` has no dependency list"))?;
    FLOOR_CRATES
        .iter()
        .map(|wanted| {
            let entry = deps
                .iter()
                .find(|d| {
                    d.get("name").and_then(Value::as_str) == Some(*wanted)
                        && d.get("kind").is_none_or(Value::is_null)
                        && d.get("target").is_none_or(Value::is_null)
                })
                .ok_or_else(|| {
                    format!("`{FLOOR_SOURCE}` has no normal dependency on `{wanted}`")
                })?;
            let req = entry
                .get("req")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("cargo metadata: `{wanted}` has no version requirement"))?;
            let features = entry
                .get("features")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            Ok(Dep {
                name: (*wanted).to_string(),
                req: req.to_string(),
                default_features: entry
                    .get("uses_default_features")
                    .and_then(Value::as_bool)
                    .unwrap_or(true),
                features,
            })
        })
        .collect()
}

/// The floor's dependencies for one variant, from the workspace's own ([`floor_deps`]).
pub fn variant_deps(floor: Floor, workspace: &[Dep]) -> Result<Vec<Dep>, String> {
    let mut deps = workspace.to_vec();
    let Some(reqwest) = deps.iter_mut().find(|d| d.name == "reqwest") else {
        return Err("the floor has no reqwest dependency".to_string());
    };
    match floor {
        Floor::Ring => {}
        Floor::AwsLc => replace_feature(reqwest, "rustls-no-provider", "rustls")?,
        Floor::NativeTls => replace_feature(reqwest, "rustls-no-provider", "native-tls")?,
        Floor::RingHttp1 => {
            let before = reqwest.features.len();
            reqwest.features.retain(|f| f != "http2");
            if reqwest.features.len() == before {
                return Err(
                    "reqwest has no `http2` feature to drop: floor-ring-http1 would be floor-ring"
                        .to_string(),
                );
            }
        }
    }
    match floor {
        Floor::AwsLc | Floor::NativeTls => deps.retain(|d| d.name != "rustls"),
        Floor::Ring | Floor::RingHttp1 => {
            let ring = deps
                .iter()
                .any(|d| d.name == "rustls" && d.features.iter().any(|f| f == "ring"));
            if !ring {
                return Err(format!(
                    "{} needs rustls with its `ring` feature, as the workspace had it",
                    floor.name()
                ));
            }
        }
    }
    Ok(deps)
}

fn replace_feature(dep: &mut Dep, from: &str, to: &str) -> Result<(), String> {
    let Some(slot) = dep.features.iter_mut().find(|f| *f == from) else {
        return Err(format!(
            "{} has no `{from}` feature to replace by `{to}`",
            dep.name
        ));
    };
    *slot = to.to_string();
    Ok(())
}

/// A TOML basic string: JSON's string escapes (`\"`, `\\`, `\n`, `\uXXXX`, ...) are all valid
/// TOML escapes, and serde_json never writes `\/`.
fn toml_str(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// The scratch crate's `Cargo.toml`: its own workspace (`[workspace]`), a library, `deps`.
pub fn floor_manifest(package: &str, deps: &[Dep]) -> String {
    let mut out = format!(
        "[package]\nname = {}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n",
        toml_str(package)
    );
    for dep in deps {
        let _ = write!(out, "{} = {{ version = {}", dep.name, toml_str(&dep.req));
        if !dep.default_features {
            out.push_str(", default-features = false");
        }
        if !dep.features.is_empty() {
            let features: Vec<String> = dep.features.iter().map(|f| toml_str(f)).collect();
            let _ = write!(out, ", features = [{}]", features.join(", "));
        }
        out.push_str(" }\n");
    }
    out
}

/// The scratch crate's `src/lib.rs`: uses every dependency the way a client does (a client,
/// a JSON body posted, a JSON answer read, a tokio timeout around the call); installs rustls's
/// ring provider when rustls is a dependency.
pub fn floor_lib(deps: &[Dep]) -> String {
    let install = if deps.iter().any(|d| d.name == "rustls") {
        "    if rustls::crypto::CryptoProvider::get_default().is_none() {\n        \
         let _ = rustls::crypto::ring::default_provider().install_default();\n    }\n"
    } else {
        ""
    };
    format!(
        "//! Dependency floor measured by `cargo xtask build-times`.\n\
         \n\
         use std::time::Duration;\n\
         \n\
         /// Posts `body` as JSON and reads the JSON answer, as every client does.\n\
         pub async fn post(url: &str, body: serde_json::Value) -> Result<serde_json::Value, String> {{\n\
         {install}    \
         let client = reqwest::Client::builder()\n        \
         .connect_timeout(Duration::from_secs(10))\n        \
         .build()\n        \
         .map_err(|e| e.to_string())?;\n    \
         let call = async {{\n        \
         client\n            \
         .post(url)\n            \
         .json(&body)\n            \
         .send()\n            \
         .await?\n            \
         .error_for_status()?\n            \
         .json::<serde_json::Value>()\n            \
         .await\n    \
         }};\n    \
         match tokio::time::timeout(Duration::from_secs(30), call).await {{\n        \
         Ok(answer) => answer.map_err(|e| e.to_string()),\n        \
         Err(_) => Err(\"timed out\".to_string()),\n    \
         }}\n\
         }}\n"
    )
}

/// One unit of a `cargo build --timings` report.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Package name (`waba-runtime`).
    pub name: String,
    /// Package version.
    pub version: String,
    /// Target description: empty for a library, ` build-script`, ` build-script (run)`, ...
    pub target: String,
    /// Seconds from the build's start to the unit's.
    pub start: f64,
    /// Seconds the unit took.
    pub duration: f64,
}

impl Unit {
    /// Whether this is the package's library (cargo writes an empty target for it).
    pub fn is_lib(&self) -> bool {
        self.target.trim().is_empty()
    }
}

/// Reads the units out of a `cargo-timing.html`: cargo embeds them as a JSON array in a
/// script, `const UNIT_DATA = [...];`.
pub fn parse_timings(html: &str) -> Result<Vec<Unit>, String> {
    const MARKER: &str = "UNIT_DATA = ";
    let at = html
        .find(MARKER)
        .ok_or("cargo-timing.html has no UNIT_DATA (a format this xtask does not know)")?;
    let rest = &html[at + MARKER.len()..];
    let data = serde_json::Deserializer::from_str(rest)
        .into_iter::<Value>()
        .next()
        .ok_or("cargo-timing.html: UNIT_DATA holds no value")?
        .map_err(|e| format!("cargo-timing.html: UNIT_DATA is not JSON: {e}"))?;
    let units = data
        .as_array()
        .ok_or("cargo-timing.html: UNIT_DATA is not an array")?;
    units
        .iter()
        .map(|unit| {
            let text = |key: &str| {
                unit.get(key)
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| format!("cargo-timing.html: a unit has no string `{key}`"))
            };
            let number = |key: &str| {
                unit.get(key)
                    .and_then(Value::as_f64)
                    .ok_or_else(|| format!("cargo-timing.html: a unit has no number `{key}`"))
            };
            Ok(Unit {
                name: text("name")?,
                version: text("version")?,
                target: text("target")?,
                start: number("start")?,
                duration: number("duration")?,
            })
        })
        .collect()
}

/// The last `lines` lines of `text`.
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// A finished build: wall time and the units of its timings.
#[derive(Debug, Clone)]
struct Build {
    wall: Duration,
    units: Vec<Unit>,
}

impl Build {
    fn lib(&self, package: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.name == package && u.is_lib())
    }
}

/// Runs cargo the same way for every measurement.
struct Cargo {
    program: OsString,
    release: bool,
}

impl Cargo {
    fn command(&self, dir: &Path) -> Command {
        let mut command = Command::new(&self.program);
        command
            .current_dir(dir)
            .env("CARGO_INCREMENTAL", "0")
            .env("CARGO_TERM_COLOR", "never")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        command
    }

    /// Runs `command` to its end; its duration, or its stderr's tail when it fails.
    fn run(mut command: Command, what: &str) -> Result<Duration, String> {
        let started = Instant::now();
        let output = command
            .output()
            .map_err(|e| format!("cannot run {what}: {e}"))?;
        let elapsed = started.elapsed();
        if output.status.success() {
            Ok(elapsed)
        } else {
            Err(format!(
                "{what} failed ({}):\n{}",
                output.status,
                tail(&String::from_utf8_lossy(&output.stderr), STDERR_TAIL)
            ))
        }
    }

    fn fetch(&self, dir: &Path) -> Result<(), String> {
        let mut command = self.command(dir);
        command.arg("fetch");
        Self::run(command, "cargo fetch").map(|_| ())
    }

    /// `cargo build --timings --frozen [--release] --target-dir TARGET ARGS`, in `dir`.
    fn build(&self, dir: &Path, target: &Path, args: &[&str]) -> Result<Build, String> {
        let report = target.join("cargo-timings").join("cargo-timing.html");
        if report.exists() {
            std::fs::remove_file(&report)
                .map_err(|e| format!("cannot remove {}: {e}", report.display()))?;
        }
        let mut command = self.command(dir);
        command.args(["build", "--timings", "--frozen"]);
        if self.release {
            command.arg("--release");
        }
        command.arg("--target-dir").arg(target).args(args);
        let what = format!("cargo build {}", args.join(" "));
        let wall = Self::run(command, what.trim())?;
        let html = std::fs::read_to_string(&report)
            .map_err(|e| format!("cannot read {}: {e}", report.display()))?;
        Ok(Build {
            wall,
            units: parse_timings(&html)?,
        })
    }
}

fn progress(message: &str) {
    eprintln!("build-times: {message}");
}

fn clean(dir: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", dir.display())),
    }
}

fn clean_after(dir: &Path, keep: bool) {
    if !keep && let Err(e) = clean(dir) {
        progress(&e);
    }
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn workspace_floor_deps(cargo: &Cargo, root: &Path) -> Result<Vec<Dep>, String> {
    let output = cargo
        .command(root)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .stdout(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            tail(&String::from_utf8_lossy(&output.stderr), STDERR_TAIL)
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    floor_deps(&metadata)
}

/// Writes the floor crate into `dir/crate` (with the workspace's lock), fetches, builds.
fn measure_floor(
    cargo: &Cargo,
    root: &Path,
    dir: &Path,
    floor: Floor,
    workspace: &Result<Vec<Dep>, String>,
) -> Result<Build, String> {
    let deps = variant_deps(floor, workspace.as_ref().map_err(String::clone)?)?;
    let krate = dir.join("crate");
    write(
        &krate.join("Cargo.toml"),
        &floor_manifest(floor.name(), &deps),
    )?;
    write(&krate.join("src").join("lib.rs"), &floor_lib(&deps))?;
    let lock = root.join("Cargo.lock");
    std::fs::copy(&lock, krate.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
    cargo.fetch(&krate)?;
    cargo.build(&krate, dir, &[])
}

/// The crates `own` rebuilds, in an order where each rebuild leaves the next one's
/// dependencies fresh: waba-runtime, the providers, the facade.
fn own_crates(root: &Path) -> Result<Vec<String>, String> {
    let mut crates = vec!["waba-runtime".to_string()];
    for provider in crate::providers(root, &[])? {
        crates.push(format!("waba-{}", provider.name));
    }
    crates.push("waba".to_string());
    Ok(crates)
}

/// Bumps `crate`'s `src/lib.rs` and rebuilds only that package in the `sdk` target dir.
///
/// `-p <crate>` alone may resolve its dependencies with fewer features than `-p waba` did
/// (tokio, for one), which would rebuild them beside the crate; a first, untimed build of
/// the package alone builds those, so the timed rebuild compiles the crate and nothing else.
fn measure_own(cargo: &Cargo, root: &Path, dir: &Path, krate: &str) -> Result<Build, String> {
    cargo.build(root, dir, &["-p", krate])?;
    let lib = root.join("crates").join(krate).join("src").join("lib.rs");
    std::fs::File::options()
        .write(true)
        .open(&lib)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|e| format!("cannot bump the mtime of {}: {e}", lib.display()))?;
    cargo.build(root, dir, &["-p", krate])
}

/// One row of the per-crate table.
struct CrateRow {
    name: String,
    alone: Result<f64, String>,
    in_sdk: Option<f64>,
}

/// The report: markdown for stdout, and whether any build failed.
#[derive(Debug, Clone)]
pub struct Report {
    /// Ready to paste.
    pub markdown: String,
    /// A build (or its setup) failed.
    pub failed: bool,
}

fn rustc_version(root: &Path) -> String {
    Command::new("rustc")
        .arg("-V")
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "rustc (version unknown: `rustc -V` failed)".to_string())
}

/// Runs the measurements `options` names from the workspace at `root`; progress on stderr.
pub fn run(root: &Path, options: &Options) -> Report {
    let cargo = Cargo {
        program: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
        release: options.release,
    };
    let base = root.join("target").join("build-times");
    let mut walls: Vec<(&'static str, Result<f64, String>)> = Vec::new();
    let mut rows: Vec<CrateRow> = Vec::new();
    let mut notes: Vec<String> = Vec::new();

    let floors: Vec<Floor> = Floor::ALL
        .into_iter()
        .filter(|f| options.wants(f.name()))
        .collect();
    if !floors.is_empty() {
        let workspace = workspace_floor_deps(&cargo, root);
        for floor in floors {
            let dir = base.join(floor.name());
            progress(&format!("{}: clean build", floor.name()));
            let outcome =
                clean(&dir).and_then(|()| measure_floor(&cargo, root, &dir, floor, &workspace));
            walls.push((
                floor.name(),
                report_wall(floor.name(), outcome.map(|b| b.wall)),
            ));
            clean_after(&dir, options.keep);
        }
    }

    if options.wants("sdk") {
        let dir = base.join("sdk");
        progress("sdk: clean build of -p waba");
        let sdk = clean(&dir)
            .and_then(|()| cargo.fetch(root))
            .and_then(|()| cargo.build(root, &dir, &["-p", "waba"]));
        walls.push((
            "sdk",
            report_wall("sdk", sdk.as_ref().map(|b| b.wall).map_err(String::clone)),
        ));
        if options.wants("own") {
            match own_crates(root) {
                Err(e) => notes.push(format!("own: {e}")),
                Ok(crates) => {
                    for krate in crates {
                        let in_sdk = sdk
                            .as_ref()
                            .ok()
                            .and_then(|b| b.lib(&krate))
                            .map(|u| u.duration);
                        let alone = match &sdk {
                            Err(_) => Err("not measured: the sdk build failed".to_string()),
                            Ok(_) => {
                                progress(&format!("own: {krate} alone"));
                                own_duration(&cargo, root, &dir, &krate, &mut notes)
                            }
                        };
                        rows.push(CrateRow {
                            name: krate,
                            alone,
                            in_sdk,
                        });
                    }
                }
            }
        } else if let Ok(build) = &sdk {
            for krate in own_crates(root).unwrap_or_default() {
                let in_sdk = build.lib(&krate).map(|u| u.duration);
                rows.push(CrateRow {
                    name: krate,
                    alone: Err("not measured (`own` not chosen)".to_string()),
                    in_sdk,
                });
            }
        }
        clean_after(&dir, options.keep);
    }

    if options.wants("workspace") {
        let dir = base.join("workspace");
        progress("workspace: clean build of --workspace");
        let outcome = clean(&dir)
            .and_then(|()| cargo.fetch(root))
            .and_then(|()| cargo.build(root, &dir, &["--workspace"]));
        walls.push((
            "workspace",
            report_wall("workspace", outcome.map(|b| b.wall)),
        ));
        clean_after(&dir, options.keep);
    }

    render(root, options, &walls, &rows, &notes)
}

fn report_wall(name: &str, outcome: Result<Duration, String>) -> Result<f64, String> {
    match outcome {
        Ok(wall) => {
            progress(&format!("{name}: {:.1} s", wall.as_secs_f64()));
            Ok(wall.as_secs_f64())
        }
        Err(e) => {
            progress(&format!("{name}: FAILED\n{e}"));
            Err(e)
        }
    }
}

fn own_duration(
    cargo: &Cargo,
    root: &Path,
    dir: &Path,
    krate: &str,
    notes: &mut Vec<String>,
) -> Result<f64, String> {
    let build = measure_own(cargo, root, dir, krate).inspect_err(|e| {
        progress(&format!("own {krate}: FAILED\n{e}"));
    })?;
    let others: Vec<String> = build
        .units
        .iter()
        // Fresh units are listed too, with a zero duration.
        .filter(|u| u.duration > 0.0 && !(u.name == krate && u.is_lib()))
        .map(|u| format!("{} {}{}", u.name, u.version, u.target))
        .collect();
    if !others.is_empty() {
        notes.push(format!(
            "own {krate}: the rebuild also compiled {} (not alone)",
            others.join(", ")
        ));
    }
    let unit = build
        .lib(krate)
        .ok_or_else(|| format!("the timings of `cargo build -p {krate}` have no unit for it"))?;
    progress(&format!("own {krate}: {:.1} s", unit.duration));
    Ok(unit.duration)
}

fn goal(ok: bool) -> &'static str {
    if ok { "ok" } else { "MISS" }
}

fn render(
    root: &Path,
    options: &Options,
    walls: &[(&str, Result<f64, String>)],
    rows: &[CrateRow],
    notes: &[String],
) -> Report {
    let profile = if options.release { "release" } else { "dev" };
    let cores = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_else(|_| "unknown".to_string());
    let floor = walls
        .iter()
        .find(|(name, _)| *name == "floor-ring")
        .and_then(|(_, wall)| wall.as_ref().ok().copied());
    let wall_of = |wanted: &str| {
        walls
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, wall)| wall)
    };

    let mut out = String::new();
    let _ = writeln!(out, "### Build times ({profile} profile)\n");
    let _ = writeln!(
        out,
        "Machine: {cores} cores (available parallelism), {}, profile {profile}; each build in a \
         clean target dir, CARGO_INCREMENTAL=0, downloads not timed.\n",
        rustc_version(root)
    );
    let _ = writeln!(out, "| build | wall s | ratio to floor-ring |");
    let _ = writeln!(out, "|---|---:|---:|");
    let mut failures = Vec::new();
    for (name, wall) in walls {
        match wall {
            Ok(secs) => {
                let ratio = floor.map_or("-".to_string(), |f| format!("{:.2}", secs / f));
                let _ = writeln!(out, "| {name} | {secs:.1} | {ratio} |");
            }
            Err(e) => {
                let _ = writeln!(out, "| {name} | failed | - |");
                failures.push((name.to_string(), e.clone()));
            }
        }
    }

    if !rows.is_empty() {
        let _ = writeln!(
            out,
            "\n| crate | own compile s (alone) | in clean sdk build s | goal <= {OWN_GOAL_SECS:.0} s |"
        );
        let _ = writeln!(out, "|---|---:|---:|---|");
        for row in rows {
            let (alone, verdict) = match &row.alone {
                Ok(secs) => (format!("{secs:.1}"), goal(*secs <= OWN_GOAL_SECS)),
                Err(e) => {
                    if !e.starts_with("not measured") {
                        failures.push((format!("own {}", row.name), e.clone()));
                    }
                    ("-".to_string(), "-")
                }
            };
            let in_sdk = row.in_sdk.map_or("-".to_string(), |s| format!("{s:.1}"));
            let _ = writeln!(out, "| {} | {alone} | {in_sdk} | {verdict} |", row.name);
        }
    }

    let _ = writeln!(
        out,
        "\nGoals (wall time <= {FLOOR_RATIO_GOAL}x floor-ring):\n"
    );
    for name in ["workspace", "sdk"] {
        let line = match (wall_of(name), floor) {
            (Some(Ok(secs)), Some(f)) => {
                let ratio = secs / f;
                format!(
                    "{name} / floor-ring = {ratio:.2}: {}",
                    goal(ratio <= FLOOR_RATIO_GOAL)
                )
            }
            (Some(Err(_)), _) => format!("{name}: build failed"),
            (None, _) => format!("{name}: not measured"),
            (Some(Ok(_)), None) => format!("{name}: no floor-ring wall time to compare"),
        };
        let _ = writeln!(out, "- {line}");
    }

    if !notes.is_empty() {
        let _ = writeln!(out, "\nNotes:\n");
        for note in notes {
            let _ = writeln!(out, "- {note}");
        }
    }
    if !failures.is_empty() {
        let _ = writeln!(out, "\nFailed:");
        for (name, error) in &failures {
            let _ = writeln!(out, "\n{name}:\n\n```text\n{error}\n```");
        }
    }
    Report {
        markdown: out,
        failed: !failures.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trimmed from the cargo-timing.html cargo 1.95.0 wrote for `cargo build --timings` of a
    /// scratch library `my-floor` (with a build script) depending on proc-macro2: the script's
    /// opening, three of the seven units, and the start of the next array.
    const REAL_TIMINGS: &str = r#"<script>
DURATION = 1;
const UNIT_DATA = [
  {
    "i": 1,
    "name": "my-floor",
    "version": "0.1.0",
    "mode": "todo",
    "target": " build-script",
    "features": [],
    "start": 0.15,
    "duration": 0.1,
    "unblocked_units": [
      2
    ],
    "unblocked_rmeta_units": [],
    "sections": null
  },
  {
    "i": 3,
    "name": "proc-macro2",
    "version": "1.0.107",
    "mode": "todo",
    "target": "",
    "features": [
      "default",
      "proc-macro"
    ],
    "start": 0.38,
    "duration": 0.43,
    "unblocked_units": [],
    "unblocked_rmeta_units": [
      0
    ],
    "sections": [
      [
        "frontend",
        {
          "start": 0.0,
          "end": 0.24
        }
      ],
      [
        "codegen",
        {
          "start": 0.24,
          "end": 0.43
        }
      ]
    ]
  },
  {
    "i": 0,
    "name": "my-floor",
    "version": "0.1.0",
    "mode": "todo",
    "target": "",
    "features": [],
    "start": 0.63,
    "duration": 0.03,
    "unblocked_units": [],
    "unblocked_rmeta_units": [],
    "sections": [
      [
        "frontend",
        {
          "start": 0.0,
          "end": 0.02
        }
      ],
      [
        "codegen",
        {
          "start": 0.02,
          "end": 0.03
        }
      ]
    ]
  }
];
const CONCURRENCY_DATA = [
  {
    "t": 0.15,
    "active": 2,"#;

    #[test]
    fn parses_the_units_cargo_writes() {
        let units = parse_timings(REAL_TIMINGS).unwrap();
        assert_eq!(units.len(), 3);
        assert_eq!(
            units[0],
            Unit {
                name: "my-floor".into(),
                version: "0.1.0".into(),
                target: " build-script".into(),
                start: 0.15,
                duration: 0.1,
            }
        );
        assert!(!units[0].is_lib());
        let build = Build {
            wall: Duration::from_secs(1),
            units,
        };
        let lib = build.lib("my-floor").unwrap();
        assert_eq!((lib.start, lib.duration), (0.63, 0.03));
        assert_eq!(build.lib("proc-macro2").unwrap().duration, 0.43);
        assert!(build.lib("unicode-ident").is_none());
    }

    #[test]
    fn a_report_without_unit_data_is_an_error() {
        assert!(parse_timings("<html></html>").is_err());
        assert!(parse_timings("const UNIT_DATA = [{\"name\": 1}];").is_err());
        assert!(parse_timings("const UNIT_DATA = [").is_err());
        assert_eq!(parse_timings("const UNIT_DATA = [];\n").unwrap(), vec![]);
    }

    fn workspace_deps() -> Vec<Dep> {
        let dep = |name: &str, req: &str, default_features, features: &[&str]| Dep {
            name: name.into(),
            req: req.into(),
            default_features,
            features: features.iter().map(|f| f.to_string()).collect(),
        };
        vec![
            dep(
                "reqwest",
                "^0.13",
                false,
                &["json", "form", "query", "http2", "rustls-no-provider"],
            ),
            dep("tokio", "^1", true, &["time", "sync", "rt"]),
            dep("serde_json", "^1", true, &[]),
            dep("rustls", "^0.23", false, &["ring", "std", "tls12"]),
        ]
    }

    #[test]
    fn reads_the_floor_from_cargo_metadata() {
        let metadata = serde_json::json!({"packages": [
            {"name": "xtask", "dependencies": []},
            {"name": "waba-runtime", "dependencies": [
                {"name": "reqwest", "req": "^0.13", "kind": null, "target": null,
                 "uses_default_features": false,
                 "features": ["json", "form", "query", "http2", "rustls-no-provider"]},
                {"name": "rustls", "req": "^0.23", "kind": null, "target": null,
                 "uses_default_features": false, "features": ["ring", "std", "tls12"]},
                {"name": "serde_json", "req": "^1", "kind": null, "target": null,
                 "uses_default_features": true, "features": []},
                {"name": "tokio", "req": "^1", "kind": "dev", "target": null,
                 "uses_default_features": true, "features": ["time", "macros"]},
                {"name": "tokio", "req": "^1", "kind": null, "target": null,
                 "uses_default_features": true, "features": ["time", "sync", "rt"]}
            ]}
        ]});
        assert_eq!(floor_deps(&metadata).unwrap(), workspace_deps());
        let missing =
            serde_json::json!({"packages": [{"name": "waba-runtime", "dependencies": []}]});
        assert!(floor_deps(&missing).unwrap_err().contains("reqwest"));
        assert!(floor_deps(&serde_json::json!({})).is_err());
    }

    #[test]
    fn renders_the_ring_floor_manifest() {
        let deps = variant_deps(Floor::Ring, &workspace_deps()).unwrap();
        assert_eq!(
            floor_manifest("floor-ring", &deps),
            r#"[package]
name = "floor-ring"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[lib]
path = "src/lib.rs"

[dependencies]
reqwest = { version = "^0.13", default-features = false, features = ["json", "form", "query", "http2", "rustls-no-provider"] }
tokio = { version = "^1", features = ["time", "sync", "rt"] }
serde_json = { version = "^1" }
rustls = { version = "^0.23", default-features = false, features = ["ring", "std", "tls12"] }
"#
        );
        let lib = floor_lib(&deps);
        assert!(lib.contains("rustls::crypto::ring::default_provider()"));
        assert!(lib.contains(".json::<serde_json::Value>()"));
        assert!(lib.contains("tokio::time::timeout"));
    }

    #[test]
    fn variants_swap_the_tls_backend_or_drop_http2() {
        let workspace = workspace_deps();
        let reqwest_line = |floor| {
            let deps = variant_deps(floor, &workspace).unwrap();
            let manifest = floor_manifest(Floor::name(floor), &deps);
            assert_eq!(
                manifest.contains("\nrustls = "),
                matches!(floor, Floor::Ring | Floor::RingHttp1)
            );
            assert_eq!(
                floor_lib(&deps).contains("rustls::"),
                matches!(floor, Floor::Ring | Floor::RingHttp1)
            );
            manifest
                .lines()
                .find(|l| l.starts_with("reqwest = "))
                .unwrap()
                .to_string()
        };
        assert!(
            reqwest_line(Floor::AwsLc)
                .ends_with(r#"features = ["json", "form", "query", "http2", "rustls"] }"#)
        );
        assert!(
            reqwest_line(Floor::NativeTls)
                .ends_with(r#"features = ["json", "form", "query", "http2", "native-tls"] }"#)
        );
        assert!(
            reqwest_line(Floor::RingHttp1)
                .ends_with(r#"features = ["json", "form", "query", "rustls-no-provider"] }"#)
        );

        let mut no_provider = workspace.clone();
        no_provider[0]
            .features
            .retain(|f| f != "rustls-no-provider");
        assert!(variant_deps(Floor::AwsLc, &no_provider).is_err());
        let mut no_http2 = workspace.clone();
        no_http2[0].features.retain(|f| f != "http2");
        assert!(variant_deps(Floor::RingHttp1, &no_http2).is_err());
        let mut no_ring = workspace;
        no_ring[3].features.retain(|f| f != "ring");
        assert!(variant_deps(Floor::Ring, &no_ring).is_err());
    }

    #[test]
    fn options() {
        let args = |list: &[&str]| -> Vec<String> { list.iter().map(|s| s.to_string()).collect() };
        let all = parse_args(&[]).unwrap();
        assert_eq!(
            (all.only, all.release, all.keep),
            (NAMES.to_vec(), false, false)
        );
        let some = parse_args(&args(&["--only", "own,floor-ring", "--release", "--keep"])).unwrap();
        assert_eq!(some.only, vec!["floor-ring", "sdk", "own"]);
        assert!(some.release && some.keep);
        assert_eq!(
            parse_args(&args(&["--only=workspace"])).unwrap().only,
            vec!["workspace"]
        );
        assert!(parse_args(&args(&["--only", "floor"])).is_err());
        assert!(parse_args(&args(&["--only"])).is_err());
        assert!(parse_args(&args(&["--only", ","])).is_err());
        assert!(parse_args(&args(&["--fast"])).is_err());
        assert!(parse_args(&args(&["sdk"])).is_err());
    }
}
