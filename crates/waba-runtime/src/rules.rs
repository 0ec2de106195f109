//! Retry and token rules written in a spec (`x-waba-client.retryWhen`, `x-waba-retry: false`
//! on an operation, `x-waba-token-refused` on a security scheme), as data the generated
//! builder hands to the runtime.

use std::time::Duration;

use reqwest::StatusCode;

use crate::retry::{Attempt, Decision, RetryRules};

/// A test of an answer's JSON body: the value at a JSON pointer.
#[derive(Debug, Clone, Copy)]
pub enum BodyMatch {
    /// The value at `pointer` equals this JSON literal (`1403`, `false`, `"text"`).
    Equals {
        /// The JSON pointer (`/error/code`).
        pointer: &'static str,
        /// The JSON literal.
        literal: &'static str,
    },
    /// The value at `pointer` is a string containing this text, ignoring ASCII case.
    Contains {
        /// The JSON pointer.
        pointer: &'static str,
        /// The text looked for.
        text: &'static str,
    },
}

impl BodyMatch {
    /// Cheap test on the raw body: false when the body cannot match (the literal or text does
    /// not occur in it), so most bodies are never parsed.
    fn may_match(&self, body: &[u8]) -> bool {
        let needle = match self {
            BodyMatch::Equals { literal, .. } => literal.trim_matches('"').as_bytes(),
            BodyMatch::Contains { .. } => return true,
        };
        contains(body, needle)
    }

    fn matches(&self, json: &serde_json::Value) -> bool {
        match self {
            BodyMatch::Equals { pointer, literal } => json.pointer(pointer).is_some_and(|v| {
                serde_json::from_str::<serde_json::Value>(literal).is_ok_and(|l| *v == l)
            }),
            BodyMatch::Contains { pointer, text } => json
                .pointer(pointer)
                .and_then(serde_json::Value::as_str)
                .is_some_and(|s| s.to_ascii_lowercase().contains(&text.to_ascii_lowercase())),
        }
    }
}

/// True when `needle` occurs in `haystack` (an empty needle always does). The places of its
/// first byte are found with `memchr`'s vectorised byte search and compared there: the
/// needles are short literals (`false`, `1403`) and the bodies small, where setting up a
/// substring searcher (`memmem`, about 800 instructions) costs more than the search.
pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    memchr::memchr_iter(first, haystack).any(|at| haystack[at + 1..].starts_with(rest))
}

/// Every test of a list holds.
fn all_match(
    tests: &[BodyMatch],
    body: &[u8],
    json: &mut Option<Option<serde_json::Value>>,
) -> bool {
    if tests.is_empty() || !tests.iter().all(|t| t.may_match(body)) {
        return false;
    }
    let parsed = json.get_or_insert_with(|| serde_json::from_slice(body).ok());
    parsed
        .as_ref()
        .is_some_and(|v| tests.iter().all(|t| t.matches(v)))
}

/// When an error answer is sent again (`x-waba-client.retryWhen`).
#[derive(Debug, Clone, Copy)]
pub struct RetryWhen {
    /// The statuses this applies to.
    pub statuses: &'static [u16],
    /// Tests that must all hold on the body.
    pub body: &'static [BodyMatch],
    /// Wait at least this long; `None`: the policy's backoff.
    pub after: Option<Duration>,
}

/// When a token was refused although the status is not 401 (`x-waba-token-refused`).
#[derive(Debug, Clone, Copy)]
pub struct TokenRefused {
    /// Statuses that mean the token was refused (401 when the spec names none).
    pub statuses: &'static [u16],
    /// Bodies that mean it, whatever the status: any entry whose tests all hold.
    pub bodies: &'static [&'static [BodyMatch]],
}

/// [`RetryRules`] from a spec: generated into each provider crate's `generated/builder.rs`.
#[derive(Debug, Clone, Copy)]
pub struct SpecRules {
    /// Operations never sent twice (`x-waba-retry: false`, and logins).
    pub never_retried: &'static [&'static str],
    /// Error answers retried on the provider's terms, first match wins.
    pub retry_when: &'static [RetryWhen],
    /// How a refused token is recognised.
    pub token_refused: TokenRefused,
}

impl SpecRules {
    /// No rules: the runtime's defaults, a 401 refuses a token.
    pub const DEFAULT: SpecRules = SpecRules {
        never_retried: &[],
        retry_when: &[],
        token_refused: TokenRefused {
            statuses: &[401],
            bodies: &[],
        },
    };
}

impl RetryRules for SpecRules {
    fn wants_body(&self, operation: &str, status: StatusCode) -> bool {
        if self.never_retried.contains(&operation) {
            return false;
        }
        !self.token_refused.bodies.is_empty()
            || self
                .retry_when
                .iter()
                .any(|r| r.statuses.contains(&status.as_u16()))
    }

    fn decide(&self, attempt: &Attempt<'_>) -> Option<Decision> {
        if self.never_retried.contains(&attempt.operation) {
            return Some(Decision::Stop);
        }
        let status = attempt.status?.as_u16();
        let body = attempt.body?;
        let mut json = None;
        self.retry_when
            .iter()
            .find(|r| r.statuses.contains(&status) && all_match(r.body, body, &mut json))
            .map(|r| r.after.map_or(Decision::Retry, Decision::RetryAfter))
    }

    /// A 429, or an answer a `retryWhen` entry matches: the provider's documented "come back
    /// later" (360dialog's rate limit as a 400, WhatsApp's 130429 and 131056), which it did
    /// not act on. For an operation never retried only a 429 counts (its body is not read to
    /// judge it).
    fn is_rate_limit(&self, attempt: &Attempt<'_>) -> bool {
        let Some(status) = attempt.status else {
            return false;
        };
        if status == StatusCode::TOO_MANY_REQUESTS {
            return true;
        }
        let Some(body) = attempt.body else {
            return false;
        };
        let mut json = None;
        self.retry_when
            .iter()
            .any(|r| r.statuses.contains(&status.as_u16()) && all_match(r.body, body, &mut json))
    }

    fn is_auth_failure(&self, attempt: &Attempt<'_>) -> bool {
        if attempt
            .status
            .is_some_and(|s| self.token_refused.statuses.contains(&s.as_u16()))
        {
            return true;
        }
        let Some(body) = attempt.body else {
            return false;
        };
        let mut json = None;
        self.token_refused
            .bodies
            .iter()
            .any(|tests| all_match(tests, body, &mut json))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    const RULES: SpecRules = SpecRules {
        never_retried: &["download"],
        retry_when: &[
            RetryWhen {
                statuses: &[400],
                body: &[BodyMatch::Equals {
                    pointer: "/error/code",
                    literal: "131056",
                }],
                after: Some(Duration::from_secs(6)),
            },
            RetryWhen {
                statuses: &[400],
                body: &[BodyMatch::Contains {
                    pointer: "/error",
                    text: "rate limit",
                }],
                after: None,
            },
        ],
        token_refused: TokenRefused {
            statuses: &[401, 403],
            bodies: &[&[
                BodyMatch::Equals {
                    pointer: "/status",
                    literal: "false",
                },
                BodyMatch::Equals {
                    pointer: "/code",
                    literal: "1403",
                },
            ]],
        },
    };

    fn attempt<'a>(operation: &'a str, status: u16, body: &'a [u8]) -> Attempt<'a> {
        Attempt {
            operation,
            method: &Method::POST,
            status: Some(StatusCode::from_u16(status).unwrap()),
            headers: None,
            body: Some(body),
            error: None,
        }
    }

    #[test]
    fn contains_finds_a_needle_anywhere_and_only_where_it_is() {
        for (haystack, needle, expected) in [
            (&b"abc"[..], &b""[..], true),
            (b"", b"a", false),
            (b"1403", b"1403", true),
            (b"x1403", b"1403", true),
            (b"11403", b"1403", true),
            (b"140", b"1403", false),
            (b"1401403", b"1403", true),
            (b"{\"code\":1404}", b"1403", false),
            (b"fals", b"false", false),
            (b"falsefalse", b"false", true),
        ] {
            let by_windows =
                needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle);
            assert_eq!(by_windows, expected, "{haystack:?} {needle:?}");
            assert_eq!(
                contains(haystack, needle),
                expected,
                "{haystack:?} {needle:?}"
            );
        }
    }

    #[test]
    fn retry_when_matches_status_and_body() {
        let pair = br#"{"error":{"code":131056,"message":"pair rate limit"}}"#;
        assert_eq!(
            RULES.decide(&attempt("send", 400, pair)),
            Some(Decision::RetryAfter(Duration::from_secs(6)))
        );
        let d360 = br#"{"error":"You have exceeded the endpoint Rate Limit"}"#;
        assert_eq!(
            RULES.decide(&attempt("send", 400, d360)),
            Some(Decision::Retry)
        );
        assert_eq!(RULES.decide(&attempt("send", 500, d360)), None);
        assert_eq!(
            RULES.decide(&attempt("send", 400, br#"{"error":{"code":100}}"#)),
            None
        );
        assert_eq!(
            RULES.decide(&attempt("download", 400, d360)),
            Some(Decision::Stop)
        );
        assert!(RULES.wants_body("send", StatusCode::OK), "token bodies");
        assert!(!RULES.wants_body("download", StatusCode::BAD_REQUEST));
    }

    #[test]
    fn a_rate_limit_is_a_429_or_an_answer_a_retry_when_entry_matches() {
        let pair = br#"{"error":{"code":131056,"message":"pair rate limit"}}"#;
        let d360 = br#"{"error":"You have exceeded the endpoint Rate Limit"}"#;
        assert!(RULES.is_rate_limit(&attempt("send", 400, pair)));
        assert!(RULES.is_rate_limit(&attempt("send", 400, d360)));
        assert!(RULES.is_rate_limit(&attempt("send", 429, b"")));
        assert!(SpecRules::DEFAULT.is_rate_limit(&attempt("send", 429, b"")));
        // The same body under a status no entry names, or another error: no.
        assert!(!RULES.is_rate_limit(&attempt("send", 500, d360)));
        assert!(!RULES.is_rate_limit(&attempt("send", 400, br#"{"error":{"code":100}}"#)));
        assert!(!SpecRules::DEFAULT.is_rate_limit(&attempt("send", 400, d360)));
        let no_answer = Attempt {
            status: None,
            ..attempt("send", 429, b"")
        };
        assert!(!RULES.is_rate_limit(&no_answer));
    }

    #[test]
    fn a_refused_token_is_recognised_by_status_or_by_every_test_of_a_body() {
        assert!(RULES.is_auth_failure(&attempt("send", 403, b"")));
        assert!(RULES.is_auth_failure(&attempt("send", 200, br#"{"status":false,"code":1403}"#)));
        assert!(!RULES.is_auth_failure(&attempt("send", 200, br#"{"status":true,"code":1403}"#)));
        assert!(!RULES.is_auth_failure(&attempt("send", 200, b"not json 1403 false")));
        assert!(SpecRules::DEFAULT.is_auth_failure(&attempt("send", 401, b"")));
        assert!(!SpecRules::DEFAULT.is_auth_failure(&attempt("send", 403, b"")));
    }
}
