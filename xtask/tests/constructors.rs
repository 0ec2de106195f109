//! Adding an optional field, an enum value or an operation to a spec does not break code
//! written against the generated crate.
//!
//! Compiling a user crate against two generated versions would need a scratch workspace and a
//! build of the whole dependency tree per run; this test checks what makes that compile
//! instead: every generated struct and enum is `#[non_exhaustive]` (so users' code has no
//! struct literals and no exhaustive `match`es of them, the compiler forbids both outside the
//! crate), and the public surface of the old crate (each type's fields, variants, constructors
//! and setters with their exact signatures, the client's methods, the mock helpers) is still
//! there, unchanged, in the new one. Code that compiled against the old surface then compiles
//! against the new. A new required field changes `new`'s signature, and the test sees it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use quote::ToTokens;

const V1: &str = r#"
openapi: 3.0.3
info: {title: Grow, version: "1", description: A spec that grows.}
paths:
  /things:
    post:
      operationId: create_thing
      description: Creates a thing.
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
            examples:
              ok: {value: {name: "a", kind: plain}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      required: [name, kind]
      properties:
        name: {type: string, maxLength: 3}
        note: {type: string}
        kind: {$ref: '#/components/schemas/Kind'}
        tags: {type: array, items: {type: string, maxLength: 5}}
    Kind:
      type: string
      enum: [plain, fancy]
"#;

fn scratch(name: &str, spec: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("waba-grow-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("specs")).unwrap();
    std::fs::write(root.join("specs/grow.yaml"), spec).unwrap();
    root
}

/// The generated files of the spec, parsed: `progenitor.rs`, `client.rs`, `mock.rs`.
fn generate(name: &str, spec: &str) -> Vec<(String, syn::File)> {
    let root = scratch(name, spec);
    let provider = &xtask::providers(&root, &[]).unwrap()[0];
    let files = xtask::generate_provider(&root, provider).unwrap();
    let _ = std::fs::remove_dir_all(&root);
    files
        .into_iter()
        .filter(|f| {
            ["progenitor.rs", "client.rs", "mock.rs"]
                .iter()
                .any(|n| f.path.ends_with(n))
        })
        .map(|f| {
            let name = f.path.file_name().unwrap().to_string_lossy().to_string();
            (name, syn::parse_file(&f.contents).unwrap())
        })
        .collect()
}

/// What users' code can name: public fields, variants, inherent methods and trait methods
/// with their signatures, one line each. Also returns the structs and enums that are not
/// `#[non_exhaustive]`.
fn surface(files: &[(String, syn::File)]) -> (BTreeSet<String>, Vec<String>) {
    fn visit(file: &str, items: &[syn::Item], out: &mut BTreeSet<String>, open: &mut Vec<String>) {
        let non_exhaustive =
            |attrs: &[syn::Attribute]| attrs.iter().any(|a| a.path().is_ident("non_exhaustive"));
        for item in items {
            match item {
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        visit(file, items, out, open);
                    }
                }
                syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
                    if let syn::Fields::Named(fields) = &s.fields {
                        // A struct with private fields cannot be written as a literal anyway.
                        let public = fields
                            .named
                            .iter()
                            .any(|f| matches!(f.vis, syn::Visibility::Public(_)));
                        if public && !non_exhaustive(&s.attrs) {
                            open.push(format!("{file}: struct {}", s.ident));
                        }
                        for f in &fields.named {
                            if matches!(f.vis, syn::Visibility::Public(_)) {
                                out.insert(format!(
                                    "{}.{}: {}",
                                    s.ident,
                                    f.ident.as_ref().unwrap(),
                                    f.ty.to_token_stream()
                                ));
                            }
                        }
                    }
                }
                syn::Item::Enum(e) => {
                    if !non_exhaustive(&e.attrs) {
                        open.push(format!("{file}: enum {}", e.ident));
                    }
                    for v in &e.variants {
                        out.insert(format!(
                            "{}::{} {}",
                            e.ident,
                            v.ident,
                            v.fields.to_token_stream()
                        ));
                    }
                }
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    for it in &i.items {
                        if let syn::ImplItem::Fn(f) = it
                            && matches!(f.vis, syn::Visibility::Public(_))
                        {
                            out.insert(format!(
                                "{} {}",
                                i.self_ty.to_token_stream(),
                                f.sig.to_token_stream()
                            ));
                        }
                    }
                }
                syn::Item::Trait(t) => {
                    for it in &t.items {
                        if let syn::TraitItem::Fn(f) = it {
                            out.insert(format!("trait {} {}", t.ident, f.sig.to_token_stream()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    let mut open = Vec::new();
    for (name, file) in files {
        visit(name, &file.items, &mut out, &mut open);
    }
    (out, open)
}

#[test]
fn an_optional_field_an_enum_value_and_an_operation_keep_the_old_surface() {
    let grown = V1
        .replace(
            "        note: {type: string}\n",
            "        note: {type: string}\n        color: {type: string, maxLength: 10}\n",
        )
        .replace("enum: [plain, fancy]", "enum: [plain, fancy, odd]")
        .replace(
            "components:\n",
            "  /things/{id}:\n    get:\n      operationId: get_thing\n      description: Reads a thing.\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\ncomponents:\n",
        );
    let (old, open_old) = surface(&generate("v1", V1));
    let (new, open_new) = surface(&generate("v2", &grown));
    assert!(open_old.is_empty(), "not #[non_exhaustive]: {open_old:?}");
    assert!(open_new.is_empty(), "not #[non_exhaustive]: {open_new:?}");

    // The constructor users call, unchanged (required fields only, constrained strings taken
    // as any string), and the setters.
    let new_fn = old
        .iter()
        .find(|l| l.starts_with("Thing fn new"))
        .expect("Thing::new is generated");
    assert!(
        new_fn.contains("name : impl :: std :: convert :: Into < :: std :: string :: String >")
            && new_fn.contains("kind : impl :: std :: convert :: Into < Kind >")
            && !new_fn.contains("note"),
        "{new_fn}"
    );
    assert!(old.iter().any(|l| l.starts_with("Thing fn with_note")));
    assert!(old.iter().any(|l| l.starts_with("Thing fn with_tags")));

    let lost: Vec<&String> = old.difference(&new).collect();
    assert!(
        lost.is_empty(),
        "gone or changed in the grown spec: {lost:#?}"
    );
    let gained: Vec<&String> = new.difference(&old).collect();
    for wanted in [
        "Thing fn with_color",
        "Kind::Odd",
        "Client async fn get_thing",
        "trait MockServerExt fn get_thing",
    ] {
        assert!(
            gained.iter().any(|l| l.starts_with(wanted)),
            "`{wanted}` not among the additions: {gained:#?}"
        );
    }

    // A new required field is breaking: `new` takes one more argument, and this test sees it.
    let required = V1
        .replace("required: [name, kind]", "required: [name, kind, note]")
        .replace("kind: plain}", "kind: plain, note: n}");
    let (with_required, _) = surface(&generate("v3", &required));
    let lost: Vec<&String> = old.difference(&with_required).collect();
    assert!(
        lost.iter().any(|l| l.starts_with("Thing fn new")),
        "{lost:#?}"
    );
}

#[test]
fn a_hand_written_method_of_the_same_name_wins() {
    let root = scratch("own", V1);
    let src = root.join("crates/waba-grow/src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("own.rs"),
        "impl Thing {\n    pub fn new(name: &str) -> Result<Thing, String> { todo!() }\n    pub fn with_note(self, note: &str) -> Self { self }\n}\n",
    )
    .unwrap();
    let provider = &xtask::providers(&root, &[]).unwrap()[0];
    let files = xtask::generate_provider(&root, provider).unwrap();
    let _ = std::fs::remove_dir_all(&root);
    let types = files
        .iter()
        .find(|f| f.path.ends_with("progenitor.rs"))
        .map(|f| syn::parse_file(&f.contents).unwrap())
        .unwrap();
    let (surface, _) = surface(&[("progenitor.rs".into(), types)]);
    assert!(
        !surface.iter().any(|l| l.starts_with("Thing fn new")),
        "{surface:#?}"
    );
    assert!(!surface.iter().any(|l| l.starts_with("Thing fn with_note")));
    assert!(surface.iter().any(|l| l.starts_with("Thing fn with_tags")));
}

#[test]
fn shared_fields_of_a_union_get_one_accessor_each_and_a_field_missing_somewhere_gets_none() {
    let spec = V1.to_string()
        + r#"
    Note:
      x-waba-shared-fields: [to, replyTo, only_here]
      oneOf:
        - type: object
          required: [type, to]
          properties:
            type: {type: string, enum: [text]}
            to: {type: string}
            replyTo: {type: string}
            body: {type: string}
            only_here: {type: string}
        - type: object
          required: [type, to]
          properties:
            type: {type: string, enum: [ping]}
            to: {type: string}
            replyTo: {type: string}
"#;
    let files = generate("shared", &spec);
    let (surface, _) = surface(&files);
    for want in [
        "Note fn to (",
        "Note fn to_mut (",
        "Note fn reply_to (",
        "Note fn reply_to_mut (",
    ] {
        assert!(
            surface.iter().any(|l| l.starts_with(want)),
            "{want} missing: {surface:#?}"
        );
    }
    assert!(
        !surface.iter().any(|l| l.starts_with("Note fn only_here")),
        "a field one variant lacks has no accessor"
    );
}

#[test]
fn each_variant_of_an_envelope_gets_a_constructor_of_its_required_fields() {
    let spec = V1.to_string()
        + r#"
    Note:
      x-waba-shared-fields: [to]
      oneOf:
        - type: object
          required: [type, to, body]
          properties:
            type: {type: string, enum: [text]}
            to: {type: string}
            body: {type: string}
            replyTo: {type: string}
        - type: object
          required: [type, to]
          properties:
            type: {type: string, enum: [ping]}
            to: {type: string}
"#;
    let files = generate("variants", &spec);
    let (surface, _) = surface(&files);
    let text = surface
        .iter()
        .find(|l| l.starts_with("Note fn new_text ("))
        .unwrap_or_else(|| panic!("no new_text: {surface:#?}"));
    assert!(text.contains("body") && text.contains("to"), "{text}");
    assert!(
        !text.contains("reply_to"),
        "optional fields are not asked for: {text}"
    );
    let ping = surface
        .iter()
        .find(|l| l.starts_with("Note fn new_ping ("))
        .unwrap_or_else(|| panic!("no new_ping: {surface:#?}"));
    assert!(!ping.contains("type_"), "the tag is filled in: {ping}");
}
