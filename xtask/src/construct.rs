//! Generates `generated/builder.rs`: how a provider's [`Client`] is built, from the spec.
//!
//! - `servers`: one constant `<NAME>_URL` and one builder method `<name>()` per server (the
//!   name is `x-waba-server-name`), `SERVERS` and `DEFAULT_SERVER` (the first one);
//! - the security schemes of the spec's global `security`: a header API key
//!   (`type: apiKey, in: header`) or a bearer token (`type: http, scheme: bearer`) is a
//!   constructor argument, or a builder method with `x-waba-optional: true`;
//!   `x-waba-login: {operation, token, lifetimeSeconds, expiresIn}` on a scheme makes the
//!   client log in through that operation (its required body fields are the constructor's
//!   arguments, its optional ones builder methods) and send the token read at the JSON
//!   pointer `token` of the answer, valid for `lifetimeSeconds` or the answer's `expiresIn`
//!   seconds when given; `x-waba-token-refused: {statuses, bodies}` says which answers
//!   refuse a token (default: 401);
//! - path parameters marked `x-waba-client-parameter`: constructor arguments too;
//! - `x-waba-client` at the top level: `label` (the provider's name in error messages),
//!   `retry: {maxAttempts, maxElapsedSeconds}` (the default policy), `rateLimit: {perSecond}`
//!   or `{perMinute, burst}` (the default client-side limit), `rememberHeaders` (response
//!   headers whose latest value the runtime keeps) and `retryWhen` (error answers retried on
//!   the provider's terms: `statuses`, `body` tests `{pointer, equals | contains}`,
//!   `afterSeconds`);
//! - `x-waba-retry: false` on an operation: never sent twice.
//!
//! [`Client`]: https://docs.rs/waba-runtime

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use crate::transform::Operation;
use crate::wrapper::{client_params, doc_attrs, is_public, struct_fields, to_snake, type_name};

/// The top-level extension with the client's defaults.
pub const CLIENT: &str = "x-waba-client";
/// The name of a server (`servers[i]`).
pub const SERVER_NAME: &str = "x-waba-server-name";
/// A security scheme obtained by logging in.
pub const LOGIN: &str = "x-waba-login";
/// Answers that refuse a token.
pub const TOKEN_REFUSED: &str = "x-waba-token-refused";
/// A security scheme given with a builder method rather than to the constructor.
pub const OPTIONAL: &str = "x-waba-optional";
/// `false` on an operation: never sent twice.
pub const RETRY: &str = "x-waba-retry";
/// On an error component: where its message and code are.
pub const ERROR: &str = "x-waba-error";

/// A pointer or a list of pointers.
fn pointers(name: &str, where_: &str, v: Option<&Value>) -> Result<Vec<String>, String> {
    let list: Vec<&Value> = match v {
        None => Vec::new(),
        Some(Value::Array(a)) => a.iter().collect(),
        Some(one) => vec![one],
    };
    list.into_iter()
        .map(|p| {
            p.as_str()
                .filter(|p| p.starts_with('/'))
                .map(str::to_string)
                .ok_or_else(|| err(name, format!("{where_}: JSON pointers (`/error/message`)")))
        })
        .collect()
}

/// `impl ProviderError` for each component with `x-waba-error`.
fn error_impls(name: &str, spec: &Value) -> Result<Vec<TokenStream>, String> {
    let mut out = Vec::new();
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (component, schema) in schemas.into_iter().flatten() {
        let Some(e) = schema.get(ERROR) else { continue };
        let at = format!("{component}.{ERROR}");
        let message = pointers(name, &format!("{at}.message"), e.get("message"))?;
        if message.is_empty() {
            return Err(err(name, format!("{at}: `message` is required")));
        }
        let code = pointers(name, &format!("{at}.code"), e.get("code"))?;
        let subcode = pointers(name, &format!("{at}.subcode"), e.get("subcode"))?;
        let fields = match e.get("fields") {
            None => quote! { None },
            Some(f) => {
                let list = pointers(name, &format!("{at}.fields.list"), f.get("list"))?;
                let field = pointers(name, &format!("{at}.fields.field"), f.get("field"))?;
                let text = pointers(name, &format!("{at}.fields.text"), f.get("text"))?;
                let (Some(list), Some(field)) = (list.first(), field.first()) else {
                    return Err(err(
                        name,
                        format!("{at}.fields: `list`, `field` and `text`"),
                    ));
                };
                quote! { Some(::waba_runtime::summary::FieldErrors { list: #list, field: #field, text: &[#(#text),*] }) }
            }
        };
        let ty = format_ident!("{}", type_name(component));
        let doc = doc_attrs(&format!(
            "Reads `{component}` as the spec's `{ERROR}` says: message at {}.",
            message
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        out.push(quote! {
            #doc
            impl ::waba_runtime::ProviderError for super::progenitor::types::#ty {
                fn summary(&self) -> Option<String> {
                    Self::ERROR_SUMMARY.summary(&::serde_json::to_value(self).ok()?)
                }
                fn reason(&self) -> Option<String> {
                    Self::ERROR_SUMMARY.reason(&::serde_json::to_value(self).ok()?)
                }
                fn code(&self) -> Option<i64> {
                    Self::ERROR_SUMMARY.code(&::serde_json::to_value(self).ok()?)
                }
            }
            impl super::progenitor::types::#ty {
                /// Where this body keeps its message and codes (`x-waba-error` in the spec).
                pub const ERROR_SUMMARY: ::waba_runtime::summary::ErrorSummary = ::waba_runtime::summary::ErrorSummary {
                    message: &[#(#message),*],
                    code: &[#(#code),*],
                    subcode: &[#(#subcode),*],
                    fields: #fields,
                };
            }
        });
    }
    Ok(out)
}

/// One credential a client is given.
struct Credential {
    ident: syn::Ident,
    /// Lower-case header name.
    header: String,
    /// `Bearer ` or nothing.
    prefix: &'static str,
    optional: bool,
    /// What is missing, for `BuildError::Missing`.
    missing: String,
    doc: String,
}

/// The login of a scheme with `x-waba-login`.
struct Login {
    operation: syn::Ident,
    body_type: syn::Ident,
    /// Required body fields: constructor arguments (ident, json name).
    required: Vec<(syn::Ident, String)>,
    /// Optional body fields: builder methods (ident, json name, inner type, description).
    optional: Vec<(syn::Ident, String, syn::Type, String)>,
    /// Field accesses from the answer to the token.
    token: Vec<syn::Ident>,
    /// Field accesses to the lifetime in seconds, if the answer has one.
    expires_in: Option<Vec<syn::Ident>>,
    lifetime: Option<u64>,
    /// Where the token goes.
    header: String,
    prefix: &'static str,
}

fn err(name: &str, msg: impl std::fmt::Display) -> String {
    format!("specs/{name}.yaml: {msg}")
}

fn u64_list(v: Option<&Value>) -> Vec<u16> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_u64)
        .map(|n| n as u16)
        .collect()
}

/// `[{pointer, equals | contains}]` as `BodyMatch` expressions.
fn body_tests(name: &str, where_: &str, v: &Value) -> Result<Vec<TokenStream>, String> {
    let list = v.as_array().ok_or_else(|| {
        err(
            name,
            format!("{where_}: a list of {{pointer, equals|contains}}"),
        )
    })?;
    list.iter()
        .map(|t| {
            let pointer = t
                .get("pointer")
                .and_then(Value::as_str)
                .filter(|p| p.starts_with('/'))
                .ok_or_else(|| err(name, format!("{where_}: `pointer` must be a JSON pointer")))?;
            match (t.get("equals"), t.get("contains").and_then(Value::as_str)) {
                (Some(value), None) => {
                    let literal = value.to_string();
                    Ok(quote! { ::waba_runtime::rules::BodyMatch::Equals { pointer: #pointer, literal: #literal } })
                }
                (None, Some(text)) => Ok(
                    quote! { ::waba_runtime::rules::BodyMatch::Contains { pointer: #pointer, text: #text } },
                ),
                _ => Err(err(
                    name,
                    format!("{where_}: each test has `equals` (any JSON) or `contains` (text)"),
                )),
            }
        })
        .collect()
}

/// Field idents along a JSON pointer through the generated structs, starting at component
/// `start`; every step must be a required property.
fn field_path(
    name: &str,
    file: &syn::File,
    start: &str,
    pointer: &str,
) -> Result<Vec<syn::Ident>, String> {
    let mut ty = type_name(start);
    let mut out = Vec::new();
    for step in pointer.trim_start_matches('/').split('/') {
        let fields = struct_fields(file, &ty);
        let (_, ident, field_ty) =
            fields
                .iter()
                .find(|(json, _, _)| json == step)
                .ok_or_else(|| {
                    err(
                        name,
                        format!("`{pointer}`: `{ty}` has no property `{step}`"),
                    )
                })?;
        let text = quote!(#field_ty).to_string().replace(' ', "");
        if text.contains("Option<") {
            return Err(err(
                name,
                format!("`{pointer}`: `{step}` must be a required property"),
            ));
        }
        out.push(ident.clone());
        ty = text.rsplit("::").next().unwrap_or(&text).to_string();
    }
    Ok(out)
}

/// Generates `builder.rs` for one provider.
pub fn builder(
    name: &str,
    spec: &Value,
    ops: &[Operation],
    file: &syn::File,
) -> Result<TokenStream, String> {
    let empty = Map::new();
    let client = spec
        .get(CLIENT)
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let title = spec
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or(name);
    let label = client.get("label").and_then(Value::as_str).unwrap_or(title);

    // ---------------------------------------------------------------- servers
    // A spec without servers gets an empty `DEFAULT_SERVER`: `base_url` is then required.
    let no_servers = Vec::new();
    let servers = spec
        .get("servers")
        .and_then(Value::as_array)
        .unwrap_or(&no_servers);
    let mut server_consts = Vec::new();
    let mut server_entries = Vec::new();
    let mut server_methods = Vec::new();
    let mut default_const = None;
    for (i, s) in servers.iter().enumerate() {
        let url = s
            .get("url")
            .and_then(Value::as_str)
            .ok_or_else(|| err(name, format!("servers[{i}] has no url")))?;
        let sname = s
            .get(SERVER_NAME)
            .and_then(Value::as_str)
            .or((servers.len() == 1).then_some("default"))
            .filter(|n| crate::lint::is_snake_case(n))
            .ok_or_else(|| {
                err(
                    name,
                    format!(
                        "servers[{i}] needs `{SERVER_NAME}` (snake_case): its builder method's name (only a single server may go without)"
                    ),
                )
            })?;
        let description = s
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let konst = format_ident!("{}_URL", sname.to_ascii_uppercase());
        let method = format_ident!("{}", sname);
        let const_doc = doc_attrs(&format!(
            "`{url}`{}: {description}",
            if i == 0 { " (the default)" } else { "" }
        ));
        server_consts.push(quote! { #const_doc pub const #konst: &str = #url; });
        server_entries.push(quote! {
            ::waba_runtime::Server { name: #sname, url: #konst, description: #description }
        });
        let method_doc = doc_attrs(&format!("Sends to [`{konst}`]: {description}"));
        server_methods.push(quote! {
            #method_doc
            pub fn #method(self) -> Self { self.base_url(#konst) }
        });
        if i == 0 {
            default_const = Some(konst);
        }
    }
    let default_const = match default_const {
        Some(c) => quote! { #c },
        None => quote! { "" },
    };

    // ---------------------------------------------------------------- security
    let schemes = spec
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let used: Vec<String> = spec
        .get("security")
        .and_then(Value::as_array)
        .and_then(|r| r.first())
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let mut credentials = Vec::new();
    let mut login: Option<Login> = None;
    let mut refused_statuses = vec![401u16];
    let mut refused_bodies = Vec::new();
    for scheme_name in &used {
        let scheme = schemes.get(scheme_name).ok_or_else(|| {
            err(
                name,
                format!("security names `{scheme_name}`, which is not a security scheme"),
            )
        })?;
        let kind = scheme.get("type").and_then(Value::as_str);
        let (header, prefix) = match (kind, scheme.get("in").and_then(Value::as_str)) {
            (Some("apiKey"), Some("header")) => (
                scheme
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_ascii_lowercase(),
                "",
            ),
            (Some("http"), _)
                if scheme
                    .get("scheme")
                    .and_then(Value::as_str)
                    .is_some_and(|s| s.eq_ignore_ascii_case("bearer")) =>
            {
                ("authorization".to_string(), "Bearer ")
            }
            _ => {
                return Err(err(
                    name,
                    format!(
                        "security scheme `{scheme_name}`: only header API keys and bearer tokens are generated"
                    ),
                ));
            }
        };
        if let Some(refused) = scheme.get(TOKEN_REFUSED) {
            let statuses = u64_list(refused.get("statuses"));
            if !statuses.is_empty() {
                refused_statuses = statuses;
            }
            for (i, b) in refused
                .get("bodies")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let tests = body_tests(name, &format!("{TOKEN_REFUSED}.bodies[{i}]"), b)?;
                refused_bodies.push(quote! { &[#(#tests),*] });
            }
        }
        let scheme_doc = scheme
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if let Some(l) = scheme.get(LOGIN) {
            if login.is_some() {
                return Err(err(
                    name,
                    "only one security scheme can have `x-waba-login`",
                ));
            }
            let op_id = l.get("operation").and_then(Value::as_str).ok_or_else(|| {
                err(
                    name,
                    format!("{LOGIN}: `operation` names the login operation"),
                )
            })?;
            let op = ops
                .iter()
                .find(|o| o.id == op_id)
                .ok_or_else(|| err(name, format!("{LOGIN}: no operation `{op_id}`")))?;
            if !is_public(op) {
                return Err(err(
                    name,
                    format!("{LOGIN}: `{op_id}` must declare `security: []`"),
                ));
            }
            let body = op
                .body
                .as_ref()
                .ok_or_else(|| err(name, format!("{LOGIN}: `{op_id}` has no request body")))?;
            let answer = match &op.success {
                crate::transform::Success::Json(c) => c.clone(),
                _ => return Err(err(name, format!("{LOGIN}: `{op_id}` must answer JSON"))),
            };
            let body_type = format_ident!("{}", type_name(body));
            let mut required = Vec::new();
            let mut optional = Vec::new();
            let props = spec
                .pointer(&format!("/components/schemas/{body}/properties"))
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            for (json, ident, ty) in struct_fields(file, &type_name(body)) {
                match crate::constructors::option_inner(&ty).cloned() {
                    Some(inner) => {
                        let d = props
                            .get(&json)
                            .and_then(|p| p.get("description"))
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string();
                        optional.push((ident, json, inner, d));
                    }
                    None => required.push((ident, json)),
                }
            }
            let token_ptr = l.get("token").and_then(Value::as_str).ok_or_else(|| {
                err(
                    name,
                    format!("{LOGIN}: `token` is the JSON pointer of the token in the answer"),
                )
            })?;
            let token = field_path(name, file, &answer, token_ptr)?;
            let expires_in = match l.get("expiresIn").and_then(Value::as_str) {
                Some(p) => Some(field_path(name, file, &answer, p)?),
                None => None,
            };
            login = Some(Login {
                operation: format_ident!("{}", op_id),
                body_type,
                required,
                optional,
                token,
                expires_in,
                lifetime: l.get("lifetimeSeconds").and_then(Value::as_u64),
                header,
                prefix,
            });
            continue;
        }
        let optional = scheme.get(OPTIONAL).and_then(Value::as_bool) == Some(true);
        let what = if prefix.is_empty() {
            format!(
                "the {label} `{}` key",
                scheme.get("name").and_then(Value::as_str).unwrap_or("")
            )
        } else {
            format!("the {label} bearer token")
        };
        credentials.push(Credential {
            ident: format_ident!("{}", to_snake(scheme_name)),
            header,
            prefix,
            optional,
            missing: what,
            doc: scheme_doc,
        });
    }

    // ---------------------------------------------------------------- client parameters
    let mut params: Vec<String> = Vec::new();
    for op in ops {
        for p in client_params(op) {
            if !params.contains(&p) {
                params.push(p);
            }
        }
    }
    let param_idents: Vec<syn::Ident> = params
        .iter()
        .map(|p| format_ident!("{}", to_snake(p)))
        .collect();
    let param_missing: Vec<String> = params
        .iter()
        .map(|p| format!("the {label} `{p}`"))
        .collect();

    // ---------------------------------------------------------------- defaults and rules
    let retry = client.get("retry");
    let max_attempts = retry
        .and_then(|r| r.get("maxAttempts"))
        .and_then(Value::as_u64)
        .map(|n| {
            let n = n as u32;
            quote! { max_attempts: #n, }
        });
    let max_elapsed = retry
        .and_then(|r| r.get("maxElapsedSeconds"))
        .and_then(Value::as_u64)
        .map(|n| quote! { max_elapsed: ::std::time::Duration::from_secs(#n), });
    let retry_doc = match (&max_attempts, &max_elapsed) {
        (None, None) => "The default retry policy: [`RetryPolicy::default`].".to_string(),
        _ => format!(
            "The default retry policy: as [`RetryPolicy::default`], but{}{}.",
            retry
                .and_then(|r| r.get("maxAttempts"))
                .map(|n| format!(" {n} attempts"))
                .unwrap_or_default(),
            retry
                .and_then(|r| r.get("maxElapsedSeconds"))
                .map(|n| format!(" within {n} s"))
                .unwrap_or_default()
        ),
    };
    let retry_doc = doc_attrs(&retry_doc);

    let rate = client.get("rateLimit");
    let (rate_consts, default_quota) = match rate {
        None => (quote! {}, quote! {}),
        Some(r) => match (
            r.get("perSecond").and_then(Value::as_u64),
            r.get("perMinute").and_then(Value::as_u64),
            r.get("burst").and_then(Value::as_u64),
        ) {
            (Some(per_second), None, None) => {
                let n = per_second as u32;
                (
                    quote! {
                        /// Requests a second the default client-side limit allows.
                        pub const DEFAULT_PER_SECOND: u32 = #n;
                    },
                    quote! {
                        if let Some(n) = ::std::num::NonZeroU32::new(DEFAULT_PER_SECOND) {
                            config.rate_limit_per_second(n);
                        }
                    },
                )
            }
            (None, Some(per_minute), Some(burst)) => {
                let (m, b) = (per_minute as u32, burst as u32);
                (
                    quote! {
                        /// Requests a minute the default client-side limit allows (in bursts of
                        /// at most [`DEFAULT_BURST`]).
                        pub const DEFAULT_PER_MINUTE: u32 = #m;
                        /// Requests the default limit lets through at once.
                        pub const DEFAULT_BURST: u32 = #b;
                    },
                    quote! {
                        if let (Some(m), Some(b)) = (::std::num::NonZeroU32::new(DEFAULT_PER_MINUTE), ::std::num::NonZeroU32::new(DEFAULT_BURST)) {
                            config.rate_limit_per_minute(m, b);
                        }
                    },
                )
            }
            _ => {
                return Err(err(
                    name,
                    format!("{CLIENT}.rateLimit: `{{perSecond}}` or `{{perMinute, burst}}`"),
                ));
            }
        },
    };
    let rate_doc = match rate {
        None => "none by default".to_string(),
        Some(r) if r.get("perSecond").is_some() => "default [`DEFAULT_PER_SECOND`] a second".into(),
        Some(_) => "default [`DEFAULT_PER_MINUTE`] a minute".into(),
    };

    let remembered: Vec<String> = client
        .get("rememberHeaders")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_ascii_lowercase)
        .collect();
    let remember = if remembered.is_empty() {
        quote! {}
    } else {
        quote! { .remember_headers([#(::reqwest::header::HeaderName::from_static(#remembered)),*]) }
    };

    let mut retry_when = Vec::new();
    for (i, r) in client
        .get("retryWhen")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let statuses = u64_list(r.get("statuses"));
        if statuses.is_empty() {
            return Err(err(
                name,
                format!("{CLIENT}.retryWhen[{i}]: `statuses` lists HTTP statuses"),
            ));
        }
        let tests = body_tests(
            name,
            &format!("{CLIENT}.retryWhen[{i}].body"),
            r.get("body").unwrap_or(&Value::Null),
        )?;
        let after = match r.get("afterSeconds").and_then(Value::as_u64) {
            Some(s) => quote! { Some(::std::time::Duration::from_secs(#s)) },
            None => quote! { None },
        };
        retry_when.push(quote! {
            ::waba_runtime::rules::RetryWhen { statuses: &[#(#statuses),*], body: &[#(#tests),*], after: #after }
        });
    }
    let mut never: Vec<String> = ops
        .iter()
        .filter(|o| o.raw.get(RETRY).and_then(Value::as_bool) == Some(false))
        .map(|o| o.id.clone())
        .collect();
    if let Some(l) = &login {
        never.push(l.operation.to_string());
    }
    never.sort();
    never.dedup();

    // ---------------------------------------------------------------- the builder
    let required: Vec<&Credential> = credentials.iter().filter(|c| !c.optional).collect();
    let optional: Vec<&Credential> = credentials.iter().filter(|c| c.optional).collect();
    let req_idents: Vec<&syn::Ident> = required.iter().map(|c| &c.ident).collect();
    let opt_idents: Vec<&syn::Ident> = optional.iter().map(|c| &c.ident).collect();

    let opt_methods: Vec<TokenStream> = optional
        .iter()
        .map(|c| {
            let ident = &c.ident;
            let doc = doc_attrs(&format!(
                "Also sends `{}` ({}).\n\n{}",
                c.header,
                if c.prefix.is_empty() {
                    "as given"
                } else {
                    "as a bearer token"
                },
                c.doc
            ));
            quote! {
                #doc
                pub fn #ident(mut self, #ident: impl Into<::waba_runtime::Secret>) -> Self {
                    self.#ident = Some(#ident.into());
                    self
                }
            }
        })
        .collect();
    let set_required: Vec<TokenStream> = required
        .iter()
        .map(|c| {
            let (ident, header, prefix, missing) = (&c.ident, &c.header, c.prefix, &c.missing);
            quote! {
                if self.#ident.is_empty() {
                    return Err(::waba_runtime::BuildError::Missing(#missing));
                }
                self.config.secret_header(#header, #prefix, &self.#ident);
            }
        })
        .collect();
    let set_optional: Vec<TokenStream> = optional
        .iter()
        .map(|c| {
            let (ident, header, prefix) = (&c.ident, &c.header, c.prefix);
            let missing = format!("a non-empty {}", c.missing.trim_start_matches("the "));
            quote! {
                if let Some(value) = &self.#ident {
                    if value.is_empty() {
                        return Err(::waba_runtime::BuildError::Missing(#missing));
                    }
                    self.config.secret_header(#header, #prefix, value);
                }
            }
        })
        .collect();
    let check_params: Vec<TokenStream> = param_idents
        .iter()
        .zip(&param_missing)
        .map(|(ident, missing)| {
            quote! {
                if self.#ident.trim().is_empty() {
                    return Err(::waba_runtime::BuildError::Missing(#missing));
                }
            }
        })
        .collect();

    let cred_docs: Vec<String> = required
        .iter()
        .map(|c| format!("`{}` is sent as `{}`", c.ident, c.header))
        .chain(
            param_idents
                .iter()
                .zip(&params)
                .map(|(i, p)| format!("`{i}` fills `{{{p}}}` in every path that has it")),
        )
        .collect();
    let cred_doc = if cred_docs.is_empty() {
        String::new()
    } else {
        format!(" ({})", cred_docs.join("; "))
    };
    let provider = name;

    // Constructors, the auth field and what build() does with it.
    let (auth_field, auth_ty, constructors, auth_methods, build_auth, login_items) = match &login {
        None => {
            let new_doc = doc_attrs(&format!(
                "A client with default settings{cred_doc}; see [`Client::builder`]."
            ));
            let builder_doc = doc_attrs(&format!(
                "Settings for a client{cred_doc}, starting from [`DEFAULT_SERVER`]."
            ));
            (
                quote! {},
                quote! {},
                quote! {
                    #new_doc
                    pub fn new(#(#req_idents: impl Into<::waba_runtime::Secret>,)* #(#param_idents: impl Into<String>),*) -> Result<Client, ::waba_runtime::BuildError> {
                        Client::builder(#(#req_idents,)* #(#param_idents),*).build()
                    }
                    #builder_doc
                    pub fn builder(#(#req_idents: impl Into<::waba_runtime::Secret>,)* #(#param_idents: impl Into<String>),*) -> ClientBuilder {
                        ClientBuilder::new(#(#req_idents.into(),)* #(#param_idents.into()),*)
                    }
                },
                quote! {},
                quote! {},
                quote! {},
            )
        }
        Some(l) => {
            let fields: Vec<&syn::Ident> = l.required.iter().map(|(i, _)| i).collect();
            let jsons: Vec<String> = l
                .required
                .iter()
                .map(|(_, j)| format!("the {label} login `{j}`"))
                .collect();
            let invalid: Vec<String> = l
                .required
                .iter()
                .map(|(_, j)| format!("the login `{j}` is not valid"))
                .collect();
            let op = &l.operation;
            let body_type = &l.body_type;
            let opt_fields: Vec<&syn::Ident> = l.optional.iter().map(|(i, ..)| i).collect();
            let opt_types: Vec<&syn::Type> = l.optional.iter().map(|(_, _, t, _)| t).collect();
            let opt_docs: Vec<TokenStream> = l
                .optional
                .iter()
                .map(|(_, json, _, d)| {
                    let d = d.split_whitespace().collect::<Vec<_>>().join(" ");
                    let sep = if d.is_empty() { "." } else { ": " };
                    doc_attrs(&format!(
                        "Sends `{json}` with the login (not sent unless set){sep}{d}"
                    ))
                })
                .collect();
            let token = &l.token;
            let lifetime = match (&l.expires_in, l.lifetime) {
                (Some(path), _) => quote! {
                    Some(::std::time::Duration::from_secs(u64::try_from(answer.#(#path).*).unwrap_or(0)))
                },
                (None, Some(s)) => quote! { Some(::std::time::Duration::from_secs(#s)) },
                (None, None) => quote! { None },
            };
            let (header, prefix) = (&l.header, l.prefix);
            let token_missing = format!("the {label} token");
            let login_doc = doc_attrs(&format!(
                "A client that logs in through `{op}` with {} on its first request (one login \
                 shared by every concurrent call and clone), sends the token as `{header}`, and \
                 logs in again once when the provider refuses it. A refused login is an \
                 [`ErrorKind::Auth`](::waba_runtime::ErrorKind::Auth) error and is never retried.",
                l.required
                    .iter()
                    .map(|(_, j)| format!("`{j}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ));
            let token_doc = doc_attrs(&format!(
                "A client that sends an existing token as `{header}` (no login)."
            ));
            let args = quote! { #(#fields: impl Into<::waba_runtime::Secret>,)* #(#param_idents: impl Into<String>),* };
            let pass = quote! { #(#fields,)* #(#param_idents),* };
            let lifetime_needs_answer = l.expires_in.is_some();
            let answer_binding = if lifetime_needs_answer {
                quote! { let answer = answer.into_inner(); let lifetime = #lifetime; Ok(::waba_runtime::Token::valid_for(answer.#(#token).*, lifetime)) }
            } else {
                quote! { Ok(::waba_runtime::Token::valid_for(answer.into_inner().#(#token).*, #lifetime)) }
            };
            (
                quote! { auth: Auth, #(#opt_fields: Option<#opt_types>,)* },
                quote! {
                    /// The header carrying the token the client obtains by logging in.
                    pub const TOKEN_HEADER: &str = #header;

                    /// How the client authenticates.
                    #[derive(Clone, Debug)]
                    enum Auth {
                        Credentials { #(#fields: ::waba_runtime::Secret),* },
                        Token(::waba_runtime::Secret),
                    }
                },
                quote! {
                    #login_doc
                    pub fn new(#args) -> Result<Client, ::waba_runtime::BuildError> {
                        Client::builder(#pass).build()
                    }
                    /// Settings for a client that logs in (see [`Client::new`]), starting from
                    /// [`DEFAULT_SERVER`].
                    pub fn builder(#args) -> ClientBuilder {
                        ClientBuilder::new(Auth::Credentials { #(#fields: #fields.into()),* } #(, #param_idents.into())*)
                    }
                    /// The same as [`Client::new`].
                    pub fn with_credentials(#args) -> Result<Client, ::waba_runtime::BuildError> {
                        Client::builder(#pass).build()
                    }
                    /// The same as [`Client::builder`].
                    pub fn builder_with_credentials(#args) -> ClientBuilder {
                        Client::builder(#pass)
                    }
                    #token_doc
                    pub fn with_token(token: impl Into<::waba_runtime::Secret> #(, #param_idents: impl Into<String>)*) -> Result<Client, ::waba_runtime::BuildError> {
                        Client::builder_with_token(token #(, #param_idents)*).build()
                    }
                    /// Settings for a client that sends an existing token (see
                    /// [`Client::with_token`]).
                    pub fn builder_with_token(token: impl Into<::waba_runtime::Secret> #(, #param_idents: impl Into<String>)*) -> ClientBuilder {
                        ClientBuilder::new(Auth::Token(token.into()) #(, #param_idents.into())*)
                    }
                },
                quote! {
                    #(
                        #opt_docs
                        pub fn #opt_fields(mut self, #opt_fields: #opt_types) -> Self {
                            self.#opt_fields = Some(#opt_fields);
                            self
                        }
                    )*
                },
                quote! {
                    if let Auth::Token(token) = &self.auth {
                        if token.is_empty() {
                            return Err(::waba_runtime::BuildError::Missing(#token_missing));
                        }
                        self.config.secret_header(#header, #prefix, token);
                    }
                    let (base_url, http, runtime) = self.config.finish(#provider)?;
                    let runtime = match self.auth {
                        Auth::Token(_) => runtime,
                        Auth::Credentials { #(#fields),* } => {
                            #(
                                if #fields.is_empty() {
                                    return Err(::waba_runtime::BuildError::Missing(#jsons));
                                }
                            )*
                            // The login goes through a client of its own: without a token
                            // (it obtains it), without the rate limit, and never retried.
                            let login_runtime = self.config.login_runtime(#provider).rules(RETRY_RULES).build();
                            let source = LoginSource {
                                client: Client::from_parts(&base_url, http.clone(), login_runtime #(, &self.#param_idents)*),
                                #(#fields,)*
                                #(#opt_fields: self.#opt_fields,)*
                            };
                            runtime.token(::std::sync::Arc::new(source), ::reqwest::header::HeaderName::from_static(#header), #prefix)
                        }
                    };
                },
                quote! {
                    /// Logs in through the spec's login operation; the runtime caches the token
                    /// and calls it again only when the provider refuses the token.
                    struct LoginSource {
                        client: Client,
                        #(#fields: ::waba_runtime::Secret,)*
                        #(#opt_fields: Option<#opt_types>,)*
                    }

                    impl ::std::fmt::Debug for LoginSource {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.debug_struct("LoginSource").finish_non_exhaustive()
                        }
                    }

                    impl ::waba_runtime::TokenSource for LoginSource {
                        fn fetch(&self) -> ::waba_runtime::auth::BoxFuture<'_, Result<::waba_runtime::Token, ::waba_runtime::AuthError>> {
                            Box::pin(async move {
                                let body = types::#body_type {
                                    #(
                                        #fields: self.#fields.expose().try_into().map_err(|_| ::waba_runtime::AuthError::new(#invalid))?,
                                    )*
                                    #(#opt_fields: self.#opt_fields.clone(),)*
                                };
                                match self.client.#op(&body).await {
                                    Ok(answer) => { #answer_binding }
                                    Err(e) => Err(::waba_runtime::AuthError::from_login_error(&e)),
                                }
                            })
                        }
                    }
                },
            )
        }
    };

    let new_args = if login.is_some() {
        quote! { auth: Auth #(, #param_idents: String)* }
    } else {
        quote! { #(#req_idents: ::waba_runtime::Secret,)* #(#param_idents: String),* }
    };
    let login_opt_init: Vec<TokenStream> = login
        .iter()
        .flat_map(|l| l.optional.iter().map(|(i, ..)| quote! { #i: None, }))
        .collect();
    let init_auth = if login.is_some() {
        quote! { auth, }
    } else {
        quote! { #(#req_idents,)* }
    };
    let cred_fields = if login.is_some() {
        quote! {}
    } else {
        quote! { #(#req_idents: ::waba_runtime::Secret,)* }
    };
    let build_auth = if login.is_some() {
        build_auth
    } else {
        quote! { let (base_url, http, runtime) = self.config.finish(#provider)?; }
    };
    let rate_doc_second = doc_attrs(&format!(
        "Sends at most `per_second` requests a second from this client and its clones ({rate_doc}; logins are not counted)."
    ));
    let rate_doc_minute = doc_attrs(&format!(
        "Sends at most `per_minute` requests a minute, in bursts of at most `burst`, from this client and its clones ({rate_doc})."
    ));
    let builder_doc = doc_attrs(
        "Settings of a [`Client`]: credentials, server, timeouts, retries, rate limit, HTTP\nclient. `Debug` never shows a credential.",
    );
    let refused_statuses = &refused_statuses;
    let error_impls = error_impls(name, spec)?;
    let types_use = if login.is_some() {
        quote! { use super::progenitor::types; }
    } else {
        quote! {}
    };

    Ok(quote! {
        //! How a [`Client`] is built: servers, credentials, defaults and retry rules, from the spec.

        use super::client::Client;
        #types_use
        use ::waba_runtime::{BuildError, ClientConfig, RetryPolicy};

        #(#server_consts)*

        /// The server a new builder sends to (the spec's first).
        pub const DEFAULT_SERVER: &str = #default_const;

        /// Every server the spec documents, the default first.
        pub const SERVERS: &[::waba_runtime::Server] = &[#(#server_entries),*];

        #rate_consts

        #retry_doc
        pub fn default_retry() -> RetryPolicy {
            RetryPolicy { #max_attempts #max_elapsed ..RetryPolicy::default() }
        }

        /// The spec's retry and token rules (`x-waba-client.retryWhen`, `x-waba-retry`,
        /// `x-waba-token-refused`), on top of the runtime's defaults.
        pub const RETRY_RULES: ::waba_runtime::rules::SpecRules = ::waba_runtime::rules::SpecRules {
            never_retried: &[#(#never),*],
            retry_when: &[#(#retry_when),*],
            token_refused: ::waba_runtime::rules::TokenRefused {
                statuses: &[#(#refused_statuses),*],
                bodies: &[#(#refused_bodies),*],
            },
        };

        #auth_ty

        #builder_doc
        #[derive(Clone, Debug)]
        pub struct ClientBuilder {
            #cred_fields
            #auth_field
            #(#opt_idents: Option<::waba_runtime::Secret>,)*
            #(#param_idents: String,)*
            config: ClientConfig,
        }

        impl Client {
            #constructors
        }

        impl ClientBuilder {
            fn new(#new_args) -> Self {
                let mut config = ClientConfig::new(DEFAULT_SERVER);
                config.retry(default_retry());
                #default_quota
                ClientBuilder { #init_auth #(#opt_idents: None,)* #(#login_opt_init)* #(#param_idents,)* config }
            }

            /// Sends to another base URL: `https://`, or `http://` to a loopback address (any
            /// host after [`allow_insecure_http`](Self::allow_insecure_http)).
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.config.base_url(url);
                self
            }

            #(#server_methods)*

            /// Sends to the documented server named `name` (see [`SERVERS`]); `None` for a name
            /// the spec does not list.
            pub fn server(self, name: &str) -> Option<Self> {
                let server = SERVERS.iter().find(|s| s.name == name)?;
                Some(self.base_url(server.url))
            }

            #(#opt_methods)*
            #auth_methods

            /// Time allowed for a whole request (default 30 s). Not applied to a client given
            /// with [`http_client`](Self::http_client).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.timeout(timeout);
                self
            }

            /// Time allowed to connect (default 10 s). Not applied to a client given with
            /// [`http_client`](Self::http_client).
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.connect_timeout(timeout);
                self
            }

            /// How failed requests are retried (default [`default_retry`]; requests the
            /// provider may have processed are never resent, and a login never).
            pub fn retry(mut self, policy: RetryPolicy) -> Self {
                self.config.retry(policy);
                self
            }

            #rate_doc_second
            pub fn rate_limit_per_second(mut self, per_second: ::std::num::NonZeroU32) -> Self {
                self.config.rate_limit_per_second(per_second);
                self
            }

            #rate_doc_minute
            pub fn rate_limit_per_minute(mut self, per_minute: ::std::num::NonZeroU32, burst: ::std::num::NonZeroU32) -> Self {
                self.config.rate_limit_per_minute(per_minute, burst);
                self
            }

            /// No client-side rate limit (the provider's own limits still apply).
            pub fn without_rate_limit(mut self) -> Self {
                self.config.quota(None);
                self
            }

            /// Sends through your own `reqwest::Client` (proxies, middleware, a shared
            /// connection pool). Its own timeouts, TLS settings and default headers apply:
            /// [`timeout`](Self::timeout) and [`connect_timeout`](Self::connect_timeout) do
            /// not. The credentials are still sent: the client's runtime sets them on every
            /// request. Build it with this workspace's reqwest after
            /// `waba_runtime::install_crypto_provider()`.
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.config.http_client(client);
                self
            }

            /// Accepts a plain `http://` base URL to any host, not only loopback addresses (a
            /// mock server in another container). Credentials then travel unencrypted: never
            /// use it against the provider.
            pub fn allow_insecure_http(mut self) -> Self {
                self.config.allow_insecure_http();
                self
            }

            /// Builds the client: checks the base URL and the credentials. Nothing is sent
            /// until the first call.
            pub fn build(mut self) -> Result<Client, BuildError> {
                #(#set_required)*
                #(#set_optional)*
                #(#check_params)*
                #build_auth
                let runtime = runtime.rules(RETRY_RULES) #remember;
                Ok(Client::from_parts(&base_url, http, runtime.build() #(, &self.#param_idents)*))
            }
        }

        #login_items

        #(#error_impls)*
    })
}
