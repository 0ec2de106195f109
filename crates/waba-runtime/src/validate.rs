//! Checking request bodies against the spec before they are sent.

use serde::Serialize;

use crate::Error;
use crate::schema::SchemaSet;

/// Compiles the schemas a generated client embeds. The generator compiled the very same JSON
/// while linting the spec, so this cannot fail for generated code; should it ever, the set is
/// empty and bodies go unchecked rather than the process aborting.
pub fn embedded(json: &str) -> SchemaSet {
    serde_json::from_str::<serde_json::Value>(json)
        .map_err(|e| e.to_string())
        .and_then(|v| SchemaSet::from_components(&v))
        .or_else(|_| SchemaSet::from_components(&serde_json::Value::Object(Default::default())))
        .unwrap_or_else(|_| unreachable!("an empty schema set always compiles"))
}

/// Refuses `body` when it breaks the named schema, naming the field.
pub fn body<T: Serialize, E>(
    schemas: &SchemaSet,
    operation: &'static str,
    schema: &str,
    body: &T,
) -> Result<(), Error<E>> {
    let value = serde_json::to_value(body).map_err(|e| Error::invalid_request(operation, e))?;
    schemas
        .validate(schema, &value)
        .map_err(|e| Error::invalid_field(operation, e))
}
