//! Form bodies (`application/x-www-form-urlencoded` and `multipart/form-data`) read into the
//! JSON value of their component, so that the provider crate's `check_json` checks them like a
//! JSON body. Field names may be bracketed (`destinations[0][phone]`, `message_ids[]`); text is
//! read as the type the spec gives the field (integers, numbers, booleans), a file part as its
//! file name (the components type a file as a string), after its size is checked against the
//! spec's `x-waba-max-bytes`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One field of a form: its name, and either text or a file (name and size).
pub(crate) struct Field {
    pub name: String,
    pub value: FieldValue,
}

pub(crate) enum FieldValue {
    Text(String),
    File { file_name: String, size: usize },
}

/// A form field that breaks the spec before the component's check runs.
#[derive(Debug)]
pub(crate) struct FormError {
    /// The field's path, as the checks write it (`attachments[1]`).
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` {}", self.path, self.message)
    }
}

enum Node {
    Leaf(FieldValue),
    Keyed(BTreeMap<String, Node>, Vec<String>),
    Pushed(Vec<Node>),
}

/// `a[0][b]` → `["a", "0", "b"]`; `a[]` → `["a", ""]`.
fn split_name(name: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (head, mut rest) = match name.find('[') {
        Some(i) => (&name[..i], &name[i..]),
        None => (name, ""),
    };
    parts.push(head.to_string());
    while let Some(stripped) = rest.strip_prefix('[') {
        match stripped.find(']') {
            Some(end) => {
                parts.push(stripped[..end].to_string());
                rest = &stripped[end + 1..];
            }
            None => break,
        }
    }
    parts
}

fn insert(node: &mut Node, parts: &[String], value: FieldValue) {
    let Some((first, rest)) = parts.split_first() else {
        *node = Node::Leaf(value);
        return;
    };
    if first.is_empty() {
        if !matches!(node, Node::Pushed(_)) {
            *node = Node::Pushed(Vec::new());
        }
        if let Node::Pushed(list) = node {
            let mut child = Node::Keyed(BTreeMap::new(), Vec::new());
            insert(&mut child, rest, value);
            list.push(child);
        }
        return;
    }
    if !matches!(node, Node::Keyed(..)) {
        *node = Node::Keyed(BTreeMap::new(), Vec::new());
    }
    if let Node::Keyed(map, order) = node {
        if !map.contains_key(first) {
            order.push(first.clone());
        }
        let child = map
            .entry(first.clone())
            .or_insert_with(|| Node::Keyed(BTreeMap::new(), Vec::new()));
        insert(child, rest, value);
    }
}

fn text_value(text: String, shape: Option<&Value>) -> Value {
    match shape.and_then(|s| s.get("type")).and_then(Value::as_str) {
        Some("integer") => text
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(Value::String(text)),
        Some("number") => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::String(text)),
        Some("boolean") => match text.as_str() {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => Value::String(text),
        },
        _ => Value::String(text),
    }
}

fn to_json(node: Node, shape: Option<&Value>, path: &str) -> Result<Value, FormError> {
    let ty = shape.and_then(|s| s.get("type")).and_then(Value::as_str);
    match node {
        Node::Leaf(FieldValue::Text(text)) => Ok(text_value(text, shape)),
        Node::Leaf(FieldValue::File { file_name, size }) => {
            if let Some(max) = shape
                .and_then(|s| s.get("maxBytes"))
                .and_then(Value::as_u64)
                && size as u64 > max
            {
                return Err(FormError {
                    path: path.to_string(),
                    message: format!("is {size} bytes, at most {max} allowed"),
                });
            }
            Ok(Value::String(file_name))
        }
        Node::Pushed(list) => {
            let items = shape.and_then(|s| s.get("items"));
            list.into_iter()
                .enumerate()
                .map(|(i, n)| to_json(n, items, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Node::Keyed(map, order) if ty == Some("array") => {
            // Indexed names (`destinations[0][phone]`), in index order.
            let items = shape.and_then(|s| s.get("items"));
            let mut indexed: Vec<(usize, Node)> = Vec::new();
            let mut map = map;
            for key in order {
                let Some(child) = map.remove(&key) else {
                    continue;
                };
                let Ok(index) = key.parse::<usize>() else {
                    return Err(FormError {
                        path: format!("{path}[{key}]"),
                        message: "is not an index of the list".to_string(),
                    });
                };
                indexed.push((index, child));
            }
            indexed.sort_by_key(|(i, _)| *i);
            indexed
                .into_iter()
                .enumerate()
                .map(|(i, (_, n))| to_json(n, items, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Node::Keyed(map, order) => {
            let mut map = map;
            let mut out = Map::new();
            for key in order {
                let Some(child) = map.remove(&key) else {
                    continue;
                };
                let child_shape = match ty {
                    Some("map") => shape.and_then(|s| s.get("values")),
                    _ => shape
                        .and_then(|s| s.get("properties"))
                        .and_then(|p| p.get(&key)),
                };
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                // A single field sent for a list (`message_ids` without brackets) is a list
                // of one.
                let child = match (child, child_shape.and_then(|s| s.get("type"))) {
                    (Node::Leaf(v), Some(Value::String(t))) if t == "array" => {
                        Node::Pushed(vec![Node::Leaf(v)])
                    }
                    (c, _) => c,
                };
                out.insert(key, to_json(child, child_shape, &child_path)?);
            }
            Ok(Value::Object(out))
        }
    }
}

/// The JSON value of a form's fields, read by the component's `shape` (generated).
pub(crate) fn to_value(fields: Vec<Field>, shape: Option<&Value>) -> Result<Value, FormError> {
    let mut root = Node::Keyed(BTreeMap::new(), Vec::new());
    for field in fields {
        let parts = split_name(&field.name);
        insert(&mut root, &parts, field.value);
    }
    to_json(root, shape, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(name: &str, value: &str) -> Field {
        Field {
            name: name.into(),
            value: FieldValue::Text(value.into()),
        }
    }

    #[test]
    fn bracketed_names_read_as_the_component_s_json() {
        let shape = json!({"type": "object", "properties": {
            "template_id": {"type": "integer"},
            "destinations": {"type": "array", "items": {"type": "object", "properties": {
                "phone": {"type": "string"},
                "parameters": {"type": "map", "values": {"type": "string"}}}}},
            "message_ids": {"type": "array", "items": {"type": "string"}},
            "attachment": {"type": "file", "maxBytes": 4}}});
        let fields = vec![
            text("template_id", "1"),
            text("destinations[1][phone]", "+2"),
            text("destinations[0][phone]", "+1"),
            text("destinations[0][parameters][body-1]", "B"),
            text("message_ids[]", "a"),
            text("message_ids[]", "b"),
            Field {
                name: "attachment".into(),
                value: FieldValue::File {
                    file_name: "x.jpg".into(),
                    size: 4,
                },
            },
        ];
        assert_eq!(
            to_value(fields, Some(&shape)).unwrap(),
            json!({"template_id": 1,
                   "destinations": [{"phone": "+1", "parameters": {"body-1": "B"}}, {"phone": "+2"}],
                   "message_ids": ["a", "b"], "attachment": "x.jpg"})
        );
        let big = vec![Field {
            name: "attachment".into(),
            value: FieldValue::File {
                file_name: "x.jpg".into(),
                size: 5,
            },
        }];
        let err = to_value(big, Some(&shape)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`attachment` is 5 bytes, at most 4 allowed"
        );
    }
}
