//! Drops the `api-version` header progenitor adds to every request.
//!
//! No provider documents it, and building it into a header map that the runtime then had to
//! remove again cost every request a header map allocation, an insertion and a removal. The
//! rewrite takes the header's `append` out of each generated method; when the method sends no
//! other header, its header map goes too (the `let` and the `.headers(header_map)` of the
//! request), so such a request carries only what reqwest and the client set.

use quote::ToTokens;

/// Rewrites every method of progenitor's output; returns how many `api-version` headers it
/// removed.
pub fn drop_header(file: &mut syn::File) -> usize {
    items(&mut file.items)
}

fn items(list: &mut [syn::Item]) -> usize {
    let mut removed = 0;
    for item in list {
        match item {
            syn::Item::Impl(imp) => {
                for it in &mut imp.items {
                    if let syn::ImplItem::Fn(f) = it {
                        removed += block(&mut f.block);
                    }
                }
            }
            syn::Item::Fn(f) => removed += block(&mut f.block),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &mut m.content {
                    removed += items(inner);
                }
            }
            _ => {}
        }
    }
    removed
}

fn tokens(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string()
}

fn block(block: &mut syn::Block) -> usize {
    let before = block.stmts.len();
    block.stmts.retain(|s| {
        !(tokens(s).contains("header_map . append") && tokens(s).contains("\"api-version\""))
    });
    let removed = before - block.stmts.len();
    if removed == 0 {
        return 0;
    }
    // Other headers left: one fewer slot in the map.
    let uses = block
        .stmts
        .iter()
        .filter(|s| tokens(*s).contains("header_map"))
        .count();
    if uses > 2 {
        for stmt in &mut block.stmts {
            if let syn::Stmt::Local(local) = stmt
                && let Some(init) = &mut local.init
                && let syn::Expr::Call(call) = &mut *init.expr
                && tokens(&call.func).ends_with("with_capacity")
                && let Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Int(n),
                    ..
                })) = call.args.first_mut()
                && let Ok(count) = n.base10_parse::<usize>()
            {
                *n = syn::LitInt::new(&format!("{}usize", count.saturating_sub(removed)), n.span());
            }
        }
        return removed;
    }
    // No other header: no map. The `let` goes, and so does `.headers(header_map)`.
    block
        .stmts
        .retain(|s| !matches!(s, syn::Stmt::Local(l) if tokens(&l.pat).contains("header_map")));
    for stmt in &mut block.stmts {
        if let syn::Stmt::Local(local) = stmt
            && let Some(init) = &mut local.init
        {
            unchain(&mut init.expr);
        }
    }
    removed
}

/// Replaces `<receiver>.headers(header_map)` anywhere in a method chain by `<receiver>`.
fn unchain(expr: &mut syn::Expr) {
    match expr {
        syn::Expr::MethodCall(call)
            if call.method == "headers" && tokens(&call.args) == "header_map" =>
        {
            let mut receiver = (*call.receiver).clone();
            unchain(&mut receiver);
            *expr = receiver;
        }
        syn::Expr::MethodCall(call) => unchain(&mut call.receiver),
        syn::Expr::Try(t) => unchain(&mut t.expr),
        syn::Expr::Await(a) => unchain(&mut a.base),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(src: &str) -> (usize, String) {
        let mut file: syn::File = syn::parse_str(src).unwrap();
        let n = drop_header(&mut file);
        (n, tokens(&file).replace(char::is_whitespace, ""))
    }

    #[test]
    fn a_method_without_other_headers_loses_its_header_map() {
        let (n, out) = rewrite(
            r#"impl Client { pub async fn send(&self) -> R {
                let url = format!("{}/x", self.baseurl);
                let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                header_map.append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(Self::api_version()),
                );
                let mut request = self.client.post(url).json(&body).headers(header_map).build()?;
                self.exec(request).await
            } }"#,
        );
        assert_eq!(n, 1);
        assert!(!out.contains("api-version"), "{out}");
        assert!(!out.contains("header_map"), "{out}");
        assert!(
            out.contains("letmutrequest=self.client.post(url).json(&body).build()?;"),
            "{out}"
        );
    }

    #[test]
    fn a_method_with_a_header_parameter_keeps_it_in_a_smaller_map() {
        let (n, out) = rewrite(
            r#"impl Client { pub async fn send(&self, key: &str) -> R {
                let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                header_map.append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(Self::api_version()),
                );
                header_map.append("x-key", key.to_string().try_into()?);
                let mut request = self.client.get(url).headers(header_map).build()?;
                self.exec(request).await
            } }"#,
        );
        assert_eq!(n, 1);
        assert!(!out.contains("api-version"), "{out}");
        assert!(out.contains("with_capacity(1usize)"), "{out}");
        assert!(out.contains("header_map.append(\"x-key\""), "{out}");
        assert!(out.contains(".headers(header_map)"), "{out}");
    }
}
