//! httpmock helpers for the multipart operations.
//!
//! Progenitor's httpmock generator writes one `MockServerExt` method per operation of the
//! *mock* document, which has no multipart operations (progenitor cannot describe their
//! bodies). This module adds them to its output in the same style:
//! `server.upload_media(|when, then| { when.file("photo.jpg"); then.ok(&answer); })`.
//!
//! - `<Op>When::new` matches the method and the path (path parameters as any segment); one
//!   method per path parameter narrows it to a value, as progenitor's do;
//! - one method per form field: a text field matches the value as the client sends it
//!   (`waba_runtime::multipart::body_has_field`: the same parts, bracketed names included; or
//!   the JSON member when the form went as JSON), a file field matches a file part of that
//!   name with the given file name (`body_has_file`);
//! - `<Op>Then` has `ok(&T)` with the typed answer and `client_error`/`server_error` with the
//!   typed error body, when the spec names one.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::transform::{Operation, Success};
use crate::wrapper::{self, FORM_NAMES};

/// Adds the helpers of every multipart operation in `ops` to progenitor's mock module `mock`.
/// `progenitor` is progenitor's client output (the generated types).
pub fn add(mock: &mut syn::File, ops: &[Operation], progenitor: &syn::File) -> Result<(), String> {
    let mut op_items: Vec<syn::Item> = Vec::new();
    let mut trait_items: Vec<syn::TraitItem> = Vec::new();
    let mut impl_items: Vec<syn::ImplItem> = Vec::new();
    for op in ops.iter().filter(|o| o.is_multipart()) {
        let (items, sig, body) = helpers(op, progenitor)?;
        op_items.extend(items);
        trait_items.push(syn::parse2(quote! { #sig; }).map_err(|e| e.to_string())?);
        impl_items.push(syn::parse2(quote! { #sig #body }).map_err(|e| e.to_string())?);
    }
    if op_items.is_empty() {
        return Ok(());
    }
    op_items.push(content_type_fn());
    let mut placed = (false, false, false);
    for item in &mut mock.items {
        match item {
            syn::Item::Mod(m) if m.ident == "operations" => {
                if let Some((_, items)) = &mut m.content {
                    items.append(&mut op_items);
                    placed.0 = true;
                }
            }
            syn::Item::Trait(t) if t.ident == "MockServerExt" => {
                t.items.append(&mut trait_items);
                placed.1 = true;
            }
            syn::Item::Impl(i)
                if i.trait_.as_ref().is_some_and(|(p, _)| {
                    p.segments
                        .last()
                        .is_some_and(|s| s.ident == "MockServerExt")
                }) =>
            {
                i.items.append(&mut impl_items);
                placed.2 = true;
            }
            _ => {}
        }
    }
    if placed == (true, true, true) {
        Ok(())
    } else {
        Err("progenitor's mock output has no `operations` module or `MockServerExt` trait to add the multipart helpers to".into())
    }
}

/// The path as a regex: literal segments escaped, each parameter `[^/]*` unless it is `only`
/// (then the format placeholder `{}`, for a value given at run time).
fn path_regex(path: &str, only: Option<&str>) -> String {
    let mut out = String::from("^");
    for (i, piece) in path.split(['{', '}']).enumerate() {
        if i % 2 == 0 {
            out.push_str(&regex_escape(piece).replace('{', "{{").replace('}', "}}"));
        } else if Some(piece) == only {
            out.push_str("{}");
        } else {
            out.push_str("[^/]*");
        }
    }
    out.push('$');
    out
}

fn regex_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

type Helpers = (Vec<syn::Item>, TokenStream, TokenStream);

fn helpers(op: &Operation, progenitor: &syn::File) -> Result<Helpers, String> {
    let op_id = op.id.as_str();
    let pascal = wrapper::pascal(op_id);
    let when = format_ident!("{pascal}When");
    let then = format_ident!("{pascal}Then");
    let method = format_ident!("{}", op.method.to_uppercase());
    let brackets = op.raw.get(FORM_NAMES).and_then(Value::as_str) == Some("brackets");
    let Some(schema) = &op.body else {
        return Err(format!(
            "multipart operation `{op_id}` needs a `$ref` body schema"
        ));
    };
    let props = wrapper::op_props(op);

    let all = path_regex(&op.path, None);
    let mut when_methods = Vec::new();
    let mut names = vec!["new".to_string(), "into_inner".to_string()];
    for param in op.path.split(['{', '}']).skip(1).step_by(2) {
        let ident = format_ident!("{}", wrapper::to_snake(param));
        let pattern = path_regex(&op.path, Some(param));
        let doc = format!(" Only requests whose path parameter `{param}` is `value`.");
        names.push(ident.to_string());
        when_methods.push(quote! {
            #[doc = #doc]
            pub fn #ident(self, value: &str) -> Self {
                let re = regex::Regex::new(&format!(#pattern, regex::escape(value))).unwrap();
                Self(self.0.path_matches(re))
            }
        });
    }
    for (json_name, ident, _ty) in wrapper::struct_fields(progenitor, &wrapper::type_name(schema)) {
        let prop = props.get(&json_name).cloned().unwrap_or_default();
        let is_binary = |s: &Value| s.get("format").and_then(Value::as_str) == Some("binary");
        let file_array = prop.get("type").and_then(Value::as_str) == Some("array")
            && prop.get("items").is_some_and(is_binary);
        let is_file = is_binary(&prop);
        if names.contains(&ident.to_string()) {
            return Err(format!(
                "multipart operation `{op_id}`: field `{json_name}` has the name of another mock method"
            ));
        }
        names.push(ident.to_string());
        if is_file || file_array {
            let part = if file_array && brackets {
                format!("{json_name}[]")
            } else {
                json_name.clone()
            };
            let doc =
                format!(" Only requests with a file part `{part}` whose file name is `file_name`.");
            when_methods.push(quote! {
                #[doc = #doc]
                pub fn #ident(self, file_name: &str) -> Self {
                    let file_name = file_name.to_string();
                    Self(self.0.is_true(move |req: &::httpmock::HttpMockRequest| {
                        ::waba_runtime::multipart::body_has_file(content_type(req), req.body_ref(), #part, &file_name)
                    }))
                }
            });
        } else {
            let doc = format!(
                " Only requests whose form field `{json_name}` is `value`, as the client sends it."
            );
            when_methods.push(quote! {
                #[doc = #doc]
                pub fn #ident<T: ::serde::Serialize + ?Sized>(self, value: &T) -> Self {
                    let value = ::serde_json::to_value(value).unwrap_or(::serde_json::Value::Null);
                    Self(self.0.is_true(move |req: &::httpmock::HttpMockRequest| {
                        ::waba_runtime::multipart::body_has_field(content_type(req), req.body_ref(), #json_name, &value, #brackets)
                    }))
                }
            });
        }
    }

    let Success::Json(ok_schema) = &op.success else {
        return Err(format!(
            "multipart operation `{op_id}` must answer JSON described by a `$ref` schema"
        ));
    };
    let ok_ty = format_ident!("{}", wrapper::type_name(ok_schema));
    let status: u16 = op.success_code.parse().unwrap_or(200);
    let errors = op.error.as_ref().map(|e| {
        let err_ty = format_ident!("{}", wrapper::type_name(e));
        quote! {
            /// A 4xx answer with the typed error body.
            pub fn client_error(self, status: u16, value: &types::#err_ty) -> Self {
                assert_eq!(status / 100u16, 4u16);
                Self(self.0.status(status).header("content-type", "application/json").json_body_obj(value))
            }
            /// A 5xx answer with the typed error body.
            pub fn server_error(self, status: u16, value: &types::#err_ty) -> Self {
                assert_eq!(status / 100u16, 5u16);
                Self(self.0.status(status).header("content-type", "application/json").json_body_obj(value))
            }
        }
    });
    let when_doc = format!(
        " Matches `{op_id}` requests: {} {}; narrow with one method per path parameter and form field.",
        op.method.to_uppercase(),
        op.path
    );
    let then_doc = format!(" The answer to `{op_id}`.");
    let file: syn::File = syn::parse2(quote! {
        #[doc = #when_doc]
        pub struct #when(::httpmock::When);
        impl #when {
            pub fn new(inner: ::httpmock::When) -> Self {
                Self(inner.method(::httpmock::Method::#method).path_matches(regex::Regex::new(#all).unwrap()))
            }
            pub fn into_inner(self) -> ::httpmock::When {
                self.0
            }
            #(#when_methods)*
        }
        #[doc = #then_doc]
        pub struct #then(::httpmock::Then);
        impl #then {
            pub fn new(inner: ::httpmock::Then) -> Self {
                Self(inner)
            }
            pub fn into_inner(self) -> ::httpmock::Then {
                self.0
            }
            /// The success answer with the typed body.
            pub fn ok(self, value: &types::#ok_ty) -> Self {
                Self(self.0.status(#status).header("content-type", "application/json").json_body_obj(value))
            }
            #errors
        }
    })
    .map_err(|e| format!("multipart mock of `{op_id}` does not parse: {e}"))?;
    let name = format_ident!("{op_id}");
    let sig = quote! {
        fn #name<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
        where
            F: FnOnce(operations::#when, operations::#then)
    };
    let body = quote! {
        {
            self.mock(|when, then| config_fn(operations::#when::new(when), operations::#then::new(then)))
        }
    };
    Ok((file.items, sig, body))
}

/// The `content_type` helper the multipart matchers use, added once to `operations`.
fn content_type_fn() -> syn::Item {
    syn::parse_quote! {
        /// The request's `Content-Type`, empty when it has none.
        fn content_type(req: &::httpmock::HttpMockRequest) -> &str {
            req.headers_vec()
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v.as_str())
                .unwrap_or("")
        }
    }
}
