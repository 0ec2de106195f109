//! The `x-waba-*` extensions that state rules JSON Schema cannot: exactly one of some
//! properties, values unique over the items of an array, a total over the arrays of its items,
//! a property required when an array has several items, a string limit that depends on where
//! the string sits. Read here once, for the generated checks (`checks.rs`) and the interpreter
//! (`schema.rs`), which must agree (`tests/agreement.rs`).
//!
//! A path names values inside an item of an array: property names joined by `.`, `[]` after a
//! name for each element of that array (`rows[].id`, `reply.title`, `parameters[].text`). A
//! property of a union is the property of whichever branch has it.

use serde_json::Value;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The property `name` (its JSON name); with `only`, only in a value whose property
    /// `only.0` is the string `only.1` (a union's branch, by its tag).
    Field {
        /// The property's JSON name.
        name: String,
        /// The tag property and value the value must have.
        only: Option<(String, String)>,
    },
    /// Each element of an array.
    Each,
}

/// `x-waba-max-length` entry: every string at `path` within an item is at most `max`
/// characters; with `several`, only when the array has more than one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LengthRule {
    /// From an item to the strings.
    pub path: Vec<Step>,
    /// The most characters.
    pub max: usize,
    /// Whether the rule holds only when the array has more than one item.
    pub several: bool,
}

/// The rules of an array schema.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArrayRules {
    /// `x-waba-unique-by`: each path's values are unique over all items.
    pub unique_by: Vec<Vec<Step>>,
    /// `x-waba-max-total`: the arrays at `path` in all items have at most `max` elements
    /// together.
    pub max_total: Option<(Vec<Step>, usize)>,
    /// `x-waba-required-when-several`: properties every item needs when there are several.
    pub required_when_several: Vec<String>,
    /// `x-waba-max-length`.
    pub max_length: Vec<LengthRule>,
}

impl ArrayRules {
    /// Whether there is no rule.
    pub fn is_empty(&self) -> bool {
        self == &ArrayRules::default()
    }
}

/// The last property name of a path (what a message calls the value).
pub fn last_name(path: &[Step]) -> &str {
    path.iter()
        .rev()
        .find_map(|s| match s {
            Step::Field { name, .. } => Some(name.as_str()),
            Step::Each => None,
        })
        .unwrap_or("value")
}

/// Parses `a.b[].c`; `only` applies to the first step.
pub fn parse_path(text: &str, only: Option<(String, String)>) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut only = only;
    for part in text.split('.') {
        let (name, each) = match part.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (part, false),
        };
        if name.is_empty() || name.contains(['[', ']']) {
            return Err(format!(
                "bad path `{text}`: `{part}` is not a property name"
            ));
        }
        steps.push(Step::Field {
            name: name.to_string(),
            only: only.take(),
        });
        if each {
            steps.push(Step::Each);
        }
    }
    Ok(steps)
}

fn names(v: &Value, key: &str) -> Result<Vec<String>, String> {
    v.as_array()
        .and_then(|a| a.iter().map(|x| x.as_str().map(str::to_string)).collect())
        .ok_or_else(|| format!("`{key}` must be an array of strings"))
}

fn count(v: &Value, key: &str) -> Result<usize, String> {
    v.get("max")
        .and_then(Value::as_u64)
        .map(|n| n as usize)
        .ok_or_else(|| format!("`{key}` needs `max`, a count"))
}

fn path_of(v: &Value, key: &str) -> Result<Vec<Step>, String> {
    let text = v
        .get("path")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("`{key}` needs `path`, a string"))?;
    let only = match v.get("when") {
        None => None,
        Some(w) => {
            let obj = w
                .as_object()
                .filter(|o| o.len() == 1)
                .ok_or_else(|| format!("`{key}.when` must be one tag property and its value"))?;
            let (tag, value) = obj.iter().next().ok_or("empty `when`")?;
            let value = value
                .as_str()
                .ok_or_else(|| format!("`{key}.when.{tag}` must be a string"))?;
            Some((tag.clone(), value.to_string()))
        }
    };
    parse_path(text, only)
}

/// `x-waba-exactly-one-of` of an object schema (empty when absent).
pub fn exactly_one_of(schema: &Value) -> Result<Vec<String>, String> {
    const KEY: &str = "x-waba-exactly-one-of";
    match schema.get(KEY) {
        None => Ok(Vec::new()),
        Some(v) => {
            let list = names(v, KEY)?;
            if list.len() < 2 {
                return Err(format!("`{KEY}` needs at least two property names"));
            }
            Ok(list)
        }
    }
}

/// How `x-waba-exactly-one-of`'s message names the properties: "`a` and `b`".
pub fn one_of_names(list: &[String]) -> String {
    let quoted: Vec<String> = list.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// The rules of an array schema.
pub fn array_rules(schema: &Value) -> Result<ArrayRules, String> {
    let mut r = ArrayRules::default();
    if let Some(v) = schema.get("x-waba-unique-by") {
        for p in names(v, "x-waba-unique-by")? {
            r.unique_by.push(parse_path(&p, None)?);
        }
    }
    if let Some(v) = schema.get("x-waba-max-total") {
        r.max_total = Some((
            path_of(v, "x-waba-max-total")?,
            count(v, "x-waba-max-total")?,
        ));
    }
    if let Some(v) = schema.get("x-waba-required-when-several") {
        r.required_when_several = names(v, "x-waba-required-when-several")?;
    }
    if let Some(v) = schema.get("x-waba-max-length") {
        let list = v
            .as_array()
            .ok_or("`x-waba-max-length` must be a list of {path, max, when?, several?}")?;
        for e in list {
            r.max_length.push(LengthRule {
                path: path_of(e, "x-waba-max-length")?,
                max: count(e, "x-waba-max-length")?,
                several: e.get("several").and_then(Value::as_bool) == Some(true),
            });
        }
    }
    Ok(r)
}
