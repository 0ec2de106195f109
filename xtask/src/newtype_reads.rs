//! Constrained strings read themselves inside the deserializer's string read.
//!
//! typify writes a constrained string's `Deserialize` as "read a `String`, then parse it". A
//! refusal then happens after serde_json has finished reading the string, so serde_json gives it
//! the position of the end of the object around it, and an explanation built from that position
//! names the object instead of the field. The rewrite makes the body
//! `deserializer.deserialize_string(waba_runtime::check::ParseText::<Self>::new())`: the same
//! `FromStr` check, run while the string is read (and without copying a borrowed string first).

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
}
