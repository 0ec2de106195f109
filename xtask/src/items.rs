//! Webhook payloads that lose nothing: two extensions for the arrays and unions of a payload.
//!
//! - `x-waba-item: true` on a component object schema: every array of it is generated as
//!   `Vec<waba_runtime::webhook::Item<T>>`, so each element is read on its own (one that does
//!   not fit is kept with its raw JSON and the reason, and its neighbours are still read). The
//!   transform points those arrays at a synthetic component `<Name>Item` that progenitor
//!   replaces with the runtime type.
//! - `x-waba-tagged: {tag, content, mapping}` on a component object schema with the two
//!   properties `tag` (a string) and `content`: generated here as an enum with one variant per
//!   `mapping` entry (tag value → component whose schema `content` has) and an `Other` variant
//!   keeping an unknown tag and the raw content. A known tag whose content does not fit its
//!   schema is a parse error of the whole object (as an `x-waba-item`, it is then kept raw).
//! - `x-waba-box-parts: true` on a component object schema: its optional properties of another
//!   generated struct type are boxed (`Option<Box<T>>`), so a large type stays small inline.
//!
//! Each `x-waba-item` component also gets a strict read (`FromRawJson::deserialize_strict`),
//! the fast path of a webhook parse: the whole body read in one pass under
//! `waba_runtime::webhook::Strict`, items parsed in place; a tagged union in one pass when its
//! tag comes first, else from its content's borrowed text once the tag is known.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::open_enums::variant_name;

/// Marks a component object schema whose arrays are read element by element.
pub const ITEM: &str = "x-waba-item";
/// Marks a component object schema as a union tagged by one of its properties.
pub const TAGGED: &str = "x-waba-tagged";
/// Marks a component object schema whose optional object properties are boxed.
pub const BOX_PARTS: &str = "x-waba-box-parts";

/// The components marked `x-waba-box-parts: true`, sorted.
pub fn box_parts_names(schemas: &Value) -> Vec<String> {
    crate::marked_names(schemas, BOX_PARTS)
}

/// In the generated structs of `names`, every field of type `Option<T>` where `T` is a
/// generated struct (a plain type name, not `String`) becomes `Option<Box<T>>`: a large type
/// (such as an inbound message with one optional part per message kind, of which one is set)
/// stays small inline, so moving it while it is parsed copies less. Serde reads and writes a
/// box as its content. Returns the names of the structs changed.
pub fn box_parts(file: &mut syn::File, names: &[String], structs: &[String]) -> Vec<String> {
    fn walk(items: &mut [syn::Item], names: &[String], structs: &[String], done: &mut Vec<String>) {
        for item in items {
            match item {
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &mut m.content {
                        walk(items, names, structs, done);
                    }
                }
                syn::Item::Struct(st) if names.iter().any(|n| st.ident == n) => {
                    for field in st.fields.iter_mut() {
                        if let Some(inner) = option_of_struct(&field.ty, structs) {
                            let inner = format_ident!("{}", inner);
                            field.ty = syn::parse_quote! {
                                ::std::option::Option<::std::boxed::Box<#inner>>
                            };
                        }
                    }
                    done.push(st.ident.to_string());
                }
                _ => {}
            }
        }
    }
    // `Option<T>` (as progenitor writes it, `::std::option::Option<T>`) with `T` one of
    // `structs`: the name of `T`.
    fn option_of_struct(ty: &syn::Type, structs: &[String]) -> Option<String> {
        let syn::Type::Path(p) = ty else { return None };
        let last = p.path.segments.last()?;
        if last.ident != "Option" {
            return None;
        }
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        let Some(syn::GenericArgument::Type(syn::Type::Path(inner))) = args.args.first() else {
            return None;
        };
        if inner.path.segments.len() != 1 {
            return None;
        }
        let name = inner.path.segments[0].ident.to_string();
        structs.contains(&name).then_some(name)
    }
    let mut done = Vec::new();
    walk(&mut file.items, names, structs, &mut done);
    done
}

/// The synthetic component an `x-waba-item` array points at.
pub fn item_name(name: &str) -> String {
    format!("{name}Item")
}

/// The Rust type that replaces the synthetic component of `name` (`tagged`: the component is
/// an `x-waba-tagged` union, generated in the `tagged` module).
pub fn item_type(name: &str, tagged: bool) -> String {
    let module = if tagged { "tagged" } else { "types" };
    format!("::waba_runtime::webhook::Item<crate::generated::{module}::{name}>")
}

/// The components marked `x-waba-item: true`, sorted.
pub fn item_names(schemas: &Value) -> Vec<String> {
    crate::marked_names(schemas, ITEM)
}

/// Points every array of an `x-waba-item` component at its synthetic `<Name>Item` component
/// and adds those components (placeholders: progenitor replaces them with `Item<T>`).
pub fn point_arrays_at_items(doc: &mut Value) {
    let Some(schemas) = doc.pointer("/components/schemas") else {
        return;
    };
    let names = item_names(schemas);
    if names.is_empty() {
        return;
    }
    fn walk(v: &mut Value, names: &[String]) {
        match v {
            Value::Object(map) => {
                if map.get("type").and_then(Value::as_str) == Some("array")
                    && let Some(items) = map.get_mut("items")
                    && let Some(name) = items.get("$ref").and_then(Value::as_str).and_then(|r| {
                        r.strip_prefix("#/components/schemas/")
                            .filter(|n| names.iter().any(|m| m == n))
                    })
                {
                    *items = serde_json::json!({
                        "$ref": format!("#/components/schemas/{}", item_name(name))
                    });
                }
                map.values_mut().for_each(|v| walk(v, names));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, names)),
            _ => {}
        }
    }
    walk(doc, &names);
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for name in names {
            schemas.insert(item_name(&name), serde_json::json!({ "type": "object" }));
        }
    }
}

/// A parsed `x-waba-tagged` extension.
pub struct Tagged {
    /// The property naming the variant.
    pub tag: String,
    /// The property holding the variant's content.
    pub content: String,
    /// Tag value → component name, in spec order.
    pub mapping: Vec<(String, String)>,
}

impl Tagged {
    /// `(variant name, tag value, component)` per mapping entry, in mapping order: the tag
    /// value in UpperCamelCase, with `_` added until it is unique and not `Other` (the variant
    /// of unknown tags).
    pub fn variants(&self) -> impl Iterator<Item = (String, &str, &str)> {
        let mut seen = std::collections::BTreeSet::new();
        self.mapping.iter().map(move |(value, component)| {
            let mut n = variant_name(value);
            while !seen.insert(n.clone()) || n == "Other" {
                n.push('_');
            }
            (n, value.as_str(), component.as_str())
        })
    }
}

/// Reads the `x-waba-tagged` extension of a schema, if it is there and well-formed.
pub fn tagged(schema: &Value) -> Option<Tagged> {
    let ext = schema.get(TAGGED)?;
    Some(Tagged {
        tag: ext.get("tag")?.as_str()?.to_string(),
        content: ext.get("content")?.as_str()?.to_string(),
        mapping: ext
            .get("mapping")?
            .as_object()?
            .iter()
            .map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect::<Option<Vec<_>>>()?,
    })
}

/// Problems of the `x-waba-item` and `x-waba-tagged` extensions of one component schema.
pub fn lint(name: &str, schema: &Value, schemas: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(flag) = schema.get(ITEM) {
        if flag != &Value::Bool(true)
            || schema.get("type").and_then(Value::as_str) != Some("object")
        {
            out.push(format!(
                "schema `{name}`: `{ITEM}` must be `true`, on a `type: object` schema"
            ));
        }
        if schemas.get(item_name(name)).is_some() {
            out.push(format!(
                "schema `{name}`: `{ITEM}` needs the name `{}` for itself; rename that schema",
                item_name(name)
            ));
        }
    }
    if let Some(flag) = schema.get(BOX_PARTS)
        && (flag != &Value::Bool(true)
            || schema.get("type").and_then(Value::as_str) != Some("object"))
    {
        out.push(format!(
            "schema `{name}`: `{BOX_PARTS}` must be `true`, on a `type: object` schema"
        ));
    }
    if schema.get(TAGGED).is_some() {
        let Some(t) = tagged(schema) else {
            out.push(format!(
                "schema `{name}`: `{TAGGED}` needs `tag`, `content` (property names) and `mapping` (tag value: component name)"
            ));
            return out;
        };
        let props = schema.get("properties");
        if props
            .and_then(|p| p.get(&t.tag))
            .and_then(|p| p.get("type"))
            .and_then(Value::as_str)
            != Some("string")
            || props.and_then(|p| p.get(&t.content)).is_none()
        {
            out.push(format!(
                "schema `{name}`: `{TAGGED}` needs a `{}` property of `type: string` and a `{}` property",
                t.tag, t.content
            ));
        }
        for (value, component) in &t.mapping {
            if schemas.get(component).is_none() {
                out.push(format!(
                    "schema `{name}`: `{TAGGED}` maps `{value}` to `{component}`, which is no component schema"
                ));
            }
        }
    }
    out
}

/// The examples of a tagged schema's content: (place, component, content example), so the linter
/// validates each against the component its tag maps to.
pub fn tagged_examples<'a>(name: &str, schema: &'a Value) -> Vec<(String, String, &'a Value)> {
    let Some(t) = tagged(schema) else {
        return Vec::new();
    };
    let mut examples: Vec<(String, &Value)> = Vec::new();
    if let Some(e) = schema.get("example") {
        examples.push(("example".into(), e));
    }
    for (k, e) in schema
        .get(crate::lint::EXAMPLES)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        examples.push((format!("{} `{k}`", crate::lint::EXAMPLES), e));
    }
    examples
        .into_iter()
        .filter_map(|(place, e)| {
            let tag = e.get(&t.tag)?.as_str()?;
            let component = &t.mapping.iter().find(|(v, _)| v == tag)?.1;
            Some((
                format!("schema `{name}` {place}: `{}` of `{tag}`", t.content),
                component.clone(),
                e.get(&t.content)?,
            ))
        })
        .collect()
}

/// The components marked `x-waba-tagged`, sorted.
pub fn tagged_names(schemas: &Value) -> Vec<String> {
    let mut names: Vec<String> = schemas
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, s)| s.get(TAGGED).is_some())
        .map(|(n, _)| n.clone())
        .collect();
    names.sort();
    names
}

/// The module of tagged unions.
pub fn module(schemas: &Value) -> TokenStream {
    let mut items = Vec::new();
    for name in tagged_names(schemas) {
        let schema = &schemas[&name];
        let Some(t) = tagged(schema) else { continue };
        let ident = format_ident!("{}", name);
        let doc = schema
            .get("description")
            .and_then(Value::as_str)
            .map(|d| d.trim().to_string())
            .unwrap_or_else(|| format!("`{name}`"));
        let tag_key = t.tag.as_str();
        let content_key = t.content.as_str();
        let tag_ident = format_ident!("{}", t.tag);
        let content_ident = format_ident!("{}", t.content);
        let variants: Vec<_> = t
            .variants()
            .map(|(n, value, component)| {
                (
                    format_ident!("{}", n),
                    value,
                    format_ident!("{}", component),
                    component,
                )
            })
            .collect();
        let defs = variants.iter().map(|(i, v, c, cn)| {
            let d = format!("`{tag_key}` is `{v}`: `{content_key}` is a [`{cn}`](crate::generated::types::{cn}).");
            quote! { #[doc = #d] #i(crate::generated::types::#c), }
        });
        let tags = variants
            .iter()
            .map(|(i, v, _, _)| quote! { Self::#i(_) => #v, });
        let ser = variants.iter().map(|(i, v, _, _)| {
            quote! {
                Self::#i(content) => {
                    let mut map = serializer.serialize_map(::std::option::Option::Some(2))?;
                    map.serialize_entry(#tag_key, #v)?;
                    map.serialize_entry(#content_key, content)?;
                    map.end()
                }
            }
        });
        let de = variants.iter().map(|(i, v, _, _)| {
            let missing = format!("`{content_key}` is missing (`{tag_key}` is `{v}`)");
            let bad = format!("`{content_key}` (`{tag_key}` is `{v}`): ");
            quote! {
                #v => match &wire.content {
                    ::std::option::Option::Some(raw) => ::waba_runtime::webhook::from_str_explained(raw.get())
                        .map(Self::#i)
                        .map_err(|e| D::Error::custom(::std::format!("{}{}", #bad, e))),
                    ::std::option::Option::None => ::std::result::Result::Err(D::Error::custom(#missing)),
                },
            }
        });
        let other_doc = format!(
            "A `{tag_key}` this version of the crate does not know, with its `{content_key}` as raw JSON."
        );
        let tag_doc = format!("The `{tag_key}` as sent.");
        let content_doc = format!("The `{content_key}` as sent (`None` when absent or null).");
        let tag_fn_doc = format!("The `{tag_key}` of this value, as on the wire.");
        let tag_key_doc = format!("The key naming the variant: `{tag_key}`.");
        items.push(quote! {
            #[doc = #doc]
            ///
            /// Read by its tag; an unknown tag parses as `Other` with its raw content.
            #[derive(Clone, Debug)]
            pub enum #ident {
                #(#defs)*
                #[doc = #other_doc]
                Other {
                    #[doc = #tag_doc]
                    #tag_ident: ::std::string::String,
                    #[doc = #content_doc]
                    #content_ident: ::std::option::Option<::std::boxed::Box<::serde_json::value::RawValue>>,
                },
            }
            impl #ident {
                #[doc = #tag_key_doc]
                pub const TAG_KEY: &'static str = #tag_key;
                #[doc = #tag_fn_doc]
                pub fn tag(&self) -> &str {
                    match self {
                        #(#tags)*
                        Self::Other { #tag_ident, .. } => #tag_ident.as_str(),
                    }
                }
            }
            impl ::serde::Serialize for #ident {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    use ::serde::ser::SerializeMap as _;
                    match self {
                        #(#ser)*
                        Self::Other { #tag_ident, #content_ident } => {
                            let mut map = serializer.serialize_map(::std::option::Option::None)?;
                            map.serialize_entry(#tag_key, #tag_ident)?;
                            if let ::std::option::Option::Some(content) = #content_ident {
                                map.serialize_entry(#content_key, content)?;
                            }
                            map.end()
                        }
                    }
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    use ::serde::de::Error as _;
                    #[derive(::serde::Deserialize)]
                    struct Wire {
                        #[serde(rename = #tag_key)]
                        tag: ::std::string::String,
                        #[serde(rename = #content_key, default)]
                        content: ::std::option::Option<::std::boxed::Box<::serde_json::value::RawValue>>,
                    }
                    let wire = Wire::deserialize(deserializer)?;
                    match wire.tag.as_str() {
                        #(#de)*
                        _ => ::std::result::Result::Ok(Self::Other { #tag_ident: wire.tag, #content_ident: wire.content }),
                    }
                }
            }
        });
    }
    // How each `x-waba-item` element is read from its raw JSON text.
    let tagged_set = tagged_names(schemas);
    for name in item_names(schemas) {
        let ident = format_ident!("{}", name);
        let schema = &schemas[&name];
        match tagged(schema).filter(|_| tagged_set.contains(&name)) {
            None => items.push(quote! {
                impl ::waba_runtime::webhook::FromRawJson for crate::generated::types::#ident {
                    fn from_raw_json(raw: &str) -> ::std::result::Result<Self, ::serde_json::Error> {
                        ::waba_runtime::webhook::from_str_tolerant(raw)
                    }
                    fn deserialize_strict<'de, D: ::serde::Deserializer<'de>>(
                        deserializer: ::waba_runtime::webhook::Strict<D>,
                    ) -> ::std::result::Result<Self, D::Error> {
                        <Self as ::serde::Deserialize>::deserialize(deserializer)
                    }
                }
            }),
            Some(t) => {
                let tag_key = t.tag.as_str();
                let content_key = t.content.as_str();
                let variants: Vec<_> = t
                    .variants()
                    .map(|(n, value, component)| {
                        (value.to_string(), format_ident!("{}", n), format_ident!("{}", component))
                    })
                    .collect();
                let tag_ident = format_ident!("{}", t.tag);
                let content_ident = format_ident!("{}", t.content);
                let in_place = variants.iter().map(|(value, variant, _)| {
                    quote! { #value => #ident::#variant(map.next_value()?), }
                });
                let from_pending = variants.iter().map(|(value, variant, _)| {
                    let bad = format!("`{content_key}` (`{tag_key}` is `{value}`): ");
                    quote! {
                        #value => if lenient {
                            ::waba_runtime::webhook::from_str_tolerant(raw.get())
                        } else {
                            ::waba_runtime::webhook::from_str_strict(raw.get())
                        }
                        .map(#ident::#variant)
                        .map_err(|e| D::Error::custom(::std::format!("{}{}", #bad, e))),
                    }
                });
                let variants_missing = variants.iter().map(|(value, _, _)| {
                    let missing_content = format!("`{content_key}` is missing (`{tag_key}` is `{value}`)");
                    quote! { #value => ::std::result::Result::Err(D::Error::custom(#missing_content)), }
                }).collect::<Vec<_>>();
                let unknown_key = format!("keys other than `{tag_key}` and `{content_key}`");
                let duplicate = format!("a duplicate `{tag_key}` or `{content_key}`");
                let expecting = format!("an object with `{tag_key}` and `{content_key}`");
                let strict = quote! {
                    /// In one pass. Strict: when the tag comes first, the content is read in
                    /// place into its type; when it comes after the content, in place as the
                    /// tag the text suggests (`tag_hint`, checked when the tag is read), else
                    /// held as borrowed raw text until then and read from it. Lenient (the
                    /// tolerant way): the content is always held as raw text and read once the
                    /// whole object is, so its errors name lines and columns within it; other
                    /// keys are skipped and a `null` content is an absent one.
                    fn deserialize_strict<'de, D: ::serde::Deserializer<'de>>(
                        deserializer: ::waba_runtime::webhook::Strict<D>,
                    ) -> ::std::result::Result<Self, D::Error> {
                        use ::serde::de::Error as _;
                        struct V {
                            lenient: bool,
                        }
                        /// The object read: its value, or its tag and the content's raw text,
                        /// read into its type after the object (so that its errors carry no
                        /// position of the outer text).
                        enum Read<'de> {
                            Done(#ident),
                            Pending(::waba_runtime::open_enum::Str<'de>, ::std::option::Option<&'de ::serde_json::value::RawValue>),
                        }
                        impl<'de> ::serde::de::Visitor<'de> for V {
                            type Value = Read<'de>;
                            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                                f.write_str(#expecting)
                            }
                            fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Read<'de>, A::Error> {
                                let mut tag: ::std::option::Option<::waba_runtime::open_enum::Str<'de>> = ::std::option::Option::None;
                                let mut read: ::std::option::Option<#ident> = ::std::option::Option::None;
                                let mut pending: ::std::option::Option<&'de ::serde_json::value::RawValue> = ::std::option::Option::None;
                                // The tag the text suggests when the content comes first.
                                let mut guessed: ::std::option::Option<::std::string::String> = ::std::option::Option::None;
                                while let ::std::option::Option::Some((key, at)) = map.next_key_seed(::waba_runtime::webhook::TaggedKeyAtSeed { tag: #tag_key, content: #content_key })? {
                                    let duplicate = || A::Error::custom(#duplicate);
                                    match key {
                                        ::waba_runtime::webhook::TaggedKey::Tag => {
                                            if tag.is_some() {
                                                return ::std::result::Result::Err(duplicate());
                                            }
                                            let read_tag = map.next_value_seed(::waba_runtime::webhook::StrSeed)?;
                                            if guessed.as_deref().is_some_and(|g| g != read_tag) {
                                                return ::std::result::Result::Err(A::Error::custom("strict read: the content was read as another tag's"));
                                            }
                                            tag = ::std::option::Option::Some(read_tag);
                                        }
                                        ::waba_runtime::webhook::TaggedKey::Content => {
                                            if read.is_some() || pending.is_some() {
                                                return ::std::result::Result::Err(duplicate());
                                            }
                                            if tag.is_none() && !self.lenient {
                                                guessed = at.and_then(|at| ::waba_runtime::webhook::tag_hint(at, #tag_key));
                                            }
                                            match tag.as_deref().or(guessed.as_deref()).filter(|_| !self.lenient) {
                                                ::std::option::Option::Some(t) => {
                                                    read = ::std::option::Option::Some(match t {
                                                        #(#in_place)*
                                                        _ => #ident::Other {
                                                            #tag_ident: t.to_string(),
                                                            #content_ident: map.next_value()?,
                                                        },
                                                    });
                                                }
                                                ::std::option::Option::None => pending = ::std::option::Option::Some(map.next_value()?),
                                            }
                                        }
                                        ::waba_runtime::webhook::TaggedKey::Other if self.lenient => {
                                            map.next_value::<::serde::de::IgnoredAny>()?;
                                        }
                                        ::waba_runtime::webhook::TaggedKey::Other => return ::std::result::Result::Err(A::Error::custom(::std::format!("strict read: {} would not be written back", #unknown_key))),
                                    }
                                }
                                let tag = tag.ok_or_else(|| A::Error::missing_field(#tag_key))?;
                                // (A guessed tag was checked when the tag was read; a missing
                                // tag is an error above.)
                                ::std::result::Result::Ok(match read {
                                    ::std::option::Option::Some(read) => Read::Done(read),
                                    ::std::option::Option::None => Read::Pending(tag, pending),
                                })
                            }
                        }
                        let lenient = deserializer.is_lenient();
                        let (tag, raw) = match ::serde::Deserializer::deserialize_map(deserializer, V { lenient })? {
                            Read::Done(read) => return ::std::result::Result::Ok(read),
                            Read::Pending(tag, raw) => (tag, raw),
                        };
                        let raw = match raw.map(::serde_json::value::RawValue::get) {
                            ::std::option::Option::Some("null") if !lenient => {
                                return ::std::result::Result::Err(D::Error::custom("strict read: a null would not be written back"));
                            }
                            ::std::option::Option::Some("null") => ::std::option::Option::None,
                            _ => raw,
                        };
                        let ::std::option::Option::Some(raw) = raw else {
                            return match tag.as_ref() {
                                #(#variants_missing)*
                                _ => ::std::result::Result::Ok(#ident::Other { #tag_ident: tag.into_owned(), #content_ident: ::std::option::Option::None }),
                            };
                        };
                        match tag.as_ref() {
                            #(#from_pending)*
                            _ => ::std::result::Result::Ok(#ident::Other { #tag_ident: tag.into_owned(), #content_ident: ::std::option::Option::Some(raw.to_owned()) }),
                        }
                    }
                };
                items.push(quote! {
                    /// The tolerant way runs the strict read's code, lenient.
                    impl ::waba_runtime::webhook::FromRawJson for #ident {
                        fn from_raw_json(raw: &str) -> ::std::result::Result<Self, ::serde_json::Error> {
                            ::waba_runtime::webhook::from_str_with(raw, true, |d| {
                                <Self as ::waba_runtime::webhook::FromRawJson>::deserialize_strict(d)
                            })
                        }
                        #strict
                    }
                });
            }
        }
    }
    quote! {
        //! Unions tagged by a property (`x-waba-tagged`): read by the tag, unknown tags kept raw;
        //! and how each `x-waba-item` element is read from its raw JSON text.
        #(#items)*
    }
}
