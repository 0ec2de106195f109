//! Lets progenitor's methods of JSON operations return the `reqwest::Response` itself.
//!
//! Progenitor wraps a success answer in `ResponseValue::stream`, which copies the headers and
//! boxes the body as a stream; the runtime then took the stream out again to read the body. The
//! generated wrapper reads the body anyway (`waba_runtime::response::json` and friends), so the
//! rewritten method hands over the response and the runtime moves its status and headers into
//! the typed answer. Binary and empty operations keep progenitor's return types.

use quote::ToTokens;

/// Whether an item is progenitor's inherent `impl Client` (not a trait impl).
fn is_client_impl(imp: &syn::ItemImpl) -> bool {
    imp.trait_.is_none()
        && matches!(&*imp.self_ty, syn::Type::Path(tp) if tp.path.is_ident("Client"))
}

/// The methods of progenitor's inherent `impl Client`.
pub fn client_methods(file: &syn::File) -> impl Iterator<Item = &syn::ImplItemFn> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(imp) if is_client_impl(imp) => Some(imp),
            _ => None,
        })
        .flat_map(|imp| {
            imp.items.iter().filter_map(|it| match it {
                syn::ImplItem::Fn(f) => Some(f),
                _ => None,
            })
        })
}

/// [`client_methods`], to rewrite.
pub fn client_methods_mut(file: &mut syn::File) -> impl Iterator<Item = &mut syn::ImplItemFn> {
    file.items
        .iter_mut()
        .filter_map(|item| match item {
            syn::Item::Impl(imp) if is_client_impl(imp) => Some(imp),
            _ => None,
        })
        .flat_map(|imp| {
            imp.items.iter_mut().filter_map(|it| match it {
                syn::ImplItem::Fn(f) => Some(f),
                _ => None,
            })
        })
}

/// Rewrites the named methods of progenitor's `impl Client`; returns the names it rewrote.
pub fn rewrite(file: &mut syn::File, operations: &[String]) -> Vec<String> {
    let mut done = Vec::new();
    for f in client_methods_mut(file) {
        let name = f.sig.ident.to_string();
        if f.sig.asyncness.is_none() || !operations.contains(&name) {
            continue;
        }
        let mut arms = 0;
        for stmt in &mut f.block.stmts {
            let syn::Stmt::Expr(expr, _) = stmt else {
                continue;
            };
            let syn::Expr::Match(m) = peel(expr) else {
                continue;
            };
            for arm in &mut m.arms {
                let body = peel(&mut arm.body);
                let text = body.to_token_stream().to_string().replace(' ', "");
                if text == "Ok(ResponseValue::stream(response))" {
                    *body = syn::parse_quote!(Ok(response));
                    arms += 1;
                }
            }
        }
        if arms > 0 {
            f.sig.output = syn::parse_quote!(
                -> ::std::result::Result<::reqwest::Response, Error<()>>
            );
            done.push(name);
        }
    }
    done
}

/// The expression inside the invisible groups `quote!` leaves around interpolated tokens, and
/// inside a block of that one expression (progenitor writes a match arm as `{ Ok(..) }`).
fn peel(expr: &mut syn::Expr) -> &mut syn::Expr {
    let single = match &*expr {
        syn::Expr::Group(_) => true,
        syn::Expr::Block(b) => {
            b.attrs.is_empty()
                && b.label.is_none()
                && matches!(b.block.stmts.as_slice(), [syn::Stmt::Expr(_, None)])
        }
        _ => false,
    };
    if !single {
        return expr;
    }
    match expr {
        syn::Expr::Group(g) => peel(&mut g.expr),
        syn::Expr::Block(b) => match b.block.stmts.first_mut() {
            Some(syn::Stmt::Expr(inner, None)) => peel(inner),
            _ => unreachable!("a block of one expression"),
        },
        _ => unreachable!("a group or a block"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_named_methods_hand_over_the_response() {
        let src = r#"impl Client {
            pub async fn send(&self) -> Result<ResponseValue<ByteStream>, Error<()>> {
                let response = result?;
                match response.status().as_u16() {
                    201u16 => { Ok(ResponseValue::stream(response)) }
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
            pub async fn download(&self) -> Result<ResponseValue<ByteStream>, Error<()>> {
                let response = result?;
                match response.status().as_u16() {
                    200u16 => Ok(ResponseValue::stream(response)),
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
        }"#;
        let mut file: syn::File = syn::parse_str(src).unwrap();
        let done = rewrite(&mut file, &["send".to_string()]);
        assert_eq!(done, ["send"]);
        let out = file.to_token_stream().to_string().replace(' ', "");
        assert!(
            out.contains("fnsend(&self)->::std::result::Result<::reqwest::Response,Error<()>>"),
            "{out}"
        );
        assert!(out.contains("201u16=>{Ok(response)}"), "{out}");
        assert!(
            out.contains("200u16=>Ok(ResponseValue::stream(response)),"),
            "{out}"
        );
    }
}
