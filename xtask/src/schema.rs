//! Validation of JSON values against the subset of OpenAPI 3.0.3 Schema Objects used in our specs,
//! at generation time and in tests: the linter checks every example with it, and the workspace
//! tests compare it with the generated checks. It never reaches a client's build.
//!
//! A [`SchemaSet`] compiles the `components.schemas` map of an OpenAPI document once into an
//! arena of nodes: every `$ref` becomes an index into the arena and every `pattern` a compiled
//! ECMAScript regex. Validation walks that arena without allocating; only a failure builds a
//! [`ValidationError`] naming the offending field.
//!
//! Supported keywords: `$ref`, `type`, `nullable`, `enum`, `properties`, `required`,
//! `additionalProperties`, `items`, `minItems`, `maxItems`, `uniqueItems`, `minLength`,
//! `maxLength`, `pattern`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`
//! (OpenAPI 3.0 booleans), `multipleOf`, `minProperties`, `maxProperties`, `format` (`date` and
//! `date-time` only), `allOf`, `anyOf`, `oneOf` and `not`, and the rules JSON Schema cannot
//! state (`crate::limits`): `x-waba-exactly-one-of`, `x-waba-unique-by`, `x-waba-max-total`,
//! `x-waba-required-when-several`, `x-waba-max-length`. Every other keyword is ignored.
//!
//! Notes on semantics:
//! - As in OpenAPI 3.0, a `$ref` replaces the whole schema object; its siblings are ignored.
//! - A schema without `type` accepts values of any type (including `null`); its other keywords
//!   still apply to the values they concern (`maxLength` to strings, `items` to arrays, ...).
//! - `nullable: true` accepts `null` without checking anything else.
//! - Numbers are compared by value: `1` and `1.0` are equal (for `enum` and `uniqueItems`) and
//!   `1.0` is an integer.
//! - Lengths count Unicode scalar values, not bytes.
//! - Properties are checked in the order of the schema's `properties` map as parsed by
//!   `serde_json`, so the first error reported is deterministic.
//!
//! # Example
//!
//! ```
//! use serde_json::json;
//! use xtask::schema::SchemaSet;
//!
//! let set = SchemaSet::from_components(&json!({
//!     "Text": {
//!         "type": "object",
//!         "required": ["body"],
//!         "properties": {"body": {"type": "string", "maxLength": 5}}
//!     }
//! }))
//! .unwrap();
//! assert!(set.validate("Text", &json!({"body": "héllo"})).is_ok());
//! let err = set.validate("Text", &json!({"body": "héllo!"})).unwrap_err();
//! assert_eq!(err.to_string(), "`body` is 6 characters long, at most 5 allowed");
//! ```

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use serde_json::{Map, Number, Value};
use waba_runtime::check::{is_date, is_date_time};

/// The only `$ref` form supported: a named schema of the same document.
const REF_PREFIX: &str = "#/components/schemas/";
/// Maximum number of nested checks (value levels plus `$ref`/`allOf`/... hops) during validation.
const MAX_DEPTH: u32 = 128;
/// Maximum nesting of a schema object at compile time (in location segments).
const MAX_SCHEMA_DEPTH: usize = 128;
/// Maximum nesting followed when comparing two JSON values.
const MAX_EQ_DEPTH: u32 = 128;
/// Maximum `$ref`/`allOf` hops followed when looking for the tags of a `oneOf`/`anyOf` branch.
const MAX_TAG_DEPTH: u32 = 16;

type NodeId = usize;

const T_NULL: u8 = 1;
const T_BOOLEAN: u8 = 1 << 1;
const T_INTEGER: u8 = 1 << 2;
const T_NUMBER: u8 = 1 << 3;
const T_STRING: u8 = 1 << 4;
const T_ARRAY: u8 = 1 << 5;
const T_OBJECT: u8 = 1 << 6;

/// Type bit, name in `type`, and name in messages.
const TYPE_NAMES: [(u8, &str, &str); 7] = [
    (T_STRING, "string", "a string"),
    (T_NUMBER, "number", "a number"),
    (T_INTEGER, "integer", "an integer"),
    (T_BOOLEAN, "boolean", "a boolean"),
    (T_ARRAY, "array", "an array"),
    (T_OBJECT, "object", "an object"),
    (T_NULL, "null", "null"),
];

/// One compiled schema in the arena.
#[derive(Debug)]
enum Node {
    /// A named schema slot not compiled yet (never left behind by a successful compile).
    Pending,
    /// A named schema that is only a `$ref` to another one.
    Alias(NodeId),
    /// A schema object.
    Schema(Box<Schema>),
}

static PENDING: Node = Node::Pending;

#[derive(Debug, Default)]
struct Schema {
    /// Bit set of `T_*`; 0 means any type.
    types: u8,
    nullable: bool,
    enum_values: Option<Vec<Value>>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<Pattern>,
    format: Format,
    minimum: Option<Bound>,
    maximum: Option<Bound>,
    multiple_of: Option<Number>,
    items: Option<NodeId>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    unique_items: bool,
    /// In the order of the schema's `properties` map.
    properties: Vec<Property>,
    /// Indices into `properties`, sorted by name, for binary search.
    by_name: Vec<usize>,
    /// `required` names that are not in `properties`.
    extra_required: Vec<String>,
    additional: Additional,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
    all_of: Vec<NodeId>,
    any_of: Vec<Branch>,
    one_of: Vec<Branch>,
    not: Option<NodeId>,
    /// `x-waba-exactly-one-of`.
    exactly_one_of: Vec<String>,
    /// The `x-waba-*` rules of an array.
    limits: Option<Box<crate::limits::ArrayRules>>,
}

impl Schema {
    fn has_property(&self, key: &str) -> bool {
        self.by_name
            .binary_search_by(|&i| {
                self.properties
                    .get(i)
                    .map_or(Ordering::Less, |p| p.name.as_str().cmp(key))
            })
            .is_ok()
    }
}

#[derive(Debug)]
struct Pattern {
    source: String,
    regex: regress::Regex,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Format {
    #[default]
    Other,
    Date,
    DateTime,
}

#[derive(Debug)]
struct Bound {
    value: Number,
    exclusive: bool,
}

#[derive(Debug)]
struct Property {
    name: String,
    node: NodeId,
    required: bool,
}

#[derive(Debug, Default, Clone, Copy)]
enum Additional {
    #[default]
    Allow,
    Deny,
    Schema(NodeId),
}

/// One alternative of an `anyOf`/`oneOf`.
#[derive(Debug)]
struct Branch {
    node: NodeId,
    /// The schema name when the branch is a `$ref`, for messages.
    label: Option<String>,
    /// Properties whose schema is a single-value `enum` (filled after compilation).
    tags: Vec<Tag>,
}

#[derive(Debug)]
struct Tag {
    property: String,
    value: Value,
    /// False when every branch carries the same tag (e.g. `messaging_product: "whatsapp"`),
    /// so it cannot tell branches apart.
    discriminating: bool,
}

/// A set of named schemas (the `components.schemas` map of an OpenAPI document), compiled once.
///
/// Construction checks the schemas (dangling `$ref`s, invalid `pattern`s, malformed keywords,
/// `$ref` cycles that never descend into a value); validation never panics and does not
/// allocate unless it fails.
pub struct SchemaSet {
    nodes: Vec<Node>,
    names: BTreeMap<String, NodeId>,
}

impl fmt::Debug for SchemaSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SchemaSet")
            .field("names", &self.names())
            .field("nodes", &self.nodes.len())
            .finish()
    }
}

impl SchemaSet {
    /// `components` is a JSON object mapping schema name -> OpenAPI 3.0 schema object.
    /// `$ref`s look like "#/components/schemas/Name". Fails (Err(String) with a clear message)
    /// on a dangling $ref, an invalid regex `pattern`, or a non-object schema.
    ///
    /// It also fails on a supported keyword with a value of the wrong kind (e.g. a string
    /// `maxLength`), on `$ref`s other than `#/components/schemas/Name`, and on schemas that refer
    /// back to themselves through `$ref`/`allOf`/`anyOf`/`oneOf`/`not` without descending into a
    /// property or item (no value could ever be checked against those).
    pub fn from_components(components: &Value) -> Result<SchemaSet, String> {
        let Some(map) = components.as_object() else {
            return Err(format!(
                "components.schemas must be a JSON object mapping schema names to schema objects, found {}",
                kind_of(components)
            ));
        };
        let mut sorted: Vec<&String> = map.keys().collect();
        sorted.sort();
        let names: BTreeMap<String, NodeId> = sorted
            .into_iter()
            .enumerate()
            .map(|(i, name)| (name.clone(), i))
            .collect();
        let mut compiler = Compiler {
            names: &names,
            base_len: 0,
            nodes: (0..names.len()).map(|_| Node::Pending).collect(),
            root: String::new(),
            loc: Vec::new(),
        };
        for (name, schema) in map {
            let Some(&slot) = names.get(name.as_str()) else {
                continue;
            };
            compiler.root = format!("schema `{name}`");
            compiler.loc.clear();
            compiler.compile_named(slot, schema)?;
        }
        let mut nodes = compiler.nodes;
        check_cycles(&nodes, &names)?;
        assign_tags(&[], &mut nodes);
        Ok(SchemaSet { nodes, names })
    }

    /// Validate `value` against the named schema.
    ///
    /// An unknown `name` is reported as an error at the root.
    pub fn validate(&self, name: &str, value: &Value) -> Result<(), ValidationError> {
        let Some(&root) = self.names.get(name) else {
            return Err(ValidationError {
                path: String::new(),
                message: format!("cannot be checked: there is no schema named `{name}`"),
            });
        };
        View {
            base: &self.nodes,
            extra: &[],
        }
        .run(root, value)
    }

    /// Validate `value` against an inline schema (which may contain $refs into this set).
    /// Used by the linter for examples attached to inline schemas. Compiles the inline schema each call.
    ///
    /// If the inline schema itself is invalid, the error is reported at the root with a message
    /// starting with "cannot be checked".
    pub fn validate_inline(&self, schema: &Value, value: &Value) -> Result<(), ValidationError> {
        let mut compiler = Compiler {
            names: &self.names,
            base_len: self.nodes.len(),
            nodes: Vec::new(),
            root: "inline schema".to_owned(),
            loc: Vec::new(),
        };
        let root = compiler.compile(schema).map_err(|e| ValidationError {
            path: String::new(),
            message: format!("cannot be checked: {e}"),
        })?;
        let mut extra = compiler.nodes;
        assign_tags(&self.nodes, &mut extra);
        View {
            base: &self.nodes,
            extra: &extra,
        }
        .run(root, value)
    }

    /// Names of the schemas in the set, sorted.
    pub fn names(&self) -> Vec<&str> {
        self.names.keys().map(String::as_str).collect()
    }
}

/// Where and why a value breaks its schema: the same error the generated checks return.
pub use waba_runtime::check::ValidationError;

// ---------------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------------

struct Compiler<'c> {
    names: &'c BTreeMap<String, NodeId>,
    /// Ids below this live in an existing arena (inline compilation); ours start here.
    base_len: usize,
    nodes: Vec<Node>,
    /// "schema `Name`" or "inline schema", for messages.
    root: String,
    /// Location inside the root schema, for messages.
    loc: Vec<String>,
}

impl Compiler<'_> {
    fn err(&self, msg: impl fmt::Display) -> String {
        if self.loc.is_empty() {
            format!("{}: {msg}", self.root)
        } else {
            format!("{} at `{}`: {msg}", self.root, self.loc.join("."))
        }
    }

    fn err_at(&self, key: &str, msg: impl fmt::Display) -> String {
        if self.loc.is_empty() {
            format!("{} at `{key}`: {msg}", self.root)
        } else {
            format!("{} at `{}.{key}`: {msg}", self.root, self.loc.join("."))
        }
    }

    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.base_len + self.nodes.len() - 1
    }

    fn compile(&mut self, schema: &Value) -> Result<NodeId, String> {
        let obj = self.object(schema)?;
        if let Some(r) = obj.get("$ref") {
            return self.resolve_ref(r);
        }
        let schema = self.compile_schema(obj)?;
        Ok(self.push(Node::Schema(Box::new(schema))))
    }

    fn compile_named(&mut self, slot: NodeId, schema: &Value) -> Result<(), String> {
        let obj = self.object(schema)?;
        let node = match obj.get("$ref") {
            Some(r) => Node::Alias(self.resolve_ref(r)?),
            None => Node::Schema(Box::new(self.compile_schema(obj)?)),
        };
        if let Some(n) = slot
            .checked_sub(self.base_len)
            .and_then(|i| self.nodes.get_mut(i))
        {
            *n = node;
        }
        Ok(())
    }

    fn object<'v>(&self, schema: &'v Value) -> Result<&'v Map<String, Value>, String> {
        if self.loc.len() > MAX_SCHEMA_DEPTH {
            return Err(self.err("is nested too deeply"));
        }
        schema.as_object().ok_or_else(|| {
            self.err(format!(
                "must be a schema object, found {}",
                kind_of(schema)
            ))
        })
    }

    /// Compiles a sub-schema found at `segs` below the current location.
    fn child(&mut self, segs: &[&str], schema: &Value) -> Result<NodeId, String> {
        self.loc.extend(segs.iter().map(|s| (*s).to_owned()));
        let result = self.compile(schema)?;
        self.loc.truncate(self.loc.len().saturating_sub(segs.len()));
        Ok(result)
    }

    fn resolve_ref(&self, r: &Value) -> Result<NodeId, String> {
        let Some(r) = r.as_str() else {
            return Err(self.err_at("$ref", "must be a string"));
        };
        let Some(name) = ref_name(r) else {
            return Err(self.err(format!(
                "unsupported $ref \"{r}\": only \"#/components/schemas/Name\" is supported"
            )));
        };
        self.names.get(name.as_str()).copied().ok_or_else(|| {
            self.err(format!(
                "dangling $ref \"{r}\": there is no schema named `{name}` in components.schemas"
            ))
        })
    }

    fn flag(&self, obj: &Map<String, Value>, key: &str) -> Result<bool, String> {
        match obj.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.err_at(key, "must be true or false")),
        }
    }

    fn count(&self, obj: &Map<String, Value>, key: &str) -> Result<Option<u64>, String> {
        let Some(v) = obj.get(key) else {
            return Ok(None);
        };
        let n = v.as_u64().or_else(|| {
            v.as_f64()
                .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                .map(|f| f as u64)
        });
        match n {
            Some(n) => Ok(Some(n)),
            None => Err(self.err_at(key, "must be a non-negative integer")),
        }
    }

    fn bound(
        &self,
        obj: &Map<String, Value>,
        key: &str,
        exclusive_key: &str,
    ) -> Result<Option<Bound>, String> {
        let exclusive = match obj.get(exclusive_key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(self.err_at(
                    exclusive_key,
                    format!("must be true or false in OpenAPI 3.0 (the bound goes in `{key}`)"),
                ));
            }
        };
        match obj.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(Some(Bound {
                value: n.clone(),
                exclusive,
            })),
            Some(_) => Err(self.err_at(key, "must be a number")),
        }
    }

    fn branches(&mut self, obj: &Map<String, Value>, key: &str) -> Result<Vec<Branch>, String> {
        let Some(v) = obj.get(key) else {
            return Ok(Vec::new());
        };
        let list = match v {
            Value::Array(list) if !list.is_empty() => list,
            _ => return Err(self.err_at(key, "must be a non-empty array of schemas")),
        };
        let mut out = Vec::with_capacity(list.len());
        for (i, sub) in list.iter().enumerate() {
            let label = sub.get("$ref").and_then(Value::as_str).and_then(ref_name);
            let node = self.child(&[key, &i.to_string()], sub)?;
            out.push(Branch {
                node,
                label,
                tags: Vec::new(),
            });
        }
        Ok(out)
    }

    fn compile_schema(&mut self, obj: &Map<String, Value>) -> Result<Schema, String> {
        let mut s = Schema::default();

        if let Some(t) = obj.get("type") {
            let one = |v: &Value| -> Option<u8> {
                let name = v.as_str()?;
                TYPE_NAMES
                    .iter()
                    .find(|(_, n, _)| *n == name)
                    .map(|(bit, _, _)| *bit)
            };
            let unknown = |v: &Value| {
                self.err_at(
                    "type",
                    format!(
                        "unknown type {v}, expected one of string, number, integer, boolean, array, object"
                    ),
                )
            };
            s.types = match t {
                Value::String(_) => one(t).ok_or_else(|| unknown(t))?,
                Value::Array(list) if !list.is_empty() => {
                    let mut bits = 0;
                    for x in list {
                        bits |= one(x).ok_or_else(|| unknown(x))?;
                    }
                    bits
                }
                _ => return Err(self.err_at("type", "must be a type name such as \"string\"")),
            };
        }
        s.nullable = self.flag(obj, "nullable")?;
        if let Some(e) = obj.get("enum") {
            match e {
                Value::Array(values) if !values.is_empty() => s.enum_values = Some(values.clone()),
                _ => return Err(self.err_at("enum", "must be a non-empty array")),
            }
        }

        // Strings.
        s.min_length = self.count(obj, "minLength")?;
        s.max_length = self.count(obj, "maxLength")?;
        if let Some(p) = obj.get("pattern") {
            let Some(source) = p.as_str() else {
                return Err(self.err_at("pattern", "must be a string"));
            };
            let regex = compile_pattern(source).map_err(|e| {
                self.err_at(
                    "pattern",
                    format!("invalid regular expression `{source}`: {e}"),
                )
            })?;
            s.pattern = Some(Pattern {
                source: source.to_owned(),
                regex,
            });
        }
        if let Some(f) = obj.get("format") {
            s.format = match f.as_str() {
                Some("date") => Format::Date,
                Some("date-time") => Format::DateTime,
                Some(_) => Format::Other,
                None => return Err(self.err_at("format", "must be a string")),
            };
        }

        // Numbers.
        s.minimum = self.bound(obj, "minimum", "exclusiveMinimum")?;
        s.maximum = self.bound(obj, "maximum", "exclusiveMaximum")?;
        if let Some(m) = obj.get("multipleOf") {
            match m {
                Value::Number(n) if n.as_f64().is_some_and(|f| f > 0.0 && f.is_finite()) => {
                    s.multiple_of = Some(n.clone());
                }
                _ => return Err(self.err_at("multipleOf", "must be a number greater than 0")),
            }
        }

        // Arrays.
        if let Some(items) = obj.get("items") {
            s.items = Some(self.child(&["items"], items)?);
        }
        s.min_items = self.count(obj, "minItems")?;
        s.max_items = self.count(obj, "maxItems")?;
        s.unique_items = self.flag(obj, "uniqueItems")?;

        // Objects.
        if let Some(props) = obj.get("properties") {
            let Some(props) = props.as_object() else {
                return Err(self.err_at("properties", "must be an object of schemas"));
            };
            for (name, sub) in props {
                let node = self.child(&["properties", name], sub)?;
                s.properties.push(Property {
                    name: name.clone(),
                    node,
                    required: false,
                });
            }
            let mut by_name: Vec<usize> = (0..s.properties.len()).collect();
            by_name.sort_by(|&a, &b| s.properties[a].name.cmp(&s.properties[b].name));
            s.by_name = by_name;
        }
        if let Some(req) = obj.get("required") {
            let Some(list) = req.as_array() else {
                return Err(self.err_at("required", "must be an array of property names"));
            };
            for r in list {
                let Some(name) = r.as_str() else {
                    return Err(self.err_at("required", "must be an array of property names"));
                };
                match s.properties.iter_mut().find(|p| p.name == name) {
                    Some(p) => p.required = true,
                    None => {
                        if !s.extra_required.iter().any(|x| x == name) {
                            s.extra_required.push(name.to_owned());
                        }
                    }
                }
            }
        }
        if let Some(a) = obj.get("additionalProperties") {
            s.additional = match a {
                Value::Bool(true) => Additional::Allow,
                Value::Bool(false) => Additional::Deny,
                Value::Object(_) => Additional::Schema(self.child(&["additionalProperties"], a)?),
                _ => {
                    return Err(self.err_at(
                        "additionalProperties",
                        "must be true, false or a schema object",
                    ));
                }
            };
        }
        s.min_properties = self.count(obj, "minProperties")?;
        s.max_properties = self.count(obj, "maxProperties")?;

        // Combinators.
        s.all_of = self
            .branches(obj, "allOf")?
            .into_iter()
            .map(|b| b.node)
            .collect();
        s.any_of = self.branches(obj, "anyOf")?;
        s.one_of = self.branches(obj, "oneOf")?;
        if let Some(n) = obj.get("not") {
            s.not = Some(self.child(&["not"], n)?);
        }
        let value = Value::Object(obj.clone());
        s.exactly_one_of = crate::limits::exactly_one_of(&value).map_err(|e| self.err(e))?;
        let rules = crate::limits::array_rules(&value).map_err(|e| self.err(e))?;
        if !rules.is_empty() {
            s.limits = Some(Box::new(rules));
        }
        Ok(s)
    }
}

/// The schema name of a `#/components/schemas/Name` reference (JSON-pointer unescaped).
fn ref_name(r: &str) -> Option<String> {
    let escaped = r.strip_prefix(REF_PREFIX)?;
    if escaped.is_empty() || escaped.contains('/') {
        return None;
    }
    Some(escaped.replace("~1", "/").replace("~0", "~"))
}

/// Compiles an ECMAScript pattern, in Unicode mode when it is valid there (so `.` and classes
/// match whole characters), otherwise in legacy mode (which accepts e.g. `\-` outside classes).
fn compile_pattern(source: &str) -> Result<regress::Regex, regress::Error> {
    regress::Regex::with_flags(source, "u").or_else(|_| regress::Regex::new(source))
}

/// The k-th edge of `node` that validates the same value (no descent into the value).
fn same_value_edge(node: &Node, k: usize) -> Option<NodeId> {
    match node {
        Node::Pending => None,
        Node::Alias(t) => (k == 0).then_some(*t),
        Node::Schema(s) => {
            let mut k = k;
            if let Some(&id) = s.all_of.get(k) {
                return Some(id);
            }
            k -= s.all_of.len();
            if let Some(b) = s.any_of.get(k) {
                return Some(b.node);
            }
            k -= s.any_of.len();
            if let Some(b) = s.one_of.get(k) {
                return Some(b.node);
            }
            k -= s.one_of.len();
            if k == 0 { s.not } else { None }
        }
    }
}

/// Rejects cycles of `$ref`/`allOf`/`anyOf`/`oneOf`/`not` that never descend into the value:
/// validating against them would recurse forever.
fn check_cycles(nodes: &[Node], names: &BTreeMap<String, NodeId>) -> Result<(), String> {
    const WHITE: u8 = 0;
    const GRAY: u8 = 1;
    const BLACK: u8 = 2;
    let mut color = vec![WHITE; nodes.len()];
    let mut stack: Vec<(NodeId, usize)> = Vec::new();
    for (root_name, &root) in names {
        if color.get(root).copied() != Some(WHITE) {
            continue;
        }
        color[root] = GRAY;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (id, k) = *top;
            top.1 += 1;
            match nodes.get(id).and_then(|n| same_value_edge(n, k)) {
                Some(next) => match color.get(next).copied() {
                    Some(WHITE) => {
                        color[next] = GRAY;
                        stack.push((next, 0));
                    }
                    Some(GRAY) => {
                        let name = names
                            .iter()
                            .find(|(_, v)| **v == next)
                            .map_or(root_name, |(n, _)| n);
                        return Err(format!(
                            "schema `{name}` refers back to itself through $ref/allOf/anyOf/oneOf/not \
                             without descending into a property or array item, so no value can be checked against it"
                        ));
                    }
                    _ => {}
                },
                None => {
                    if let Some(c) = color.get_mut(id) {
                        *c = BLACK;
                    }
                    stack.pop();
                }
            }
        }
    }
    Ok(())
}

/// Fills the tags of every `anyOf`/`oneOf` branch of the nodes in `extra` (whose ids follow
/// those of `base`).
fn assign_tags(base: &[Node], extra: &mut [Node]) {
    let view = View {
        base,
        extra: &*extra,
    };
    // (index in `extra`, tags of the `anyOf` branches, tags of the `oneOf` branches)
    let mut updates: Vec<(usize, BranchTags, BranchTags)> = Vec::new();
    for (i, node) in view.extra.iter().enumerate() {
        if let Node::Schema(s) = node
            && (!s.any_of.is_empty() || !s.one_of.is_empty())
        {
            updates.push((
                i,
                branch_tags(view, &s.any_of),
                branch_tags(view, &s.one_of),
            ));
        }
    }
    for (i, any_tags, one_tags) in updates {
        if let Some(Node::Schema(s)) = extra.get_mut(i) {
            for (b, t) in s.any_of.iter_mut().zip(any_tags) {
                b.tags = t;
            }
            for (b, t) in s.one_of.iter_mut().zip(one_tags) {
                b.tags = t;
            }
        }
    }
}

/// The tags of each branch, in branch order.
type BranchTags = Vec<Vec<Tag>>;

fn branch_tags(view: View<'_>, branches: &[Branch]) -> BranchTags {
    let raw: Vec<Vec<(String, Value)>> = branches
        .iter()
        .map(|b| {
            let mut out = Vec::new();
            collect_tags(view, b.node, &mut out, 0);
            out
        })
        .collect();
    raw.iter()
        .map(|tags| {
            tags.iter()
                .map(|(p, v)| Tag {
                    property: p.clone(),
                    value: v.clone(),
                    discriminating: !raw
                        .iter()
                        .all(|other| other.iter().any(|(q, w)| q == p && json_eq(v, w, 0))),
                })
                .collect()
        })
        .collect()
}

/// Collects the properties of `id` (following `$ref` and `allOf`) whose schema is a
/// single-value `enum`.
fn collect_tags(view: View<'_>, id: NodeId, out: &mut Vec<(String, Value)>, depth: u32) {
    if depth > MAX_TAG_DEPTH {
        return;
    }
    match view.node(id) {
        Node::Pending => {}
        Node::Alias(t) => collect_tags(view, *t, out, depth + 1),
        Node::Schema(s) => {
            for p in &s.properties {
                if !out.iter().any(|(q, _)| *q == p.name)
                    && let Some(v) = single_enum(view, p.node, 0)
                {
                    out.push((p.name.clone(), v.clone()));
                }
            }
            for &a in &s.all_of {
                collect_tags(view, a, out, depth + 1);
            }
        }
    }
}

fn single_enum(view: View<'_>, id: NodeId, depth: u32) -> Option<&Value> {
    if depth > MAX_TAG_DEPTH {
        return None;
    }
    match view.node(id) {
        Node::Pending => None,
        Node::Alias(t) => single_enum(view, *t, depth + 1),
        Node::Schema(s) => match s.enum_values.as_deref() {
            Some([only]) => Some(only),
            _ => s
                .all_of
                .iter()
                .find_map(|&a| single_enum(view, a, depth + 1)),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/// A failed check; carries the error only in loud mode.
struct Fail(Option<ValidationError>);

type Outcome = Result<(), Fail>;

#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// Calls `f` for each value at `steps` from `value`, with its path; an absent or `null`
/// property has no value.
fn visit_json<'v>(
    value: &'v Value,
    steps: &[crate::limits::Step],
    path: &Path<'_>,
    f: &mut dyn FnMut(&'v Value, &Path<'_>) -> Outcome,
) -> Outcome {
    let Some((step, rest)) = steps.split_first() else {
        return f(value, path);
    };
    match step {
        crate::limits::Step::Each => {
            for (i, x) in value.as_array().into_iter().flatten().enumerate() {
                visit_json(x, rest, &path.index(i), f)?;
            }
            Ok(())
        }
        crate::limits::Step::Field { name, only } => {
            let Some(o) = value.as_object() else {
                return Ok(());
            };
            if let Some((tag, want)) = only
                && o.get(tag).and_then(Value::as_str) != Some(want.as_str())
            {
                return Ok(());
            }
            match o.get(name) {
                Some(x) if !x.is_null() => visit_json(x, rest, &path.key(name), f),
                _ => Ok(()),
            }
        }
    }
}

/// The `x-waba-*` rules of an array (`crate::limits`), in the generated checks' order.
fn check_limits(
    rules: &crate::limits::ArrayRules,
    items: &[Value],
    path: &Path<'_>,
    loud: bool,
) -> Outcome {
    let several = items.len() > 1;
    if several {
        for name in &rules.required_when_several {
            for (i, item) in items.iter().enumerate() {
                let missing = item
                    .get(name)
                    .is_none_or(|v| v.is_null() || v.as_str() == Some(""));
                if missing {
                    return fail(loud, &path.index(i).key(name), || {
                        "is required when there is more than one item".to_owned()
                    });
                }
            }
        }
    }
    for p in &rules.unique_by {
        let what = crate::limits::last_name(p);
        let mut n = 0usize;
        visit_items(items, p, path, &mut |a, at| {
            let mut m = 0usize;
            let mut dup = false;
            let quiet = Path::ROOT;
            visit_items(items, p, &quiet, &mut |b, _| {
                if m < n && json_eq(a, b, 0) {
                    dup = true;
                }
                m += 1;
                Ok(())
            })?;
            n += 1;
            if dup {
                return fail(loud, at, || {
                    format!("repeats the {what} of an earlier item; it must be unique")
                });
            }
            Ok(())
        })?;
    }
    if let Some((p, max)) = &rules.max_total {
        let what = crate::limits::last_name(p);
        let mut total = 0usize;
        visit_items(items, p, path, &mut |v, _| {
            total += v.as_array().map_or(0, Vec::len);
            Ok(())
        })?;
        if total > *max {
            return fail(loud, path, || {
                format!("has {total} {what} in all items, at most {max} allowed")
            });
        }
    }
    for rule in &rules.max_length {
        if rule.several && !several {
            continue;
        }
        let max = rule.max as u64;
        visit_items(items, &rule.path, path, &mut |v, at| {
            let Some(st) = v.as_str() else { return Ok(()) };
            let len = st.chars().count() as u64;
            if len > max {
                return fail(loud, at, || {
                    format!(
                        "is {len} {} long, at most {max} allowed",
                        plural(len, "character")
                    )
                });
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// `visit_json` from each of `items`.
fn visit_items<'v>(
    items: &'v [Value],
    steps: &[crate::limits::Step],
    path: &Path<'_>,
    f: &mut dyn FnMut(&'v Value, &Path<'_>) -> Outcome,
) -> Outcome {
    for (i, item) in items.iter().enumerate() {
        visit_json(item, steps, &path.index(i), f)?;
    }
    Ok(())
}

/// The path to the value being checked, as a linked list on the call stack.
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

impl<'a> Path<'a> {
    const ROOT: Path<'static> = Path {
        parent: None,
        seg: Seg::Root,
    };

    fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            seg: Seg::Key(key),
        }
    }

    fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            seg: Seg::Index(index),
        }
    }

    fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut cur = Some(self);
        while let Some(p) = cur {
            segs.push(p.seg);
            cur = p.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        out
    }
}

#[cold]
#[inline(never)]
fn fail(loud: bool, path: &Path<'_>, message: impl FnOnce() -> String) -> Outcome {
    Err(Fail(loud.then(|| ValidationError {
        path: path.render(),
        message: message(),
    })))
}

/// The arena(s) being validated against: the set's nodes plus, for inline schemas, the nodes
/// compiled for the call.
#[derive(Clone, Copy)]
struct View<'a> {
    base: &'a [Node],
    extra: &'a [Node],
}

impl<'a> View<'a> {
    fn node(self, id: NodeId) -> &'a Node {
        let found = if id < self.base.len() {
            self.base.get(id)
        } else {
            self.extra.get(id - self.base.len())
        };
        found.unwrap_or(&PENDING)
    }

    fn run(self, root: NodeId, value: &Value) -> Result<(), ValidationError> {
        match self.check(root, value, &Path::ROOT, 0, true) {
            Ok(()) => Ok(()),
            Err(Fail(Some(e))) => Err(e),
            Err(Fail(None)) => Err(ValidationError {
                path: String::new(),
                message: "does not match its schema".to_owned(),
            }),
        }
    }

    /// Checks `value` against node `id`. In quiet mode (`loud == false`) failures carry no
    /// error, so nothing is allocated.
    fn check(self, id: NodeId, value: &Value, path: &Path<'_>, depth: u32, loud: bool) -> Outcome {
        if depth > MAX_DEPTH {
            return fail(loud, path, || {
                format!("is nested too deeply to be checked (more than {MAX_DEPTH} levels)")
            });
        }
        let s = match self.node(id) {
            Node::Pending => return Ok(()),
            Node::Alias(t) => return self.check(*t, value, path, depth + 1, loud),
            Node::Schema(s) => s,
        };
        if value.is_null() && s.nullable {
            return Ok(());
        }
        if s.types != 0 && s.types & type_bits(value) == 0 {
            return fail(loud, path, || type_message(s.types));
        }
        if let Some(values) = &s.enum_values
            && !values.iter().any(|v| json_eq(v, value, 0))
        {
            return fail(loud, path, || enum_message(values));
        }
        match value {
            Value::String(st) => Self::check_string(s, st, path, loud)?,
            Value::Number(n) => Self::check_number(s, n, path, loud)?,
            Value::Array(a) => self.check_array(s, a, path, depth, loud)?,
            Value::Object(o) => self.check_object(s, o, path, depth, loud)?,
            Value::Null | Value::Bool(_) => {}
        }
        for &part in &s.all_of {
            self.check(part, value, path, depth + 1, loud)?;
        }
        if !s.any_of.is_empty() {
            self.check_any_of(&s.any_of, value, path, depth, loud)?;
        }
        if !s.one_of.is_empty() {
            self.check_one_of(&s.one_of, value, path, depth, loud)?;
        }
        if let Some(not) = s.not
            && self.check(not, value, path, depth + 1, false).is_ok()
        {
            return fail(loud, path, || {
                "matches a shape that is not allowed here".to_owned()
            });
        }
        Ok(())
    }

    #[inline(never)]
    fn check_string(s: &Schema, st: &str, path: &Path<'_>, loud: bool) -> Outcome {
        if s.min_length.is_some() || s.max_length.is_some() {
            let len = st.chars().count() as u64;
            if let Some(max) = s.max_length
                && len > max
            {
                return fail(loud, path, || {
                    format!(
                        "is {len} {} long, at most {max} allowed",
                        plural(len, "character")
                    )
                });
            }
            if let Some(min) = s.min_length
                && len < min
            {
                return fail(loud, path, || {
                    format!(
                        "is {len} {} long, at least {min} required",
                        plural(len, "character")
                    )
                });
            }
        }
        if let Some(p) = &s.pattern
            && p.regex.find(st).is_none()
        {
            return fail(loud, path, || {
                format!("must match the pattern `{}`", p.source)
            });
        }
        match s.format {
            Format::Date if !is_date(st.as_bytes()) => fail(loud, path, || {
                "must be a date in the form YYYY-MM-DD".to_owned()
            }),
            Format::DateTime if !is_date_time(st.as_bytes()) => fail(loud, path, || {
                "must be an RFC 3339 date-time such as 2024-01-31T13:45:00Z".to_owned()
            }),
            _ => Ok(()),
        }
    }

    #[inline(never)]
    fn check_number(s: &Schema, n: &Number, path: &Path<'_>, loud: bool) -> Outcome {
        if let Some(b) = &s.minimum {
            let ok = match cmp_numbers(n, &b.value) {
                Some(Ordering::Greater) => true,
                Some(Ordering::Equal) => !b.exclusive,
                _ => false,
            };
            if !ok {
                return fail(loud, path, || {
                    if b.exclusive {
                        format!("must be greater than {}", b.value)
                    } else {
                        format!("must be at least {}", b.value)
                    }
                });
            }
        }
        if let Some(b) = &s.maximum {
            let ok = match cmp_numbers(n, &b.value) {
                Some(Ordering::Less) => true,
                Some(Ordering::Equal) => !b.exclusive,
                _ => false,
            };
            if !ok {
                return fail(loud, path, || {
                    if b.exclusive {
                        format!("must be less than {}", b.value)
                    } else {
                        format!("must be at most {}", b.value)
                    }
                });
            }
        }
        if let Some(m) = &s.multiple_of
            && !is_multiple_of(n, m)
        {
            return fail(loud, path, || format!("must be a multiple of {m}"));
        }
        Ok(())
    }

    fn check_array(
        self,
        s: &Schema,
        items: &[Value],
        path: &Path<'_>,
        depth: u32,
        loud: bool,
    ) -> Outcome {
        let len = items.len() as u64;
        if let Some(max) = s.max_items
            && len > max
        {
            return fail(loud, path, || {
                format!("has {len} {}, at most {max} allowed", plural(len, "item"))
            });
        }
        if let Some(min) = s.min_items
            && len < min
        {
            return fail(loud, path, || {
                format!("has {len} {}, at least {min} required", plural(len, "item"))
            });
        }
        if let Some(item_schema) = s.items {
            for (i, item) in items.iter().enumerate() {
                self.check(item_schema, item, &path.index(i), depth + 1, loud)?;
            }
        }
        if s.unique_items {
            for (i, item) in items.iter().enumerate() {
                if let Some(j) = items[..i].iter().position(|other| json_eq(other, item, 0)) {
                    return fail(loud, path, || {
                        format!("must not contain duplicate items ([{j}] and [{i}] are equal)")
                    });
                }
            }
        }
        if let Some(rules) = &s.limits {
            check_limits(rules, items, path, loud)?;
        }
        Ok(())
    }

    fn check_object(
        self,
        s: &Schema,
        obj: &Map<String, Value>,
        path: &Path<'_>,
        depth: u32,
        loud: bool,
    ) -> Outcome {
        for p in &s.properties {
            match obj.get(&p.name) {
                Some(v) => self.check(p.node, v, &path.key(&p.name), depth + 1, loud)?,
                None if p.required => {
                    return fail(loud, &path.key(&p.name), || "is required".to_owned());
                }
                None => {}
            }
        }
        for name in &s.extra_required {
            if !obj.contains_key(name) {
                return fail(loud, &path.key(name), || "is required".to_owned());
            }
        }
        match s.additional {
            Additional::Allow => {}
            Additional::Deny => {
                if let Some(key) = obj.keys().find(|k| !s.has_property(k)) {
                    return fail(loud, &path.key(key), || unknown_field_message(s));
                }
            }
            Additional::Schema(extra) => {
                for (key, v) in obj {
                    if !s.has_property(key) {
                        self.check(extra, v, &path.key(key), depth + 1, loud)?;
                    }
                }
            }
        }
        if !s.exactly_one_of.is_empty() {
            let present = s
                .exactly_one_of
                .iter()
                .filter(|n| obj.get(n.as_str()).is_some_and(|v| !v.is_null()))
                .count();
            if present != 1 {
                return fail(loud, path, || {
                    format!(
                        "needs exactly one of {}",
                        crate::limits::one_of_names(&s.exactly_one_of)
                    )
                });
            }
        }
        let len = obj.len() as u64;
        if let Some(max) = s.max_properties
            && len > max
        {
            return fail(loud, path, || {
                format!("has {len} {}, at most {max} allowed", plural(len, "field"))
            });
        }
        if let Some(min) = s.min_properties
            && len < min
        {
            return fail(loud, path, || {
                format!(
                    "has {len} {}, at least {min} required",
                    plural(len, "field")
                )
            });
        }
        Ok(())
    }

    fn check_any_of(
        self,
        branches: &[Branch],
        value: &Value,
        path: &Path<'_>,
        depth: u32,
        loud: bool,
    ) -> Outcome {
        for b in branches {
            if !excluded_by_tag(b, value)
                && self.check(b.node, value, path, depth + 1, false).is_ok()
            {
                return Ok(());
            }
        }
        Err(Fail(loud.then(|| {
            self.explain_no_match(branches, value, path, depth)
        })))
    }

    fn check_one_of(
        self,
        branches: &[Branch],
        value: &Value,
        path: &Path<'_>,
        depth: u32,
        loud: bool,
    ) -> Outcome {
        let mut first = None;
        for (i, b) in branches.iter().enumerate() {
            if excluded_by_tag(b, value)
                || self.check(b.node, value, path, depth + 1, false).is_err()
            {
                continue;
            }
            match first {
                None => first = Some(i),
                Some(f) => {
                    return fail(loud, path, || {
                        format!(
                            "matches more than one of the {} allowed shapes ({} and {}), exactly one is allowed",
                            branches.len(),
                            branch_label(branches, f),
                            branch_label(branches, i)
                        )
                    });
                }
            }
        }
        if first.is_some() {
            return Ok(());
        }
        Err(Fail(loud.then(|| {
            self.explain_no_match(branches, value, path, depth)
        })))
    }

    /// The error for a value matching no branch: the error of the one branch whose tags match
    /// the value if there is exactly one, else a summary at `path`.
    #[inline(never)]
    fn explain_no_match(
        self,
        branches: &[Branch],
        value: &Value,
        path: &Path<'_>,
        depth: u32,
    ) -> ValidationError {
        let branch_error = |i: usize| -> ValidationError {
            let node = branches.get(i).map_or(usize::MAX, |b| b.node);
            match self.check(node, value, path, depth + 1, true) {
                Err(Fail(Some(e))) => e,
                _ => ValidationError {
                    path: path.render(),
                    message: "does not match its schema".to_owned(),
                },
            }
        };
        if branches.len() == 1 {
            return branch_error(0);
        }
        if let Value::Object(obj) = value {
            // A branch the value cannot be meant for: it lacks a property the branch requires,
            // has one the branch forbids, or contradicts one of its tags. When that leaves one
            // branch, its error is the useful one; when it leaves several, the tags below
            // choose among them.
            let fits: Vec<bool> = branches
                .iter()
                .map(|b| !excluded_by_tag(b, value) && !self.lacks_or_forbids(b.node, obj, 0))
                .collect();
            let fitting = fits.iter().filter(|f| **f).count();
            if fitting == 1
                && let Some(i) = fits.iter().position(|f| *f)
            {
                return branch_error(i);
            }
            let fits = |i: usize| fitting == 0 || fits.get(i).copied().unwrap_or(false);
            let mut matched = branches.iter().enumerate().filter(|(i, b)| {
                if !fits(*i) {
                    return false;
                }
                let mut tags = b.tags.iter().filter(|t| t.discriminating).peekable();
                tags.peek().is_some()
                    && tags.all(|t| {
                        obj.get(&t.property)
                            .is_some_and(|v| json_eq(v, &t.value, 0))
                    })
            });
            if let (Some((i, _)), None) = (matched.next(), matched.next()) {
                return branch_error(i);
            }
            // Else, a branch whose tags the value lacks or contradicts is ruled out; when one
            // branch is left (typically an untagged one beside tagged ones), its error is the
            // useful one.
            let mut open = branches.iter().enumerate().filter(|(i, b)| {
                fits(*i)
                    && !b.tags.iter().filter(|t| t.discriminating).any(|t| {
                        !obj.get(&t.property)
                            .is_some_and(|v| json_eq(v, &t.value, 0))
                    })
            });
            if let (Some((i, _)), None) = (open.next(), open.next()) {
                return branch_error(i);
            }
        }
        let first = branch_error(0);
        ValidationError {
            path: path.render(),
            message: format!(
                "matches none of the {} allowed shapes ({}: {first})",
                branches.len(),
                branch_label(branches, 0)
            ),
        }
    }
}

impl View<'_> {
    /// True when the object `obj` lacks a property that schema `id` requires or has one that
    /// it forbids (`additionalProperties: false`), following `$ref` aliases.
    fn lacks_or_forbids(self, id: NodeId, obj: &Map<String, Value>, depth: u32) -> bool {
        if depth > MAX_TAG_DEPTH {
            return false;
        }
        match self.node(id) {
            Node::Pending => false,
            Node::Alias(t) => self.lacks_or_forbids(*t, obj, depth + 1),
            Node::Schema(s) => {
                s.properties
                    .iter()
                    .any(|p| p.required && !obj.contains_key(&p.name))
                    || s.extra_required.iter().any(|r| !obj.contains_key(r))
                    || (matches!(s.additional, Additional::Deny)
                        && obj.keys().any(|k| !s.has_property(k)))
            }
        }
    }
}

/// True when the value has a non-null property that contradicts one of the branch's tags, so
/// the branch cannot match (a cheap shortcut; the result is the same without it).
fn excluded_by_tag(b: &Branch, value: &Value) -> bool {
    let Value::Object(obj) = value else {
        return false;
    };
    b.tags.iter().any(|t| {
        obj.get(&t.property)
            .is_some_and(|v| !v.is_null() && !json_eq(v, &t.value, 0))
    })
}

fn branch_label(branches: &[Branch], i: usize) -> String {
    match branches.get(i).and_then(|b| b.label.as_deref()) {
        Some(name) => format!("`{name}`"),
        None => format!("shape {}", i + 1),
    }
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

fn type_bits(value: &Value) -> u8 {
    match value {
        Value::Null => T_NULL,
        Value::Bool(_) => T_BOOLEAN,
        Value::Number(n) if is_integral(n) => T_NUMBER | T_INTEGER,
        Value::Number(_) => T_NUMBER,
        Value::String(_) => T_STRING,
        Value::Array(_) => T_ARRAY,
        Value::Object(_) => T_OBJECT,
    }
}

fn type_message(types: u8) -> String {
    // "number" already covers "integer".
    let types = if types & T_NUMBER != 0 {
        types & !T_INTEGER
    } else {
        types
    };
    let names: Vec<&str> = TYPE_NAMES
        .iter()
        .filter(|(bit, _, _)| types & bit != 0)
        .map(|(_, _, phrase)| *phrase)
        .collect();
    format!("must be {}", names.join(" or "))
}

fn enum_message(values: &[Value]) -> String {
    let listed: Vec<String> = values.iter().map(Value::to_string).collect();
    format!("must be one of {}", listed.join(", "))
}

fn unknown_field_message(s: &Schema) -> String {
    if s.properties.is_empty() {
        "is not an allowed field (no fields are allowed here)".to_owned()
    } else {
        let names: Vec<&str> = s.properties.iter().map(|p| p.name.as_str()).collect();
        format!("is not an allowed field (allowed: {})", names.join(", "))
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------------------------
// Values and numbers
// ---------------------------------------------------------------------------------------------

/// JSON equality with numbers compared by value (`1 == 1.0`). Values nested deeper than
/// `MAX_EQ_DEPTH` compare as different.
fn json_eq(a: &Value, b: &Value, depth: u32) -> bool {
    if depth > MAX_EQ_DEPTH {
        return false;
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => cmp_numbers(x, y) == Some(Ordering::Equal),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q, depth + 1))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w, depth + 1)))
        }
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Null, Value::Null) => true,
        _ => false,
    }
}

fn as_int(n: &Number) -> Option<i128> {
    n.as_u64()
        .map(i128::from)
        .or_else(|| n.as_i64().map(i128::from))
}

fn is_integral(n: &Number) -> bool {
    as_int(n).is_some()
        || n.as_f64()
            .is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// Exact comparison of two JSON numbers, integers and floats mixed.
fn cmp_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    match (as_int(a), as_int(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        (Some(x), None) => cmp_int_float(x, b.as_f64()?),
        (None, Some(y)) => cmp_int_float(y, a.as_f64()?).map(Ordering::reverse),
        (None, None) => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

fn cmp_int_float(i: i128, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    let floor = f.floor();
    // Saturating cast: exact for every integral float within i128, and infinities saturate
    // far beyond any JSON integer (which fits in 65 bits).
    let fi = floor as i128;
    Some(match i.cmp(&fi) {
        Ordering::Equal if f > floor => Ordering::Less,
        other => other,
    })
}

fn is_multiple_of(n: &Number, m: &Number) -> bool {
    if let (Some(x), Some(y)) = (as_int(n), as_int(m)) {
        return y != 0 && x % y == 0;
    }
    let (Some(x), Some(y)) = (n.as_f64(), m.as_f64()) else {
        return false;
    };
    let q = x / y;
    if !q.is_finite() {
        return false;
    }
    (q - q.round()).abs() <= q.abs().max(1.0) * 8.0 * f64::EPSILON
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(components: Value) -> SchemaSet {
        match SchemaSet::from_components(&components) {
            Ok(s) => s,
            Err(e) => panic!("schema set should compile: {e}"),
        }
    }

    fn err(set: &SchemaSet, name: &str, value: Value) -> ValidationError {
        match set.validate(name, &value) {
            Ok(()) => panic!("{value} should not validate against {name}"),
            Err(e) => e,
        }
    }

    fn ok(set: &SchemaSet, name: &str, value: Value) {
        if let Err(e) = set.validate(name, &value) {
            panic!("{value} should validate against {name}: {e}");
        }
    }

    #[test]
    fn limit_extensions_name_the_field() {
        let set = set(json!({
            "Media": {"type": "object", "x-waba-exactly-one-of": ["id", "link"],
                "properties": {"id": {"type": "string"}, "link": {"type": "string"}}},
            "List": {"type": "object", "properties": {"sections": {
                "type": "array",
                "x-waba-unique-by": ["rows[].id"],
                "x-waba-max-total": {"path": "rows", "max": 3},
                "x-waba-required-when-several": ["title"],
                "items": {"type": "object", "properties": {
                    "title": {"type": "string"},
                    "rows": {"type": "array", "items": {"type": "object",
                        "properties": {"id": {"type": "string"}}}}}}}}},
            "Parts": {"type": "object", "properties": {"parts": {
                "type": "array",
                "x-waba-max-length": [{"path": "text", "max": 2, "when": {"type": "body"},
                    "several": true}],
                "items": {"type": "object"}}}}
        }));
        ok(&set, "Media", json!({"id": "1"}));
        for bad in [json!({}), json!({"id": "1", "link": "l"})] {
            let e = err(&set, "Media", bad);
            assert_eq!(
                (e.path.as_str(), e.message.as_str()),
                ("", "needs exactly one of `id` and `link`")
            );
        }
        let row = |id: &str| json!({"id": id});
        ok(
            &set,
            "List",
            json!({"sections": [{"rows": [row("a"), row("b")]}]}),
        );
        ok(
            &set,
            "List",
            json!({"sections": [{"title": "A", "rows": [row("a")]}, {"title": "B", "rows": [row("b"), row("c")]}]}),
        );
        let e = err(
            &set,
            "List",
            json!({"sections": [{"title": "A", "rows": [row("a")]}, {"rows": [row("b")]}]}),
        );
        assert_eq!(e.path, "sections[1].title");
        let e = err(
            &set,
            "List",
            json!({"sections": [{"title": "A", "rows": [row("a")]}, {"title": "B", "rows": [row("b"), row("a")]}]}),
        );
        assert_eq!(e.path, "sections[1].rows[1].id");
        assert!(e.message.contains("unique"), "{e}");
        let e = err(
            &set,
            "List",
            json!({"sections": [{"title": "A", "rows": [row("a"), row("b")]}, {"title": "B", "rows": [row("c"), row("d")]}]}),
        );
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("sections", "has 4 rows in all items, at most 3 allowed")
        );
        let body = |t: &str| json!({"type": "body", "text": t});
        ok(&set, "Parts", json!({"parts": [body("long")]}));
        ok(
            &set,
            "Parts",
            json!({"parts": [{"type": "header", "text": "long"}, body("ab")]}),
        );
        let e = err(
            &set,
            "Parts",
            json!({"parts": [{"type": "header"}, body("abc")]}),
        );
        assert_eq!(e.path, "parts[1].text");
    }

    fn messages() -> SchemaSet {
        set(json!({
            "Message": {
                "oneOf": [
                    {"$ref": "#/components/schemas/TextMessage"},
                    {"$ref": "#/components/schemas/ImageMessage"}
                ]
            },
            "TextMessage": {
                "type": "object",
                "required": ["messaging_product", "type", "text"],
                "additionalProperties": false,
                "properties": {
                    "messaging_product": {"type": "string", "enum": ["whatsapp"]},
                    "type": {"type": "string", "enum": ["text"]},
                    "text": {
                        "type": "object",
                        "required": ["body"],
                        "properties": {"body": {"type": "string", "minLength": 1, "maxLength": 10}}
                    }
                }
            },
            "ImageMessage": {
                "type": "object",
                "required": ["messaging_product", "type", "image"],
                "properties": {
                    "messaging_product": {"type": "string", "enum": ["whatsapp"]},
                    "type": {"type": "string", "enum": ["image"]},
                    "image": {
                        "type": "object",
                        "required": ["link"],
                        "properties": {"link": {"type": "string", "pattern": "^https://"}}
                    }
                }
            }
        }))
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let s = set(json!({"S": {"type": "string", "minLength": 2, "maxLength": 5}}));
        ok(&s, "S", json!("héllo")); // 5 chars, 6 bytes
        ok(&s, "S", json!("👍👍")); // 2 chars, 8 bytes
        let e = err(&s, "S", json!("héllo!"));
        assert_eq!(e.path, "");
        assert_eq!(e.message, "is 6 characters long, at most 5 allowed");
        assert_eq!(
            e.to_string(),
            "the value is 6 characters long, at most 5 allowed"
        );
        let e = err(&s, "S", json!("é"));
        assert_eq!(e.message, "is 1 character long, at least 2 required");
        assert_eq!(err(&s, "S", json!(5)).message, "must be a string");
    }

    #[test]
    fn item_counts() {
        let s = set(
            json!({"A": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "integer"}}}),
        );
        ok(&s, "A", json!([1, 2, 3]));
        assert_eq!(
            err(&s, "A", json!([1, 2, 3, 4])).message,
            "has 4 items, at most 3 allowed"
        );
        assert_eq!(
            err(&s, "A", json!([])).message,
            "has 0 items, at least 1 required"
        );
        let e = err(&s, "A", json!([1, "x"]));
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("[1]", "must be an integer")
        );
    }

    #[test]
    fn required_and_nested_paths() {
        let s = set(json!({
            "Root": {
                "type": "object",
                "properties": {"a": {"type": "object", "properties": {"b": {
                    "type": "array",
                    "items": {"type": "object", "required": ["c"], "properties": {"c": {"type": "string", "maxLength": 2}}}
                }}}}
            }
        }));
        ok(&s, "Root", json!({"a": {"b": [{"c": "x"}, {"c": "yy"}]}}));
        let e = err(
            &s,
            "Root",
            json!({"a": {"b": [{"c": "x"}, {"c": "y"}, {"c": "zzz"}]}}),
        );
        assert_eq!(e.path, "a.b[2].c");
        assert_eq!(
            e.to_string(),
            "`a.b[2].c` is 3 characters long, at most 2 allowed"
        );
        let e = err(&s, "Root", json!({"a": {"b": [{}]}}));
        assert_eq!(e.to_string(), "`a.b[0].c` is required");
    }

    #[test]
    fn additional_properties() {
        let s = set(json!({
            "Closed": {"type": "object", "additionalProperties": false, "properties": {"a": {}, "b": {}}},
            "Map": {"type": "object", "additionalProperties": {"type": "integer"}, "properties": {"name": {"type": "string"}}},
            "Open": {"type": "object", "properties": {"a": {"type": "string"}}}
        }));
        ok(&s, "Closed", json!({"a": 1}));
        let e = err(&s, "Closed", json!({"a": 1, "typo": 2}));
        assert_eq!(e.path, "typo");
        assert_eq!(e.message, "is not an allowed field (allowed: a, b)");
        ok(&s, "Map", json!({"name": "n", "x": 1, "y": 2}));
        let e = err(&s, "Map", json!({"name": "n", "x": 1, "y": "2"}));
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("y", "must be an integer")
        );
        ok(&s, "Open", json!({"a": "x", "anything": [1, 2]}));
    }

    #[test]
    fn enums_compare_json_values() {
        let s = set(json!({
            "E": {"type": "string", "enum": ["a", "b"]},
            "N": {"enum": [1, [1, 2], {"k": 2.0}]}
        }));
        ok(&s, "E", json!("b"));
        assert_eq!(
            err(&s, "E", json!("c")).message,
            "must be one of \"a\", \"b\""
        );
        ok(&s, "N", json!(1.0));
        ok(&s, "N", json!([1.0, 2]));
        ok(&s, "N", json!({"k": 2}));
        assert!(s.validate("N", &json!([2, 1])).is_err());
        assert!(s.validate("N", &json!("1")).is_err());
    }

    #[test]
    fn recursive_ref() {
        let s = set(json!({
            "Tree": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 3},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}
                }
            },
            "Alias": {"$ref": "#/components/schemas/Tree"}
        }));
        ok(
            &s,
            "Tree",
            json!({"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}),
        );
        let e = err(
            &s,
            "Alias",
            json!({"name": "a", "children": [{"name": "b", "children": [{"name": "c"}, {"name": "long"}]}]}),
        );
        assert_eq!(e.path, "children[0].children[1].name");
        // Deep but legitimate values are fine.
        let mut v = json!({"name": "x"});
        for _ in 0..50 {
            v = json!({"name": "x", "children": [v]});
        }
        ok(&s, "Tree", v);
    }

    #[test]
    fn one_of_reports_the_branch_selected_by_its_tag() {
        let s = messages();
        ok(
            &s,
            "Message",
            json!({"messaging_product": "whatsapp", "type": "text", "text": {"body": "hi"}}),
        );
        ok(
            &s,
            "Message",
            json!({"messaging_product": "whatsapp", "type": "image", "image": {"link": "https://x"}}),
        );
        let e = err(
            &s,
            "Message",
            json!({"messaging_product": "whatsapp", "type": "image", "image": {"link": "http://x"}}),
        );
        assert_eq!(e.path, "image.link");
        assert_eq!(e.message, "must match the pattern `^https://`");
        let e = err(
            &s,
            "Message",
            json!({"messaging_product": "whatsapp", "type": "text", "text": {"body": "far too long here"}}),
        );
        assert_eq!(
            e.to_string(),
            "`text.body` is 17 characters long, at most 10 allowed"
        );
        let e = err(
            &s,
            "Message",
            json!({"messaging_product": "whatsapp", "type": "text", "text": {}}),
        );
        assert_eq!(e.to_string(), "`text.body` is required");
    }

    #[test]
    fn a_branch_the_value_cannot_be_meant_for_does_not_explain_the_failure() {
        // A tagged union beside a receipt (required `status`) and an untagged closed shape
        // (`additionalProperties: false`): the error of a bad message names its field, and so
        // does the error of a bad untagged body.
        let s = set(json!({
            "Request": {"oneOf": [
                {"$ref": "#/components/schemas/Msg"},
                {"$ref": "#/components/schemas/Receipt"},
                {"$ref": "#/components/schemas/Bare"}
            ]},
            "Msg": {"oneOf": [
                {"type": "object", "required": ["type", "text"], "properties": {
                    "product": {"enum": ["whatsapp"]},
                    "type": {"enum": ["text"]},
                    "text": {"type": "string", "maxLength": 3}}},
                {"type": "object", "required": ["type", "list"], "properties": {
                    "product": {"enum": ["whatsapp"]},
                    "type": {"enum": ["list"]},
                    "list": {"type": "array", "maxItems": 1}}}
            ]},
            "Receipt": {"type": "object", "required": ["status"], "properties": {
                "product": {"enum": ["whatsapp"]}, "status": {"enum": ["read"]}}},
            "Bare": {"type": "object", "required": ["text"], "additionalProperties": false,
                "properties": {"product": {"enum": ["whatsapp"]}, "text": {"type": "string", "maxLength": 3}}}
        }));
        let e = err(
            &s,
            "Request",
            json!({"product": "whatsapp", "type": "list", "list": [1, 2]}),
        );
        assert_eq!(e.path, "list", "{e}");
        let e = err(
            &s,
            "Request",
            json!({"product": "whatsapp", "type": "text", "text": "long"}),
        );
        assert_eq!(e.path, "text", "{e}");
        assert!(e.message.contains("at most 3"), "{e}");
        let e = err(
            &s,
            "Request",
            json!({"product": "whatsapp", "text": "long"}),
        );
        assert_eq!(e.path, "text", "{e}");
        ok(&s, "Request", json!({"product": "whatsapp", "text": "ok"}));
        ok(
            &s,
            "Request",
            json!({"product": "whatsapp", "status": "read"}),
        );
    }

    #[test]
    fn one_of_without_a_matching_tag_summarises() {
        let s = messages();
        let e = err(
            &s,
            "Message",
            json!({"messaging_product": "whatsapp", "type": "video", "text": {"body": "hi"}}),
        );
        assert_eq!(e.path, "");
        assert_eq!(
            e.message,
            "matches none of the 2 allowed shapes (`TextMessage`: `type` must be one of \"text\")"
        );
        let e = err(&s, "Message", json!("not an object"));
        assert!(
            e.message
                .starts_with("matches none of the 2 allowed shapes ("),
            "{e}"
        );
        // Works the same below the root, with the path kept.
        let s = set(json!({
            "Wrapper": {"type": "object", "properties": {"m": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}}
        }));
        let e = err(&s, "Wrapper", json!({"m": 1.5}));
        assert_eq!(
            e.to_string(),
            "`m` matches none of the 2 allowed shapes (shape 1: `m` must be a string)"
        );
    }

    #[test]
    fn one_of_rejects_two_matches_and_any_of_accepts_them() {
        let s = set(json!({
            "One": {"oneOf": [{"type": "number"}, {"type": "integer"}]},
            "Any": {"anyOf": [{"type": "number"}, {"type": "integer"}]}
        }));
        ok(&s, "One", json!(1.5));
        let e = err(&s, "One", json!(2));
        assert_eq!(
            e.message,
            "matches more than one of the 2 allowed shapes (shape 1 and shape 2), exactly one is allowed"
        );
        ok(&s, "Any", json!(2));
        ok(&s, "Any", json!(1.5));
        assert!(s.validate("Any", &json!("x")).is_err());
    }

    #[test]
    fn nullable() {
        let s = set(json!({
            "N": {"type": "string", "nullable": true, "maxLength": 1},
            "S": {"type": "string"}
        }));
        ok(&s, "N", json!(null));
        ok(&s, "N", json!("a"));
        assert!(s.validate("N", &json!("ab")).is_err());
        assert_eq!(err(&s, "S", json!(null)).message, "must be a string");
    }

    #[test]
    fn integer_versus_number_and_bounds() {
        let s = set(json!({
            "I": {"type": "integer", "minimum": 1, "maximum": 10, "exclusiveMaximum": true},
            "N": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "multipleOf": 0.01},
            "Big": {"type": "integer", "maximum": 9007199254740992u64}
        }));
        ok(&s, "I", json!(1));
        ok(&s, "I", json!(2.0));
        assert_eq!(err(&s, "I", json!(1.5)).message, "must be an integer");
        assert_eq!(err(&s, "I", json!(0)).message, "must be at least 1");
        assert_eq!(err(&s, "I", json!(10)).message, "must be less than 10");
        assert_eq!(err(&s, "I", json!("3")).message, "must be an integer");
        ok(&s, "N", json!(19.99));
        ok(&s, "N", json!(3));
        assert_eq!(err(&s, "N", json!(0)).message, "must be greater than 0");
        assert_eq!(
            err(&s, "N", json!(1.001)).message,
            "must be a multiple of 0.01"
        );
        ok(&s, "Big", json!(9007199254740992u64));
        assert!(s.validate("Big", &json!(9007199254740993u64)).is_err());
        assert!(s.validate("Big", &json!(1e300)).is_err());
    }

    #[test]
    fn pattern_is_an_unanchored_ecmascript_search() {
        let s = set(json!({
            "Contains": {"type": "string", "pattern": "b+"},
            "Phone": {"type": "string", "pattern": "^\\+?[0-9]{8,15}$"},
            "Word": {"type": "string", "pattern": "^\\p{L}+$"}
        }));
        ok(&s, "Contains", json!("abbc"));
        assert!(s.validate("Contains", &json!("ac")).is_err());
        ok(&s, "Phone", json!("+4915112345678"));
        let e = err(&s, "Phone", json!("0151-123"));
        assert_eq!(e.message, "must match the pattern `^\\+?[0-9]{8,15}$`");
        ok(&s, "Word", json!("Grüße"));
        assert!(s.validate("Word", &json!("a1")).is_err());
    }

    #[test]
    fn date_formats() {
        let s = set(json!({
            "D": {"type": "string", "format": "date"},
            "DT": {"type": "string", "format": "date-time"},
            "Other": {"type": "string", "format": "email"}
        }));
        for good in ["2024-02-29", "2000-02-29", "1999-12-31"] {
            ok(&s, "D", json!(good));
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-04-31",
            "2024-00-10",
            "2024-1-01",
            "2024-01-01T00:00:00Z",
            "２０２４-01-01",
        ] {
            let e = err(&s, "D", json!(bad));
            assert_eq!(e.message, "must be a date in the form YYYY-MM-DD", "{bad}");
        }
        for good in [
            "2024-01-31T13:45:00Z",
            "2024-01-31t13:45:00.123+02:00",
            "2016-12-31T23:59:60-08:00",
        ] {
            ok(&s, "DT", json!(good));
        }
        for bad in [
            "2024-01-31",
            "2024-01-31T24:00:00Z",
            "2024-01-31T13:45:00",
            "2024-01-31T13:45:00.Z",
            "2024-01-31 13:45:00Z",
            "2024-01-31T13:45:00+2:00",
            "2024-01-31T13:45:00Zé",
        ] {
            assert!(s.validate("DT", &json!(bad)).is_err(), "{bad}");
        }
        ok(&s, "Other", json!("not an email"));
    }

    #[test]
    fn unique_items_and_property_counts() {
        let s = set(json!({
            "U": {"type": "array", "uniqueItems": true},
            "P": {"type": "object", "minProperties": 1, "maxProperties": 2}
        }));
        ok(&s, "U", json!([1, "1", [1], {"a": 1}]));
        let e = err(&s, "U", json!([{"a": 1}, 2, {"a": 1.0}]));
        assert_eq!(
            e.message,
            "must not contain duplicate items ([0] and [2] are equal)"
        );
        assert_eq!(
            err(&s, "P", json!({})).message,
            "has 0 fields, at least 1 required"
        );
        assert_eq!(
            err(&s, "P", json!({"a": 1, "b": 2, "c": 3})).message,
            "has 3 fields, at most 2 allowed"
        );
    }

    #[test]
    fn all_of_and_not_keep_paths() {
        let s = set(json!({
            "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "maxLength": 2}}},
            "Derived": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"n": {"not": {"type": "string"}}}}]}
        }));
        ok(&s, "Derived", json!({"id": "ab", "n": 1}));
        assert_eq!(err(&s, "Derived", json!({"id": "abc"})).path, "id");
        let e = err(&s, "Derived", json!({"id": "ab", "n": "x"}));
        assert_eq!(
            e.to_string(),
            "`n` matches a shape that is not allowed here"
        );
    }

    #[test]
    fn inline_schemas_and_names() {
        let s = messages();
        assert_eq!(s.names(), vec!["ImageMessage", "Message", "TextMessage"]);
        let inline =
            json!({"type": "array", "items": {"$ref": "#/components/schemas/TextMessage"}});
        assert!(
            s.validate_inline(
                &inline,
                &json!([{"messaging_product": "whatsapp", "type": "text", "text": {"body": "hi"}}])
            )
            .is_ok()
        );
        let e = s
            .validate_inline(
                &inline,
                &json!([{"messaging_product": "whatsapp", "type": "text", "text": {"body": ""}}]),
            )
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "`[0].text.body` is 0 characters long, at least 1 required"
        );
        let inline_one_of = json!({"oneOf": [{"$ref": "#/components/schemas/TextMessage"}, {"$ref": "#/components/schemas/ImageMessage"}]});
        let e = s
            .validate_inline(
                &inline_one_of,
                &json!({"messaging_product": "whatsapp", "type": "image", "image": {}}),
            )
            .unwrap_err();
        assert_eq!(e.to_string(), "`image.link` is required");
        let e = s
            .validate_inline(&json!({"$ref": "#/components/schemas/Nope"}), &json!(1))
            .unwrap_err();
        assert!(
            e.message.starts_with("cannot be checked:") && e.message.contains("Nope"),
            "{e}"
        );
        let e = s.validate("Nope", &json!(1)).unwrap_err();
        assert!(e.message.contains("no schema named `Nope`"), "{e}");
    }

    #[test]
    fn construction_errors() {
        let e = SchemaSet::from_components(
            &json!({"A": {"properties": {"b": {"$ref": "#/components/schemas/Missing"}}}}),
        )
        .unwrap_err();
        assert!(
            e.contains("schema `A` at `properties.b`") && e.contains("Missing"),
            "{e}"
        );
        let e = SchemaSet::from_components(&json!({"A": {"type": "string", "pattern": "[a-"}}))
            .unwrap_err();
        assert!(
            e.contains("schema `A` at `pattern`") && e.contains("invalid regular expression"),
            "{e}"
        );
        let e = SchemaSet::from_components(&json!({"A": "string"})).unwrap_err();
        assert!(
            e.contains("schema `A`") && e.contains("must be a schema object"),
            "{e}"
        );
        let e =
            SchemaSet::from_components(&json!({"A": {"items": [{"type": "string"}]}})).unwrap_err();
        assert!(e.contains("`items`"), "{e}");
        let e = SchemaSet::from_components(&json!({"A": {"maxLength": "3"}})).unwrap_err();
        assert!(
            e.contains("maxLength") && e.contains("non-negative integer"),
            "{e}"
        );
        let e = SchemaSet::from_components(&json!({"A": {"type": "str"}})).unwrap_err();
        assert!(e.contains("unknown type"), "{e}");
        let e = SchemaSet::from_components(&json!(["A"])).unwrap_err();
        assert!(e.contains("must be a JSON object"), "{e}");
        let e = SchemaSet::from_components(&json!({"A": {"$ref": "other.yaml#/A"}})).unwrap_err();
        assert!(e.contains("unsupported $ref"), "{e}");
        // Cycles that never descend into the value are rejected instead of looping forever.
        let e = SchemaSet::from_components(&json!({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}})).unwrap_err();
        assert!(e.contains("refers back to itself"), "{e}");
        let e = SchemaSet::from_components(
            &json!({"A": {"allOf": [{"not": {"$ref": "#/components/schemas/A"}}]}}),
        )
        .unwrap_err();
        assert!(e.contains("schema `A` refers back to itself"), "{e}");
    }

    #[test]
    fn ignored_keywords_and_typeless_schemas() {
        let s = set(json!({
            "T": {
                "description": "d", "example": 3, "x-foo": {"bar": 1}, "discriminator": {"propertyName": "type"},
                "default": "x", "readOnly": true, "title": "t", "deprecated": true,
                "maxLength": 2, "maximum": 5, "maxItems": 1
            }
        }));
        ok(&s, "T", json!("ab"));
        ok(&s, "T", json!(5));
        ok(&s, "T", json!([1]));
        ok(&s, "T", json!(null));
        ok(&s, "T", json!({"anything": true}));
        assert!(s.validate("T", &json!("abc")).is_err());
        assert!(s.validate("T", &json!(6)).is_err());
        assert!(s.validate("T", &json!([1, 2])).is_err());
    }

    #[test]
    fn never_panics_on_weird_values() {
        let s = set(json!({
            "Tree": {"type": "object", "properties": {"c": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}}},
            "List": {"type": "array", "items": {"$ref": "#/components/schemas/List"}, "uniqueItems": true},
            "Num": {"type": "number", "minimum": -1e308, "maximum": 1e308, "multipleOf": 0.5},
            "Int": {"type": "integer", "multipleOf": 3, "enum": [3, 18446744073709551615u64]},
            "Msg": {"oneOf": [{"$ref": "#/components/schemas/Tree"}, {"$ref": "#/components/schemas/Num"}]},
            "Str": {"type": "string", "pattern": "(a+)+$", "format": "date-time", "maxLength": 3}
        }));
        let mut deep = json!([]);
        for _ in 0..300 {
            deep = json!([deep]);
        }
        let mut deep_tree = json!({});
        for _ in 0..300 {
            deep_tree = json!({"c": [deep_tree]});
        }
        let weird = [
            json!(null),
            json!({}),
            json!([]),
            json!(""),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(f64::MAX),
            json!(-f64::MAX),
            json!(5e-324),
            json!("\u{0}\u{10FFFF}é"),
            json!({"": {"": [[]]}}),
            json!([[], [[]], [[]]]),
            deep.clone(),
            deep_tree.clone(),
        ];
        let names = s.names();
        for name in &names {
            for value in &weird {
                let _ = s.validate(name, value);
                let _ = s.validate_inline(
                    &json!({"$ref": format!("#/components/schemas/{name}")}),
                    value,
                );
            }
        }
        let e = err(&s, "List", deep);
        assert!(e.message.contains("nested too deeply"), "{e}");
        let e = err(&s, "Tree", deep_tree);
        assert!(e.message.contains("nested too deeply"), "{e}");
        // Weird inline schemas are errors, not panics.
        for schema in [
            json!(null),
            json!(1),
            json!({"enum": []}),
            json!({"oneOf": []}),
            json!({"multipleOf": 0}),
            json!({"type": []}),
            json!({"$ref": 5}),
        ] {
            assert!(s.validate_inline(&schema, &json!(1)).is_err(), "{schema}");
        }
        let mut deep_schema = json!({});
        for _ in 0..300 {
            deep_schema = json!({"items": deep_schema});
        }
        assert!(s.validate_inline(&deep_schema, &json!([])).is_err());
    }

    #[test]
    fn schema_set_is_send_sync_and_debug() {
        fn assert_send_sync<T: Send + Sync + fmt::Debug>() {}
        assert_send_sync::<SchemaSet>();
        let s = messages();
        assert!(format!("{s:?}").contains("TextMessage"));
    }
}
