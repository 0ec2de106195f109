//! Lets progenitor's methods build a request's URL from the base URL the runtime parsed once.
//!
//! Progenitor writes `let url = format!("{}/v1/x/{}", self.baseurl, encode_path(..));` and
//! hands the text to reqwest, which parses the whole URL for every request (scheme, host,
//! port, path: about 8 k instructions, a twelfth of a loopback send). The rewritten method
//! asks `waba_runtime::Runtime::request_url` instead, which copies the parsed base URL and
//! sets the path (`format_args!("/v1/x/{}", ..)`, the same text) on it.

use quote::ToTokens;
use syn::punctuated::Punctuated;

/// Rewrites every `let url = format!("{}...", self.baseurl, ..)` of progenitor's
/// `impl Client`; returns how many it rewrote.
pub fn rewrite(file: &mut syn::File) -> usize {
    let mut done = 0;
    for f in crate::raw_response::client_methods_mut(file) {
        for stmt in &mut f.block.stmts {
            let syn::Stmt::Local(local) = stmt else {
                continue;
            };
            let syn::Pat::Ident(pat) = &local.pat else {
                continue;
            };
            if pat.ident != "url" {
                continue;
            }
            let Some(init) = &mut local.init else {
                continue;
            };
            if let Some(new) = rewritten(&init.expr) {
                *init.expr = new;
                done += 1;
            }
        }
    }
    done
}

/// The runtime's call for `format!("{}rest", self.baseurl, args..)`, or `None` for anything
/// else.
fn rewritten(expr: &syn::Expr) -> Option<syn::Expr> {
    let syn::Expr::Macro(m) = expr else {
        return None;
    };
    if !m.mac.path.is_ident("format") {
        return None;
    }
    let args = m
        .mac
        .parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        .ok()?;
    let mut args = args.into_iter();
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(template),
        ..
    }) = args.next()?
    else {
        return None;
    };
    let rest = template.value().strip_prefix("{}")?.to_owned();
    let base = args.next()?;
    if base.to_token_stream().to_string().replace(' ', "") != "self.baseurl" {
        return None;
    }
    let args: Vec<syn::Expr> = args.collect();
    Some(syn::parse_quote! {
        self.inner
            .request_url(&self.baseurl, format_args!(#rest #(, #args)*))
            .map_err(Error::InvalidRequest)?
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn a_progenitor_url_is_built_from_the_parsed_base() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub async fn send<'a>(&'a self, org_id: &'a str) -> Result<(), Error<()>> {
                    let url = format!("{}/v1/org/{}/send", self.baseurl, encode_path(&org_id.to_string()),);
                    let other = format!("{}/x", self.baseurl);
                    Ok(())
                }
                pub async fn list(&self) -> Result<(), Error<()>> {
                    let url = format!("{}/v1/list", self.baseurl);
                    Ok(())
                }
            }
        };
        assert_eq!(rewrite(&mut file), 2);
        let text = file.to_token_stream().to_string().replace(' ', "");
        let expected = quote! {
            let url = self.inner
                .request_url(&self.baseurl, format_args!("/v1/org/{}/send", encode_path(&org_id.to_string())))
                .map_err(Error::InvalidRequest)?;
        }
        .to_string()
        .replace(' ', "");
        assert!(text.contains(&expected), "{text}");
        assert!(text.contains(
            &quote! { let url = self.inner.request_url(&self.baseurl, format_args!("/v1/list")).map_err(Error::InvalidRequest)?; }
                .to_string()
                .replace(' ', "")
        ));
        // Only `url` is rewritten.
        assert!(
            text.contains("letother=format!(\"{}/x\",self.baseurl);"),
            "{text}"
        );
    }
}
