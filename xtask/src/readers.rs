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

/// On a list operation: `{method, page}`, a method of the client that follows its pages by
/// the `Link` header (`page` names its page query parameter).
pub const PAGES: &str = "x-waba-pages";

/// The pagers of the operations marked [`PAGES`].
fn pagers(
    name: &str,
    schemas: &Value,
    ops: &[crate::transform::Operation],
) -> Result<Vec<TokenStream>, String> {
    let mut out = Vec::new();
    for op in ops {
        let Some(p) = op.raw.get(PAGES) else { continue };
        let problem = |what: &str| format!("specs/{name}.yaml: {}.{PAGES}: {what}", op.id);
        let method = p
            .get("method")
            .and_then(Value::as_str)
            .filter(|m| crate::lint::is_snake_case(m))
            .ok_or_else(|| problem("`method`, the pager's name in snake_case"))?;
        let page = p.get("page").and_then(Value::as_str).unwrap_or("page");
        let crate::transform::Success::Json(list) = &op.success else {
            return Err(problem("the operation must answer a JSON array component"));
        };
        let item = schemas
            .pointer(&format!("/{list}/items"))
            .and_then(ref_name)
            .ok_or_else(|| problem(&format!("`{list}` must be an array of a `$ref`")))?;
        let client_params = crate::wrapper::client_params(op);
        let mut args = Vec::new();
        for param in &op.parameters {
            let pname = param.get("name").and_then(Value::as_str).unwrap_or("");
            match param.get("in").and_then(Value::as_str) {
                Some("path") if !client_params.iter().any(|c| c == pname) => {
                    args.push(format_ident!("{}", crate::wrapper::to_snake(pname)));
                }
                Some("query") if pname == page => {}
                Some("path") => {}
                _ => {
                    return Err(problem(&format!(
                        "parameter `{pname}`: only path parameters and `{page}`"
                    )));
                }
            }
        }
        let (op_ident, method, item_ty) = (
            format_ident!("{}", op.id),
            format_ident!("{method}"),
            format_ident!("{}", type_name(item)),
        );
        let doc = format!(
            " Every `{item}` of `{}`, page by page, following the `Link` headers.",
            op.id
        );
        out.push(quote! {
            #[doc = #doc]
            pub fn #method<'a>(&'a self #(, #args: &'a str)*) -> Pages<'a, types::#item_ty> {
                Pages::new(::std::num::NonZeroU64::MIN, move |page| {
                    Box::pin(async move {
                        let answer = self.#op_ident(#(#args,)* Some(page)).await?;
                        Ok(::waba_runtime::pages::map(answer, |list| list.0))
                    })
                })
            }
        });
    }
    Ok(out)
}

/// The components marked [`ONE_OR_MANY`] and the pagers, or `None` when the spec has none.
pub fn module(
    name: &str,
    schemas: &Value,
    ops: &[crate::transform::Operation],
) -> Result<Option<TokenStream>, String> {
    let pagers = pagers(name, schemas, ops)?;
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
    if impls.is_empty() && pagers.is_empty() {
        return Ok(None);
    }
    let pages = if pagers.is_empty() {
        quote! {}
    } else {
        quote! {
            /// The pages of a list operation (`x-waba-pages`), fetched one at a time.
            pub type Pages<'a, T> = ::waba_runtime::pages::Pages<'a, T, super::client::Error>;

            impl super::client::Client {
                #(#pagers)*
            }
        }
    };
    Ok(Some(quote! {
        //! Readers for components sent as one object or as an array (`x-waba-one-or-many`),
        //! and pagers of list operations (`x-waba-pages`).

        use super::progenitor::types;

        #(#impls)*

        #pages
    }))
}
