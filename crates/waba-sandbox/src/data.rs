//! The generated data of each provider (`src/generated/<provider>.json`, written by
//! `cargo xtask generate` from `specs/<provider>.yaml`), read once when a sandbox starts.

use serde::Deserialize;
use serde_json::Value;

use crate::Provider;

/// What the sandbox serves for one provider.
#[derive(Debug, Deserialize)]
pub(crate) struct Spec {
    pub label: String,
    pub credentials: Vec<Credential>,
    pub error: Option<ErrorRule>,
    pub operations: Vec<Operation>,
    pub webhooks: Webhooks,
}

/// A header every non-public call carries.
#[derive(Debug, Deserialize)]
pub(crate) struct Credential {
    /// Lower case.
    pub header: String,
    /// `Bearer ` or empty.
    pub prefix: String,
    pub login: Option<Login>,
    pub refused: Refused,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Login {
    pub operation: String,
    /// JSON pointer of the token in the login's answer.
    pub token: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Refused {
    pub statuses: Vec<u16>,
    #[serde(default)]
    pub bodies: Vec<Vec<Test>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Test {
    pub pointer: String,
    pub equals: Value,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ErrorRule {
    /// Pointers of the message in an error body; those holding a string are replaced.
    pub message: Vec<String>,
    /// Per-field errors (Mehery's `errors`).
    pub fields: Option<FieldsRule>,
}

/// Where an error body lists per-field errors: the list, and in each item the field's name
/// and its text.
#[derive(Debug, Deserialize)]
pub(crate) struct FieldsRule {
    pub list: String,
    pub field: String,
    pub text: OneOrMany,
}

/// A pointer or a list of pointers.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn first(&self) -> Option<&str> {
        match self {
            OneOrMany::One(s) => Some(s),
            OneOrMany::Many(list) => list.first().map(String::as_str),
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub public: bool,
    pub body: Option<Body>,
    pub success: Success,
    pub errors: Vec<ErrorExample>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Body {
    pub content_type: String,
    pub component: Option<String>,
    pub required: bool,
    /// How form fields read (form and multipart bodies).
    pub form: Option<Value>,
    /// A multipart operation that also takes the same fields as JSON.
    pub json_without_files: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Success {
    pub status: u16,
    pub content_type: Option<String>,
    pub example: Option<Value>,
}

#[derive(Debug, Deserialize, Clone)]
pub(crate) struct ErrorExample {
    pub name: String,
    pub status: u16,
    pub body: Value,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Webhooks {
    pub secret: Secret,
    pub payloads: Vec<Payload>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Secret {
    /// A header with the user's verification token (Mehery's `x-verify-token`).
    VerifyToken { header: String },
    /// The headers the user registered with the webhook URL, echoed.
    Echo,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Payload {
    pub name: String,
    pub body: Value,
}

/// The generated data of `provider`; `None` for a provider without a spec (a custom one).
pub(crate) fn load(provider: Provider) -> Option<Result<Spec, serde_json::Error>> {
    let text = match provider {
        Provider::Dialog360 => include_str!("generated/dialog360.json"),
        Provider::Onextel => include_str!("generated/onextel.json"),
        Provider::Channel360 => include_str!("generated/channel360.json"),
        Provider::Mehery => include_str!("generated/mehery.json"),
        Provider::Desk360 => include_str!("generated/desk360.json"),
        _ => return None,
    };
    Some(serde_json::from_str(text))
}

/// The built-in provider whose id is `id`, to the letter (URL prefixes and the control
/// endpoints' JSON; `str::parse` also takes other spellings).
pub(crate) fn provider_by_id(id: &str) -> Option<Provider> {
    Provider::ALL.into_iter().find(|p| p.id() == id)
}

/// A [`Provider`] in JSON: its id (`#[serde(with = "crate::data::provider_id")]`).
pub(crate) mod provider_id {
    use serde::{Deserialize, Deserializer, Serializer, de};

    use super::{Provider, provider_by_id};

    pub(crate) fn serialize<S: Serializer>(p: &Provider, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(p.id())
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Provider, D::Error> {
        let id = String::deserialize(d)?;
        provider_by_id(&id).ok_or_else(|| {
            let known: Vec<&str> = Provider::ALL.iter().map(|p| p.id()).collect();
            de::Error::custom(format!(
                "unknown provider `{id}` (known: {})",
                known.join(", ")
            ))
        })
    }

    /// The same for an `Option<Provider>` (`null` or absent: `None`).
    pub(crate) mod option {
        use serde::{Deserialize, Deserializer, Serializer};

        use super::Provider;

        pub(crate) fn serialize<S: Serializer>(
            p: &Option<Provider>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match p {
                Some(p) => super::serialize(p, s),
                None => s.serialize_none(),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<Provider>, D::Error> {
            #[derive(Deserialize)]
            struct Id(#[serde(with = "super")] Provider);
            Ok(Option::<Id>::deserialize(d)?.map(|Id(p)| p))
        }
    }
}

impl Spec {
    /// The operation `method` `path` (below the provider's prefix) names, and its path
    /// parameters matched; the template with the most literal segments wins (`/media` before
    /// `/{media_id}`).
    pub fn route(&self, method: &str, path: &str) -> Route<'_> {
        let segments: Vec<&str> = path.split('/').collect();
        let mut best: Option<(&Operation, usize)> = None;
        let mut path_only = false;
        for op in &self.operations {
            let template: Vec<&str> = op.path.split('/').collect();
            if template.len() != segments.len() {
                continue;
            }
            let mut literal = 0;
            let fits = template.iter().zip(&segments).all(|(t, s)| {
                if t.starts_with('{') && t.ends_with('}') {
                    !s.is_empty()
                } else {
                    literal += 1;
                    t == s
                }
            });
            if !fits {
                continue;
            }
            if !op.method.eq_ignore_ascii_case(method) {
                path_only = true;
                continue;
            }
            if best.is_none_or(|(_, l)| literal > l) {
                best = Some((op, literal));
            }
        }
        match best {
            Some((op, _)) => Route::Found(op),
            None if path_only => Route::WrongMethod,
            None => Route::NotFound,
        }
    }

    /// The operation named `id`.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }
}

/// What [`Spec::route`] found.
pub(crate) enum Route<'a> {
    Found(&'a Operation),
    WrongMethod,
    NotFound,
}
