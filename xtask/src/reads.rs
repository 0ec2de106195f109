//! Which generated types the SDK reads from JSON, and a `Deserialize` only for those by default.
//!
//! Every typify type derives `Deserialize`, but a request type is written, never read, by the
//! SDK; its derived reader (visitor, field enum) is still type-checked, borrow-checked and
//! written to the crate's metadata in every build. So a type keeps its `Deserialize` in the
//! default build only if it is *read*: reachable (through its fields and variants, i.e. the
//! spec's properties, items, additionalProperties, allOf/oneOf/anyOf and `$ref`s as typify
//! turned them into Rust) from
//!
//! - a response body of an operation, success or error (the wrapper reads both),
//! - the request body of an `x-webhooks` entry (a webhook payload),
//! - a component marked `x-waba-json-read: true` (a hand-written part or the facade reads it),
//! - a type of the `tagged` module (tagged unions and `x-waba-item` elements are read by
//!   construction).
//!
//! Every other type gets `#[cfg_attr(feature = "json-checks", derive(::serde::Deserialize))]`
//! (or its hand-written `impl Deserialize` a `#[cfg(feature = "json-checks")]`): the feature
//! that also brings `check_json` gives them back, for users who read requests from JSON.

use std::collections::{BTreeMap, BTreeSet};

use quote::quote;
use serde_json::Value;
use syn::punctuated::Punctuated;

use crate::transform::{Operation, Success};
use crate::wrapper::type_name;

/// The spec extension naming a request component the crate reads from JSON.
pub const JSON_READ: &str = "x-waba-json-read";

/// The feature that compiles a reader of every type.
pub const FEATURE: &str = "json-checks";

/// The structs and enums of `items` (recursing into modules), by name.
pub fn type_items<'a>(items: &'a [syn::Item], out: &mut BTreeMap<String, &'a syn::Item>) {
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                out.insert(s.ident.to_string(), item);
            }
            syn::Item::Enum(e) => {
                out.insert(e.ident.to_string(), item);
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    type_items(inner, out);
                }
            }
            _ => {}
        }
    }
}

/// The Rust names of the components the SDK reads as such: operations' success and error
/// bodies, webhook payloads, `x-waba-json-read` components. Sorted, without duplicates.
pub fn roots(spec: &Value, schemas: &Value, ops: &[Operation]) -> Result<Vec<String>, String> {
    let mut out = BTreeSet::new();
    for op in ops {
        if let Success::Json(name) = &op.success {
            out.insert(type_name(name));
        }
        // Every answer the spec describes with a component, success or error.
        for response in op
            .raw
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(_, r)| r)
        {
            for media in response
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(_, m)| m)
            {
                if let Some(name) = media.get("schema").and_then(crate::spec::ref_name) {
                    out.insert(type_name(name));
                }
            }
        }
    }
    for (name, item) in spec
        .get("x-webhooks")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, op) in item.as_object().into_iter().flatten() {
            let Some(content) = op
                .pointer("/requestBody/content")
                .and_then(Value::as_object)
            else {
                continue;
            };
            for media in content.values() {
                match media.get("schema").and_then(crate::spec::ref_name) {
                    Some(r) => {
                        out.insert(type_name(r));
                    }
                    None if media.get("schema").is_some() => {
                        return Err(format!(
                            "webhook `{name}` ({method}): its payload schema must be a `$ref` \
                             to a component, so the type read is named"
                        ));
                    }
                    None => {}
                }
            }
        }
    }
    for name in crate::marked_names(schemas, JSON_READ) {
        out.insert(type_name(&name));
    }
    Ok(out.into_iter().collect())
}

/// The names in `roots` and every type of `items` reachable from them through the types of
/// fields and variants (a path's last segments are matched by name, so `Vec<Box<Foo>>` and
/// `crate::generated::tagged::Bar` are followed).
pub fn reachable(items: &BTreeMap<String, &syn::Item>, roots: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack: Vec<String> = roots.to_vec();
    while let Some(name) = stack.pop() {
        if !out.insert(name.clone()) {
            continue;
        }
        let fields: Vec<&syn::Field> = match items.get(&name) {
            Some(syn::Item::Struct(st)) => st.fields.iter().collect(),
            Some(syn::Item::Enum(en)) => en.variants.iter().flat_map(|v| &v.fields).collect(),
            _ => Vec::new(),
        };
        for f in fields {
            let ty = &f.ty;
            let text = quote!(#ty).to_string();
            for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                if items.contains_key(word) && !out.contains(word) {
                    stack.push(word.to_string());
                }
            }
        }
    }
    out
}

/// The types a module defines or implements traits for, as roots: every type of the `tagged`
/// module is read by construction (its own `Deserialize` and `FromRawJson` impls).
pub fn defined_and_implemented(items: &[syn::Item]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                out.insert(s.ident.to_string());
            }
            syn::Item::Enum(e) => {
                out.insert(e.ident.to_string());
            }
            syn::Item::Impl(imp) => {
                if let syn::Type::Path(p) = &*imp.self_ty
                    && let Some(last) = p.path.segments.last()
                {
                    out.insert(last.ident.to_string());
                }
            }
            _ => {}
        }
    }
    out.into_iter().collect()
}

/// Puts the `Deserialize` of every struct and enum of `items` (recursing into modules) not in
/// `read` behind the `json-checks` feature: a derived one moves to a `cfg_attr`, a written one
/// gets a `cfg`. Returns the names gated, sorted; an error for a type whose `#[serde]`
/// attributes would be left without a serde derive to read them.
pub fn gate(items: &mut [syn::Item], read: &BTreeSet<String>) -> Result<Vec<String>, String> {
    let mut gated = BTreeSet::new();
    for item in items.iter_mut() {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &mut m.content {
                    gated.extend(gate(inner, read)?);
                }
            }
            syn::Item::Struct(syn::ItemStruct { attrs, ident, .. })
            | syn::Item::Enum(syn::ItemEnum { attrs, ident, .. }) => {
                let name = ident.to_string();
                if !read.contains(&name) && gate_derive(attrs, ident)? {
                    gated.insert(name);
                }
            }
            syn::Item::Impl(imp) if is_deserialize(imp) => {
                let name = match &*imp.self_ty {
                    syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                };
                if let Some(name) = name
                    && !read.contains(&name)
                {
                    let feature = FEATURE;
                    imp.attrs
                        .insert(0, syn::parse_quote!(#[cfg(feature = #feature)]));
                    gated.insert(name);
                }
            }
            _ => {}
        }
    }
    Ok(gated.into_iter().collect())
}

fn is_deserialize(imp: &syn::ItemImpl) -> bool {
    imp.trait_.as_ref().is_some_and(|(path, _)| {
        path.segments
            .last()
            .is_some_and(|s| s.ident == "Deserialize")
    })
}

/// Moves `Deserialize` out of the `#[derive]` of `attrs` into a `cfg_attr` right after it.
fn gate_derive(attrs: &mut Vec<syn::Attribute>, ident: &syn::Ident) -> Result<bool, String> {
    let mut serde_derive_left = false;
    let mut found = None;
    for (i, attr) in attrs.iter_mut().enumerate() {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let paths = attr
            .parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
            .map_err(|e| format!("`{ident}`: unreadable derive: {e}"))?;
        let is_de = |p: &syn::Path| p.segments.last().is_some_and(|s| s.ident == "Deserialize");
        let is_serde = |p: &syn::Path| {
            p.segments.first().is_some_and(|s| s.ident == "serde")
                || p.segments.last().is_some_and(|s| s.ident == "Serialize")
        };
        if paths.iter().any(is_de) {
            let kept: Vec<&syn::Path> = paths.iter().filter(|p| !is_de(p)).collect();
            serde_derive_left |= kept.iter().any(|p| is_serde(p));
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
            found = Some(i);
        } else {
            serde_derive_left |= paths.iter().any(is_serde);
        }
    }
    let Some(i) = found else { return Ok(false) };
    if !serde_derive_left && attrs.iter().any(|a| a.path().is_ident("serde")) {
        return Err(format!(
            "`{ident}` has `#[serde]` attributes and derives only `Deserialize`: it cannot be \
             read only with `{FEATURE}`; mark its component `{JSON_READ}: true`"
        ));
    }
    let feature = FEATURE;
    attrs.insert(
        i + 1,
        syn::parse_quote!(#[cfg_attr(feature = #feature, derive(::serde::Deserialize))]),
    );
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn file() -> syn::File {
        syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                #[serde(deny_unknown_fields)]
                pub struct Request { pub to: Phone, pub parts: Vec<Part> }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub enum Part { Text(::std::string::String), Media(Box<Media>) }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default)]
                pub struct Media { pub id: Option<::std::string::String> }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
                pub struct Answer { pub media: ::std::vec::Vec<Media>, pub event: crate::generated::tagged::Event }
                #[derive(::serde::Serialize, Clone, Debug)]
                pub struct Phone(::std::string::String);
                impl<'de> ::serde::Deserialize<'de> for Phone {
                    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        Ok(Phone(::std::string::String::deserialize(d)?))
                    }
                }
            }
            pub mod tagged {
                #[derive(Clone, Debug)]
                pub enum Event { Sent(crate::generated::types::Media) }
            }
        }
    }

    #[test]
    fn only_types_reachable_from_the_roots_keep_deserialize_by_default() {
        let mut f = file();
        let read = {
            let mut items = BTreeMap::new();
            type_items(&f.items, &mut items);
            reachable(&items, &["Answer".to_string()])
        };
        assert_eq!(
            read.into_iter().collect::<Vec<_>>(),
            ["Answer", "Event", "Media"],
            "Answer's fields, through Vec and a path into another module"
        );
        let read: BTreeSet<String> = ["Answer", "Media"].map(String::from).into();
        let gated = gate(&mut f.items, &read).unwrap();
        assert_eq!(gated, ["Part", "Phone", "Request"]);
        let text = f.to_token_stream().to_string().replace(' ', "");
        assert!(text.contains(
            "#[derive(::serde::Serialize,Clone,Debug)]#[cfg_attr(feature=\"json-checks\",derive(::serde::Deserialize))]#[serde(deny_unknown_fields)]pubstructRequest"
        ), "{text}");
        assert!(text.contains(
            "#[derive(::serde::Deserialize,::serde::Serialize,Clone,Debug,Default)]pubstructMedia"
        ));
        assert!(
            text.contains(
                "#[cfg(feature=\"json-checks\")]impl<'de>::serde::Deserialize<'de>forPhone"
            )
        );
    }

    #[test]
    fn serde_attributes_without_a_serde_derive_left_are_refused() {
        let mut items: Vec<syn::Item> = vec![syn::parse_quote! {
            #[derive(::serde::Deserialize, Clone)]
            #[serde(rename_all = "snake_case")]
            pub enum Kind { A }
        }];
        let err = gate(&mut items, &BTreeSet::new()).unwrap_err();
        assert!(err.contains("`Kind`") && err.contains(JSON_READ), "{err}");
    }

    #[test]
    fn success_error_webhook_and_marked_components_are_roots() {
        let spec: Value = serde_json::json!({
            "paths": {"/things": {"post": {
                "operationId": "make_thing",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingRequest"}}}},
                "responses": {
                    "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                    "400": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                }
            }}},
            "x-webhooks": {"thing_changed": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingEvent"}}}}
            }}},
            "components": {"schemas": {
                "ThingRequest": {"type": "object"},
                "Thing": {"type": "object"},
                "Problem": {"type": "object"},
                "ThingEvent": {"type": "object"},
                "Stored_thing": {"type": "object", "x-waba-json-read": true}
            }}
        });
        let ops = crate::transform::operations(&spec);
        let schemas = &spec["components"]["schemas"];
        let roots = roots(&spec, schemas, &ops).unwrap();
        assert_eq!(roots, ["Problem", "StoredThing", "Thing", "ThingEvent"]);
    }
}
