//! Generated types that a spec can grow without breaking users' code.
//!
//! Progenitor (typify) writes plain structs with public fields and exhaustive enums: adding
//! an optional property to a spec adds a field, and every struct literal of that type in
//! users' code stops compiling; adding an enum value breaks every exhaustive `match`. This
//! module rewrites the generated `types` (and the multipart `forms`) so that both are
//! additive:
//!
//! - every struct with named fields is `#[non_exhaustive]` (no literals outside the crate) and
//!   gets `X::new(required fields…)` plus one `with_<field>(value)` setter per optional
//!   field. Both are infallible: a constrained string (typify's newtype, checked by
//!   `TryFrom`) is taken as `impl Into<String>` and stored as given, because a request is
//!   checked against the spec once, when it is sent (or checked explicitly), and the error
//!   names the field path; users write one `?`, not one per step. A required field whose
//!   type has a single value (`messaging_product: whatsapp`, a `type` tag) is filled in and
//!   not asked for. Reading is unchanged: `Deserialize` still checks every newtype.
//! - every enum is `#[non_exhaustive]`: a sender builds one variant (a new one is additive),
//!   a reader's `match` has a `_` arm (so a new variant is additive too).
//!
//! A constructor or setter is not generated when the provider crate's hand-written code
//! already defines a method of that name on the type (its convenience constructors win).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Methods the hand-written sources of a crate define on each type: type name → method names.
pub type HandWritten = BTreeMap<String, BTreeSet<String>>;

/// Reads the inherent `impl` blocks of every `.rs` file under `src` outside `generated/`.
pub fn hand_written(src: &Path) -> HandWritten {
    fn visit(items: &[syn::Item], out: &mut HandWritten) {
        for item in items {
            match item {
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    let syn::Type::Path(p) = &*i.self_ty else {
                        continue;
                    };
                    let Some(last) = p.path.segments.last() else {
                        continue;
                    };
                    let methods = out.entry(last.ident.to_string()).or_default();
                    for it in &i.items {
                        if let syn::ImplItem::Fn(f) = it {
                            methods.insert(f.sig.ident.to_string());
                        }
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        visit(items, out);
                    }
                }
                _ => {}
            }
        }
    }
    fn walk(dir: &Path, out: &mut HandWritten) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "generated") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                if let Ok(file) = syn::parse_file(&text) {
                    visit(&file.items, out);
                }
            }
        }
    }
    let mut out = HandWritten::new();
    walk(src, &mut out);
    out
}

/// What the rewrite needs to know of the generated `types` module.
#[derive(Debug, Default, Clone)]
pub struct TypeFacts {
    /// Newtypes over a `String` (constrained strings): built from any `Into<String>`.
    pub string_newtypes: BTreeSet<String>,
    /// Enums with exactly one unit variant: type → variant.
    pub single_values: BTreeMap<String, syn::Ident>,
    /// Unions marked `x-waba-shared-fields`: type → the Rust names of the fields every
    /// variant carries, each read with `<field>()` and changed with `<field>_mut()`.
    pub shared_fields: BTreeMap<String, Vec<String>>,
}

/// The `x-waba-shared-fields` of the spec's component schemas: type name → Rust field names.
pub fn shared_fields(schemas: &serde_json::Value) -> BTreeMap<String, Vec<String>> {
    use heck::{ToSnakeCase, ToUpperCamelCase};
    let mut out = BTreeMap::new();
    for (name, schema) in schemas.as_object().into_iter().flatten() {
        let Some(fields) = schema.get(SHARED_FIELDS).and_then(|v| v.as_array()) else {
            continue;
        };
        let fields = fields
            .iter()
            .filter_map(|f| f.as_str())
            .map(|f| match f.to_snake_case() {
                s if syn::parse_str::<syn::Ident>(&s).is_ok() => s,
                s => format!("{s}_"),
            })
            .collect();
        out.insert(name.to_upper_camel_case(), fields);
    }
    out
}

/// The extension naming the fields every variant of a `oneOf` carries (an envelope).
pub const SHARED_FIELDS: &str = "x-waba-shared-fields";

/// `<field>()` and `<field>_mut()` for each shared field of the enum `e`: one `match` over
/// the variants, which all have the field with the same type (else nothing is generated for
/// it and the spec's extension is wrong).
fn shared_accessors(e: &syn::ItemEnum, fields: &[String], taken: &BTreeSet<String>) -> TokenStream {
    let ident = &e.ident;
    let mut methods = Vec::new();
    for field in fields {
        let mut ty = None;
        let every = e.variants.iter().all(|v| match &v.fields {
            syn::Fields::Named(named) => named.named.iter().any(|f| {
                let hit = f.ident.as_ref().is_some_and(|i| i == field);
                if hit {
                    let t = &f.ty;
                    let t = quote!(#t).to_string();
                    if ty.get_or_insert_with(|| (t.clone(), f.ty.clone())).0 != t {
                        return false;
                    }
                }
                hit
            }),
            _ => false,
        });
        let Some((_, ty)) = ty.filter(|_| every) else {
            continue;
        };
        let name = format_ident!("{}", field);
        let name_mut = format_ident!("{}_mut", field.trim_end_matches('_'));
        let variants: Vec<_> = e.variants.iter().map(|v| &v.ident).collect();
        let doc = format!("The `{field}` every variant carries.");
        let doc_mut = format!("The `{field}` every variant carries, to change it.");
        if !taken.contains(&name.to_string()) {
            methods.push(quote! {
                #[doc = #doc]
                pub fn #name(&self) -> &#ty {
                    match self { #(Self::#variants { #name, .. })|* => #name }
                }
            });
        }
        if !taken.contains(&name_mut.to_string()) {
            methods.push(quote! {
                #[doc = #doc_mut]
                pub fn #name_mut(&mut self) -> &mut #ty {
                    match self { #(Self::#variants { #name, .. })|* => #name }
                }
            });
        }
    }
    quote! { impl #ident { #(#methods)* } }
}

/// The `types` module of progenitor's output.
fn types_module(file: &mut syn::File) -> Option<&mut Vec<syn::Item>> {
    file.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

/// Reads the facts the rewrite needs from progenitor's `types` module.
pub fn facts(file: &mut syn::File) -> TypeFacts {
    let mut facts = TypeFacts::default();
    let Some(items) = types_module(file) else {
        return facts;
    };
    for item in items.iter() {
        match item {
            syn::Item::Struct(s) => {
                if let syn::Fields::Unnamed(f) = &s.fields
                    && f.unnamed.len() == 1
                    && matches!(f.unnamed[0].vis, syn::Visibility::Inherited)
                    && is_path(&f.unnamed[0].ty, &["std", "string", "String"])
                {
                    facts.string_newtypes.insert(s.ident.to_string());
                }
            }
            syn::Item::Enum(e)
                if e.variants.len() == 1 && matches!(e.variants[0].fields, syn::Fields::Unit) =>
            {
                facts
                    .single_values
                    .insert(e.ident.to_string(), e.variants[0].ident.clone());
            }
            _ => {}
        }
    }
    facts
}

fn is_path(ty: &syn::Type, want: &[&str]) -> bool {
    let syn::Type::Path(p) = ty else { return false };
    let segs: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segs == want || (segs.len() == 1 && segs[0] == want[want.len() - 1])
}

/// Adds `#[non_exhaustive]`, `new` and the setters to progenitor's `types` module.
pub fn rewrite_types(file: &mut syn::File, facts: &TypeFacts, hand: &HandWritten) {
    let access = quote! {};
    if let Some(items) = types_module(file) {
        rewrite_items(items, facts, hand, &access);
    }
}

/// Adds `#[non_exhaustive]` to every enum of a file (open enums, tagged unions).
pub fn mark_enums(items: &mut [syn::Item]) {
    for item in items {
        match item {
            syn::Item::Enum(e) => add_non_exhaustive(&mut e.attrs),
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &mut m.content {
                    mark_enums(items);
                }
            }
            _ => {}
        }
    }
}

fn add_non_exhaustive(attrs: &mut Vec<syn::Attribute>) {
    if !attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        attrs.push(syn::parse_quote!(#[non_exhaustive]));
    }
}

/// Rewrites the structs and enums among `items` (one module: `types` or `forms`). `types`
/// is the path to the types module from there (empty inside it).
pub fn rewrite_items(
    items: &mut Vec<syn::Item>,
    facts: &TypeFacts,
    hand: &HandWritten,
    types: &TokenStream,
) {
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        match item {
            syn::Item::Enum(e) => {
                add_non_exhaustive(&mut e.attrs);
                if let Some(fields) = facts.shared_fields.get(&e.ident.to_string()) {
                    let taken = hand.get(&e.ident.to_string()).cloned().unwrap_or_default();
                    impls.push(shared_accessors(e, fields, &taken));
                    impls.push(variant_constructors(e, facts, &taken, types));
                }
            }
            syn::Item::Struct(s) => {
                let syn::Fields::Named(fields) = &s.fields else {
                    continue;
                };
                add_non_exhaustive(&mut s.attrs);
                let taken = hand.get(&s.ident.to_string()).cloned().unwrap_or_default();
                if let Some(tokens) = constructors(&s.ident, fields, facts, &taken, types) {
                    impls.push(tokens);
                }
            }
            _ => {}
        }
    }
    for tokens in impls {
        items.push(syn::parse2(tokens).expect("generated constructors parse"));
    }
}

/// A field's place in the constructors.
enum Role {
    /// Asked for by `new`.
    Required,
    /// Filled in by `new` with the single value of its type.
    Fixed(TokenStream),
    /// `Default::default()` in `new`, set with `with_<field>`.
    Optional,
}

fn constructors(
    ident: &syn::Ident,
    fields: &syn::FieldsNamed,
    facts: &TypeFacts,
    taken: &BTreeSet<String>,
    types: &TokenStream,
) -> Option<TokenStream> {
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut required_names = Vec::new();
    for field in &fields.named {
        let name = field.ident.as_ref()?;
        let role = role(field, facts, types);
        match role {
            Role::Required => {
                let (param, conv) = convert(&field.ty, facts, types, quote!(#name));
                params.push(quote! { #name: #param });
                inits.push(quote! { #name: #conv });
                required_names.push(format!("`{}`", name.to_string().trim_end_matches('_')));
            }
            Role::Fixed(value) => inits.push(quote! { #name: #value }),
            Role::Optional => {
                inits.push(quote! { #name: ::std::default::Default::default() });
                let bare = name.to_string();
                let setter = format_ident!("with_{}", bare.trim_end_matches('_'));
                if taken.contains(&setter.to_string()) {
                    continue;
                }
                let (inner, wrap_some) = match option_inner(&field.ty) {
                    Some(inner) => (inner, true),
                    None => (&field.ty, false),
                };
                let value = format_ident!("value");
                let (param, conv) = convert(inner, facts, types, quote!(#value));
                let stored = if wrap_some {
                    quote! { ::std::option::Option::Some(#conv) }
                } else {
                    conv
                };
                let head = format!(" Sets [`{bare}`](Self::{bare}).");
                setters.push(quote! {
                    #[doc = #head]
                    #[must_use]
                    pub fn #setter(mut self, #value: #param) -> Self {
                        self.#name = #stored;
                        self
                    }
                });
            }
        }
    }
    let new = if taken.contains("new") {
        quote! {}
    } else {
        let doc = if required_names.is_empty() {
            format!(" `{ident}` with every optional field unset; the `with_*` methods set them.")
        } else {
            format!(
                " `{ident}` from its required fields ({}); the `with_*` methods set the optional ones. Nothing is checked here: a request is checked against the spec when it is sent.",
                required_names.join(", ")
            )
        };
        quote! {
            #[doc = #doc]
            #[allow(clippy::too_many_arguments, clippy::new_without_default)]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    };
    if setters.is_empty() && new.is_empty() {
        return None;
    }
    Some(quote! {
        impl #ident {
            #new
            #(#setters)*
        }
    })
}

/// `new_<variant>(required fields…)` for each struct variant of an envelope enum (one marked
/// `x-waba-shared-fields`): optional fields unset, single-valued ones filled in, nothing
/// checked. Hand-written convenience constructors build on them.
fn variant_constructors(
    e: &syn::ItemEnum,
    facts: &TypeFacts,
    taken: &BTreeSet<String>,
    types: &TokenStream,
) -> TokenStream {
    use heck::ToSnakeCase;
    let ident = &e.ident;
    let mut methods = Vec::new();
    for v in &e.variants {
        let syn::Fields::Named(fields) = &v.fields else {
            continue;
        };
        let name = format_ident!("new_{}", v.ident.to_string().to_snake_case());
        if taken.contains(&name.to_string()) {
            continue;
        }
        let mut params = Vec::new();
        let mut inits = Vec::new();
        for field in &fields.named {
            let Some(f) = field.ident.as_ref() else {
                continue;
            };
            match role(field, facts, types) {
                Role::Required => {
                    let (param, conv) = convert(&field.ty, facts, types, quote!(#f));
                    params.push(quote! { #f: #param });
                    inits.push(quote! { #f: #conv });
                }
                Role::Fixed(value) => inits.push(quote! { #f: #value }),
                Role::Optional => inits.push(quote! { #f: ::std::default::Default::default() }),
            }
        }
        let variant = &v.ident;
        let doc = format!(
            " A `{variant}` from its required fields, the optional ones unset; nothing is checked here."
        );
        methods.push(quote! {
            #[doc = #doc]
            #[allow(clippy::too_many_arguments)]
            pub fn #name(#(#params),*) -> Self {
                Self::#variant { #(#inits),* }
            }
        });
    }
    quote! { impl #ident { #(#methods)* } }
}

fn role(field: &syn::Field, facts: &TypeFacts, types: &TokenStream) -> Role {
    let serde_default_or_flatten = field.attrs.iter().any(|a| {
        a.path().is_ident("serde") && {
            let text = a.meta.to_token_stream_string();
            text.contains("default") || text.contains("flatten")
        }
    });
    if option_inner(&field.ty).is_some() || serde_default_or_flatten {
        return Role::Optional;
    }
    if let Some(name) = plain_name(&field.ty)
        && let Some(variant) = facts.single_values.get(&name)
    {
        let ty = format_ident!("{}", name);
        return Role::Fixed(quote! { #types #ty::#variant });
    }
    Role::Required
}

trait MetaText {
    fn to_token_stream_string(&self) -> String;
}

impl MetaText for syn::Meta {
    fn to_token_stream_string(&self) -> String {
        quote::ToTokens::to_token_stream(self).to_string()
    }
}

/// `T` of `Option<T>`.
/// The `T` of an `Option<T>`.
pub(crate) fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    generic_of(ty, "Option")
}

/// The single type argument of `ty` when its last segment is `wrapper`.
pub(crate) fn generic_of<'a>(ty: &'a syn::Type, wrapper: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

/// A one-segment type name (`Foo`), as the generated types refer to each other.
pub(crate) fn plain_name(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    if p.qself.is_some() || p.path.segments.len() != 1 {
        return None;
    }
    let seg = &p.path.segments[0];
    matches!(seg.arguments, syn::PathArguments::None).then(|| seg.ident.to_string())
}

/// Primitive types are taken as they are (an integer literal would not infer through
/// `impl Into<u64>`).
fn is_primitive(ty: &syn::Type) -> bool {
    let syn::Type::Path(p) = ty else { return false };
    let Some(last) = p.path.segments.last() else {
        return false;
    };
    let name = last.ident.to_string();
    matches!(
        name.as_str(),
        "bool"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "f32"
            | "f64"
    ) || name.starts_with("NonZero")
}

/// The parameter type of a value of type `ty`, and the expression turning `value` into it.
pub(crate) fn convert(
    ty: &syn::Type,
    facts: &TypeFacts,
    types: &TokenStream,
    value: TokenStream,
) -> (TokenStream, TokenStream) {
    if let Some(inner) = generic_of(ty, "Box") {
        let (param, conv) = convert(inner, facts, types, value);
        return (param, quote! { ::std::boxed::Box::new(#conv) });
    }
    // A list of constrained strings takes any strings; other lists take a `Vec` (or an
    // array), so an empty `vec![]` still infers.
    if let Some(inner) = generic_of(ty, "Vec")
        && plain_name(inner).is_some_and(|n| facts.string_newtypes.contains(&n))
    {
        let item = format_ident!("item");
        let (param, conv) = convert(inner, facts, types, quote!(#item));
        return (
            quote! { impl ::std::iter::IntoIterator<Item = #param> },
            quote! { #value.into_iter().map(|#item| #conv).collect() },
        );
    }
    if let Some(name) = plain_name(ty)
        && facts.string_newtypes.contains(&name)
    {
        let ty = format_ident!("{}", name);
        return (
            quote! { impl ::std::convert::Into<::std::string::String> },
            quote! { #types #ty::from_spec_unchecked(#value.into()) },
        );
    }
    if is_primitive(ty) {
        return (quote! { #ty }, value);
    }
    (
        quote! { impl ::std::convert::Into<#ty> },
        quote! { #value.into() },
    )
}

/// For each string newtype: a crate-private constructor that stores the text unchecked (the
/// spec check runs when the request is sent), used by the generated `new`/`with_*`.
pub fn newtype_constructors(file: &mut syn::File, facts: &TypeFacts) {
    let Some(items) = types_module(file) else {
        return;
    };
    for name in &facts.string_newtypes {
        let ident = format_ident!("{}", name);
        items.push(syn::parse_quote! {
            impl #ident {
                /// The text as given, not checked yet: it is checked against the spec when the
                /// value that holds it is sent (`try_from` checks it now).
                pub(crate) fn from_spec_unchecked(value: ::std::string::String) -> Self {
                    Self(value)
                }
            }
        });
    }
}
