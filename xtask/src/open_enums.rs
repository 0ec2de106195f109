//! Open enums: string enums a provider may extend. Typify would reject an unknown value and fail
//! the whole payload; these get an `Other(String)` variant instead.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::lint::OPEN_ENUM;

/// The component names marked open, sorted.
pub fn names(schemas: &Value) -> Vec<String> {
    crate::marked_names(schemas, OPEN_ENUM)
}

/// `sent` → `Sent`, `location_request_message` → `LocationRequestMessage`, `SHARE etc` → `ShareEtc`.
pub fn variant_name(value: &str) -> String {
    let mut out = String::new();
    for word in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            let rest: String = chars.collect();
            // Keep camelCase humps, lower SHOUTING words.
            if word.chars().all(|c| !c.is_ascii_lowercase()) {
                out.push_str(&rest.to_ascii_lowercase());
            } else {
                out.push_str(&rest);
            }
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// The module of open enums.
pub fn module(schemas: &Value) -> TokenStream {
    let mut items = Vec::new();
    for name in names(schemas) {
        let schema = &schemas[&name];
        let ident = format_ident!("{}", name);
        let doc = schema
            .get("description")
            .and_then(Value::as_str)
            .map(|d| d.trim().to_string())
            .unwrap_or_else(|| format!("`{name}`"));
        let values: Vec<&str> = schema["enum"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        let variants: Vec<_> = values
            .iter()
            .map(|v| {
                let mut n = variant_name(v);
                while !seen.insert(n.clone()) || n == "Other" {
                    n.push('_');
                }
                (format_ident!("{}", n), *v)
            })
            .collect();
        let var_defs = variants.iter().map(|(i, v)| {
            let d = format!("`{v}`");
            quote! { #[doc = #d] #i, }
        });
        let as_str = variants.iter().map(|(i, v)| quote! { Self::#i => #v, });
        let from_str = variants.iter().map(|(i, v)| quote! { #v => Self::#i, });
        let other_doc = format!(
            "A value of `{name}` that this version of the crate does not know, kept as sent."
        );
        items.push(quote! {
            #[doc = #doc]
            ///
            /// Open: values added by the provider later parse as [`Self::Other`].
            #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #ident {
                #(#var_defs)*
                #[doc = #other_doc]
                Other(::std::string::String),
            }
            impl #ident {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#as_str)*
                        Self::Other(value) => value.as_str(),
                    }
                }
                /// True for a value this version of the crate does not know.
                pub fn is_other(&self) -> bool {
                    matches!(self, Self::Other(_))
                }
            }
            impl ::std::convert::From<&str> for #ident {
                fn from(value: &str) -> Self {
                    match value {
                        #(#from_str)*
                        other => Self::Other(other.to_string()),
                    }
                }
            }
            impl ::std::str::FromStr for #ident {
                type Err = ::std::convert::Infallible;
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    Ok(Self::from(value))
                }
            }
            impl ::std::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl ::serde::Serialize for #ident {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    deserializer.deserialize_str(::waba_runtime::open_enum::Visitor::new()).map(|s: ::waba_runtime::open_enum::Str<'de>| Self::from(s.as_ref()))
                }
            }
        });
    }
    quote! {
        //! Open string enums: unknown values parse as `Other` instead of failing.
        #(#items)*
    }
}
