//! Lets progenitor's methods build a request again instead of copying it before each attempt.
//!
//! Progenitor writes the statements that build a request (`let url = ..;` up to
//! `let mut request = self.client.post(url).json(&body).build()?;`) and then
//! `let result = self.exec(request, &info).await;`. The hook hands the request to
//! `waba_runtime::Runtime::execute`, which must copy it before every attempt that may be
//! followed by another (a retry, or a new login after a refused token): a copy of the URL,
//! the headers and the body handle for every send, although almost none is sent twice.
//!
//! The rewritten method keeps those statements in a closure, builds the request with it, and
//! calls `Runtime::execute_rebuilding` with the closure: the rare second attempt builds the
//! request anew. A method whose arguments are not all borrowed or plain values (a closure
//! that consumed them could run only once) is left as it is.
//! (An argument the building code moved otherwise would fail to compile, not misbehave.)

/// Rewrites every method of progenitor's `impl Client` that builds a request and calls the
/// `exec` hook; returns how many it rewrote.
pub fn rewrite(file: &mut syn::File) -> usize {
    let mut done = 0;
    for f in crate::raw_response::client_methods_mut(file) {
        if rewrite_method(f) {
            done += 1;
        }
    }
    done
}

fn rewrite_method(f: &mut syn::ImplItemFn) -> bool {
    if f.sig.asyncness.is_none() || !f.sig.inputs.iter().all(|a| reusable(a, &f.sig.generics)) {
        return false;
    }
    let Some(error) = error_type(&f.sig.output) else {
        return false;
    };
    let stmts = &f.block.stmts;
    let Some(built) = stmts.iter().position(|s| binds(s, "request")) else {
        return false;
    };
    let Some(exec) = stmts
        .iter()
        .position(|s| binds(s, "result") && calls_exec(s))
    else {
        return false;
    };
    if exec < built {
        return false;
    }
    let building: Vec<syn::Stmt> = stmts[..=built].to_vec();
    let rest: Vec<syn::Stmt> = stmts[built + 1..].to_vec();
    let mut new: Vec<syn::Stmt> = vec![
        syn::parse_quote! {
            // Built again, rather than copied, for the rare second attempt.
            let build_request = || -> ::std::result::Result<::reqwest::Request, #error> {
                #(#building)*
                Ok(request)
            };
        },
        syn::parse_quote! {
            let mut request = build_request()?;
        },
    ];
    for stmt in rest {
        if binds(&stmt, "result") && calls_exec(&stmt) {
            new.push(syn::parse_quote! {
                let result = self
                    .inner
                    .execute_rebuilding(
                        &self.client,
                        request,
                        info.operation_id,
                        &|| build_request().ok()
                    )
                    .await;
            });
        } else {
            new.push(stmt);
        }
    }
    f.block.stmts = new;
    true
}

/// `&self`, or an argument of a named type: progenitor's request-building code borrows those
/// (`&body`, `&limit`, `encode_path(&id.to_string())`). A type parameter or `impl Trait` (a
/// body taken by value, `.body(body)`) is consumed, so the closure could run only once.
fn reusable(arg: &syn::FnArg, generics: &syn::Generics) -> bool {
    match arg {
        syn::FnArg::Receiver(r) => r.mutability.is_none(),
        syn::FnArg::Typed(t) => match &*t.ty {
            syn::Type::ImplTrait(_) => false,
            syn::Type::Path(p) => !generics.type_params().any(|g| p.path.is_ident(&g.ident)),
            _ => true,
        },
    }
}

/// `E` of a method answering `Result<T, E>`.
fn error_type(output: &syn::ReturnType) -> Option<syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let syn::Type::Path(p) = &**ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().nth(1)? {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    }
}

/// `let <name> = ..;` (with or without `mut`).
fn binds(stmt: &syn::Stmt, name: &str) -> bool {
    let syn::Stmt::Local(local) = stmt else {
        return false;
    };
    matches!(&local.pat, syn::Pat::Ident(p) if p.ident == name)
}

/// A `let` whose value is `self.exec(request, &info).await`.
fn calls_exec(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Local(syn::Local {
        init: Some(init), ..
    }) = stmt
    else {
        return false;
    };
    let syn::Expr::Await(awaited) = &*init.expr else {
        return false;
    };
    let syn::Expr::MethodCall(call) = &*awaited.base else {
        return false;
    };
    call.method == "exec"
        && matches!(&*call.receiver, syn::Expr::Path(p) if p.path.is_ident("self"))
        && call.args.len() == 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{ToTokens, quote};

    fn squeezed(tokens: impl ToTokens) -> String {
        tokens.to_token_stream().to_string().replace(' ', "")
    }

    #[test]
    fn a_request_is_built_by_a_closure_that_the_runtime_may_call_again() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub async fn send<'a>(&'a self, org: &'a str, limit: Option<i64>, body: &'a types::Body)
                    -> ::std::result::Result<::reqwest::Response, Error<()>> {
                    let url = self.inner.request_url(&self.baseurl, format_args!("/v1/{}", org)).map_err(Error::InvalidRequest)?;
                    #[allow(unused_mut)]
                    let mut request = self.client.post(url).json(&body).build()?;
                    let info = OperationInfo { operation_id: "send" };
                    self.pre(&mut request, &info).await?;
                    let result = self.exec(request, &info).await;
                    self.post(&result, &info).await?;
                    let response = result?;
                    Ok(response)
                }
                // A body taken by value: a closure could build the request only once.
                pub async fn upload<'a, B: Into<reqwest::Body>>(&'a self, body: B)
                    -> Result<ResponseValue<()>, Error<()>> {
                    #[allow(unused_mut)]
                    let mut request = self.client.post("x").body(body).build()?;
                    let info = OperationInfo { operation_id: "upload" };
                    let result = self.exec(request, &info).await;
                    Ok(())
                }
            }
        };
        assert_eq!(rewrite(&mut file), 1);
        let text = squeezed(&file);
        let closure = squeezed(quote! {
            let build_request = || -> ::std::result::Result<::reqwest::Request, Error<()>> {
                let url = self.inner.request_url(&self.baseurl, format_args!("/v1/{}", org)).map_err(Error::InvalidRequest)?;
                #[allow(unused_mut)]
                let mut request = self.client.post(url).json(&body).build()?;
                Ok(request)
            };
            let mut request = build_request()?;
            let info = OperationInfo { operation_id: "send" };
            self.pre(&mut request, &info).await?;
            let result = self.inner.execute_rebuilding(&self.client, request, info.operation_id, &|| build_request().ok()).await;
            self.post(&result, &info).await?;
        });
        assert!(text.contains(&closure), "{text}\n{closure}");
        // The method taking its body by value keeps the hook.
        assert!(
            text.contains("letresult=self.exec(request,&info).await;"),
            "{text}"
        );
    }
}
