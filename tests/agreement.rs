//! The generated request checks and the specs agree: for every constraint of every spec on a
//! component a request is made of, a value just inside is accepted and one just outside is
//! refused, by the typed read (typify's newtypes and enums) or by the generated `check()`;
//! and the spec's interpreter (the xtask's, which the linter uses) says the same of each.
//! Where the typed read refuses a string (typify's constrained strings), the generated check
//! of each such type is run too, on the text stored unchecked as the generated constructors
//! store it: it must refuse it in the spec's words, and every one of them is reached.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use waba_runtime::check::{JsonError, ValidationError};
use xtask::schema::SchemaSet;

type CheckJson = fn(&str, &Value) -> Option<Result<(), JsonError>>;

const PROVIDERS: [(&str, CheckJson); 5] = [
    ("dialog360", waba_dialog360::check_json),
    ("onextel", waba_onextel::check_json),
    ("channel360", waba_channel360::check_json),
    ("mehery", waba_mehery::check_json),
    ("desk360", waba_desk360::check_json),
];

/// Per provider, its constrained strings (name, `xtask::checks::newtype_key`) and their
/// generated checks run on a text stored unchecked (as the generated constructors store it).
type CheckNewtype = fn(&str, &str) -> Option<Result<(), ValidationError>>;
/// (name, string limits) of each constrained string.
type Newtypes = &'static [(&'static str, &'static str)];
const NEWTYPES: [(&str, Newtypes, CheckNewtype); 5] = [
    (
        "dialog360",
        waba_dialog360::NEWTYPES,
        waba_dialog360::check_newtype,
    ),
    (
        "onextel",
        waba_onextel::NEWTYPES,
        waba_onextel::check_newtype,
    ),
    (
        "channel360",
        waba_channel360::NEWTYPES,
        waba_channel360::check_newtype,
    ),
    ("mehery", waba_mehery::NEWTYPES, waba_mehery::check_newtype),
    (
        "desk360",
        waba_desk360::NEWTYPES,
        waba_desk360::check_newtype,
    ),
];

const REF: &str = "#/components/schemas/";

/// A step from a component's schema to one of its sub-schemas.
#[derive(Clone, Debug)]
enum Step {
    Prop(String),
    Item,
    /// `oneOf`/`anyOf` branch: the value stays where it is.
    Branch(&'static str, usize),
    /// `allOf` member: the value stays where it is.
    All(usize),
}

/// One constraint: where it is and which keyword (for `required`, which name).
#[derive(Clone, Debug)]
struct Constraint {
    steps: Vec<Step>,
    keyword: String,
    node: Value,
}

const KEYWORDS: [&str; 16] = [
    "maxLength",
    "minLength",
    "pattern",
    "maximum",
    "minimum",
    "multipleOf",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "oneOf",
    "anyOf",
    "format",
    "additionalProperties",
    "maxProperties",
    "minProperties",
];

/// Where the constraints of a component are looked for: its own schema, and the schemas of
/// the components it refers to that are not types of their own (open enums and
/// string-or-number values, checked by the parent), which are recorded in `through`.
struct Walk<'a> {
    components: &'a Value,
    standalone: &'a dyn Fn(&str) -> bool,
    through: &'a mut std::collections::BTreeSet<String>,
    depth: u32,
}

fn constraints(schema: &Value, steps: &mut Vec<Step>, out: &mut Vec<Constraint>, w: &mut Walk<'_>) {
    let Some(obj) = schema.as_object() else {
        return;
    };
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches(REF);
        // A component of its own is checked with its own constraints.
        if (w.standalone)(name) || w.depth > 8 {
            return;
        }
        w.through.insert(name.to_string());
        w.depth += 1;
        let target = w.components[name].clone();
        constraints(&target, steps, out, w);
        w.depth -= 1;
        return;
    }
    for k in KEYWORDS {
        let Some(v) = obj.get(k) else { continue };
        let counts = match k {
            "format" => matches!(v.as_str(), Some("date" | "date-time")),
            "additionalProperties" => v == &Value::Bool(false),
            "uniqueItems" => v == &Value::Bool(true),
            _ => true,
        };
        if counts {
            out.push(Constraint {
                steps: steps.clone(),
                keyword: k.to_string(),
                node: schema.clone(),
            });
        }
    }
    // The rules JSON Schema cannot state (`xtask::limits`): one constraint per rule.
    for (k, n) in [
        ("x-waba-exactly-one-of", 1),
        ("x-waba-max-total", 1),
        ("x-waba-required-when-several", 1),
        (
            "x-waba-unique-by",
            obj.get("x-waba-unique-by")
                .and_then(Value::as_array)
                .map_or(0, Vec::len),
        ),
        (
            "x-waba-max-length",
            obj.get("x-waba-max-length")
                .and_then(Value::as_array)
                .map_or(0, Vec::len),
        ),
    ] {
        if obj.contains_key(k) {
            for i in 0..n {
                out.push(Constraint {
                    steps: steps.clone(),
                    keyword: format!("{k}:{i}"),
                    node: schema.clone(),
                });
            }
        }
    }
    for r in obj
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        out.push(Constraint {
            steps: steps.clone(),
            keyword: format!("required:{r}"),
            node: schema.clone(),
        });
    }
    if let Some(props) = obj.get("properties").and_then(Value::as_object) {
        for (name, p) in props {
            steps.push(Step::Prop(name.clone()));
            constraints(p, steps, out, w);
            steps.pop();
        }
    }
    if let Some(items) = obj.get("items") {
        steps.push(Step::Item);
        constraints(items, steps, out, w);
        steps.pop();
    }
    for kind in ["oneOf", "anyOf"] {
        for (i, b) in obj
            .get(kind)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            steps.push(Step::Branch(
                if kind == "oneOf" { "oneOf" } else { "anyOf" },
                i,
            ));
            constraints(b, steps, out, w);
            steps.pop();
        }
    }
    for (i, m) in obj
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        steps.push(Step::All(i));
        constraints(m, steps, out, w);
        steps.pop();
    }
}

struct Synth<'a> {
    components: &'a Value,
    set: &'a SchemaSet,
}

impl Synth<'_> {
    fn resolve<'v>(&'v self, mut s: &'v Value) -> &'v Value {
        for _ in 0..16 {
            match s.get("$ref").and_then(Value::as_str) {
                Some(r) => s = &self.components[r.trim_start_matches(REF)],
                None => break,
            }
        }
        s
    }

    fn valid(&self, schema: &Value, v: &Value) -> bool {
        self.set.validate_inline(schema, v).is_ok()
    }

    /// A minimal value valid against `schema`, built along `steps` (so the constrained place
    /// exists in it).
    fn value(&self, schema: &Value, steps: &[Step], depth: u32) -> Option<Value> {
        if depth > 24 {
            return None;
        }
        let schema = self.resolve(schema);
        if steps.is_empty()
            && let Some(ex) = schema.get("example")
            && self.valid(schema, ex)
        {
            return Some(ex.clone());
        }
        if let Some(Step::Branch(kind, i)) = steps.first() {
            let b = schema.get(*kind)?.get(*i)?;
            let v = self.value(b, &steps[1..], depth + 1)?;
            return Some(self.merge_siblings(schema, v, depth));
        }
        if let Some(Step::All(i)) = steps.first() {
            let mut v = self.value(schema.get("allOf")?.get(*i)?, &steps[1..], depth + 1)?;
            for (j, m) in schema["allOf"].as_array()?.iter().enumerate() {
                if j != *i {
                    let other = self.value(m, &[], depth + 1)?;
                    merge(&mut v, other);
                }
            }
            return Some(self.merge_siblings(schema, v, depth));
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return values.first().cloned();
        }
        for kind in ["oneOf", "anyOf"] {
            if let Some(branches) = schema.get(kind).and_then(Value::as_array) {
                return branches
                    .iter()
                    .filter_map(|b| self.value(b, &[], depth + 1))
                    .map(|v| self.merge_siblings(schema, v, depth))
                    .find(|v| self.valid(schema, v));
            }
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            let mut v = json!({});
            for m in members {
                merge(&mut v, self.value(m, &[], depth + 1)?);
            }
            return Some(self.merge_siblings(schema, v, depth));
        }
        let ty = schema.get("type").and_then(Value::as_str).unwrap_or(
            if schema.get("properties").is_some() {
                "object"
            } else {
                "string"
            },
        );
        Some(match ty {
            "object" => {
                let mut obj = serde_json::Map::new();
                let props = schema.get("properties").and_then(Value::as_object);
                let wanted = match steps.first() {
                    Some(Step::Prop(p)) => Some(p.as_str()),
                    _ => None,
                };
                for r in schema
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    if Some(r) == wanted {
                        continue;
                    }
                    let p = props.and_then(|p| p.get(r)).cloned().unwrap_or(json!({}));
                    obj.insert(r.to_string(), self.value(&p, &[], depth + 1)?);
                }
                if let Some(w) = wanted {
                    let p = props.and_then(|p| p.get(w))?;
                    obj.insert(w.to_string(), self.value(p, &steps[1..], depth + 1)?);
                }
                // `x-waba-exactly-one-of`: the first of them, unless one is there.
                let one_of = schema
                    .get("x-waba-exactly-one-of")
                    .and_then(Value::as_array);
                let names: Vec<&str> = one_of
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                if let Some(first) = names.first()
                    && !names.iter().any(|n| obj.contains_key(*n))
                {
                    let p = props.and_then(|p| p.get(*first))?;
                    obj.insert(first.to_string(), self.value(p, &[], depth + 1)?);
                }
                Value::Object(obj)
            }
            "array" => {
                let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                let item_steps = match steps.first() {
                    Some(Step::Item) => &steps[1..],
                    _ => &[][..],
                };
                let n = min.max(u64::from(matches!(steps.first(), Some(Step::Item))));
                let mut items = Vec::new();
                for _ in 0..n {
                    items.push(self.value(schema.get("items")?, item_steps, depth + 1)?);
                }
                Value::Array(items)
            }
            "integer" | "number" => {
                let min = schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0);
                let ex = schema.get("exclusiveMinimum") == Some(&json!(true));
                let n = if ex { min + 1.0 } else { min };
                let n = n.max(
                    schema
                        .get("maximum")
                        .and_then(Value::as_f64)
                        .map_or(n, |m| n.min(m)),
                );
                if ty == "integer" || n.fract() == 0.0 {
                    json!(n as i64)
                } else {
                    json!(n)
                }
            }
            "boolean" => json!(true),
            _ => self.string(schema)?,
        })
    }

    /// Properties declared beside a `oneOf`/`anyOf`/`allOf`.
    fn merge_siblings(&self, schema: &Value, mut v: Value, depth: u32) -> Value {
        if schema.get("properties").is_some() {
            let mut plain = schema.clone();
            if let Some(o) = plain.as_object_mut() {
                for k in ["oneOf", "anyOf", "allOf", "example"] {
                    o.remove(k);
                }
            }
            if let Some(extra) = self.value(&plain, &[], depth + 1) {
                merge(&mut v, extra);
            }
        }
        v
    }

    fn string(&self, schema: &Value) -> Option<Value> {
        match schema.get("format").and_then(Value::as_str) {
            Some("date") => return Some(json!("2024-01-31")),
            Some("date-time") => return Some(json!("2024-01-31T13:45:00Z")),
            _ => {}
        }
        let min = schema
            .get("minLength")
            .and_then(Value::as_u64)
            .unwrap_or(1)
            .max(1) as usize;
        let mut candidates = vec!["a".repeat(min)];
        candidates.extend(
            [
                "4915112345678",
                "+4915112345678",
                "https://www.example.com/a",
                "1",
                "0",
                "en_US",
                "a@example.com",
                "A",
                "ab12",
            ]
            .map(String::from),
        );
        candidates
            .into_iter()
            .map(Value::String)
            .find(|v| self.valid(schema, v))
    }
}

fn merge(into: &mut Value, from: Value) {
    if let (Some(a), Value::Object(b)) = (into.as_object_mut(), from) {
        for (k, v) in b {
            a.entry(k).or_insert(v);
        }
    }
}

/// The JSON place the steps lead to.
fn place<'v>(v: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    let mut cur = v;
    for s in steps {
        cur = match s {
            Step::Prop(p) => cur.get_mut(p)?,
            Step::Item => cur.get_mut(0)?,
            Step::Branch(..) | Step::All(_) => cur,
        };
    }
    Some(cur)
}

/// The value just inside and the value just outside the constraint, at its place.
fn pair(c: &Constraint, leaf: &Value, s: &Synth<'_>) -> Option<(Value, Value)> {
    let node = s.resolve(&c.node);
    let n = |k: &str| node.get(k).and_then(Value::as_f64);
    let text = leaf.as_str().unwrap_or("a");
    let fill = |len: usize| -> Value {
        let ch = text.chars().next().unwrap_or('a');
        Value::String(std::iter::repeat_n(ch, len).collect())
    };
    let num = |x: f64| -> Value {
        if x.fract() == 0.0 {
            json!(x as i64)
        } else {
            json!(x)
        }
    };
    let item = match leaf.as_array().and_then(|a| a.first()) {
        Some(item) => Some(item.clone()),
        None => node.get("items").and_then(|i| s.value(i, &[], 0)),
    };
    // Copies of the item, told apart where the spec wants items unique (`x-waba-unique-by`
    // names `id`s and `title`s) and with the properties several items need
    // (`x-waba-required-when-several`), so a count is all they break.
    let needed: Vec<(String, Value)> = node
        .get("x-waba-required-when-several")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(|p| {
            let item_schema = s.resolve(node.get("items")?);
            let v = s.value(item_schema.get("properties")?.get(p)?, &[], 0)?;
            Some((p.to_string(), v))
        })
        .collect();
    let copies = |k: usize| -> Option<Value> {
        let mut out = Vec::new();
        for i in 0..k {
            let mut v = item.clone()?;
            if i > 0 {
                distinct(&mut v, i);
            }
            if k > 1
                && let Some(o) = v.as_object_mut()
            {
                for (p, x) in &needed {
                    o.entry(p.clone()).or_insert_with(|| x.clone());
                }
            }
            out.push(v);
        }
        Some(Value::Array(out))
    };
    let k = c.keyword.as_str();
    Some(match k {
        "maxLength" => {
            let m = n(k)? as usize;
            (fill(m), fill(m + 1))
        }
        "minLength" => {
            let m = n(k)? as usize;
            if m == 0 {
                return None;
            }
            (fill(m), fill(m - 1))
        }
        "pattern" => {
            let out = ["", "!", " ", "a b", "~"]
                .iter()
                .map(|x| json!(x))
                .find(|x| !s.valid(node, x))?;
            (leaf.clone(), out)
        }
        "maximum" => {
            let m = n(k)?;
            if node.get("exclusiveMaximum") == Some(&json!(true)) {
                (num(m - 1.0), num(m))
            } else {
                (num(m), num(m + 1.0))
            }
        }
        "minimum" => {
            let m = n(k)?;
            if node.get("exclusiveMinimum") == Some(&json!(true)) {
                (num(m + 1.0), num(m))
            } else {
                (num(m), num(m - 1.0))
            }
        }
        "multipleOf" => {
            let f = n(k)?;
            let base = leaf.as_f64().unwrap_or(0.0);
            (leaf.clone(), json!(base + f / 2.0))
        }
        "maxItems" => {
            let m = n(k)? as usize;
            (copies(m)?, copies(m + 1)?)
        }
        "minItems" => {
            let m = n(k)? as usize;
            if m == 0 {
                return None;
            }
            (copies(m)?, copies(m - 1)?)
        }
        "uniqueItems" => (copies(1)?, Value::Array(vec![item.clone()?; 2])),
        _ if k.starts_with("x-waba-") => return limit_pair(k, node, leaf, s),
        "maxProperties" | "minProperties" => return None,
        "enum" => {
            let first = node.get("enum")?.get(0)?.clone();
            let out = if first.is_string() {
                json!("zz-not-listed")
            } else {
                json!(987_654_321)
            };
            (first, out)
        }
        "format" => (leaf.clone(), json!("not-a-date")),
        "oneOf" | "anyOf" => {
            let out = [json!([]), json!({}), json!(true), json!("")]
                .into_iter()
                .find(|x| !s.valid(node, x))?;
            (leaf.clone(), out)
        }
        "additionalProperties" => {
            let mut out = leaf.clone();
            out.as_object_mut()?
                .insert("zz_not_documented".into(), json!(1));
            (leaf.clone(), out)
        }
        _ => {
            let name = k.strip_prefix("required:")?;
            let mut out = leaf.clone();
            out.as_object_mut()?.remove(name)?;
            (leaf.clone(), out)
        }
    })
}

/// Makes the `id` and `title` strings of the `i`th copy of an item differ from the first's.
fn distinct(v: &mut Value, i: usize) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                match x {
                    Value::String(t) if k == "id" || k == "title" => *t = format!("u{i}"),
                    _ => distinct(x, i),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| distinct(x, i)),
        _ => {}
    }
}

/// The values at a `xtask::limits` path from `v` (a `[]` step: each element).
fn at_path<'v>(v: &'v mut Value, steps: &[xtask::limits::Step], out: &mut Vec<&'v mut Value>) {
    use xtask::limits::Step as L;
    let Some((step, rest)) = steps.split_first() else {
        out.push(v);
        return;
    };
    match step {
        L::Each => {
            for x in v.as_array_mut().into_iter().flatten() {
                at_path(x, rest, out);
            }
        }
        L::Field { name, only } => {
            let Some(o) = v.as_object_mut() else { return };
            if let Some((tag, want)) = only
                && o.get(tag).and_then(Value::as_str) != Some(want.as_str())
            {
                return;
            }
            if let Some(x) = o.get_mut(name) {
                at_path(x, rest, out);
            }
        }
    }
}

/// The schema steps of a `xtask::limits` path from `schema`: a property of a union is the
/// one of the branch that has it (and the tag value the path asks for).
fn schema_steps(schema: &Value, path: &[xtask::limits::Step], s: &Synth<'_>) -> Option<Vec<Step>> {
    use xtask::limits::Step as L;
    let mut cur = s.resolve(schema);
    let mut out = Vec::new();
    for step in path {
        match step {
            L::Each => {
                out.push(Step::Item);
                cur = s.resolve(cur.get("items")?);
            }
            L::Field { name, only } => {
                if let Some(branches) = cur.get("oneOf").and_then(Value::as_array) {
                    let fits = |b: &Value| {
                        let b = s.resolve(b);
                        b.pointer(&format!("/properties/{name}")).is_some()
                            && only.as_ref().is_none_or(|(tag, want)| {
                                b.pointer(&format!("/properties/{tag}/enum"))
                                    .and_then(Value::as_array)
                                    .is_some_and(|e| e.iter().any(|x| x == want.as_str()))
                            })
                    };
                    let j = branches.iter().position(fits)?;
                    out.push(Step::Branch("oneOf", j));
                    cur = s.resolve(&branches[j]);
                }
                out.push(Step::Prop(name.clone()));
                cur = s.resolve(cur.get("properties")?.get(name)?);
            }
        }
    }
    Some(out)
}

/// The pair of an `x-waba-*` rule (`keyword:index`): `leaf` is the object or the array the
/// rule is on, as the minimal valid value has it.
fn limit_pair(k: &str, node: &Value, leaf: &Value, s: &Synth<'_>) -> Option<(Value, Value)> {
    use xtask::limits;
    let (k, i) = k.split_once(':')?;
    let i: usize = i.parse().ok()?;
    let rules = limits::array_rules(node).ok()?;
    // Two copies of the array's item, told apart.
    let two = || -> Option<Value> {
        let first = leaf.as_array()?.first()?.clone();
        let mut second = first.clone();
        distinct(&mut second, 1);
        Some(json!([first, second]))
    };
    Some(match k {
        "x-waba-exactly-one-of" => {
            let names = limits::exactly_one_of(node).ok()?;
            let props = node.get("properties")?;
            let mut ok = leaf.clone();
            let mut bad = leaf.clone();
            for (j, n) in names.iter().enumerate() {
                ok.as_object_mut()?.remove(n);
                let v = s.value(props.get(n)?, &[], 0)?;
                if j == 0 {
                    ok.as_object_mut()?.insert(n.clone(), v.clone());
                }
                bad.as_object_mut()?.insert(n.clone(), v);
            }
            (ok, bad)
        }
        "x-waba-unique-by" => {
            // Two items, their values at the path made equal in `bad` only.
            let ok = two()?;
            let mut bad = ok.clone();
            let path = rules.unique_by.get(i)?;
            let first = {
                let mut b0 = bad.clone();
                let mut found = Vec::new();
                at_path(&mut b0[0], path, &mut found);
                found.into_iter().next()?.clone()
            };
            let mut found = Vec::new();
            at_path(&mut bad[1], path, &mut found);
            *found.into_iter().next()? = first;
            (ok, bad)
        }
        "x-waba-max-total" => {
            // Items whose arrays at the path add up to the maximum, then one more.
            let (path, max) = rules.max_total.clone()?;
            let make = |total: usize| -> Option<Value> {
                let mut item = leaf.as_array()?.first()?.clone();
                let mut found = Vec::new();
                at_path(&mut item, &path, &mut found);
                let arr = found.into_iter().next()?;
                let one = arr.as_array()?.first()?.clone();
                let mut elems = Vec::new();
                for j in 0..total {
                    let mut e = one.clone();
                    distinct(&mut e, j + 1);
                    elems.push(e);
                }
                // Split over two items so the total is over several arrays.
                let half = total / 2;
                let mut a = item.clone();
                let mut b = item;
                distinct(&mut b, 99);
                let mut fa = Vec::new();
                at_path(&mut a, &path, &mut fa);
                *fa.into_iter().next()? = Value::Array(elems[..half].to_vec());
                let mut fb = Vec::new();
                at_path(&mut b, &path, &mut fb);
                *fb.into_iter().next()? = Value::Array(elems[half..].to_vec());
                let title = |v: &mut Value| {
                    for p in &rules.required_when_several {
                        if let Some(o) = v.as_object_mut() {
                            o.entry(p.clone()).or_insert_with(|| json!("T"));
                        }
                    }
                };
                title(&mut a);
                title(&mut b);
                Some(json!([a, b]))
            };
            (make(max)?, make(max + 1)?)
        }
        "x-waba-required-when-several" => {
            let name = rules.required_when_several.first()?;
            let mut ok = two()?;
            for x in ok.as_array_mut()? {
                x.as_object_mut()?.insert(name.clone(), json!("T"));
            }
            let mut bad = ok.clone();
            bad[1].as_object_mut()?.remove(name);
            (ok, bad)
        }
        "x-waba-max-length" => {
            // The strings at the path (a text parameter where the path's union needs one).
            let rule = rules.max_length.get(i)?;
            let make = |len: usize| -> Option<Value> {
                let mut arr = leaf.clone();
                let mut probe = arr.clone();
                let mut found = Vec::new();
                for x in probe.as_array_mut()? {
                    at_path(x, &rule.path, &mut found);
                }
                if found.is_empty() {
                    // An item built along the path, so it has a string there.
                    let items = node.get("items")?;
                    let steps = schema_steps(items, &rule.path, s)?;
                    arr.as_array_mut()?.push(s.value(items, &steps, 0)?);
                }
                if rule.several && arr.as_array()?.len() < 2 {
                    let first = arr.as_array()?.first()?.clone();
                    arr.as_array_mut()?.push(first);
                }
                let mut found = Vec::new();
                for x in arr.as_array_mut()? {
                    at_path(x, &rule.path, &mut found);
                }
                let first = found.into_iter().next()?;
                *first = Value::String("x".repeat(len));
                Some(arr)
            };
            (make(rule.max)?, make(rule.max + 1)?)
        }
        _ => return None,
    })
}

/// The components request bodies refer to (JSON, forms, multipart: a multipart body's
/// component is checked as its struct, its files as their names), directly or through other
/// ones.
fn request_components(spec: &Value) -> std::collections::BTreeSet<String> {
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                    out.push(r.trim_start_matches(REF).to_string());
                }
                o.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    for item in spec["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, i)| i)
    {
        for op in item.as_object().into_iter().flatten().map(|(_, o)| o) {
            for content in op
                .pointer("/requestBody/content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(_, c)| c)
            {
                refs(&content["schema"], &mut todo);
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(n) = todo.pop() {
        if seen.insert(n.clone()) {
            refs(&spec["components"]["schemas"][&n], &mut todo);
        }
    }
    seen
}

/// True when `outside` breaks `minItems` only by an empty array on a field the object does
/// not require, and the spec accepts the value without it: what the typed value sends.
fn empty_optional_array(c: &Constraint, outside: &Value, name: &str, set: &SchemaSet) -> bool {
    let Some(Step::Prop(field)) = c.steps.last() else {
        return false;
    };
    if c.keyword != "minItems" {
        return false;
    }
    let mut without = outside.clone();
    let Some(parent) = place(&mut without, &c.steps[..c.steps.len() - 1]) else {
        return false;
    };
    let Some(obj) = parent.as_object_mut() else {
        return false;
    };
    if obj
        .get(field)
        .and_then(Value::as_array)
        .is_none_or(|a| !a.is_empty())
    {
        return false;
    }
    obj.remove(field);
    set.validate(name, &without).is_ok()
}

#[derive(Default, Debug)]
struct Tally {
    constraints: usize,
    by_type: usize,
    by_check: usize,
    /// No pair of values the spec itself accepts and refuses could be built.
    unbuilt: Vec<String>,
    /// An empty array where the spec wants items, on an optional field: the typed value
    /// reads it as absent and does not send it, so the body sent is valid.
    not_sent: Vec<String>,
    /// Refused by both, the generated read naming a field inside the one the spec names for
    /// a union no branch of which fits.
    deeper: usize,
    failures: Vec<String>,
    /// `provider: Name` of each constrained string whose generated check was run.
    newtypes_reached: std::collections::BTreeSet<String>,
}

/// A string constraint the typed read enforces (typify's constrained string refuses the text
/// when read) must be enforced by the generated check as well: the generated constructors
/// (`X::new`, `with_*`) store the text unchecked. Every constrained string generated from a
/// schema with this constraint's string limits is built from the outside text, as a
/// constructor builds it, and must be refused in the spec's words; from the inside text, it
/// must pass.
fn through_newtypes(
    provider: &str,
    at: &str,
    c: &Constraint,
    (ok, bad): (&Value, &Value),
    spec_err: &ValidationError,
    total: &mut Tally,
) {
    let (Some(ok), Some(bad)) = (ok.as_str(), bad.as_str()) else {
        return;
    };
    // Long texts (a length limit) are named by their start and length.
    let brief = |s: &str| match s.char_indices().nth(24) {
        Some((i, _)) => format!("{:?}… ({} characters)", &s[..i], s.chars().count()),
        None => format!("{s:?}"),
    };
    if !matches!(
        c.keyword.as_str(),
        "maxLength" | "minLength" | "pattern" | "format"
    ) {
        return;
    }
    let (_, newtypes, check) = NEWTYPES.iter().find(|(p, ..)| *p == provider).unwrap();
    let key = xtask::checks::newtype_key(&c.node);
    let mut found = 0;
    for (name, _) in newtypes.iter().filter(|(_, k)| *k == key) {
        found += 1;
        total.newtypes_reached.insert(format!("{provider}: {name}"));
        match check(name, bad).unwrap() {
            Err(e) if e.message == spec_err.message => {}
            Err(e) => total.failures.push(format!(
                "{at}: {name} built from {} is refused with \"{}\", the spec says \"{}\"",
                brief(bad),
                e.message,
                spec_err.message
            )),
            Ok(()) => total.failures.push(format!(
                "{at}: {name} built unchecked from {} passes its generated check",
                brief(bad)
            )),
        }
        if let Err(e) = check(name, ok).unwrap() {
            total.failures.push(format!(
                "{at}: {name} built from {} is refused: {e}",
                brief(ok)
            ));
        }
    }
    if found == 0 {
        total.failures.push(format!(
            "{at}: refused by the typed read, but no generated constrained string has `{key}`"
        ));
    }
}

#[test]
fn every_constraint_of_every_spec_is_enforced_just_past_it_and_not_before() {
    let mut total = Tally::default();
    let mut by_keyword: BTreeMap<String, usize> = BTreeMap::new();
    for (provider, check_json) in PROVIDERS {
        let spec = waba_workspace_tests::spec(provider);
        let components = &spec["components"]["schemas"];
        let set = crate::spec_schemas(provider);
        let s = Synth {
            components,
            set: &set,
        };
        let standalone = |n: &str| check_json(n, &Value::Null).is_some();
        let mut through = std::collections::BTreeSet::new();
        for (name, schema) in components.as_object().unwrap() {
            // Only the components a request is made of are checked (`check_json` knows them).
            if !standalone(name) {
                continue;
            }
            let mut found = Vec::new();
            let mut walk = Walk {
                components,
                standalone: &standalone,
                through: &mut through,
                depth: 0,
            };
            constraints(schema, &mut Vec::new(), &mut found, &mut walk);
            for c in found {
                let at = format!("{provider}: {name} {:?} {}", c.steps, c.keyword);
                total.constraints += 1;
                *by_keyword
                    .entry(c.keyword.split(':').next().unwrap().to_string())
                    .or_default() += 1;
                let Some(base) = s.value(schema, &c.steps, 0) else {
                    total.unbuilt.push(format!("{at}: no valid value"));
                    continue;
                };
                if let Err(e) = set.validate(name, &base) {
                    total
                        .unbuilt
                        .push(format!("{at}: built value refused by the spec: {e}"));
                    continue;
                }
                let mut inside = base.clone();
                let mut outside = base.clone();
                let Some(leaf) = place(&mut inside, &c.steps).map(|l| l.clone()) else {
                    total.unbuilt.push(format!("{at}: no place"));
                    continue;
                };
                let Some((ok, bad)) = pair(&c, &leaf, &s) else {
                    total.unbuilt.push(format!("{at}: no pair"));
                    continue;
                };
                *place(&mut inside, &c.steps).unwrap() = ok.clone();
                *place(&mut outside, &c.steps).unwrap() = bad.clone();
                let spec_in = set.validate(name, &inside);
                let spec_out = set.validate(name, &outside);
                if spec_in.is_err() || spec_out.is_ok() {
                    total.unbuilt.push(format!(
                        "{at}: the spec says {spec_in:?} inside and {spec_out:?} outside"
                    ));
                    continue;
                }
                match check_json(name, &inside).unwrap() {
                    Ok(()) => {}
                    Err(e) => total
                        .failures
                        .push(format!("{at}: inside {inside} refused: {e}")),
                }
                let spec_err = spec_out.unwrap_err();
                match check_json(name, &outside).unwrap() {
                    Ok(()) if empty_optional_array(&c, &outside, name, &set) => {
                        total.not_sent.push(at);
                    }
                    Ok(()) => total
                        .failures
                        .push(format!("{at}: outside {outside} accepted")),
                    Err(JsonError::Type(e)) => {
                        total.by_type += 1;
                        // The typed read refused it; a value built through the typed API holds
                        // the text unchecked, and the generated check must refuse it there.
                        through_newtypes(provider, &at, &c, (&ok, &bad), &spec_err, &mut total);
                        let union_summary = spec_err.message.contains("allowed shapes")
                            || matches!(c.keyword.as_str(), "oneOf" | "anyOf");
                        let inside_it = spec_err.path.is_empty()
                            || e.path == spec_err.path
                            || e.path.starts_with(&format!("{}.", spec_err.path));
                        if e.path != spec_err.path && union_summary && inside_it {
                            total.deeper += 1;
                        } else if e.path != spec_err.path {
                            total.failures.push(format!(
                                "{at}: read refused at `{}` ({e}), the spec at `{}` ({spec_err})",
                                e.path, spec_err.path
                            ));
                        }
                    }
                    Err(JsonError::Check(e)) => {
                        total.by_check += 1;
                        // Where the spec summarises a union no branch of which fits, the check
                        // (which knows the branch: the form the value came in) says which limit.
                        let same = e == spec_err
                            || (e.path == spec_err.path
                                && spec_err.message.contains("allowed shapes"));
                        if !same {
                            total
                                .failures
                                .push(format!("{at}: check says {e}, the spec says {spec_err}"));
                        }
                    }
                }
            }
        }
        // Every component a request body refers to is checked on its own or through its
        // parent: nothing a request is made of escapes the test.
        for name in request_components(&spec) {
            if !standalone(&name) && !through.contains(&name) {
                total.failures.push(format!(
                    "{provider}: {name} is in a request but never checked"
                ));
            }
        }
    }
    eprintln!(
        "{} constraints: {} refused by the typed read ({} naming a field inside the union the spec names), {} by the generated check, {} empty optional arrays not sent, {} without a value pair; by keyword {by_keyword:?}",
        total.constraints,
        total.by_type,
        total.deeper,
        total.by_check,
        total.not_sent.len(),
        total.unbuilt.len()
    );
    for u in &total.not_sent {
        eprintln!("  not sent: {u}");
    }
    for u in &total.unbuilt {
        eprintln!("  unbuilt: {u}");
    }
    // Every constrained string of a request is reached from the spec's constraints.
    for (provider, newtypes, _) in NEWTYPES {
        for (name, key) in newtypes {
            if !total
                .newtypes_reached
                .contains(&format!("{provider}: {name}"))
            {
                total.failures.push(format!(
                    "{provider}: the constrained string {name} ({key}) is never reached"
                ));
            }
        }
    }
    eprintln!(
        "{} constrained strings checked as built unchecked through the typed API",
        total.newtypes_reached.len()
    );
    // Every constraint gets its pair of values (a new kind of constraint needs a case in
    // `pair`), and only `minItems` on optional arrays is met by not sending the empty array.
    assert!(total.unbuilt.is_empty(), "constraints without a value pair");
    assert!(
        total.not_sent.iter().all(|n| n.ends_with("minItems")),
        "{:?}",
        total.not_sent
    );
    assert!(
        total.failures.is_empty(),
        "{} disagreement(s):\n{}",
        total.failures.len(),
        total.failures.join("\n")
    );
    assert!(total.by_check > 0 && total.by_type > 0);
}
