//! The public `Client` of a provider crate: one method per operation of the spec.
//!
//! JSON and form operations delegate request building to progenitor's generated method; this
//! layer validates the body against the spec before sending and reads the response itself, so
//! that every error keeps status, headers and raw body. Multipart operations, which progenitor
//! cannot generate, are built here in the same style.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::transform::{Operation, Success};

/// Marks a path parameter whose value the client is given once, at construction, and fills
/// into every path that has it; the generated methods do not take it.
pub const CLIENT_PARAMETER: &str = "x-waba-client-parameter";

/// Marks a 2xx JSON response that may also come without a body: the method returns
/// `ResponseValue<Option<T>>`, `None` for an empty body.
pub const MAY_BE_EMPTY: &str = "x-waba-may-be-empty";

/// The JSON names of an operation's client parameters.
pub(crate) fn client_params(op: &Operation) -> Vec<String> {
    op.parameters
        .iter()
        .filter(|p| {
            p.get("in").and_then(Value::as_str) == Some("path")
                && p.get(CLIENT_PARAMETER).and_then(Value::as_bool) == Some(true)
        })
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// True when the success response is marked [`MAY_BE_EMPTY`].
fn may_be_empty(op: &Operation) -> bool {
    op.raw
        .pointer(&format!("/responses/{}/{MAY_BE_EMPTY}", op.success_code))
        .and_then(Value::as_bool)
        == Some(true)
}
/// On a multipart operation, `x-waba-form-names: brackets` sends object and array fields under
/// bracketed names (`destinations[0][phone]`, `message_ids[]`, file arrays as `name[]`) instead
/// of as JSON text.
pub const FORM_NAMES: &str = "x-waba-form-names";
/// On a multipart operation, `x-waba-json-without-files: true` sends the same fields as a JSON
/// body when no file is attached.
pub const JSON_WITHOUT_FILES: &str = "x-waba-json-without-files";
/// On a `format: binary` property (or the items of an array of them): the largest file allowed,
/// in bytes, checked before sending.
pub const MAX_BYTES: &str = "x-waba-max-bytes";

/// What progenitor generated for one method, read back from its output.
struct RawMethod {
    generics: syn::Generics,
    inputs: Vec<syn::FnArg>,
}

fn raw_methods(file: &syn::File) -> std::collections::BTreeMap<String, RawMethod> {
    let mut out = std::collections::BTreeMap::new();
    for f in crate::raw_response::client_methods(file) {
        if f.sig.asyncness.is_none() {
            continue;
        }
        out.insert(
            f.sig.ident.to_string(),
            RawMethod {
                generics: f.sig.generics.clone(),
                inputs: f.sig.inputs.iter().cloned().collect(),
            },
        );
    }
    out
}

/// Field types of a typify struct, by JSON property name.
pub(crate) fn struct_fields(file: &syn::File, name: &str) -> Vec<(String, syn::Ident, syn::Type)> {
    let mut out = Vec::new();
    for item in &file.items {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != "types" {
            continue;
        }
        for it in m.content.iter().flat_map(|(_, items)| items) {
            let syn::Item::Struct(s) = it else { continue };
            if s.ident != name {
                continue;
            }
            for field in &s.fields {
                let Some(ident) = field.ident.clone() else {
                    continue;
                };
                let json_name =
                    crate::named::serde_rename(&field.attrs).unwrap_or_else(|| ident.to_string());
                out.push((json_name, ident, field.ty.clone()));
            }
        }
    }
    out
}

pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|l| format!(" {}", l.trim_end()));
    quote! { #(#[doc = #lines])* }
}

fn op_doc(op: &Operation) -> String {
    let summary = op
        .raw
        .get("summary")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let description = op
        .raw
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut doc = String::new();
    if !summary.is_empty() {
        doc.push_str(summary.trim());
        doc.push_str("\n\n");
    }
    doc.push_str(&autolink(description.trim()));
    doc.push_str(&format!(
        "\n\n`{} {}` (operation `{}`).",
        op.method.to_uppercase(),
        op.path,
        op.id
    ));
    doc
}

/// Puts a bare `http(s)://` address of spec prose in angle brackets, so rustdoc renders it as
/// a link instead of warning about it; addresses in code spans or already linked are kept.
fn autolink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut rest = text;
    while let Some(at) = rest.find(['`', 'h']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('`') {
            in_code = !in_code;
            out.push('`');
            rest = &rest[1..];
            continue;
        }
        let before = out.chars().last();
        let starts_url = rest.starts_with("https://") || rest.starts_with("http://");
        if in_code || !starts_url || !before.is_none_or(|c| c.is_whitespace() || c == '(') {
            out.push('h');
            rest = &rest[1..];
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &rest[url.len()..];
    }
    out.push_str(rest);
    out
}

/// The Rust name typify gives a component schema (`ChatMessageDTO` → `ChatMessageDto`,
/// `ApiResponse_Attachment_object_` → `ApiResponseAttachmentObject`), by the same rule.
pub(crate) fn type_name(name: &str) -> String {
    use heck::ToPascalCase;
    name.replace('\'', "")
        .replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-")
        .to_pascal_case()
}

fn type_path(name: &str) -> TokenStream {
    let ident = format_ident!("{}", type_name(name));
    quote! { types::#ident }
}

/// Generates `client.rs`.
pub fn client(
    spec_name: &str,
    title: &str,
    ops: &[Operation],
    progenitor: &syn::File,
) -> Result<TokenStream, String> {
    let raw = raw_methods(progenitor);
    let mut methods = Vec::new();
    let mut forms = Vec::new();
    let error_ty = ops
        .iter()
        .find_map(|o| o.error.clone())
        .map(|n| type_path(&n))
        .unwrap_or_else(|| quote! { ::serde_json::Value });

    // Client parameters, in order of first appearance.
    let mut client_fields: Vec<String> = Vec::new();
    for op in ops {
        for p in client_params(op) {
            if !client_fields.contains(&p) {
                client_fields.push(p);
            }
        }
    }

    for op in ops {
        let name = format_ident!("{}", op.id);
        let op_id = op.id.as_str();
        let mut failure_args = quote! {};
        let empty_ok = may_be_empty(op);
        if empty_ok && (op.is_multipart() || !matches!(op.success, Success::Json(_))) {
            return Err(format!(
                "operation `{}`: `{MAY_BE_EMPTY}` is supported on the JSON success response of a non-multipart operation only",
                op.id
            ));
        }
        let own_params: Vec<String> = client_params(op).iter().map(|p| to_snake(p)).collect();
        let (ok_ty, read) = match &op.success {
            Success::Json(t) if empty_ok => {
                let t = type_path(t);
                (
                    quote! { ::std::option::Option<#t> },
                    quote! { ::waba_runtime::response::json_or_empty::<#t, _> },
                )
            }
            Success::Json(t) => {
                let t = type_path(t);
                match &op.failure_when {
                    Some((pointer, equals)) => {
                        failure_args = quote! { , #pointer, #equals };
                        (
                            t.clone(),
                            quote! { ::waba_runtime::response::json_unless::<#t, _> },
                        )
                    }
                    None => (
                        t.clone(),
                        quote! { ::waba_runtime::response::json::<#t, _> },
                    ),
                }
            }
            Success::Binary => (
                quote! { ::progenitor_client::ByteStream },
                quote! { ::waba_runtime::response::stream },
            ),
            Success::Empty => (quote! { () }, quote! { ::waba_runtime::response::empty }),
        };
        if op.is_multipart() {
            let (method, form) = multipart(op, &name, &ok_ty, progenitor, &own_params)?;
            methods.push(method);
            forms.push(form);
            continue;
        }
        let Some(rm) = raw.get(&op.id) else {
            return Err(format!(
                "progenitor generated no method for operation `{}`",
                op.id
            ));
        };
        let docs = doc_attrs(&op_doc(op));
        let authorize = if is_public(op) {
            quote! {}
        } else {
            quote! { self.raw.inner().authorize(#op_id).await?; }
        };
        let generics = &rm.generics;
        let is_client_param =
            |a: &syn::FnArg| arg_ident(a).is_some_and(|i| own_params.iter().any(|p| i == p));
        for p in &own_params {
            if !rm
                .inputs
                .iter()
                .any(|a| arg_ident(a).is_some_and(|i| i == p))
            {
                return Err(format!(
                    "operation `{}`: progenitor generated no argument `{p}` for the client parameter",
                    op.id
                ));
            }
        }
        let inputs: Vec<&syn::FnArg> = rm.inputs.iter().filter(|a| !is_client_param(a)).collect();
        let args: Vec<TokenStream> = rm
            .inputs
            .iter()
            .filter_map(|a| match a {
                syn::FnArg::Typed(pt) if is_client_param(a) => {
                    let pat = &pt.pat;
                    Some(quote! { self.#pat.as_str() })
                }
                syn::FnArg::Typed(pt) => Some(pt.pat.to_token_stream_owned()),
                syn::FnArg::Receiver(_) => None,
            })
            .collect();
        let validate = match (&op.body, op.media.as_deref()) {
            (Some(body), Some("application/json" | "application/x-www-form-urlencoded")) => {
                let _ = body;
                quote! {
                    ::waba_runtime::check::Check::check(body).map_err(|e| Error::invalid_field(#op_id, e))?;
                }
            }
            _ => quote! {},
        };
        methods.push(quote! {
            #docs
            pub async fn #name #generics (#(#inputs),*) -> ::std::result::Result<ResponseValue<#ok_ty>, Error> {
                ::waba_runtime::count_attempts(async move {
                    #validate
                    #authorize
                    let result = self.raw.#name(#(#args),*).await;
                    #read(#op_id, result #failure_args).await
                }).await
            }
        });
    }

    let title_doc =
        format!(" Client for {title}: one method per operation of `specs/{spec_name}.yaml`.");
    // Client parameters: a field each, set by `from_parts`, read by an accessor, replaced by
    // `with_<name>`. Nothing is added for a spec without them.
    let param_idents: Vec<syn::Ident> = client_fields
        .iter()
        .map(|p| format_ident!("{}", to_snake(p)))
        .collect();
    let param_names: Vec<String> = param_idents.iter().map(|i| i.to_string()).collect();
    let from_parts_doc = if client_fields.is_empty() {
        " Wraps an HTTP client and a runtime; `base_url` has no trailing slash.".to_string()
    } else {
        let list: Vec<String> = client_fields
            .iter()
            .zip(&param_names)
            .map(|(json, snake)| format!("`{snake}` fills `{{{json}}}`"))
            .collect();
        format!(
            " Wraps an HTTP client and a runtime; `base_url` has no trailing slash. The client\nparameters are filled into every path that has them: {}.",
            list.join(", ")
        )
    };
    let from_parts_doc = doc_attrs(&from_parts_doc);
    let accessors: Vec<TokenStream> = client_fields
        .iter()
        .zip(&param_idents)
        .map(|(json, ident)| {
            let with = format_ident!("with_{}", ident);
            let get_doc = format!(" The `{json}` this client fills into every path that has it.");
            let with_doc = format!(
                " A client for another `{json}`, sharing this one's connection pool and runtime."
            );
            quote! {
                #[doc = #get_doc]
                pub fn #ident(&self) -> &str {
                    &self.#ident
                }
                #[doc = #with_doc]
                pub fn #with(&self, #ident: &str) -> Self {
                    let mut client = self.clone();
                    client.#ident = #ident.to_string();
                    client
                }
            }
        })
        .collect();
    let has_forms = !forms.is_empty();
    let forms_mod = if has_forms {
        quote! {
            /// Typed multipart forms, one per multipart operation.
            pub mod forms {
                #[allow(unused_imports)]
                use super::types::*;
                #(#forms)*
            }
        }
    } else {
        quote! {}
    };
    // Operations with `security: []` (a login) are sent without the token.
    let public: Vec<&str> = ops
        .iter()
        .filter(|o| is_public(o))
        .map(|o| o.id.as_str())
        .collect();
    let prepare = if public.is_empty() {
        quote! {
            self.inner().prepare(request, info.operation_id).await.map_err(::progenitor_client::Error::Custom)
        }
    } else {
        quote! {
            let prepared = if matches!(info.operation_id, #(#public)|*) {
                self.inner().prepare_public(request, info.operation_id).await
            } else {
                self.inner().prepare(request, info.operation_id).await
            };
            prepared.map_err(::progenitor_client::Error::Custom)
        }
    };
    // The hooks trait is called by name only in multipart methods.
    let hooks_import = if has_forms {
        quote! { ClientHooks as _, }
    } else {
        quote! {}
    };
    Ok(quote! {
        //! The public client: one method per operation of the spec.
        use ::progenitor_client::{#hooks_import ClientInfo as _, ResponseValue};
        use super::progenitor::types;

        /// Every error of this client: which operation failed, status, headers, raw body and
        /// the provider's error body when it parses.
        pub type Error = ::waba_runtime::Error<#error_ty>;

        #[doc = #title_doc]
        ///
        /// Cheap to clone: clones share the connection pool and the runtime (limiter, token).
        #[derive(Clone)]
        pub struct Client {
            raw: super::progenitor::Client,
            #(#param_idents: ::std::string::String,)*
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client").field("base_url", &self.raw.baseurl()) #(.field(#param_names, &self.#param_idents))* .finish_non_exhaustive()
            }
        }

        impl ::progenitor_client::ClientHooks<::waba_runtime::Runtime> for super::progenitor::Client {
            async fn pre<E>(&self, request: &mut ::reqwest::Request, info: &::progenitor_client::OperationInfo) -> ::std::result::Result<(), ::progenitor_client::Error<E>> {
                #prepare
            }
            // The runtime's future itself, not an `async fn` around it: a wrapper would hold
            // the request and that future side by side.
            fn exec(&self, request: ::reqwest::Request, info: &::progenitor_client::OperationInfo) -> impl ::std::future::Future<Output = ::reqwest::Result<::reqwest::Response>> {
                self.inner().execute(self.client(), request, info.operation_id)
            }
        }

        impl Client {
            #from_parts_doc
            pub fn from_parts(base_url: &str, http: ::reqwest::Client, runtime: ::waba_runtime::Runtime #(, #param_idents: &str)*) -> Self {
                Self { raw: super::progenitor::Client::new_with_client(base_url, http, runtime) #(, #param_idents: #param_idents.to_string())* }
            }
            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.raw.baseurl()
            }
            /// The underlying HTTP client.
            pub fn http(&self) -> &::reqwest::Client {
                self.raw.client()
            }
            /// The shared runtime: retries, limits, tokens.
            pub fn runtime(&self) -> &::waba_runtime::Runtime {
                self.raw.inner()
            }
            #(#accessors)*
            #(#methods)*
        }

        #forms_mod
    })
}

/// The name of a typed argument.
fn arg_ident(a: &syn::FnArg) -> Option<&syn::Ident> {
    match a {
        syn::FnArg::Typed(pt) => match &*pt.pat {
            syn::Pat::Ident(pi) => Some(&pi.ident),
            _ => None,
        },
        syn::FnArg::Receiver(_) => None,
    }
}

trait ToTokensOwned {
    fn to_token_stream_owned(&self) -> TokenStream;
}
impl ToTokensOwned for syn::Pat {
    fn to_token_stream_owned(&self) -> TokenStream {
        quote! { #self }
    }
}

pub(crate) fn pascal(s: &str) -> String {
    crate::open_enums::variant_name(s)
}

/// One multipart method and its form type.
fn multipart(
    op: &Operation,
    name: &syn::Ident,
    ok_ty: &TokenStream,
    progenitor: &syn::File,
    client_params: &[String],
) -> Result<(TokenStream, TokenStream), String> {
    let op_id = op.id.as_str();
    let Some(schema_name) = &op.body else {
        return Err(format!(
            "multipart operation `{op_id}` needs a `$ref` body schema"
        ));
    };
    let form_ident = format_ident!("{}Form", pascal(&op.id));
    let fields = struct_fields(progenitor, &type_name(schema_name));
    if fields.is_empty() {
        return Err(format!(
            "multipart operation `{op_id}`: no struct generated for schema `{schema_name}`; it must be an object with properties"
        ));
    }
    let props = op_props(op);
    let required = op_required(op);
    let brackets = op.raw.get(FORM_NAMES).and_then(Value::as_str) == Some("brackets");
    let json_without_files = op
        .raw
        .get(JSON_WITHOUT_FILES)
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut defs = Vec::new();
    let mut views = Vec::new();
    let mut parts = Vec::new();
    let mut has_files = Vec::new();
    // The JSON body of a form sent without files: the view's fields, written from the typed
    // values, by name (the order of the view's keys).
    let mut json_fields = Vec::new();
    for (json_name, ident, ty) in &fields {
        let prop = props.get(json_name).cloned().unwrap_or_default();
        let is_binary = |s: &Value| s.get("format").and_then(Value::as_str) == Some("binary");
        let file_array = prop.get("type").and_then(Value::as_str) == Some("array")
            && prop.get("items").is_some_and(is_binary);
        let is_file = is_binary(&prop);
        let optional = is_option(ty);
        let doc = doc_attrs(
            prop.get("description")
                .and_then(Value::as_str)
                .unwrap_or(json_name),
        );
        let field_ty = if file_array {
            quote! { ::std::vec::Vec<::waba_runtime::multipart::FilePart> }
        } else if is_file && optional {
            quote! { ::std::option::Option<::waba_runtime::multipart::FilePart> }
        } else if is_file {
            quote! { ::waba_runtime::multipart::FilePart }
        } else {
            quote! { #ty }
        };
        defs.push(quote! { #doc pub #ident: #field_ty, });
        if !(is_file || file_array) {
            let is_required = required.contains(json_name);
            views.push(quote! {
                ::waba_runtime::multipart::view_field(&mut view, #json_name, &fields.#ident, #is_required)
                    .map_err(|e| Error::invalid_request(#op_id, e))?;
            });
            json_fields.push((
                json_name.clone(),
                quote! {
                    json.field(#json_name, &fields.#ident, #is_required)
                        .map_err(|e| Error::invalid_request(#op_id, e))?;
                },
            ));
            let add = if brackets {
                quote! { form.bracketed(#json_name, v); }
            } else {
                quote! { form.text(#json_name, v).map_err(|e| Error::invalid_request(#op_id, e))?; }
            };
            parts.push(quote! {
                if let ::std::option::Option::Some(v) = view.get(#json_name) { #add }
            });
            continue;
        }
        // Files: named in the view, size-checked, sent as parts.
        let (iter, part_name) = if file_array {
            let name = if brackets {
                format!("{json_name}[]")
            } else {
                json_name.clone()
            };
            has_files.push(quote! { !fields.#ident.is_empty() });
            (quote! { fields.#ident.iter() }, name)
        } else if optional {
            has_files.push(quote! { fields.#ident.is_some() });
            (quote! { fields.#ident.iter() }, json_name.clone())
        } else {
            has_files.push(quote! { true });
            (
                quote! { ::std::iter::once(&fields.#ident) },
                json_name.clone(),
            )
        };
        views.push(quote! {
            ::waba_runtime::multipart::view_files(&mut view, #json_name, #iter, #file_array);
        });
        if file_array {
            // Without files, the view holds an empty array of file names.
            json_fields.push((
                json_name.clone(),
                quote! {
                    json.field(#json_name, &[] as &[&str], true)
                        .map_err(|e| Error::invalid_request(#op_id, e))?;
                },
            ));
        }
        parts.push(quote! {
            for file in #iter { form.file(#part_name, file); }
        });
    }
    // The JSON view of the fields (files by name) is what the form's parts are written from;
    // it is built only when the form is sent as multipart.
    let as_form = quote! {
        let mut view = ::serde_json::Map::new();
        #(#views)*
        let mut form = ::waba_runtime::multipart::Form::new();
        #(#parts)*
        (form.content_type(), ::reqwest::Body::from(form.finish()))
    };
    json_fields.sort_by(|a, b| a.0.cmp(&b.0));
    let json_writes: Vec<_> = json_fields.into_iter().map(|(_, write)| write).collect();
    let encode = if json_without_files {
        let any_file = if has_files.is_empty() {
            quote! { false }
        } else {
            quote! { #(#has_files)||* }
        };
        quote! {
            if #any_file {
                #as_form
            } else {
                let mut json = ::waba_runtime::multipart::JsonFields::new();
                #(#json_writes)*
                (::std::string::String::from("application/json"), ::reqwest::Body::from(json.finish()))
            }
        }
    } else {
        as_form
    };

    let mut path_args = Vec::new();
    // The path after the base URL (the runtime's `request_url` puts the base before it).
    let mut fmt = String::new();
    let mut fmt_args = Vec::new();
    for segment in op.path.split_inclusive(['{', '}']) {
        if let Some(param) = segment.strip_suffix('}') {
            let snake = to_snake(param);
            let ident = format_ident!("{}", snake);
            if client_params.contains(&snake) {
                fmt_args.push(quote! { ::progenitor_client::encode_path(&self.#ident) });
            } else {
                path_args.push(quote! { #ident: &str });
                fmt_args.push(quote! { ::progenitor_client::encode_path(#ident) });
            }
            fmt.push_str("{}");
        } else {
            fmt.push_str(&segment.replace('{', ""));
        }
    }
    if op
        .parameters
        .iter()
        .any(|p| p.get("in").and_then(Value::as_str) == Some("query"))
    {
        return Err(format!(
            "multipart operation `{op_id}` has query parameters, which the xtask does not generate yet"
        ));
    }
    let method = format_ident!("{}", op.method.to_uppercase());
    let inner_name = format_ident!("{}_inner", op.id);
    let path_names: Vec<_> = op
        .path
        .split(['{', '}'])
        .skip(1)
        .step_by(2)
        .map(to_snake)
        .filter(|p| !client_params.contains(p))
        .map(|p| format_ident!("{}", p))
        .collect();
    let docs = doc_attrs(&op_doc(op));
    let form_doc = format!(
        " The multipart form of [`Client::{}`](super::Client::{}).",
        op.id, op.id
    );
    let form = quote! {
        #[doc = #form_doc]
        #[derive(Clone, Debug)]
        pub struct #form_ident {
            #(#defs)*
        }
    };
    let method_tokens = quote! {
        #docs
        pub async fn #name(&self, #(#path_args,)* fields: &forms::#form_ident) -> ::std::result::Result<ResponseValue<#ok_ty>, Error> {
            ::waba_runtime::count_attempts(self.#inner_name(#(#path_names,)* fields)).await
        }

        async fn #inner_name(&self, #(#path_args,)* fields: &forms::#form_ident) -> ::std::result::Result<ResponseValue<#ok_ty>, Error> {
            ::waba_runtime::check::Check::check(fields).map_err(|e| Error::invalid_field(#op_id, e))?;
            // Built again, rather than copied, for the rare second attempt.
            let build_request = || -> ::std::result::Result<::reqwest::Request, Error> {
                let (content_type, body) = { #encode };
                let url = self.raw.inner()
                    .request_url(self.raw.baseurl(), format_args!(#fmt #(, #fmt_args)*))
                    .map_err(|e| Error::invalid_request(#op_id, e))?;
                self.raw.client()
                    .request(::reqwest::Method::#method, url)
                    .header(::reqwest::header::ACCEPT, "application/json")
                    .header(::reqwest::header::CONTENT_TYPE, content_type)
                    .body(body)
                    .build()
                    .map_err(|e| Error::invalid_request(#op_id, e))
            };
            let mut request = build_request()?;
            self.raw.inner().authorize(#op_id).await?;
            let info = ::progenitor_client::OperationInfo { operation_id: #op_id };
            if let Err(e) = self.raw.pre::<()>(&mut request, &info).await {
                return ::waba_runtime::response::json::<#ok_ty, _>(#op_id, Err(e)).await;
            }
            let result = self.raw.inner()
                .execute_rebuilding(self.raw.client(), request, #op_id, &|| build_request().ok())
                .await;
            ::waba_runtime::response::from_reqwest::<#ok_ty, _>(#op_id, result).await
        }
    };
    Ok((method_tokens, form))
}

/// True for an operation that declares `security: []`: it needs no token (a login).
pub(crate) fn is_public(op: &Operation) -> bool {
    op.raw
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|s| s.is_empty())
}

fn op_required(op: &Operation) -> Vec<String> {
    op.raw
        .pointer("/x-resolved-required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

pub(crate) fn op_props(op: &Operation) -> serde_json::Map<String, Value> {
    // Resolved by the caller: the body schema's properties are attached under x-resolved.
    op.raw
        .pointer("/x-resolved-properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(tp) if tp.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

pub(crate) fn to_snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::autolink;

    #[test]
    fn bare_addresses_become_links_and_code_spans_stay_as_they_are() {
        assert_eq!(
            autolink("hosted at https://waba.360dialog.io. Meta retired it"),
            "hosted at <https://waba.360dialog.io>. Meta retired it"
        );
        assert_eq!(
            autolink("https://365cx.io/x/send, journey id"),
            "<https://365cx.io/x/send>, journey id"
        );
        assert_eq!(
            autolink("the `https://example.com/{id}` path and <https://a.b>"),
            "the `https://example.com/{id}` path and <https://a.b>"
        );
        assert_eq!(
            autolink("the host (https://waba-v2.360dialog.io) answers"),
            "the host (<https://waba-v2.360dialog.io>) answers"
        );
        assert_eq!(autolink("hash and http"), "hash and http");
    }
}
