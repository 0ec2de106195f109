//! Generates `generated/readers.rs`: slice readers for components a provider sends either as
//! one object or as an array of them (`x-waba-one-or-many: <method>` on a `oneOf` of a `$ref`
//! to `T` and a `$ref` to an array of `T`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::spec::ref_name;
use crate::wrapper::type_name;

/// The extension: its value is the name of the generated reader.
pub const ONE_OR_MANY: &str = "x-waba-one-or-many";

/// The components marked [`ONE_OR_MANY`], or `None` when the spec has none.
pub fn module(name: &str, schemas: &Value) -> Result<Option<TokenStream>, String> {
    let mut impls = Vec::new();
    for (component, schema) in schemas.as_object().into_iter().flatten() {
        let Some(method) = schema.get(ONE_OR_MANY) else {
            continue;
        };
        let problem = |what: &str| format!("specs/{name}.yaml: {component}.{ONE_OR_MANY}: {what}");
        let method = method
            .as_str()
            .filter(|m| crate::lint::is_snake_case(m))
            .ok_or_else(|| problem("the reader's name, in snake_case"))?;
        let refs: Vec<&str> = schema
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(ref_name)
            .collect();
        let [one, many] = refs[..] else {
            return Err(problem(
                "needs `oneOf` of two `$ref`s: T, then an array of T",
            ));
        };
        let items = schemas
            .pointer(&format!("/{many}/items"))
            .and_then(ref_name);
        if items != Some(one) {
            return Err(problem(&format!("`{many}` must be an array of `{one}`")));
        }
        let (ty, one_v, many_v) = (
            format_ident!("{}", type_name(component)),
            format_ident!("{}", type_name(one)),
            format_ident!("{}", type_name(many)),
        );
        let method = format_ident!("{method}");
        let doc = format!(" The `{one}` values, whether the provider sent one object or an array.");
        impls.push(quote! {
            impl types::#ty {
                #[doc = #doc]
                pub fn #method(&self) -> &[types::#one_v] {
                    match self {
                        Self::#one_v(one) => ::std::slice::from_ref(one),
                        Self::#many_v(many) => &many.0,
                    }
                }
            }
        });
    }
    if impls.is_empty() {
        return Ok(None);
    }
    Ok(Some(quote! {
        //! Readers for components sent as one object or as an array (`x-waba-one-or-many`).

        use super::progenitor::types;

        #(#impls)*
    }))
}
