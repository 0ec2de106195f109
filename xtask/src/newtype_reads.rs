//! Constrained strings read themselves inside the deserializer's string read.
//!
//! typify writes a constrained string's `Deserialize` as "read a `String`, then parse it". A
//! refusal then happens after serde_json has finished reading the string, so serde_json gives it
//! the position of the end of the object around it, and an explanation built from that position
//! names the object instead of the field. The rewrite makes the body
//! `deserializer.deserialize_string(waba_runtime::check::ParseText::<Self>::new())`: the same
//! `FromStr` check, run while the string is read (and without copying a borrowed string first).
//!
//! [`rewrite_patterns`] replaces the regular expression in typify's `FromStr` of a string with a
//! `pattern` by the generator's compiled `waba_runtime::check::Pattern`.

use quote::ToTokens;

/// Rewrites every such `Deserialize` impl in `items` (recursing into modules); returns how many.
pub fn rewrite(items: &mut [syn::Item]) -> usize {
    let mut n = 0;
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &mut m.content {
                    n += rewrite(inner);
                }
            }
            syn::Item::Impl(imp) if is_deserialize(imp) => {
                for it in &mut imp.items {
                    if let syn::ImplItem::Fn(f) = it
                        && f.sig.ident == "deserialize"
                        && parses_a_string(&f.block)
                    {
                        f.block = syn::parse_quote!({
                            deserializer
                                .deserialize_string(::waba_runtime::check::ParseText::<Self>::new())
                        });
                        n += 1;
                    }
                }
            }
            _ => {}
        }
    }
    n
}

/// typify checks a constrained string's `pattern` in its `FromStr` with a
/// `static PATTERN: LazyLock<regress::Regex>`; this replaces it with the pattern compiled by
/// the generator (`crate::pattern`), a `static PATTERN: waba_runtime::check::Pattern`, and the
/// test `PATTERN.find(value).is_none()` with `!PATTERN.is_match(value)`, so clients neither
/// build nor run a regular expression engine. The error message stays typify's. Returns how
/// many were rewritten; an impl that still names `regress` afterwards is an error.
pub fn rewrite_patterns(items: &mut [syn::Item]) -> Result<usize, String> {
    let mut n = 0;
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &mut m.content {
                    n += rewrite_patterns(inner)?;
                }
            }
            syn::Item::Impl(imp) if is_from_str(imp) => {
                let name = imp.self_ty.to_token_stream().to_string();
                for it in &mut imp.items {
                    if let syn::ImplItem::Fn(f) = it {
                        n += rewrite_from_str(&mut f.block)
                            .map_err(|e| format!("the `FromStr` of `{name}`: {e}"))?;
                    }
                }
                if imp.to_token_stream().to_string().contains("regress") {
                    return Err(format!(
                        "the `FromStr` of `{name}` uses `regress` in a form the generator does not \
                         rewrite (`xtask/src/newtype_reads.rs`)"
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(n)
}

fn is_from_str(imp: &syn::ItemImpl) -> bool {
    imp.trait_
        .as_ref()
        .is_some_and(|(path, _)| path.segments.last().is_some_and(|s| s.ident == "FromStr"))
}

/// Rewrites typify's pattern static and its test in one `from_str` body; 1 if it had one.
fn rewrite_from_str(block: &mut syn::Block) -> Result<usize, String> {
    let mut found = 0;
    for stmt in &mut block.stmts {
        match stmt {
            syn::Stmt::Item(syn::Item::Static(st))
                if st.ty.to_token_stream().to_string().contains("regress") =>
            {
                let source = first_string(st.expr.to_token_stream())
                    .ok_or("typify's pattern static holds no string literal")?;
                let compiled =
                    crate::pattern::tokens(&source, &quote::quote! { ::waba_runtime::check })
                        .map_err(|e| format!("pattern `{source}`: {e}"))?;
                *st.ty = syn::parse_quote!(::waba_runtime::check::Pattern);
                *st.expr = syn::parse2(compiled).map_err(|e| e.to_string())?;
                found += 1;
            }
            syn::Stmt::Expr(syn::Expr::If(test), _)
                if test.cond.to_token_stream().to_string().replace(' ', "")
                    == "PATTERN.find(value).is_none()" =>
            {
                *test.cond = syn::parse_quote!(!PATTERN.is_match(value));
            }
            _ => {}
        }
    }
    Ok(found)
}

/// The value of the first string literal in `tokens`.
fn first_string(tokens: proc_macro2::TokenStream) -> Option<String> {
    for tree in tokens {
        match tree {
            proc_macro2::TokenTree::Literal(lit) => {
                if let Ok(s) = syn::parse_str::<syn::LitStr>(&lit.to_string()) {
                    return Some(s.value());
                }
            }
            proc_macro2::TokenTree::Group(g) => {
                if let Some(s) = first_string(g.stream()) {
                    return Some(s);
                }
            }
            _ => {}
        }
    }
    None
}

fn is_deserialize(imp: &syn::ItemImpl) -> bool {
    imp.trait_.as_ref().is_some_and(|(path, _)| {
        path.segments
            .last()
            .is_some_and(|s| s.ident == "Deserialize")
    })
}

/// typify's body: `String::deserialize(deserializer)?.parse().map_err(|e: ConversionError| ..)`.
fn parses_a_string(block: &syn::Block) -> bool {
    let text = block.to_token_stream().to_string().replace(' ', "");
    block.stmts.len() == 1
        && text.starts_with("{::std::string::String::deserialize(deserializer)?.parse().map_err(")
        && text.contains("ConversionError")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typify_string_reads_become_in_place_parses_and_nothing_else_changes() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                impl<'de> ::serde::Deserialize<'de> for Phone {
                    fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
                    where
                        D: ::serde::Deserializer<'de>,
                    {
                        ::std::string::String::deserialize(deserializer)?
                            .parse()
                            .map_err(|e: self::error::ConversionError| {
                                <D::Error as ::serde::de::Error>::custom(e.to_string())
                            })
                    }
                }
                impl<'de> ::serde::Deserialize<'de> for Other {
                    fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
                    where
                        D: ::serde::Deserializer<'de>,
                    {
                        Ok(Other(::std::string::String::deserialize(deserializer)?))
                    }
                }
            }
        };
        assert_eq!(rewrite(&mut file.items), 1);
        let text = file.to_token_stream().to_string().replace(' ', "");
        assert!(
            text.contains(
                "deserializer.deserialize_string(::waba_runtime::check::ParseText::<Self>::new())"
            ),
            "{text}"
        );
        assert!(text.contains("Ok(Other(::std::string::String::deserialize(deserializer)?))"));
        assert!(!text.contains("ConversionError"));
    }

    #[test]
    fn typify_pattern_statics_become_compiled_patterns() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                impl ::std::str::FromStr for Phone {
                    type Err = self::error::ConversionError;
                    fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                        static PATTERN: ::std::sync::LazyLock<::regress::Regex> =
                            ::std::sync::LazyLock::new(|| { ::regress::Regex::new("^\\+[1-9][0-9]{6,14}$").unwrap() });
                        if PATTERN.find(value).is_none() {
                            return Err("doesn't match pattern \"^\\+[1-9][0-9]{6,14}$\"".into());
                        }
                        Ok(Self(value.to_string()))
                    }
                }
                impl ::std::str::FromStr for Plain {
                    type Err = self::error::ConversionError;
                    fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                        Ok(Self(value.to_string()))
                    }
                }
            }
        };
        assert_eq!(rewrite_patterns(&mut file.items), Ok(1));
        let text = file.to_token_stream().to_string().replace(' ', "");
        assert!(!text.contains("regress"), "{text}");
        assert!(text.contains("staticPATTERN:::waba_runtime::check::Pattern=::waba_runtime::check::Pattern::new(\"^\\\\+[1-9][0-9]{6,14}$\""), "{text}");
        assert!(text.contains("if!PATTERN.is_match(value)"), "{text}");
        assert!(text.contains("doesn'tmatchpattern"), "{text}");

        let mut bad: syn::File = syn::parse_quote! {
            impl ::std::str::FromStr for Code {
                fn from_str(value: &str) -> Result<Self, E> {
                    static PATTERN: ::std::sync::LazyLock<::regress::Regex> =
                        ::std::sync::LazyLock::new(|| { ::regress::Regex::new("^(a|b)$").unwrap() });
                    todo!()
                }
            }
        };
        let e = rewrite_patterns(&mut bad.items).unwrap_err();
        assert!(
            e.contains("`Code`") && e.contains("`^(a|b)$`") && e.contains("groups"),
            "{e}"
        );
    }
}
