//! Loading a provider spec: YAML with merge keys, as JSON (for linting and transforms) and as
//! a typed OpenAPI document.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One provider: its spec and the crate generated from it.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Short name, the spec's file stem (`dialog360`).
    pub name: String,
    /// `specs/<name>.yaml`, relative to the workspace root.
    pub spec: PathBuf,
    /// `crates/waba-<name>`, relative to the workspace root.
    pub crate_dir: PathBuf,
}

/// Every provider with a spec in `specs/`, sorted by name; `only` narrows the list and must
/// name existing specs.
pub fn providers(root: &Path, only: &[String]) -> Result<Vec<Provider>, String> {
    let dir = root.join("specs");
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut all = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        all.push(Provider {
            name: name.to_string(),
            spec: PathBuf::from("specs").join(format!("{name}.yaml")),
            crate_dir: PathBuf::from("crates").join(format!("waba-{name}")),
        });
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    for wanted in only {
        if !all.iter().any(|p| &p.name == wanted) {
            let known: Vec<_> = all.iter().map(|p| p.name.as_str()).collect();
            return Err(format!(
                "no spec named `{wanted}` in specs/ (known: {})",
                known.join(", ")
            ));
        }
    }
    if !only.is_empty() {
        all.retain(|p| only.contains(&p.name));
    }
    Ok(all)
}

/// A loaded spec.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The spec file, relative to the workspace root, for messages.
    pub path: PathBuf,
    /// The document as JSON, YAML merge keys applied.
    pub json: Value,
}

impl Spec {
    /// Reads and parses `root/path`.
    pub fn load(root: &Path, path: &Path) -> Result<Spec, String> {
        let text = std::fs::read_to_string(root.join(path))
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let mut yaml: serde_yaml::Value = serde_yaml::from_str(&text)
            .map_err(|e| format!("{}: not valid YAML: {e}", path.display()))?;
        yaml.apply_merge()
            .map_err(|e| format!("{}: bad YAML merge key: {e}", path.display()))?;
        let json = serde_json::to_value(&yaml).map_err(|e| {
            format!(
                "{}: cannot be read as JSON ({e}); quote numeric mapping keys such as response codes",
                path.display()
            )
        })?;
        Ok(Spec {
            path: path.to_path_buf(),
            json,
        })
    }

    /// Parses a (possibly transformed) JSON document as OpenAPI.
    pub fn openapi(&self, json: &Value) -> Result<openapiv3::OpenAPI, String> {
        serde_json::from_value(json.clone())
            .map_err(|e| format!("{}: not an OpenAPI 3.0 document: {e}", self.path.display()))
    }

    /// Every operation: (path, method, operation object).
    pub fn operations(&self) -> Vec<(String, String, &Value)> {
        operations(&self.json)
    }

    /// `components.schemas`, or an empty object.
    pub fn schemas(&self) -> Value {
        self.json
            .pointer("/components/schemas")
            .cloned()
            .unwrap_or_else(|| Value::Object(Default::default()))
    }
}

/// HTTP methods an OpenAPI path item may hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation of a JSON OpenAPI document: (path, method, operation object), in document
/// order of paths and in [`METHODS`] order within a path.
pub fn operations(json: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    if let Some(paths) = json.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    out.push((path.clone(), method.to_string(), op));
                }
            }
        }
    }
    out
}

/// The component name of a `$ref` ("#/components/schemas/Name" → "Name").
pub fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// The request body media types of an operation, resolving nothing (bodies are inline).
pub fn request_content(op: &Value) -> Option<&serde_json::Map<String, Value>> {
    op.get("requestBody")?.get("content")?.as_object()
}
