//! `cargo xtask diff`: what a spec change does to the generated crate and to the wire.
//!
//! Each `specs/<provider>.yaml` of the working tree is compared with its version at a git
//! revision (default `HEAD`), both read as the generator reads them (YAML merge keys applied).
//! Every change found is a [`Finding`], classified twice:
//!
//! - **Rust API** ([`RustImpact`]): does code written against the crate generated from the old
//!   spec still compile against the crate generated from the new one? The generated structs
//!   are `#[non_exhaustive]` and built with `X::new(required fields…)` and `with_<field>`
//!   setters, and the generated enums are `#[non_exhaustive]` (see `constructors.rs`), so a new
//!   optional field (one more setter), a new enum value or a new `oneOf` shape is additive; a
//!   new required field (one more argument of `new`, unless its type has a single value, which
//!   `new` fills in), a field becoming required or optional, and anything removed or renamed
//!   are breaking.
//! - **Wire** ([`WireImpact`]): does deployed code meet the provider as now described? For data
//!   the client sends (request bodies and parameters): is a request that was valid before now
//!   refused? For data the client reads (responses, and components no operation uses, such as
//!   webhook payloads): does a body the provider may now send fail to parse in the client
//!   generated from the old spec? (String constraints are checked when parsing, since the
//!   generated string newtypes check them.)
//!
//! A change inside a component schema is reported once, at the component, with the operations
//! that use it (directly or through other components) and in which direction.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::lint::OPEN_ENUM;
use crate::spec;

/// What a change does to code using the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RustImpact {
    /// Code that compiled may no longer compile (or a type it names is gone).
    Breaking,
    /// Something new (a method, a type); existing code is unaffected.
    Additive,
    /// The generated API does not change.
    None,
}

impl RustImpact {
    /// `breaking`, `additive` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            RustImpact::Breaking => "breaking",
            RustImpact::Additive => "additive",
            RustImpact::None => "none",
        }
    }
}

/// What a change does to traffic between deployed clients and the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WireImpact {
    /// A request that was valid may now be refused, or a response may now fail to parse.
    Breaking,
    /// Old requests stay valid and new responses still parse.
    Compatible,
}

impl WireImpact {
    /// `breaking` or `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            WireImpact::Breaking => "breaking",
            WireImpact::Compatible => "compatible",
        }
    }
}

/// The kind of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A new operation.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// An operation's id, method, path, parameters, request body or responses changed.
    OperationChanged,
    /// A new component schema.
    SchemaAdded,
    /// A component schema is gone.
    SchemaRemoved,
    /// A new object field.
    FieldAdded,
    /// An object field is gone.
    FieldRemoved,
    /// A field under a new name: its description says so, or its shape is identical.
    FieldRenamed,
    /// A field (or parameter, or request body) is now required.
    NowRequired,
    /// A field (or parameter, or request body) is now optional.
    NowOptional,
    /// A schema's type (or `$ref`) changed.
    TypeChanged,
    /// A new enum value.
    EnumValueAdded,
    /// An enum value is gone.
    EnumValueRemoved,
    /// A constraint accepts less than before.
    ConstraintTightened,
    /// A constraint accepts more than before.
    ConstraintLoosened,
    /// A server URL was added.
    ServerAdded,
    /// A server URL is gone.
    ServerRemoved,
    /// A security scheme or requirement changed.
    SecurityChanged,
}

impl Kind {
    /// The stable kebab-case name used in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OperationAdded => "operation-added",
            Kind::OperationRemoved => "operation-removed",
            Kind::OperationChanged => "operation-changed",
            Kind::SchemaAdded => "schema-added",
            Kind::SchemaRemoved => "schema-removed",
            Kind::FieldAdded => "field-added",
            Kind::FieldRemoved => "field-removed",
            Kind::FieldRenamed => "field-renamed",
            Kind::NowRequired => "now-required",
            Kind::NowOptional => "now-optional",
            Kind::TypeChanged => "type-changed",
            Kind::EnumValueAdded => "enum-value-added",
            Kind::EnumValueRemoved => "enum-value-removed",
            Kind::ConstraintTightened => "constraint-tightened",
            Kind::ConstraintLoosened => "constraint-loosened",
            Kind::ServerAdded => "server-added",
            Kind::ServerRemoved => "server-removed",
            Kind::SecurityChanged => "security-changed",
        }
    }
}

/// One change between two versions of a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind of change.
    pub kind: Kind,
    /// Where: `Component.field.sub` for schemas, `operation_id` for operations, `servers`,
    /// `security`.
    pub at: String,
    /// What changed, in a few words.
    pub detail: String,
    /// The operations using the changed component, with the direction (`send_message
    /// (request)`); empty for operations, servers and security.
    pub used_in: Vec<String>,
    /// The Rust API classification.
    pub rust: RustImpact,
    /// Why, in a few words.
    pub rust_why: String,
    /// The wire classification.
    pub wire: WireImpact,
    /// Why, in a few words.
    pub wire_why: String,
}

impl Finding {
    /// Breaking for the Rust API or on the wire.
    pub fn is_breaking(&self) -> bool {
        self.rust == RustImpact::Breaking || self.wire == WireImpact::Breaking
    }
}

/// How a provider's spec compares with the base revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The spec exists in both; see the findings.
    Compared,
    /// The spec does not exist at the base revision.
    New,
    /// The spec exists at the base revision only.
    Removed,
}

impl Status {
    /// `compared`, `new` or `removed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Compared => "compared",
            Status::New => "new",
            Status::Removed => "removed",
        }
    }
}

/// The changes of one provider's spec.
#[derive(Debug, Clone)]
pub struct ProviderReport {
    /// The provider (`dialog360`).
    pub provider: String,
    /// Whether the spec was compared, is new or is gone.
    pub status: Status,
    /// Every change, sorted by kind and location.
    pub findings: Vec<Finding>,
}

impl ProviderReport {
    /// Findings breaking for the Rust API or the wire.
    pub fn breaking(&self) -> usize {
        self.findings.iter().filter(|f| f.is_breaking()).count()
    }

    /// Breaking for anyone: a removed spec, or any breaking finding.
    pub fn is_breaking(&self) -> bool {
        self.status == Status::Removed || self.breaking() > 0
    }

    /// The one-line summary printed at the end of `cargo xtask generate`.
    pub fn summary_line(&self, base: &str) -> String {
        let name = &self.provider;
        match self.status {
            Status::New => format!("{name}: new spec (not in {base})"),
            Status::Removed => format!("{name}: spec removed since {base}"),
            Status::Compared if self.findings.is_empty() => {
                format!("{name}: no spec changes against {base}")
            }
            Status::Compared => {
                let n = self.findings.len();
                format!(
                    "{name}: {n} change{} against {base} ({} breaking) — cargo xtask diff {name}",
                    if n == 1 { "" } else { "s" },
                    self.breaking()
                )
            }
        }
    }
}

/// The whole report of `cargo xtask diff`.
#[derive(Debug, Clone)]
pub struct Report {
    /// The git revision compared with.
    pub base: String,
    /// One entry per provider, sorted by name.
    pub providers: Vec<ProviderReport>,
}

impl Report {
    /// Anything breaking, for the Rust API or on the wire (what `--fail-on-breaking` uses).
    pub fn is_breaking(&self) -> bool {
        self.providers.iter().any(ProviderReport::is_breaking)
    }

    /// The readable report, grouped per provider.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.providers {
            let spec = format!("specs/{}.yaml", p.provider);
            match p.status {
                Status::New => {
                    let _ = writeln!(
                        out,
                        "== {}: {spec} is new (not in {}): nothing to compare",
                        p.provider, self.base
                    );
                }
                Status::Removed => {
                    let _ = writeln!(
                        out,
                        "== {}: {spec} is gone (it exists in {}): the whole crate goes away (breaking)",
                        p.provider, self.base
                    );
                }
                Status::Compared if p.findings.is_empty() => {
                    let _ = writeln!(out, "== {}: no changes against {}", p.provider, self.base);
                }
                Status::Compared => {
                    let rust = p
                        .findings
                        .iter()
                        .filter(|f| f.rust == RustImpact::Breaking)
                        .count();
                    let wire = p
                        .findings
                        .iter()
                        .filter(|f| f.wire == WireImpact::Breaking)
                        .count();
                    let _ = writeln!(
                        out,
                        "== {}: {} change(s) against {}: {rust} breaking the Rust API, {wire} breaking on the wire",
                        p.provider,
                        p.findings.len(),
                        self.base
                    );
                    for f in &p.findings {
                        let _ = writeln!(out, "- {} {}: {}", f.kind.as_str(), f.at, f.detail);
                        if !f.used_in.is_empty() {
                            let _ = writeln!(out, "    used by: {}", f.used_in.join(", "));
                        }
                        let _ = writeln!(out, "    rust: {} ({})", f.rust.as_str(), f.rust_why);
                        let _ = writeln!(out, "    wire: {} ({})", f.wire.as_str(), f.wire_why);
                    }
                }
            }
        }
        out
    }

    /// The stable machine-readable report (object keys sorted).
    pub fn json(&self) -> Value {
        let providers: Vec<Value> = self
            .providers
            .iter()
            .map(|p| {
                let findings: Vec<Value> = p
                    .findings
                    .iter()
                    .map(|f| {
                        json!({
                            "kind": f.kind.as_str(),
                            "at": f.at,
                            "detail": f.detail,
                            "used_in": f.used_in,
                            "rust": f.rust.as_str(),
                            "rust_why": f.rust_why,
                            "wire": f.wire.as_str(),
                            "wire_why": f.wire_why,
                        })
                    })
                    .collect();
                json!({
                    "provider": p.provider,
                    "spec": format!("specs/{}.yaml", p.provider),
                    "status": p.status.as_str(),
                    "changes": p.findings.len(),
                    "breaking": p.breaking(),
                    "rust_breaking": p.findings.iter().filter(|f| f.rust == RustImpact::Breaking).count(),
                    "wire_breaking": p.findings.iter().filter(|f| f.wire == WireImpact::Breaking).count(),
                    "findings": findings,
                })
            })
            .collect();
        json!({ "base": self.base, "breaking": self.is_breaking(), "providers": providers })
    }
}

// ---------------------------------------------------------------------------------- git

/// Parses a spec's text as the generator does (YAML, merge keys applied, as JSON).
pub fn parse_spec(text: &str, what: &str) -> Result<Value, String> {
    let mut yaml: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| format!("{what}: not valid YAML: {e}"))?;
    yaml.apply_merge()
        .map_err(|e| format!("{what}: bad YAML merge key: {e}"))?;
    serde_json::to_value(&yaml).map_err(|e| format!("{what}: cannot be read as JSON: {e}"))
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))
}

/// Checks that `base` names a commit of the repository at `root`.
pub fn check_revision(root: &Path, base: &str) -> Result<(), String> {
    let out = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{base}^{{commit}}"),
        ],
    )?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "git revision `{base}` does not exist here (a shallow clone, the first commit, or a typo): nothing to compare against; fetch more history or pick another --base"
        ))
    }
}

/// The spec names (`dialog360`) under `specs/` at `base`.
fn specs_at(root: &Path, base: &str) -> Result<Vec<String>, String> {
    let out = git(root, &["ls-tree", "--name-only", base, "specs/"])?;
    if !out.status.success() {
        return Err(format!(
            "git ls-tree {base} specs/ failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("specs/")?.strip_suffix(".yaml"))
        .map(str::to_string)
        .collect())
}

/// `specs/<name>.yaml` at `base`, or `None` when it does not exist there.
fn spec_at(root: &Path, base: &str, name: &str) -> Result<Option<Value>, String> {
    if !specs_at(root, base)?.iter().any(|n| n == name) {
        return Ok(None);
    }
    let out = git(root, &["show", &format!("{base}:specs/{name}.yaml")])?;
    if !out.status.success() {
        return Err(format!(
            "git show {base}:specs/{name}.yaml failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    parse_spec(&text, &format!("specs/{name}.yaml at {base}")).map(Some)
}

/// Compares the named specs (all, including those only at `base`, when `only` is empty) of
/// the working tree at `root` with their versions at the git revision `base`.
pub fn run(root: &Path, only: &[String], base: &str) -> Result<Report, String> {
    check_revision(root, base)?;
    let at_base = specs_at(root, base)?;
    let current: Vec<String> = match spec::providers(root, only) {
        Ok(list) => list.into_iter().map(|p| p.name).collect(),
        // A spec named but gone from the working tree may still exist at the base.
        Err(e) => {
            let missing: Vec<&String> = only
                .iter()
                .filter(|n| !root.join(format!("specs/{n}.yaml")).exists())
                .collect();
            if missing.iter().all(|n| at_base.contains(n)) {
                only.iter()
                    .filter(|n| root.join(format!("specs/{n}.yaml")).exists())
                    .cloned()
                    .collect()
            } else {
                return Err(e);
            }
        }
    };
    let mut names: BTreeSet<String> = current.iter().cloned().collect();
    for n in &at_base {
        if only.is_empty() || only.contains(n) {
            names.insert(n.clone());
        }
    }
    let mut providers = Vec::new();
    for name in names {
        let status_and_findings = if current.contains(&name) {
            let spec = spec::Spec::load(root, Path::new(&format!("specs/{name}.yaml")))?;
            match spec_at(root, base, &name)? {
                Some(old) => (Status::Compared, compare(&old, &spec.json)),
                None => (Status::New, Vec::new()),
            }
        } else {
            (Status::Removed, Vec::new())
        };
        providers.push(ProviderReport {
            provider: name,
            status: status_and_findings.0,
            findings: status_and_findings.1,
        });
    }
    Ok(Report {
        base: base.to_string(),
        providers,
    })
}

// ---------------------------------------------------------------------------------- compare

/// In which directions a schema travels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Dir {
    /// Sent by the client (request bodies, parameters).
    request: bool,
    /// Read by the client (responses; components no operation uses, such as webhooks).
    response: bool,
}

/// Where each component is used: operation ids with directions, from both versions.
#[derive(Debug, Default)]
struct Usage {
    by_component: BTreeMap<String, BTreeMap<String, Dir>>,
}

impl Usage {
    fn of(doc: &Value) -> Usage {
        let mut usage = Usage::default();
        let schemas = doc
            .pointer("/components/schemas")
            .cloned()
            .unwrap_or(Value::Null);
        for (path, _, op) in spec::operations(doc) {
            let id = op_id(op).to_string();
            let mut request = Vec::new();
            let mut response = Vec::new();
            for p in parameters(doc, &path, op) {
                collect_refs(&p, &mut request);
            }
            if let Some(body) = op.get("requestBody") {
                collect_refs(body, &mut request);
            }
            if let Some(r) = op.get("responses") {
                collect_refs(r, &mut response);
            }
            for (roots, is_request) in [(request, true), (response, false)] {
                for name in closure(&schemas, roots) {
                    let dir = usage
                        .by_component
                        .entry(name)
                        .or_default()
                        .entry(id.clone())
                        .or_default();
                    if is_request {
                        dir.request = true;
                    } else {
                        dir.response = true;
                    }
                }
            }
        }
        usage
    }

    fn merge(mut self, other: Usage) -> Usage {
        for (c, ops) in other.by_component {
            let mine = self.by_component.entry(c).or_default();
            for (op, d) in ops {
                let e = mine.entry(op).or_default();
                e.request |= d.request;
                e.response |= d.response;
            }
        }
        self
    }

    /// The directions of a component: unused components are read (webhook payloads).
    fn dir(&self, component: &str) -> Dir {
        match self.by_component.get(component) {
            Some(ops) if !ops.is_empty() => ops.values().fold(Dir::default(), |a, d| Dir {
                request: a.request || d.request,
                response: a.response || d.response,
            }),
            _ => Dir {
                request: false,
                response: true,
            },
        }
    }

    fn used_in(&self, component: &str) -> Vec<String> {
        match self.by_component.get(component) {
            Some(ops) if !ops.is_empty() => ops
                .iter()
                .map(|(op, d)| {
                    let dir = match (d.request, d.response) {
                        (true, true) => "request and response",
                        (true, false) => "request",
                        _ => "response",
                    };
                    format!("{op} ({dir})")
                })
                .collect(),
            _ => vec!["no operation (read as an incoming payload, e.g. a webhook)".to_string()],
        }
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(name) = spec::ref_name(v) {
                out.push(name.to_string());
            }
            for (k, child) in map {
                if k != "example" && k != "examples" {
                    collect_refs(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}

fn closure(schemas: &Value, roots: Vec<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = roots;
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone())
            && let Some(s) = schemas.get(&name)
        {
            collect_refs(s, &mut todo);
        }
    }
    seen
}

fn op_id(op: &Value) -> &str {
    op.get("operationId").and_then(Value::as_str).unwrap_or("?")
}

/// An operation's parameters, `$ref`s to `components/parameters` resolved.
fn parameters(doc: &Value, path: &str, op: &Value) -> Vec<Value> {
    let resolve = |p: &Value| {
        p.get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/"))
            .and_then(|r| doc.pointer(&format!("/{r}")))
            .cloned()
            .unwrap_or_else(|| p.clone())
    };
    let list = |v: Option<&Value>| -> Vec<Value> {
        v.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(resolve)
            .collect()
    };
    let key = |p: &Value| (p.get("in").cloned(), p.get("name").cloned());
    // The path item's parameters apply to each of its operations unless the operation
    // declares the same one.
    let own = list(op.get("parameters"));
    let mut all: Vec<Value> = list(
        doc.get("paths")
            .and_then(|p| p.get(path))
            .and_then(|i| i.get("parameters")),
    )
    .into_iter()
    .filter(|p| !own.iter().any(|o| key(o) == key(p)))
    .collect();
    all.extend(own);
    all
}

struct Differ<'a> {
    old: &'a Value,
    new: &'a Value,
    usage: Usage,
    findings: Vec<Finding>,
}

/// The context of a schema comparison: where, in which direction, for whom.
#[derive(Clone)]
struct Ctx {
    dir: Dir,
    used_in: Vec<String>,
    /// The component is an open enum (`x-waba-open-enum`).
    open: bool,
}

/// Compares two spec documents (as JSON, merge keys applied): every change, sorted by kind and
/// location.
pub fn compare(old: &Value, new: &Value) -> Vec<Finding> {
    let usage = Usage::of(old).merge(Usage::of(new));
    let mut d = Differ {
        old,
        new,
        usage,
        findings: Vec::new(),
    };
    d.servers();
    d.security();
    d.operations();
    d.components();
    let mut findings = d.findings;
    findings.sort_by(|a, b| (a.kind, &a.at, &a.detail).cmp(&(b.kind, &b.at, &b.detail)));
    findings.dedup();
    findings
}

#[allow(clippy::too_many_arguments)]
fn finding(
    kind: Kind,
    at: impl Into<String>,
    detail: impl Into<String>,
    used_in: Vec<String>,
    rust: RustImpact,
    rust_why: &str,
    wire: WireImpact,
    wire_why: &str,
) -> Finding {
    Finding {
        kind,
        at: at.into(),
        detail: detail.into(),
        used_in,
        rust,
        rust_why: rust_why.to_string(),
        wire,
        wire_why: wire_why.to_string(),
    }
}

use RustImpact as R;
use WireImpact as W;

/// The wire verdict of a change by direction: `request` for data sent, `response` for data
/// read; breaking if breaking in any direction the schema travels.
fn wire(dir: Dir, request: (W, &str), response: (W, &str)) -> (W, String) {
    let mut parts = Vec::new();
    let mut verdict = W::Compatible;
    if dir.request {
        verdict = verdict.min(request.0);
        parts.push(format!("request: {}", request.1));
    }
    if dir.response {
        verdict = verdict.min(response.0);
        parts.push(format!("response: {}", response.1));
    }
    (verdict, parts.join("; "))
}

const OPTIONAL_FIELD: &str = "the struct is `#[non_exhaustive]`: a new optional field is one more `with_*` setter, and code built with `new` keeps compiling";
const REQUIRED_FIELD: &str = "`new` takes one more argument";
const FIXED_FIELD: &str = "a required field with a single allowed value is filled in by `new`: one more public field, no new argument";

/// True when `schema` (or the component it points at) allows exactly one value (`enum` of one
/// entry): the generated constructor fills such a required field in.
fn single_value(schema: &Value, doc: &Value) -> bool {
    let resolved = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .and_then(|name| doc.pointer(&format!("/components/schemas/{name}")))
        .unwrap_or(schema);
    resolved
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.len() == 1)
}

impl Differ<'_> {
    fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }

    fn servers(&mut self) {
        let urls = |doc: &Value| -> BTreeSet<String> {
            doc.get("servers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|s| s.get("url").and_then(Value::as_str).map(str::to_string))
                .collect()
        };
        let (old, new) = (urls(self.old), urls(self.new));
        for url in new.difference(&old) {
            self.push(finding(
                Kind::ServerAdded,
                "servers",
                format!("`{url}` added"),
                vec![],
                R::Additive,
                "the generated builder gets a constant and a method for it",
                W::Compatible,
                "the servers documented before still exist",
            ));
        }
        for url in old.difference(&new) {
            self.push(finding(
                Kind::ServerRemoved,
                "servers",
                format!("`{url}` removed"),
                vec![],
                R::Breaking,
                "its constant and builder method are gone (and the default base URL may change)",
                W::Breaking,
                "clients configured with this server may be refused",
            ));
        }
    }

    fn security(&mut self) {
        let schemes = |doc: &Value| {
            doc.pointer("/components/securitySchemes")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (old, new) = (schemes(self.old), schemes(self.new));
        for (name, scheme) in &new {
            let detail_of = |s: &Value| {
                let mut s = s.clone();
                strip_prose(&mut s);
                s
            };
            match old.get(name) {
                None => self.push(finding(
                    Kind::SecurityChanged,
                    format!("securitySchemes.{name}"),
                    "scheme added",
                    vec![],
                    R::None,
                    "the generated builder takes a scheme only once `security` requires it",
                    W::Compatible,
                    "a scheme alone requires nothing; a new requirement is reported separately",
                )),
                Some(o) if detail_of(o) != detail_of(scheme) => {
                    // What the generated constructor takes comes from these two extensions;
                    // the other `x-waba-*` keys change only how the client handles answers.
                    let api = |s: &Value| {
                        (
                            s.get("x-waba-login").cloned(),
                            s.get("x-waba-optional").cloned(),
                        )
                    };
                    let wire = |s: &Value| {
                        let mut s = detail_of(s);
                        if let Some(o) = s.as_object_mut() {
                            o.retain(|k, _| !k.starts_with("x-waba-"));
                        }
                        s
                    };
                    let (rust, rust_why) = if api(o) != api(scheme) {
                        (
                            R::Breaking,
                            "the generated constructor's credentials may change (`x-waba-login`, `x-waba-optional`)",
                        )
                    } else {
                        (
                            R::None,
                            "the generated builder sends the new form; its methods are the same",
                        )
                    };
                    let (wire_impact, wire_why) = if wire(o) != wire(scheme) {
                        (
                            W::Breaking,
                            "requests carrying the credential the old way may be refused",
                        )
                    } else {
                        (
                            W::Compatible,
                            "only the client's handling changed (`x-waba-*`); the credential is sent as before",
                        )
                    };
                    self.push(finding(
                        Kind::SecurityChanged,
                        format!("securitySchemes.{name}"),
                        format!(
                            "scheme changed: {} → {}",
                            compact(&detail_of(o)),
                            compact(&detail_of(scheme))
                        ),
                        vec![],
                        rust,
                        rust_why,
                        wire_impact,
                        wire_why,
                    ))
                }
                Some(_) => {}
            }
        }
        for name in old.keys().filter(|n| !new.contains_key(*n)) {
            self.push(finding(
                Kind::SecurityChanged,
                format!("securitySchemes.{name}"),
                "scheme removed",
                vec![],
                R::None,
                "the generated builder took it only if `security` required it (reported separately)",
                W::Compatible,
                "a requirement that goes away refuses nothing; changed requirements are reported separately",
            ));
        }
        let (og, ng) = (
            self.old.get("security").cloned().unwrap_or(Value::Null),
            self.new.get("security").cloned().unwrap_or(Value::Null),
        );
        if og != ng {
            self.findings.extend(security_requirement(
                "security (global)",
                (&og, &og),
                (&ng, &ng),
            ));
        }
    }

    fn operations(&mut self) {
        let index = |doc: &Value| -> BTreeMap<String, (String, String, Value)> {
            spec::operations(doc)
                .into_iter()
                .map(|(path, method, op)| (op_id(op).to_string(), (method, path, op.clone())))
                .collect()
        };
        let (old, new) = (index(self.old), index(self.new));
        let mut pairs: Vec<(String, String)> = old
            .keys()
            .filter(|id| new.contains_key(*id))
            .map(|id| (id.clone(), id.clone()))
            .collect();
        let mut removed: Vec<&String> = old.keys().filter(|id| !new.contains_key(*id)).collect();
        let mut added: Vec<&String> = new.keys().filter(|id| !old.contains_key(*id)).collect();
        // An operation id that changed on the same method and path is the same operation.
        removed.retain(|o| {
            let (m, p, _) = &old[*o];
            if let Some(pos) = added.iter().position(|n| {
                let (nm, np, _) = &new[*n];
                nm == m && np == p
            }) {
                let n = added.remove(pos);
                self.findings.push(finding(
                    Kind::OperationChanged,
                    n.clone(),
                    format!("operation id `{o}` renamed to `{n}`"),
                    vec![],
                    R::Breaking,
                    "the client method is renamed",
                    W::Compatible,
                    "same method and path",
                ));
                pairs.push(((*o).clone(), n.clone()));
                false
            } else {
                true
            }
        });
        for id in added {
            let (m, p, _) = &new[id];
            self.push(finding(
                Kind::OperationAdded,
                id.clone(),
                format!("{} {p}", m.to_uppercase()),
                vec![],
                R::Additive,
                "a new client method",
                W::Compatible,
                "nothing that worked stops working",
            ));
        }
        for id in removed {
            let (m, p, _) = &old[id];
            self.push(finding(
                Kind::OperationRemoved,
                id.clone(),
                format!("{} {p}", m.to_uppercase()),
                vec![],
                R::Breaking,
                "the client method is gone",
                W::Breaking,
                "requests to it may be refused",
            ));
        }
        for (o, n) in pairs {
            let (om, op_path, oop) = &old[&o];
            let (nm, np, nop) = &new[&n];
            self.operation(&n, (om, op_path, oop), (nm, np, nop));
        }
    }

    fn operation(&mut self, id: &str, old: (&str, &str, &Value), new: (&str, &str, &Value)) {
        let (om, op, oo) = old;
        let (nm, np, no) = new;
        if om != nm || op != np {
            self.push(finding(
                Kind::OperationChanged,
                id,
                format!("{} {op} → {} {np}", om.to_uppercase(), nm.to_uppercase()),
                vec![],
                R::None,
                "the method keeps its name (parameter changes are reported separately)",
                W::Breaking,
                "deployed clients still call the old method and path",
            ));
        }
        let req_ctx = Ctx {
            dir: Dir {
                request: true,
                response: false,
            },
            used_in: vec![],
            open: false,
        };
        // Parameters.
        let params = |doc: &Value, path: &str, op: &Value| -> BTreeMap<(String, String), Value> {
            parameters(doc, path, op)
                .into_iter()
                .map(|p| {
                    let key = (
                        p.get("in")
                            .and_then(Value::as_str)
                            .unwrap_or("?")
                            .to_string(),
                        p.get("name")
                            .and_then(Value::as_str)
                            .unwrap_or("?")
                            .to_string(),
                    );
                    (key, p)
                })
                .collect()
        };
        let (opar, npar) = (params(self.old, op, oo), params(self.new, np, no));
        let required = |p: &Value| p.get("required").and_then(Value::as_bool) == Some(true);
        for ((inn, name), p) in &npar {
            let at = format!("{id}.{inn}.{name}");
            match opar.get(&(inn.clone(), name.clone())) {
                None => {
                    let (wv, ww) = if required(p) {
                        (W::Breaking, "requests without it are refused")
                    } else {
                        (W::Compatible, "optional")
                    };
                    self.push(finding(
                        Kind::OperationChanged,
                        at,
                        format!(
                            "{} {inn} parameter `{name}` added",
                            if required(p) { "required" } else { "optional" }
                        ),
                        vec![],
                        R::Breaking,
                        "the method takes one more argument",
                        wv,
                        ww,
                    ));
                }
                Some(o) => {
                    if required(o) != required(p) {
                        let now = required(p);
                        self.push(finding(
                            if now {
                                Kind::NowRequired
                            } else {
                                Kind::NowOptional
                            },
                            at.clone(),
                            format!("{inn} parameter `{name}`"),
                            vec![],
                            R::Breaking,
                            "the argument changes between `T` and `Option<T>`",
                            if now { W::Breaking } else { W::Compatible },
                            if now {
                                "requests without it are refused"
                            } else {
                                "every request that had it is still valid"
                            },
                        ));
                    }
                    let null = Value::Null;
                    self.schema(
                        o.get("schema").unwrap_or(&null),
                        p.get("schema").unwrap_or(&null),
                        &at,
                        &req_ctx,
                    );
                }
            }
        }
        for (inn, name) in opar.keys().filter(|k| !npar.contains_key(*k)) {
            self.push(finding(
                Kind::OperationChanged,
                format!("{id}.{inn}.{name}"),
                format!("{inn} parameter `{name}` removed"),
                vec![],
                R::Breaking,
                "the method takes one argument less",
                W::Breaking,
                "requests sending it may be refused",
            ));
        }
        // Request body.
        let body = |op: &Value| op.get("requestBody").cloned();
        match (body(oo), body(no)) {
            (None, None) => {}
            (None, Some(b)) => self.push(finding(
                Kind::OperationChanged,
                format!("{id}.requestBody"),
                "request body added",
                vec![],
                R::Breaking,
                "the method takes the body as an argument",
                if required(&b) {
                    W::Breaking
                } else {
                    W::Compatible
                },
                "requests without a body are refused when it is required",
            )),
            (Some(_), None) => self.push(finding(
                Kind::OperationChanged,
                format!("{id}.requestBody"),
                "request body removed",
                vec![],
                R::Breaking,
                "the method no longer takes a body",
                W::Breaking,
                "requests with a body may be refused",
            )),
            (Some(ob), Some(nb)) => {
                if required(&ob) != required(&nb) {
                    let now = required(&nb);
                    self.push(finding(
                        if now {
                            Kind::NowRequired
                        } else {
                            Kind::NowOptional
                        },
                        format!("{id}.requestBody"),
                        "request body",
                        vec![],
                        R::None,
                        "the generated method takes the body either way",
                        if now { W::Breaking } else { W::Compatible },
                        if now {
                            "requests without a body are refused"
                        } else {
                            "every request that had one is still valid"
                        },
                    ));
                }
                let media = |b: &Value| -> BTreeMap<String, Value> {
                    b.get("content")
                        .and_then(Value::as_object)
                        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                        .unwrap_or_default()
                };
                let (omt, nmt) = (media(&ob), media(&nb));
                if omt.keys().ne(nmt.keys()) {
                    self.push(finding(
                        Kind::OperationChanged,
                        format!("{id}.requestBody"),
                        format!(
                            "media type {} → {}",
                            omt.keys().cloned().collect::<Vec<_>>().join(", "),
                            nmt.keys().cloned().collect::<Vec<_>>().join(", ")
                        ),
                        vec![],
                        R::Breaking,
                        "the body is built differently (JSON, form or multipart types)",
                        W::Breaking,
                        "the old encoding is refused",
                    ));
                }
                for (mt, o) in &omt {
                    if let Some(n) = nmt.get(mt) {
                        let null = Value::Null;
                        self.schema(
                            o.get("schema").unwrap_or(&null),
                            n.get("schema").unwrap_or(&null),
                            &format!("{id}.requestBody"),
                            &req_ctx,
                        );
                    }
                }
            }
        }
        // Responses.
        let responses = |op: &Value| -> BTreeMap<String, Value> {
            op.get("responses")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default()
        };
        let (ors, nrs) = (responses(oo), responses(no));
        let resp_ctx = Ctx {
            dir: Dir {
                request: false,
                response: true,
            },
            used_in: vec![],
            open: false,
        };
        for (code, r) in &nrs {
            let at = format!("{id}.responses.{code}");
            match ors.get(code) {
                None => {
                    let success = code.starts_with('2');
                    self.push(finding(
                        Kind::OperationChanged,
                        at,
                        format!("response `{code}` added"),
                        vec![],
                        if success { R::Breaking } else { R::None },
                        if success {
                            "the success type of the method may change"
                        } else {
                            "errors keep status and body as received"
                        },
                        if success { W::Breaking } else { W::Compatible },
                        if success {
                            "deployed clients do not expect this success answer"
                        } else {
                            "deployed clients already report any error status"
                        },
                    ));
                }
                Some(o) => {
                    let schema_of = |r: &Value| {
                        r.get("content")
                            .and_then(Value::as_object)
                            .and_then(|m| m.values().next())
                            .and_then(|m| m.get("schema"))
                            .cloned()
                            .unwrap_or(Value::Null)
                    };
                    self.schema(&schema_of(o), &schema_of(r), &at, &resp_ctx);
                }
            }
        }
        for code in ors.keys().filter(|c| !nrs.contains_key(*c)) {
            let success = code.starts_with('2');
            self.push(finding(
                Kind::OperationChanged,
                format!("{id}.responses.{code}"),
                format!("response `{code}` removed"),
                vec![],
                if success { R::Breaking } else { R::None },
                if success {
                    "the success type of the method may change"
                } else {
                    "errors keep status and body as received"
                },
                W::Compatible,
                "an answer the provider no longer sends breaks nothing",
            ));
        }
        // Security requirement of the operation.
        let global = |doc: &Value| doc.get("security").cloned().unwrap_or(Value::Null);
        let (os, ns) = (
            oo.get("security").cloned().unwrap_or(Value::Null),
            no.get("security").cloned().unwrap_or(Value::Null),
        );
        if os != ns {
            let effective = |own: &Value, doc: &Value| {
                if own.is_null() {
                    global(doc)
                } else {
                    own.clone()
                }
            };
            let (oe, ne) = (effective(&os, self.old), effective(&ns, self.new));
            self.findings.extend(security_requirement(
                &format!("{id}.security"),
                (&os, &oe),
                (&ns, &ne),
            ));
        }
    }

    fn components(&mut self) {
        let schemas = |doc: &Value| {
            doc.pointer("/components/schemas")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (old, new) = (schemas(self.old), schemas(self.new));
        for (name, n) in &new {
            let ctx = Ctx {
                dir: self.usage.dir(name),
                used_in: self.usage.used_in(name),
                open: is_open(n),
            };
            match old.get(name) {
                None => self.push(finding(
                    Kind::SchemaAdded,
                    name.clone(),
                    format!("new {} type", describe(n)),
                    vec![],
                    R::Additive,
                    "a new generated type",
                    W::Compatible,
                    "its uses are reported where they changed",
                )),
                Some(o) => {
                    let open_before = is_open(o);
                    if open_before != ctx.open {
                        self.push(finding(
                            Kind::TypeChanged,
                            name.clone(),
                            if ctx.open { "now an open enum" } else { "no longer an open enum" },
                            ctx.used_in.clone(),
                            R::Breaking,
                            "the `Other(String)` variant appears or goes away",
                            if ctx.open || !ctx.dir.response { W::Compatible } else { W::Breaking },
                            "unknown values read from the provider parse as `Other` only in open enums",
                        ));
                    }
                    // Shape changes (such as `x-waba-string-or-number`'s `anyOf`) are found by
                    // the schema comparison; a secret keeps its shape but not its type.
                    let secret = |s: &Value| {
                        s.get(crate::lint::SECRET).and_then(Value::as_bool) == Some(true)
                    };
                    if secret(o) != secret(n) {
                        self.push(finding(
                            Kind::TypeChanged,
                            name.clone(),
                            format!("{} {} → {}", crate::lint::SECRET, secret(o), secret(n)),
                            ctx.used_in.clone(),
                            R::Breaking,
                            "the generated type becomes or stops being `waba_runtime::Secret`",
                            W::Compatible,
                            "the same JSON is sent and read",
                        ));
                    }
                    self.schema(o, n, name, &ctx);
                }
            }
        }
        for (name, o) in old.iter().filter(|(n, _)| !new.contains_key(*n)) {
            self.push(finding(
                Kind::SchemaRemoved,
                name.clone(),
                format!("{} type removed", describe(o)),
                self.usage.used_in(name),
                R::Breaking,
                "the generated type is gone",
                W::Compatible,
                "its uses are reported where they changed",
            ));
        }
    }

    /// Compares two schemas at `at`.
    fn schema(&mut self, old: &Value, new: &Value, at: &str, ctx: &Ctx) {
        if old.is_null() && new.is_null() {
            return;
        }
        let (oref, nref) = (spec::ref_name(old), spec::ref_name(new));
        match (oref, nref) {
            (Some(a), Some(b)) if a == b => return,
            (None, None) => {}
            _ => {
                self.type_changed(old, new, at, ctx);
                return;
            }
        }
        if type_of(old) != type_of(new) {
            self.type_changed(old, new, at, ctx);
            return;
        }
        self.enums(old, new, at, ctx);
        self.constraints(old, new, at, ctx);
        self.properties(old, new, at, ctx);
        if let (Some(o), Some(n)) = (old.get("items"), new.get("items")) {
            self.schema(o, n, &format!("{at}[]"), ctx);
        }
        match (
            old.get("additionalProperties"),
            new.get("additionalProperties"),
        ) {
            (Some(o), Some(n)) if o.is_object() && n.is_object() => {
                self.schema(o, n, &format!("{at}{{*}}"), ctx)
            }
            _ => {}
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            let (o, n) = (
                old.get(key).and_then(Value::as_array),
                new.get(key).and_then(Value::as_array),
            );
            if let (Some(o), Some(n)) = (o, n) {
                for (i, (a, b)) in o.iter().zip(n).enumerate() {
                    self.schema(a, b, &format!("{at}.{key}[{i}]"), ctx);
                }
                if o.len() != n.len() {
                    let more = n.len() > o.len();
                    let (wv, ww) = wire(
                        ctx.dir,
                        if more {
                            (W::Compatible, "one more shape is accepted")
                        } else {
                            (W::Breaking, "a shape that was valid is refused")
                        },
                        if more {
                            (W::Breaking, "deployed clients fail on the new shape")
                        } else {
                            (W::Compatible, "the remaining shapes still parse")
                        },
                    );
                    self.push(finding(
                        Kind::TypeChanged,
                        at,
                        format!("{key} has {} variant(s), had {}", n.len(), o.len()),
                        ctx.used_in.clone(),
                        if more { R::Additive } else { R::Breaking },
                        if more {
                            "the generated enum is `#[non_exhaustive]`: one more variant to build, and `match`es already have a `_` arm"
                        } else {
                            "the generated enum loses a variant"
                        },
                        wv,
                        &ww,
                    ));
                }
            }
        }
    }

    fn type_changed(&mut self, old: &Value, new: &Value, at: &str, ctx: &Ctx) {
        let (wv, ww) = wire(
            ctx.dir,
            (W::Breaking, "values of the old type are refused"),
            (
                W::Breaking,
                "deployed clients fail on values of the new type",
            ),
        );
        self.push(finding(
            Kind::TypeChanged,
            at,
            format!("{} → {}", describe(old), describe(new)),
            ctx.used_in.clone(),
            R::Breaking,
            "the generated type changes",
            wv,
            &ww,
        ));
    }

    fn enums(&mut self, old: &Value, new: &Value, at: &str, ctx: &Ctx) {
        let values = |s: &Value| -> Vec<Value> {
            s.get("enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (ov, nv) = (values(old), values(new));
        if ov.is_empty() || nv.is_empty() {
            if ov.is_empty() != nv.is_empty() {
                let added = ov.is_empty();
                let (wv, ww) = wire(
                    ctx.dir,
                    if added {
                        (W::Breaking, "values outside the new list are refused")
                    } else {
                        (W::Compatible, "any value is accepted")
                    },
                    if added {
                        (W::Compatible, "deployed clients accept any value")
                    } else {
                        (
                            W::Breaking,
                            "deployed clients fail on values outside the old list",
                        )
                    },
                );
                self.push(finding(
                    if added {
                        Kind::ConstraintTightened
                    } else {
                        Kind::ConstraintLoosened
                    },
                    at,
                    if added {
                        "now an enum"
                    } else {
                        "no longer an enum"
                    },
                    ctx.used_in.clone(),
                    R::Breaking,
                    "the generated type changes between a string and an enum",
                    wv,
                    &ww,
                ));
            }
            return;
        }
        for v in nv.iter().filter(|v| !ov.contains(v)) {
            let response = if ctx.open {
                (
                    W::Compatible,
                    "open enum: deployed clients read it as `Other`",
                )
            } else {
                (W::Breaking, "deployed clients fail to parse the new value")
            };
            let (wv, ww) = wire(
                ctx.dir,
                (W::Compatible, "the old values are still accepted"),
                response,
            );
            self.push(finding(
                Kind::EnumValueAdded,
                at,
                format!("value {v} added"),
                ctx.used_in.clone(),
                R::Additive,
                if ctx.open {
                    "the enum is `#[non_exhaustive]`, so `match`es already have a `_` arm; values that were `Other(..)` now arrive as the new variant"
                } else {
                    "the enum is `#[non_exhaustive]`: `match`es already have a `_` arm"
                },
                wv,
                &ww,
            ));
        }
        for v in ov.iter().filter(|v| !nv.contains(v)) {
            let (wv, ww) = wire(
                ctx.dir,
                (W::Breaking, "requests with the value are refused"),
                (W::Compatible, "a value no longer sent breaks no parse"),
            );
            self.push(finding(
                Kind::EnumValueRemoved,
                at,
                format!("value {v} removed"),
                ctx.used_in.clone(),
                R::Breaking,
                "the variant is gone",
                wv,
                &ww,
            ));
        }
    }

    fn constraints(&mut self, old: &Value, new: &Value, at: &str, ctx: &Ctx) {
        // (keyword, true when a bigger value accepts more, checked by the generated parser)
        const BOUNDS: [(&str, bool, bool); 9] = [
            ("maxLength", true, true),
            ("minLength", false, true),
            ("maximum", true, false),
            ("minimum", false, false),
            ("maxItems", true, false),
            ("minItems", false, false),
            ("maxProperties", true, false),
            ("minProperties", false, false),
            ("x-waba-max-bytes", true, false),
        ];
        let string_checks = |s: &Value| {
            ["maxLength", "minLength", "pattern"]
                .iter()
                .any(|k| s.get(*k).is_some())
        };
        // A string gains or loses its checked newtype when its first or last check comes or goes.
        let newtype_changes = type_of(new) == "string" && string_checks(old) != string_checks(new);
        for (key, upper, parsed) in BOUNDS {
            let (o, n) = (
                old.get(key).and_then(Value::as_f64),
                new.get(key).and_then(Value::as_f64),
            );
            let tightened = match (o, n) {
                (Some(a), Some(b)) if a == b => continue,
                (None, None) => continue,
                (Some(a), Some(b)) => (b < a) == upper,
                (None, Some(_)) => true,
                (Some(_), None) => false,
            };
            let show = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_else(|| "none".into());
            self.constraint(
                key,
                tightened,
                parsed,
                format!("{key} {} → {}", show(o), show(n)),
                newtype_changes && parsed,
                at,
                ctx,
            );
        }
        let (op, np) = (old.get("pattern"), new.get("pattern"));
        if op != np {
            let detail = format!(
                "pattern {} → {}",
                op.map(compact).unwrap_or_else(|| "none".into()),
                np.map(compact).unwrap_or_else(|| "none".into())
            );
            // A changed pattern may refuse what it accepted: tightened unless simply removed.
            self.constraint(
                "pattern",
                np.is_some(),
                true,
                detail,
                newtype_changes,
                at,
                ctx,
            );
        }
        // The rules plain JSON Schema cannot state (`limits.rs`): a new or changed rule may
        // refuse what was accepted; only a removed one cannot.
        for key in [
            "x-waba-exactly-one-of",
            "x-waba-unique-by",
            "x-waba-max-total",
            "x-waba-required-when-several",
            "x-waba-max-length",
        ] {
            let (o, n) = (old.get(key), new.get(key));
            if o != n {
                let show = |v: Option<&Value>| v.map(compact).unwrap_or_else(|| "none".into());
                let detail = format!("{key} {} → {}", show(o), show(n));
                self.constraint(key, n.is_some(), false, detail, false, at, ctx);
            }
        }
        let nullable = |s: &Value| s.get("nullable").and_then(Value::as_bool) == Some(true);
        if nullable(old) != nullable(new) {
            let tightened = nullable(old);
            self.constraint(
                "nullable",
                tightened,
                true,
                format!("nullable {} → {}", nullable(old), nullable(new)),
                true,
                at,
                ctx,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn constraint(
        &mut self,
        key: &str,
        tightened: bool,
        parsed: bool,
        detail: String,
        type_changes: bool,
        at: &str,
        ctx: &Ctx,
    ) {
        let request = if tightened {
            (W::Breaking, "a request that was valid may now be refused")
        } else {
            (W::Compatible, "every request that was valid still is")
        };
        let response = match (tightened, parsed) {
            (false, true) => (
                W::Breaking,
                "deployed clients check the old limit when parsing and refuse values beyond it",
            ),
            (false, false) => (W::Compatible, "not checked when parsing"),
            (true, _) => (
                W::Compatible,
                "what the provider sends now also met the old limit",
            ),
        };
        let (wv, ww) = wire(ctx.dir, request, response);
        let (rv, rw) = if type_changes {
            (
                R::Breaking,
                if key == "nullable" {
                    "the field changes between `T` and `Option<T>`"
                } else {
                    "the string changes between `String` and a checked newtype"
                },
            )
        } else {
            (
                R::None,
                "same generated types; values are checked against the new limit when sent",
            )
        };
        self.push(finding(
            if tightened {
                Kind::ConstraintTightened
            } else {
                Kind::ConstraintLoosened
            },
            at,
            detail,
            ctx.used_in.clone(),
            rv,
            rw,
            wv,
            &ww,
        ));
    }

    fn properties(&mut self, old: &Value, new: &Value, at: &str, ctx: &Ctx) {
        let props = |s: &Value| {
            s.get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let required = |s: &Value| -> BTreeSet<String> {
            s.get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let closed = |s: &Value| s.get("additionalProperties") == Some(&Value::Bool(false));
        let (op, np) = (props(old), props(new));
        let (or, nr) = (required(old), required(new));
        let mut removed: Vec<String> = op
            .keys()
            .filter(|k| !np.contains_key(*k))
            .cloned()
            .collect();
        let mut added: Vec<String> = np
            .keys()
            .filter(|k| !op.contains_key(*k))
            .cloned()
            .collect();

        // Renames: the new field's description names the old one, or one removed and one
        // added field have the same shape.
        let mut renames = Vec::new();
        removed.retain(|r| {
            let said = added.iter().position(|a| {
                let d = np[a]
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let d_lower = d.to_lowercase();
                (d_lower.contains("renamed")
                    || d_lower.contains("formerly")
                    || d_lower.contains("previously"))
                    && mentions(d, r)
            });
            let same = || {
                let shape = |v: &Value| {
                    let mut v = v.clone();
                    strip_prose(&mut v);
                    v
                };
                let matches: Vec<usize> = added
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| shape(&np[*a]) == shape(&op[r]))
                    .map(|(i, _)| i)
                    .collect();
                let others = op
                    .keys()
                    .filter(|k| !np.contains_key(*k) && *k != r)
                    .filter(|k| shape(&op[*k]) == shape(&op[r]))
                    .count();
                (matches.len() == 1 && others == 0).then(|| matches[0])
            };
            let found = said.map(|i| (i, "its description says so")).or_else(|| {
                same().map(|i| (i, "same shape; check it is not a removal and an addition"))
            });
            match found {
                Some((i, why)) => {
                    renames.push((r.clone(), added.remove(i), why));
                    false
                }
                None => true,
            }
        });

        for (from, to, why) in renames {
            let (wv, ww) = wire(
                ctx.dir,
                (
                    W::Breaking,
                    "requests carrying the old name lose the value or are refused",
                ),
                (
                    W::Breaking,
                    "deployed clients look for the old name: the value is lost, or parsing fails when it was required",
                ),
            );
            self.push(finding(
                Kind::FieldRenamed,
                format!("{at}.{from}"),
                format!("renamed to `{to}` ({why})"),
                ctx.used_in.clone(),
                R::Breaking,
                "the public field is renamed",
                wv,
                &ww,
            ));
            let ns = np[&to].clone();
            self.schema(&op[&from], &ns, &format!("{at}.{to}"), ctx);
        }
        for name in added {
            let req = nr.contains(&name);
            let (rust, rust_why) = if !req {
                (R::Additive, OPTIONAL_FIELD)
            } else if single_value(&np[&name], self.new) {
                (R::Additive, FIXED_FIELD)
            } else {
                (R::Breaking, REQUIRED_FIELD)
            };
            let (wv, ww) = wire(
                ctx.dir,
                if req {
                    (W::Breaking, "requests without it are refused")
                } else {
                    (W::Compatible, "optional")
                },
                if closed(old) {
                    (W::Breaking, "deployed clients refuse unknown fields here")
                } else {
                    (W::Compatible, "deployed clients ignore unknown fields")
                },
            );
            self.push(finding(
                Kind::FieldAdded,
                format!("{at}.{name}"),
                format!(
                    "{} field ({})",
                    if req { "required" } else { "optional" },
                    describe(&np[&name])
                ),
                ctx.used_in.clone(),
                rust,
                rust_why,
                wv,
                &ww,
            ));
        }
        for name in removed {
            let was_required = or.contains(&name);
            let (wv, ww) = wire(
                ctx.dir,
                if closed(new) {
                    (
                        W::Breaking,
                        "the object refuses unknown fields: requests that sent it are refused",
                    )
                } else {
                    (
                        W::Compatible,
                        "requests that sent it still validate; the provider no longer documents it",
                    )
                },
                if was_required {
                    (
                        W::Breaking,
                        "deployed clients require it and fail when it is no longer sent",
                    )
                } else {
                    (W::Compatible, "it was optional for deployed clients")
                },
            );
            self.push(finding(
                Kind::FieldRemoved,
                format!("{at}.{name}"),
                format!(
                    "{} field ({}) removed",
                    if was_required { "required" } else { "optional" },
                    describe(&op[&name])
                ),
                ctx.used_in.clone(),
                R::Breaking,
                "the public field is gone",
                wv,
                &ww,
            ));
        }
        for (name, o) in &op {
            let Some(n) = np.get(name) else { continue };
            let path = format!("{at}.{name}");
            let (was, is) = (or.contains(name), nr.contains(name));
            if was != is {
                // Optional arrays and maps are generated as `Vec`/`Map` with a default.
                let container = matches!(type_of(n).as_str(), "array")
                    || (type_of(n) == "object"
                        && n.get("additionalProperties").is_some_and(Value::is_object)
                        && n.get("properties").is_none());
                let (wv, ww) = wire(
                    ctx.dir,
                    if is {
                        (W::Breaking, "requests without it are refused")
                    } else {
                        (W::Compatible, "every request that had it is still valid")
                    },
                    if is {
                        (
                            W::Compatible,
                            "deployed clients accept it present or absent",
                        )
                    } else {
                        (
                            W::Breaking,
                            "deployed clients require it and fail when it is absent",
                        )
                    },
                );
                self.push(finding(
                    if is {
                        Kind::NowRequired
                    } else {
                        Kind::NowOptional
                    },
                    path.clone(),
                    describe(n),
                    ctx.used_in.clone(),
                    R::Breaking,
                    if container {
                        "`new` takes it or stops taking it (arrays and maps are generated without `Option` either way)"
                    } else {
                        "`new` takes it or stops taking it, and the field changes between `T` and `Option<T>`"
                    },
                    wv,
                    &ww,
                ));
            }
            self.schema(o, n, &path, ctx);
        }
    }
}

/// A change of a security requirement (`old`/`new` as written; `old_eff`/`new_eff` what applies,
/// the global requirement when an operation has none).
fn security_requirement(
    at: &str,
    (old, old_eff): (&Value, &Value),
    (new, new_eff): (&Value, &Value),
) -> Option<Finding> {
    if old_eff == new_eff {
        return None;
    }
    let names = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .flat_map(|m| m.keys().cloned())
            .collect()
    };
    // No requirement, or an empty alternative: a request without credentials is accepted.
    let anonymous = |v: &Value| {
        v.as_array().is_none_or(|alternatives| {
            alternatives.is_empty()
                || alternatives
                    .iter()
                    .any(|a| a.as_object().is_some_and(|m| m.is_empty()))
        })
    };
    let stricter = names(new_eff).difference(&names(old_eff)).next().is_some()
        || (anonymous(old_eff) && !anonymous(new_eff));
    Some(finding(
        Kind::SecurityChanged,
        at,
        format!("requirement {} → {}", show_req(old), show_req(new)),
        vec![],
        // The builder is generated from the global requirement; an operation's own only
        // decides whether it is sent with the token.
        if at.starts_with("security (global)") {
            R::Breaking
        } else {
            R::None
        },
        if at.starts_with("security (global)") {
            "the generated constructor takes the credentials the global `security` requires"
        } else {
            "an operation's own requirement changes no method"
        },
        if stricter { W::Breaking } else { W::Compatible },
        if stricter {
            "requests without the new credential are refused"
        } else {
            "no credential is required that was not before"
        },
    ))
}

/// `text` names `word` as a whole word (`nickname` does not mention `name`).
fn mentions(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(ident)
            && !text[i + word.len()..].chars().next().is_some_and(ident)
    })
}

fn show_req(v: &Value) -> String {
    if v.is_null() {
        "(inherited)".to_string()
    } else {
        compact(v)
    }
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Removes descriptions, examples and notes: what is left is the shape.
fn strip_prose(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, _| {
                !matches!(
                    k.as_str(),
                    "description" | "summary" | "example" | "examples" | "title" | "x-doc-note"
                )
            });
            map.values_mut().for_each(strip_prose);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_prose),
        _ => {}
    }
}

fn is_open(s: &Value) -> bool {
    s.get(OPEN_ENUM).and_then(Value::as_bool) == Some(true)
}

/// The type of a schema for comparison: its `type` (with the integer/number format), or the
/// combinator, or `object` for a schema with properties.
fn type_of(s: &Value) -> String {
    if let Some(name) = spec::ref_name(s) {
        return format!("${name}");
    }
    if let Some(t) = s.get("type").and_then(Value::as_str) {
        let format = s.get("format").and_then(Value::as_str);
        return match (t, format) {
            ("integer" | "number", Some(f)) => format!("{t}({f})"),
            _ => t.to_string(),
        };
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if s.get(key).is_some() {
            return key.to_string();
        }
    }
    if s.get("properties").is_some() {
        return "object".to_string();
    }
    "any".to_string()
}

/// A short description of a schema: `string`, `array of Media`, `Media`.
fn describe(s: &Value) -> String {
    if s.is_null() {
        return "nothing".to_string();
    }
    if let Some(name) = spec::ref_name(s) {
        return format!("`{name}`");
    }
    let t = type_of(s);
    if t == "array"
        && let Some(items) = s.get("items")
    {
        return format!("array of {}", describe(items));
    }
    t
}

// ---------------------------------------------------------------------------------- changelog

const BEGIN: &str =
    "<!-- cargo xtask diff --changelog: begin (this section is rewritten by the command) -->";
const END: &str = "<!-- cargo xtask diff --changelog: end -->";

/// The changelog section of one provider's report.
pub fn changelog_section(report: &ProviderReport, base: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{BEGIN}");
    let _ = writeln!(out, "## Unreleased\n");
    let rust_breaking = report
        .findings
        .iter()
        .any(|f| f.rust == RustImpact::Breaking);
    let bump = if rust_breaking || report.status == Status::Removed {
        "minor (0.x.y → 0.(x+1).0): the Rust API breaks"
    } else {
        "patch (0.x.y → 0.x.(y+1)): nothing breaks the Rust API"
    };
    let _ = writeln!(
        out,
        "Spec changes of `specs/{}.yaml` against `{base}` (`cargo xtask diff {} --base {base}`): {} change(s), {} breaking. Version bump: {bump}.\n",
        report.provider,
        report.provider,
        report.findings.len(),
        report.breaking()
    );
    type Keep = fn(&Finding) -> bool;
    let groups: [(&str, Keep); 3] = [
        ("Breaking", |f| f.is_breaking()),
        ("Added", |f| {
            !f.is_breaking() && f.rust == RustImpact::Additive
        }),
        ("Changed", |f| {
            !f.is_breaking() && f.rust != RustImpact::Additive
        }),
    ];
    for (title, keep) in groups {
        let items: Vec<&Finding> = report.findings.iter().filter(|f| keep(f)).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for f in items {
            let _ = writeln!(
                out,
                "- {} `{}`: {} (Rust API: {}, wire: {}{})",
                f.kind.as_str(),
                f.at,
                f.detail,
                f.rust.as_str(),
                f.wire.as_str(),
                if f.used_in.is_empty() {
                    String::new()
                } else {
                    format!("; used by {}", f.used_in.join(", "))
                }
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "{END}");
    out
}

/// Writes (or rewrites, between its markers) the `Unreleased` section of `changelog`, the
/// text of `crates/waba-<provider>/CHANGELOG.md` (empty when there is none). Returns the new
/// text, or `None` when there are no changes (an existing section is then kept as is: it may
/// describe changes already committed).
pub fn update_changelog(changelog: &str, report: &ProviderReport, base: &str) -> Option<String> {
    if report.findings.is_empty() && report.status != Status::Removed {
        return None;
    }
    let section = changelog_section(report, base);
    if let (Some(b), Some(e)) = (changelog.find(BEGIN), changelog.find(END))
        && b < e
    {
        let end = e + END.len();
        let end = if changelog[end..].starts_with('\n') {
            end + 1
        } else {
            end
        };
        return Some(format!("{}{section}{}", &changelog[..b], &changelog[end..]));
    }
    let title = format!(
        "# Changelog of waba-{}\n\nVersions follow semver for 0.x crates: a breaking change of the Rust API bumps the minor version.\n\n",
        report.provider
    );
    if changelog.trim().is_empty() {
        return Some(format!("{title}{section}"));
    }
    // Before the first version section, after the title.
    match changelog.find("\n## ") {
        Some(i) => Some(format!(
            "{}{section}\n{}",
            &changelog[..=i],
            &changelog[i + 1..]
        )),
        None => Some(format!("{}\n\n{section}", changelog.trim_end())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(findings: Vec<Finding>) -> ProviderReport {
        ProviderReport {
            provider: "demo".into(),
            status: Status::Compared,
            findings,
        }
    }

    fn removed_field() -> Finding {
        finding(
            Kind::FieldRemoved,
            "Media.fileName",
            "optional field (string) removed",
            vec!["send (request)".into()],
            R::Breaking,
            "gone",
            W::Compatible,
            "ok",
        )
    }

    #[test]
    fn changelog_is_written_once_and_rewritten_in_place() {
        let start = "# Changelog\n\n## 0.1.0\n\nFirst release.\n";
        let r = report(vec![removed_field()]);
        let once = update_changelog(start, &r, "HEAD").expect("changes are written");
        let twice = update_changelog(&once, &r, "HEAD").expect("changes are written");
        assert_eq!(once, twice);
        assert_eq!(once.matches("## Unreleased").count(), 1);
        assert!(once.contains("## 0.1.0\n\nFirst release."));
        assert!(once.find("## Unreleased") < once.find("## 0.1.0"));
        assert!(
            once.starts_with("# Changelog\n\n<!-- cargo xtask diff"),
            "{once}"
        );
        assert!(once.contains("-->\n\n## 0.1.0"), "{once}");
        assert!(once.contains("- field-removed `Media.fileName`"));
        assert!(once.contains("Version bump: minor"));
    }

    #[test]
    fn no_changes_keep_an_existing_section() {
        let r = report(vec![removed_field()]);
        let written = update_changelog("", &r, "HEAD").expect("written");
        assert_eq!(update_changelog(&written, &report(vec![]), "HEAD"), None);
    }

    #[test]
    fn summary_line_counts_changes_and_breaking_ones() {
        let r = report(vec![removed_field()]);
        assert_eq!(
            r.summary_line("HEAD"),
            "demo: 1 change against HEAD (1 breaking) — cargo xtask diff demo"
        );
        assert_eq!(
            report(vec![]).summary_line("HEAD"),
            "demo: no spec changes against HEAD"
        );
    }
}
