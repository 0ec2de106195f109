//! Named convenience constructors declared in the spec (`x-waba-constructors`).
//!
//! Many hand-written constructors of the provider crates only fill fields: a media object of
//! one `type` and its URL, a button of one kind, a recipient by phone number, a message on a
//! channel to a recipient, a form from its fields in the order a user thinks of them. A
//! component schema lists them:
//!
//! ```yaml
//! x-waba-constructors:
//!   image:                        # the method's name
//!     doc: An image (`IMAGE`).    # its documentation
//!     variant: ImageReply         # on a union: the variant it builds (its Rust name)
//!     args: [url, message.template] # parameters in this order: properties, or a path into
//!                                 # a required nested object (built with its other fields unset)
//!     set: {type: IMAGE, mask: false} # fixed values: an enum's wire value, a bool, a number, a string
//! ```
//!
//! Each becomes `pub fn <name>(args…) -> Self`: infallible, nothing checked (the value is
//! checked when it is sent), strings and constrained strings taken as `impl Into<String>`,
//! lists as `impl IntoIterator`, other values as `impl Into<T>`; fields neither given nor set
//! are unset (optional) or their single value. A required field left out, a property the type
//! does not have, or a hand-written method of the same name is an error of the generator. On
//! the component of a multipart body the constructors are generated on the operation's form
//! (`forms::<Op>Form`), which is what users build, and not on the component's type. A
//! constructor named `new` replaces the generated `new`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::constructors::{HandWritten, TypeFacts, generic_of, plain_name};

/// The extension.
pub const CONSTRUCTORS: &str = "x-waba-constructors";

/// Type name → the constructors declared for it, from the component schemas; `forms` maps a
/// component to the forms of the multipart operations whose body it is.
pub fn declared(
    schemas: &Value,
    forms: &BTreeMap<String, Vec<String>>,
) -> BTreeMap<String, serde_json::Map<String, Value>> {
    let mut out = BTreeMap::new();
    for (name, schema) in schemas.as_object().into_iter().flatten() {
        let Some(list) = schema.get(CONSTRUCTORS).and_then(Value::as_object) else {
            continue;
        };
        match forms.get(name) {
            Some(forms) => {
                for form in forms {
                    out.insert(form.clone(), list.clone());
                }
            }
            None => {
                out.insert(crate::wrapper::type_name(name), list.clone());
            }
        }
    }
    out
}

/// Adds the declared names to the hand-written ones, so that the default `new` and setters
/// step aside; an error when the crate already defines one of them by hand.
pub fn reserve(
    declared: &BTreeMap<String, serde_json::Map<String, Value>>,
    hand: &mut HandWritten,
) -> Result<(), String> {
    for (ty, list) in declared {
        let taken = hand.entry(ty.clone()).or_default();
        for name in list.keys() {
            if !taken.insert(name.clone()) {
                return Err(format!(
                    "{CONSTRUCTORS}: `{ty}::{name}` is also written by hand; remove one"
                ));
            }
        }
    }
    Ok(())
}

/// The structs and enums of progenitor's `types` module, by name.
pub fn type_items(file: &syn::File) -> BTreeMap<String, syn::Item> {
    let mut found = BTreeMap::new();
    for item in &file.items {
        if let syn::Item::Mod(m) = item
            && m.ident == "types"
            && let Some((_, items)) = &m.content
        {
            crate::reads::type_items(items, &mut found);
        }
    }
    found
        .into_iter()
        .map(|(name, item)| (name, item.clone()))
        .collect()
}

/// Appends the declared constructors of the types among `items` (one module) to it.
pub fn add(
    items: &mut Vec<syn::Item>,
    declared: &BTreeMap<String, serde_json::Map<String, Value>>,
    types: &BTreeMap<String, syn::Item>,
    facts: &TypeFacts,
) -> Result<(), String> {
    let mut impls = Vec::new();
    for item in items.iter() {
        let (ident, target) = match item {
            syn::Item::Struct(s) => (&s.ident, Target::Struct(&s.fields)),
            syn::Item::Enum(e) => (&e.ident, Target::Enum(e)),
            _ => continue,
        };
        let Some(list) = declared.get(&ident.to_string()) else {
            continue;
        };
        let g = Gen { types, facts };
        let mut methods = Vec::new();
        for (name, spec) in list {
            methods.push(
                g.method(name, spec, &target)
                    .map_err(|e| format!("{CONSTRUCTORS} `{ident}::{name}`: {e}"))?,
            );
        }
        impls.push(quote! { impl #ident { #(#methods)* } });
    }
    for tokens in impls {
        items.push(syn::parse2(tokens).map_err(|e| format!("{CONSTRUCTORS}: {e}"))?);
    }
    Ok(())
}

enum Target<'a> {
    Struct(&'a syn::Fields),
    Enum(&'a syn::ItemEnum),
}

struct Gen<'a> {
    types: &'a BTreeMap<String, syn::Item>,
    facts: &'a TypeFacts,
}

/// One parameter: its name, type and where it goes.
struct Param {
    path: Vec<String>,
    ident: syn::Ident,
    ty: Option<TokenStream>,
}

impl Gen<'_> {
    fn method(&self, name: &str, spec: &Value, target: &Target<'_>) -> Result<TokenStream, String> {
        let doc = spec.get("doc").and_then(Value::as_str).ok_or("no `doc`")?;
        let mut params: Vec<Param> = Vec::new();
        for arg in spec
            .get("args")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let arg = arg.as_str().ok_or("an `args` entry is not a string")?;
            let path: Vec<String> = arg.split('.').map(str::to_string).collect();
            let last = path.last().cloned().unwrap_or_default();
            params.push(Param {
                path,
                ident: param_ident(&last),
                ty: None,
            });
        }
        let empty = serde_json::Map::new();
        let set = spec.get("set").and_then(Value::as_object).unwrap_or(&empty);
        let variant = spec.get("variant").and_then(Value::as_str);
        let body = match (target, variant) {
            (Target::Struct(syn::Fields::Named(fields)), None) => {
                self.literal(quote!(Self), fields, &mut params, &[], set)?
            }
            (Target::Enum(e), Some(v)) => {
                let var = e
                    .variants
                    .iter()
                    .find(|x| x.ident == v)
                    .ok_or_else(|| format!("no variant `{v}`"))?;
                let ident = &var.ident;
                match &var.fields {
                    syn::Fields::Named(fields) => {
                        self.literal(quote!(Self::#ident), fields, &mut params, &[], set)?
                    }
                    syn::Fields::Unnamed(u) if u.unnamed.len() == 1 => {
                        let inner = plain_name(&u.unnamed[0].ty)
                            .ok_or_else(|| format!("variant `{v}` does not hold a named type"))?;
                        let fields = self.struct_fields(&inner)?;
                        let ty = format_ident!("{}", inner);
                        let lit = self.literal(quote!(#ty), fields, &mut params, &[], set)?;
                        quote! { Self::#ident(#lit) }
                    }
                    _ => return Err(format!("variant `{v}` has no fields to fill")),
                }
            }
            (Target::Enum(_), None) => return Err("a union needs `variant`".into()),
            _ => return Err("not a struct with named fields".into()),
        };
        let mut args = Vec::new();
        for p in &params {
            let ty =
                p.ty.as_ref()
                    .ok_or_else(|| format!("no property `{}`", p.path.join(".")))?;
            let ident = &p.ident;
            args.push(quote! { #ident: #ty });
        }
        let method = format_ident!("{}", name);
        let docs = doc.lines().map(|l| format!(" {l}"));
        let allow = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
        Ok(quote! {
            #(#[doc = #docs])*
            #allow
            pub fn #method(#(#args),*) -> Self {
                #body
            }
        })
    }

    fn struct_fields(&self, name: &str) -> Result<&syn::FieldsNamed, String> {
        match self.types.get(name) {
            Some(syn::Item::Struct(s)) => match &s.fields {
                syn::Fields::Named(f) => Ok(f),
                _ => Err(format!("`{name}` has no named fields")),
            },
            _ => Err(format!("`{name}` is not a generated struct")),
        }
    }

    /// `path { field: value, … }` with the parameters whose path starts with `prefix` placed,
    /// `set` values (only at the top) filled in, the rest unset or single-valued.
    fn literal(
        &self,
        path: TokenStream,
        fields: &syn::FieldsNamed,
        params: &mut [Param],
        prefix: &[String],
        set: &serde_json::Map<String, Value>,
    ) -> Result<TokenStream, String> {
        let mut inits = Vec::new();
        let mut used = Vec::new();
        for field in &fields.named {
            let ident = field.ident.as_ref().ok_or("an unnamed field")?;
            let wire = wire_name(field);
            let (inner, optional) = match generic_of(&field.ty, "Option") {
                Some(t) => (t, true),
                None => (&field.ty, false),
            };
            let wrap = |v: TokenStream| {
                if optional {
                    quote! { ::std::option::Option::Some(#v) }
                } else {
                    v
                }
            };
            if let Some(value) = set.get(&wire) {
                used.push(wire.clone());
                let v = self.fixed(inner, value)?;
                let v = wrap(v);
                inits.push(quote! { #ident: #v });
                continue;
            }
            let depth = prefix.len();
            let here: Vec<usize> = params
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    p.path.len() > depth && p.path[..depth] == *prefix && p.path[depth] == wire
                })
                .map(|(i, _)| i)
                .collect();
            if let Some(&i) = here.iter().find(|&&i| params[i].path.len() == depth + 1) {
                let arg = params[i].ident.clone();
                let (ty, conv) = self.convert(inner, quote!(#arg));
                params[i].ty = Some(ty);
                let v = wrap(conv);
                inits.push(quote! { #ident: #v });
                continue;
            }
            if !here.is_empty() {
                let (nested, boxed) = match generic_of(inner, "Box") {
                    Some(t) => (t, true),
                    None => (inner, false),
                };
                let name = plain_name(nested)
                    .ok_or_else(|| format!("`{wire}` is not an object of its own"))?;
                let sub = self.struct_fields(&name)?;
                let ty = format_ident!("{}", name);
                let mut deeper = prefix.to_vec();
                deeper.push(wire.clone());
                let lit =
                    self.literal(quote!(#ty), sub, params, &deeper, &serde_json::Map::new())?;
                let lit = if boxed {
                    quote! { ::std::boxed::Box::new(#lit) }
                } else {
                    lit
                };
                let v = wrap(lit);
                inits.push(quote! { #ident: #v });
                continue;
            }
            let single = plain_name(&field.ty)
                .and_then(|n| self.facts.single_values.get(&n).map(|v| (n, v)));
            if let Some((n, v)) = single {
                let ty = format_ident!("{}", n);
                inits.push(quote! { #ident: #ty::#v });
            } else if optional || has_serde_default(field) {
                inits.push(quote! { #ident: ::std::default::Default::default() });
            } else {
                return Err(format!(
                    "the required `{}` is neither an argument nor set",
                    [prefix, &[wire]].concat().join(".")
                ));
            }
        }
        if let Some(k) = set.keys().find(|k| !used.contains(k)) {
            return Err(format!("`set` names `{k}`, which the type does not have"));
        }
        Ok(quote! { #path { #(#inits),* } })
    }

    /// The parameter type of a value of `ty`, and the expression storing `value`.
    fn convert(&self, ty: &syn::Type, value: TokenStream) -> (TokenStream, TokenStream) {
        let types = quote!();
        if let Some(item) = generic_of(ty, "Vec") {
            // Strings (constrained or not) from any text; other items as they are, so that an
            // empty list still infers.
            let text = plain_name(item)
                .is_some_and(|n| self.facts.string_newtypes.contains(&n) || n == "String")
                || quote!(#item).to_string().ends_with(":: String");
            if !text {
                return (
                    quote! { impl ::std::iter::IntoIterator<Item = #item> },
                    quote! { #value.into_iter().collect() },
                );
            }
            let (param, conv) =
                crate::constructors::convert(item, self.facts, &types, quote!(item));
            return (
                quote! { impl ::std::iter::IntoIterator<Item = #param> },
                quote! { #value.into_iter().map(|item| #conv).collect() },
            );
        }
        crate::constructors::convert(ty, self.facts, &types, value)
    }

    /// A fixed value of type `ty`: a bool, a number, a string, or an enum's wire value.
    fn fixed(&self, ty: &syn::Type, value: &Value) -> Result<TokenStream, String> {
        let name = plain_name(ty).unwrap_or_default();
        if let Some(syn::Item::Enum(e)) = self.types.get(&name) {
            let wire = value.as_str().ok_or("an enum value that is not a string")?;
            let v = e
                .variants
                .iter()
                .find(|v| serde_rename(&v.attrs).as_deref() == Some(wire) || v.ident == wire)
                .ok_or_else(|| format!("`{name}` has no value `{wire}`"))?;
            let (ty, v) = (&e.ident, &v.ident);
            return Ok(quote! { #ty::#v });
        }
        Ok(match value {
            Value::Bool(b) => quote! { #b },
            Value::Number(n) => n.to_string().parse().map_err(|_| "a bad number")?,
            Value::String(s) => quote! { ::std::convert::From::from(#s) },
            other => return Err(format!("cannot set {other}")),
        })
    }
}

fn param_ident(name: &str) -> syn::Ident {
    use heck::ToSnakeCase;
    let s = name.to_snake_case();
    if syn::parse_str::<syn::Ident>(&s).is_ok() {
        format_ident!("{}", s)
    } else {
        format_ident!("{}_", s)
    }
}

/// The JSON name of a field: serde's `rename`, else its identifier (without a trailing `_`).
fn wire_name(field: &syn::Field) -> String {
    serde_rename(&field.attrs).unwrap_or_else(|| {
        field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_end_matches('_').to_string())
            .unwrap_or_default()
    })
}

fn has_serde_default(field: &syn::Field) -> bool {
    field.attrs.iter().any(|a| {
        a.path().is_ident("serde") && {
            let text = quote::ToTokens::to_token_stream(&a.meta).to_string();
            text.contains("default")
        }
    })
}

/// serde's `rename` of a field or variant.
pub(crate) fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                found = Some(lit.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn types() -> syn::File {
        syn::parse_quote! {
            pub mod types {
                pub struct Media {
                    #[serde(rename = "fileName")]
                    pub file_name: Option<String>,
                    #[serde(rename = "type")]
                    pub type_: MediaType,
                    pub url: String,
                }
                pub enum MediaType {
                    #[serde(rename = "IMAGE")]
                    Image,
                }
            }
        }
    }

    fn generate(spec: Value) -> Result<String, String> {
        let mut file = types();
        let items = type_items(&file);
        let declared = declared(
            &json!({ "Media": { CONSTRUCTORS: spec } }),
            &BTreeMap::new(),
        );
        let syn::Item::Mod(m) = &mut file.items[0] else {
            unreachable!()
        };
        let list = &mut m.content.as_mut().unwrap().1;
        add(list, &declared, &items, &TypeFacts::default())?;
        Ok(quote::ToTokens::to_token_stream(list.last().unwrap())
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "))
    }

    #[test]
    fn a_constructor_takes_its_args_in_order_and_sets_the_enum_by_its_wire_value() {
        let code = generate(
            json!({"image": {"doc": "An image.", "args": ["url"], "set": {"type": "IMAGE"}}}),
        )
        .unwrap();
        assert!(
            code.contains("pub fn image (url : impl :: std :: convert :: Into < String >) -> Self"),
            "{code}"
        );
        assert!(code.contains("type_ : MediaType :: Image"), "{code}");
        assert!(
            code.contains("file_name : :: std :: default :: Default :: default ()"),
            "{code}"
        );
    }

    #[test]
    fn a_required_field_left_out_an_unknown_property_or_value_is_an_error() {
        let missing = generate(json!({"image": {"doc": "d", "set": {"type": "IMAGE"}}}));
        assert!(missing.unwrap_err().contains("the required `url`"));
        let unknown = generate(
            json!({"image": {"doc": "d", "args": ["url", "link"], "set": {"type": "IMAGE"}}}),
        );
        assert!(unknown.unwrap_err().contains("no property `link`"));
        let value =
            generate(json!({"video": {"doc": "d", "args": ["url"], "set": {"type": "VIDEO"}}}));
        assert!(value.unwrap_err().contains("no value `VIDEO`"));
        let set = generate(
            json!({"image": {"doc": "d", "args": ["url"], "set": {"type": "IMAGE", "size": 1}}}),
        );
        assert!(set.unwrap_err().contains("`set` names `size`"));
    }

    #[test]
    fn a_hand_written_method_of_the_same_name_is_an_error() {
        let declared = declared(
            &json!({"Media": {CONSTRUCTORS: {"image": {"doc": "d"}}}}),
            &BTreeMap::new(),
        );
        let mut hand = HandWritten::new();
        hand.entry("Media".into())
            .or_default()
            .insert("image".into());
        assert!(
            reserve(&declared, &mut hand)
                .unwrap_err()
                .contains("also written by hand")
        );
    }
}
