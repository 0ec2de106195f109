//! The per-client state the generated hooks call: retries, the client-side rate limiter,
//! tokens and tracing, shared by all clones of a client.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Instant;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use reqwest::header::{HeaderName, HeaderValue};
use tracing::Instrument;

use crate::Error;
use crate::auth::{TokenCache, TokenSource};
use crate::retry::{Attempt, Decision, DefaultRules, RetryPolicy, RetryRules, default_decision};

tokio::task_local! {
    static ATTEMPTS: std::cell::Cell<LastAttempt>;
}

/// What the current call's runtime knows of its latest attempt, for the [`Error`] built from
/// it: how many attempts were made, and how the provider's rules judged the last answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LastAttempt {
    /// Attempts made so far (1 before the first).
    pub(crate) count: u32,
    /// The provider's rules read the last answer as "slow down"
    /// ([`RetryRules::is_rate_limit`]).
    pub(crate) rate_limited: bool,
    /// The provider's rules read the last answer as a refused token
    /// ([`RetryRules::is_auth_failure`], for a client that logs in).
    pub(crate) token_refused: bool,
}

impl LastAttempt {
    const FIRST: LastAttempt = LastAttempt {
        count: 1,
        rate_limited: false,
        token_refused: false,
    };
}

/// Runs one client call, counting the attempts [`Runtime::execute`] makes so that the
/// [`Error`] built inside reports them (a `reqwest::Error` cannot carry the count). The
/// generated methods wrap their body in it.
///
/// A plain function rather than an `async fn`: an `async fn` would keep `call` and the scope
/// around it side by side in its state, doubling the size of every send's future.
pub fn count_attempts<F: std::future::Future>(
    call: F,
) -> impl std::future::Future<Output = F::Output> {
    ATTEMPTS.scope(std::cell::Cell::new(LastAttempt::FIRST), call)
}

/// Attempts made so far by the current call (1 outside [`count_attempts`]).
pub fn attempts_so_far() -> u32 {
    last_attempt().count
}

/// The current call's latest attempt ([`LastAttempt::FIRST`] outside [`count_attempts`]).
pub(crate) fn last_attempt() -> LastAttempt {
    ATTEMPTS
        .try_with(std::cell::Cell::get)
        .unwrap_or(LastAttempt::FIRST)
}

/// Shared by all clones of a client: what happens before and around every request.
///
/// - retries per [`RetryPolicy`] and the provider's [`RetryRules`];
/// - an optional client-side rate limiter (a `governor` limiter shared by the clones);
/// - for providers that log in, one token shared by all callers ([`TokenSource`]);
/// - a `tracing` span per attempt at DEBUG (`waba.request`: provider, operation, method,
///   attempt, status, duration in ms; never bodies, headers or secrets), and an INFO event
///   for each retry and re-login (provider, operation, attempt; the status and delay of a
///   retry).
#[derive(Clone, Debug)]
pub struct Runtime {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    provider: &'static str,
    policy: RetryPolicy,
    rules: Arc<dyn RetryRules>,
    limiter: Option<DefaultDirectRateLimiter>,
    token: Option<TokenCache>,
    remembered: Vec<HeaderName>,
    last_headers: std::sync::Mutex<reqwest::header::HeaderMap>,
    request_headers: reqwest::header::HeaderMap,
    /// The base URL of [`Runtime::request_url`] as given and as parsed (once).
    base_url: std::sync::OnceLock<(String, Option<reqwest::Url>)>,
}

/// Settings of a [`Runtime`].
#[derive(Debug)]
pub struct RuntimeBuilder {
    provider: &'static str,
    policy: RetryPolicy,
    rules: Arc<dyn RetryRules>,
    quota: Option<Quota>,
    token: Option<TokenCache>,
    remembered: Vec<HeaderName>,
    request_headers: reqwest::header::HeaderMap,
}

impl RuntimeBuilder {
    /// Retry policy (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The provider's retry rules.
    pub fn rules(mut self, rules: impl RetryRules + 'static) -> Self {
        self.rules = Arc::new(rules);
        self
    }

    /// Sends at most `per_second` requests a second from this client and its clones (bursts
    /// of up to `per_second`); callers wait for a slot.
    pub fn rate_limit_per_second(mut self, per_second: NonZeroU32) -> Self {
        self.quota = Some(Quota::per_second(per_second));
        self
    }

    /// Sends at most `per_minute` requests a minute, spread evenly (bursts of up to `burst`).
    pub fn rate_limit_per_minute(mut self, per_minute: NonZeroU32, burst: NonZeroU32) -> Self {
        self.quota = Some(Quota::per_minute(per_minute).allow_burst(burst));
        self
    }

    /// Any `governor` quota.
    pub fn quota(mut self, quota: Option<Quota>) -> Self {
        self.quota = quota;
        self
    }

    /// Logs in through `source` and sends the token as `header: prefix+token`.
    pub fn token(mut self, source: Arc<dyn TokenSource>, header: HeaderName, prefix: &str) -> Self {
        self.token = Some(TokenCache::new(source, header, prefix.to_string()));
        self
    }

    /// Keeps the latest value of each of these response headers (say, a provider's
    /// `X-RateLimit-Remaining`), readable with [`Runtime::last_header`]. None by default.
    pub fn remember_headers(mut self, names: impl IntoIterator<Item = HeaderName>) -> Self {
        self.remembered.extend(names);
        self
    }

    /// Sets these headers on every request before it is sent (the secret headers of a client
    /// built on a caller's `reqwest::Client`, whose default headers are the caller's). None by
    /// default: a client built by [`crate::ClientConfig`] carries them as default headers.
    pub fn request_headers(mut self, headers: reqwest::header::HeaderMap) -> Self {
        self.request_headers.extend(headers);
        self
    }

    /// The runtime.
    pub fn build(self) -> Runtime {
        Runtime {
            shared: Arc::new(Shared {
                provider: self.provider,
                policy: self.policy,
                rules: self.rules,
                limiter: self.quota.map(RateLimiter::direct),
                token: self.token,
                remembered: self.remembered,
                last_headers: Default::default(),
                request_headers: self.request_headers,
                base_url: std::sync::OnceLock::new(),
            }),
        }
    }
}

/// What an attempt came to.
/// What [`Runtime::judge`] could tell from an answer's status and headers.
enum Judgement {
    /// Judged.
    Done(Judged),
    /// The provider's rules need the body: read it, then [`Runtime::judge_body`].
    NeedsBody(reqwest::Response),
}

struct Judged {
    result: reqwest::Result<reqwest::Response>,
    decision: Decision,
    auth_failed: bool,
    /// The provider's rules read the answer as "slow down" ([`RetryRules::is_rate_limit`]).
    rate_limited: bool,
}

impl Runtime {
    /// A runtime for the named provider with the default retry policy, no provider rules, no
    /// rate limit and no login.
    pub fn new(provider: &'static str) -> Self {
        Runtime::builder(provider).build()
    }

    /// Settings for a runtime of the named provider.
    pub fn builder(provider: &'static str) -> RuntimeBuilder {
        RuntimeBuilder {
            provider,
            policy: RetryPolicy::default(),
            rules: Arc::new(DefaultRules),
            quota: None,
            token: None,
            remembered: Vec::new(),
            request_headers: reqwest::header::HeaderMap::new(),
        }
    }

    /// The provider's short name.
    pub fn provider(&self) -> &'static str {
        self.shared.provider
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.shared.policy
    }

    /// The value of a header named with [`RuntimeBuilder::remember_headers`] in the latest
    /// response that carried it (any status, any operation, any clone of the client).
    pub fn last_header(&self, name: &HeaderName) -> Option<reqwest::header::HeaderValue> {
        let last = self
            .shared
            .last_headers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        last.get(name).cloned()
    }

    fn remember(&self, headers: &reqwest::header::HeaderMap) {
        let s = &*self.shared;
        if s.remembered.is_empty() {
            return;
        }
        let mut last = s
            .last_headers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for name in &s.remembered {
            // Most answers repeat the value: kept as it is, without a new entry.
            if let Some(value) = headers.get(name)
                && last.get(name) != Some(value)
            {
                last.insert(name.clone(), value.clone());
            }
        }
    }

    /// Makes sure a token is at hand (logging in if needed), so that a failed login is
    /// reported as a typed [`crate::ErrorKind::Auth`] error of `operation`. Called by the
    /// generated methods before each request; does nothing for providers without login.
    pub async fn authorize<E>(&self, operation: &'static str) -> Result<(), Error<E>> {
        match &self.shared.token {
            Some(cache) => cache
                .ready()
                .await
                .map_err(|e| Error::auth_failed(operation, e)),
            None => Ok(()),
        }
    }

    /// The URL of a request: `base` (the client's base URL, without a trailing `/`) followed
    /// by `path` (`/v1/messages`, its parameters already percent-encoded), as the generated
    /// methods write them. The base is parsed once per runtime; each request then sets its
    /// path on a copy, about a third of the work of parsing the whole URL again. A base that
    /// has a query or fragment, or differs from the first one seen, is joined as text and
    /// parsed as a whole, as before.
    pub fn request_url(
        &self,
        base: &str,
        path: std::fmt::Arguments<'_>,
    ) -> Result<reqwest::Url, String> {
        let (seen, parsed) = self
            .shared
            .base_url
            .get_or_init(|| (base.to_owned(), reqwest::Url::parse(base).ok()));
        match parsed {
            Some(url)
                if seen == base
                    && url.query().is_none()
                    && url.fragment().is_none()
                    && !url.cannot_be_a_base() =>
            {
                let prefix = url.path().trim_end_matches('/');
                let mut full = String::with_capacity(prefix.len() + 64);
                full.push_str(prefix);
                std::fmt::Write::write_fmt(&mut full, path).map_err(|e| e.to_string())?;
                let mut url = url.clone();
                url.set_path(&full);
                Ok(url)
            }
            _ => reqwest::Url::parse(&format!("{base}{path}")).map_err(|e| e.to_string()),
        }
    }

    /// Runs before a request of an operation that needs no token (`security: []` in the spec,
    /// such as the login itself): sets the client's request headers and sends no token.
    pub async fn prepare_public(
        &self,
        request: &mut reqwest::Request,
        _operation: &str,
    ) -> Result<(), String> {
        self.set_request_headers(request);
        Ok(())
    }

    fn set_request_headers(&self, request: &mut reqwest::Request) {
        for (name, value) in &self.shared.request_headers {
            request.headers_mut().insert(name.clone(), value.clone());
        }
    }

    /// Runs before a request is sent: sets the client's request headers and the token.
    pub async fn prepare(
        &self,
        request: &mut reqwest::Request,
        _operation: &str,
    ) -> Result<(), String> {
        self.set_request_headers(request);
        if let Some(cache) = &self.shared.token {
            let value = cache.header_value().await.map_err(|e| e.to_string())?;
            cache.apply(request, value);
        }
        Ok(())
    }

    /// Sends a request, retrying what is safe to retry. A request that may be sent again is
    /// copied before each attempt (a streamed body cannot be copied: it is sent once); see
    /// [`Runtime::execute_rebuilding`] for requests that can be built again instead.
    pub fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        operation: &'a str,
    ) -> impl std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a {
        self.run(client, request, operation, None)
    }

    /// [`Runtime::execute`] for a request that `rebuild` makes again, as it was before
    /// [`Runtime::prepare`] (the generated methods pass the code that built it): nothing is
    /// copied before an attempt, and the rare second attempt (a retry, or the one new login
    /// after a refused token) sends a request built anew, with the client's request headers
    /// and the current token set again. `rebuild` answering `None` ends the retries.
    pub fn execute_rebuilding<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        operation: &'a str,
        rebuild: &'a (dyn Fn() -> Option<reqwest::Request> + Sync),
    ) -> impl std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a {
        self.run(client, request, operation, Some(rebuild))
    }

    /// The retry loop of [`Runtime::execute`] and [`Runtime::execute_rebuilding`].
    ///
    /// Its future stays small (it is part of every send's future, which is moved as a whole):
    /// the waits that only a retry, a rate limit or a new login need are boxed, and the
    /// answer is judged without an `async fn` around the one wait it may need (its body).
    // Not an `async fn` (which the lint suggests): see the comment in the body.
    #[allow(clippy::manual_async_fn)]
    fn run<'a>(
        &'a self,
        client: &'a reqwest::Client,
        mut request: reqwest::Request,
        operation: &'a str,
        rebuild: Option<&'a (dyn Fn() -> Option<reqwest::Request> + Sync)>,
    ) -> impl std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a {
        // A block rather than an `async fn`, whose state would hold `request` twice (the
        // argument and the local it is bound to).
        async move {
            let s = &*self.shared;
            let method = request.method().clone();
            let start = Instant::now();
            let mut attempt = 0u32;
            let mut relogged = false;
            // Whether the request carries the login token (a rebuilt one then gets it again).
            let carries_token = s
                .token
                .as_ref()
                .is_some_and(|c| request.headers().contains_key(c.header()));
            loop {
                attempt += 1;
                if let Some(limiter) = &s.limiter
                    && limiter.check().is_err()
                {
                    Box::pin(limiter.until_ready()).await;
                }
                let _ = ATTEMPTS.try_with(|a| {
                    a.set(LastAttempt {
                        count: attempt,
                        ..LastAttempt::FIRST
                    })
                });
                // A copy is kept only when this request may be sent again (a retry left, or
                // the one new login after a refused token) and cannot be built again.
                let may_resend =
                    attempt < s.policy.max_attempts || (s.token.is_some() && !relogged);
                let spare = if may_resend && rebuild.is_none() {
                    request.try_clone()
                } else {
                    None
                };
                let resendable = may_resend && (spare.is_some() || rebuild.is_some());
                let used_token = match &s.token {
                    Some(c) if resendable && !relogged => {
                        request.headers().get(c.header()).cloned()
                    }
                    _ => None,
                };
                // DEBUG: an application logging at INFO pays nothing per request for it (the
                // benches measured a span at INFO at 2–4% of a loopback round trip).
                let span = tracing::debug_span!(
                    "waba.request",
                    provider = s.provider,
                    operation,
                    method = %method,
                    attempt,
                    status = tracing::field::Empty,
                    duration_ms = tracing::field::Empty,
                );
                let sent_at = Instant::now();
                let result = client.execute(request).instrument(span.clone()).await;
                span.record("duration_ms", sent_at.elapsed().as_millis() as u64);
                if let Ok(r) = &result {
                    span.record("status", r.status().as_u16());
                    self.remember(r.headers());
                }
                let judged_status = result.as_ref().ok().map(|r| r.status().as_u16());
                let judged = match self.judge(result, operation, &method) {
                    Judgement::Done(judged) => judged,
                    Judgement::NeedsBody(response) => match buffer(response).await {
                        Ok((response, body)) => self.judge_body(response, body, operation, &method),
                        // An answer that broke off: not judged further, handed on as it came. A
                        // success is then reported as an unreadable 2xx answer (status kept,
                        // outcome unknown) rather than as a failed connection; the caller's read
                        // of an error's body fails as the buffering did.
                        Err(replay) => Judged {
                            result: Ok(replay),
                            decision: Decision::Stop,
                            auth_failed: false,
                            rate_limited: false,
                        },
                    },
                };
                if judged.rate_limited || judged.auth_failed {
                    let _ = ATTEMPTS.try_with(|a| {
                        a.set(LastAttempt {
                            count: attempt,
                            rate_limited: judged.rate_limited,
                            token_refused: judged.auth_failed,
                        })
                    });
                }
                let result = judged.result;
                if !resendable {
                    return result;
                }

                // Only a request that carried a token can have it refused.
                if judged.auth_failed && !relogged && used_token.is_some() {
                    let (Some(cache), Some(used)) = (&s.token, &used_token) else {
                        return result;
                    };
                    relogged = true;
                    let Some(again) =
                        Box::pin(self.again(spare, rebuild, Some((cache, used)), false)).await
                    else {
                        return result;
                    };
                    tracing::info!(
                        parent: &span,
                        provider = s.provider,
                        operation,
                        attempt,
                        "the provider refused the token; logged in again"
                    );
                    attempt -= 1;
                    request = again;
                    continue;
                }

                let delay = match judged.decision {
                    Decision::Stop => return result,
                    Decision::Retry => s.policy.backoff(attempt),
                    Decision::RetryAfter(wait) => wait,
                };
                if attempt >= s.policy.max_attempts
                    || start.elapsed() + delay > s.policy.max_elapsed
                {
                    return result;
                }
                tracing::info!(
                    parent: &span,
                    provider = s.provider,
                    operation,
                    attempt,
                    status = judged_status,
                    delay_ms = delay.as_millis() as u64,
                    "retrying"
                );
                Box::pin(tokio::time::sleep(delay)).await;
                let Some(again) = Box::pin(self.again(spare, rebuild, None, carries_token)).await
                else {
                    return result;
                };
                request = again;
            }
        }
    }

    /// The request of the next attempt: the copy kept, or one built again with the client's
    /// request headers and, when the first carried it, the token. After a refused token
    /// (`relogin`: the token cache and the value refused) the token is forgotten and the
    /// request gets the one of a new login. `None` when there is no request to send or the
    /// login failed.
    async fn again(
        &self,
        spare: Option<reqwest::Request>,
        rebuild: Option<&(dyn Fn() -> Option<reqwest::Request> + Sync)>,
        relogin: Option<(&TokenCache, &HeaderValue)>,
        carries_token: bool,
    ) -> Option<reqwest::Request> {
        let (mut again, rebuilt) = match spare {
            Some(copy) => (copy, false),
            None => (rebuild?()?, true),
        };
        if rebuilt {
            self.set_request_headers(&mut again);
        }
        if let Some((cache, used)) = relogin {
            cache.invalidate(used).await;
            let value = cache.header_value().await.ok()?;
            cache.apply(&mut again, value);
        } else if rebuilt
            && carries_token
            && let Some(cache) = &self.shared.token
        {
            let value = cache.header_value().await.ok()?;
            cache.apply(&mut again, value);
        }
        Some(again)
    }

    /// Judges an attempt from its status and headers, or hands the answer back when the
    /// provider's rules need its body to judge it.
    fn judge(
        &self,
        result: reqwest::Result<reqwest::Response>,
        operation: &str,
        method: &reqwest::Method,
    ) -> Judgement {
        let s = &*self.shared;
        let response = match result {
            Err(error) => {
                let attempt = Attempt {
                    operation,
                    method,
                    status: None,
                    headers: None,
                    body: None,
                    error: Some(&error),
                };
                let decision = s
                    .rules
                    .decide(&attempt)
                    .unwrap_or_else(|| default_decision(&attempt));
                return Judgement::Done(Judged {
                    result: Err(error),
                    decision,
                    auth_failed: false,
                    rate_limited: false,
                });
            }
            Ok(response) => response,
        };
        let status = response.status();
        if status.is_success() {
            // A provider that refuses a token inside a 2xx body (its rules ask for the body of
            // a success) gets the same single re-login as for a 401.
            if s.token.is_none() || !s.rules.wants_body(operation, status) {
                return Judgement::Done(Judged {
                    result: Ok(response),
                    decision: Decision::Stop,
                    auth_failed: false,
                    rate_limited: false,
                });
            }
            return Judgement::NeedsBody(response);
        }
        if s.rules.wants_body(operation, status) {
            return Judgement::NeedsBody(response);
        }
        Judgement::Done(self.judge_body_of(response, None, operation, method))
    }

    /// Judges an answer whose body [`Runtime::judge`] asked for, now read.
    fn judge_body(
        &self,
        response: reqwest::Response,
        body: bytes::Bytes,
        operation: &str,
        method: &reqwest::Method,
    ) -> Judged {
        self.judge_body_of(response, Some(&body), operation, method)
    }

    fn judge_body_of(
        &self,
        response: reqwest::Response,
        body: Option<&[u8]>,
        operation: &str,
        method: &reqwest::Method,
    ) -> Judged {
        let s = &*self.shared;
        let status = response.status();
        let attempt = Attempt {
            operation,
            method,
            status: Some(status),
            headers: Some(response.headers()),
            body,
            error: None,
        };
        if status.is_success() {
            let auth_failed = s.rules.is_auth_failure(&attempt);
            return Judged {
                result: Ok(response),
                decision: Decision::Stop,
                auth_failed,
                rate_limited: false,
            };
        }
        let decision = s
            .rules
            .decide(&attempt)
            .unwrap_or_else(|| default_decision(&attempt));
        let auth_failed = s.token.is_some() && s.rules.is_auth_failure(&attempt);
        let rate_limited = s.rules.is_rate_limit(&attempt);
        Judged {
            result: Ok(response),
            decision,
            auth_failed,
            rate_limited,
        }
    }
}

/// Reads a response's body and gives back an equivalent response holding it. When the body
/// breaks off, the error is an equivalent response whose body gives the bytes that came and
/// then fails with the same error, so the caller reports it as it would have without the
/// buffering. The body is read in place (one chunk is not copied); headers and extensions are
/// moved, not copied, into the one response built around it, which keeps status, version and
/// URL.
async fn buffer(
    mut response: reqwest::Response,
) -> Result<(reqwest::Response, bytes::Bytes), reqwest::Response> {
    let (read, error) = crate::response::read_partial(&mut response).await;
    // A response made from parts carries its URL as an extension (without one, reqwest parses
    // a placeholder URL for every response made); reqwest sets it only through a builder.
    use reqwest::ResponseBuilderExt;
    let mut with_url = http::Response::builder().url(response.url().clone());
    let mut extensions = with_url
        .extensions_mut()
        .map(std::mem::take)
        .unwrap_or_default();
    extensions.extend(std::mem::take(response.extensions_mut()));
    let (mut parts, ()) = http::Response::new(()).into_parts();
    parts.status = response.status();
    parts.version = response.version();
    parts.headers = std::mem::take(response.headers_mut());
    parts.extensions = extensions;
    let rebuilt =
        |body: reqwest::Body| reqwest::Response::from(http::Response::from_parts(parts, body));
    match error {
        None => Ok((rebuilt(reqwest::Body::from(read.clone())), read)),
        Some(error) => {
            let replay = Replay {
                bytes: Some(read),
                error: Some(error),
            };
            Err(rebuilt(reqwest::Body::wrap_stream(replay)))
        }
    }
}

/// The body of an answer that broke off, played again: the bytes that came, then the error.
struct Replay {
    bytes: Option<bytes::Bytes>,
    error: Option<reqwest::Error>,
}

impl futures_core::Stream for Replay {
    type Item = Result<bytes::Bytes, reqwest::Error>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let next = match this.bytes.take() {
            Some(bytes) if !bytes.is_empty() => Some(Ok(bytes)),
            _ => this.error.take().map(Err),
        };
        std::task::Poll::Ready(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request's URL is the one reqwest would have parsed from the base and path as text.
    #[test]
    fn a_request_url_is_the_base_and_path_parsed_as_a_whole() {
        let bases = [
            "https://waba-v2.360dialog.io",
            "http://127.0.0.1:8080",
            "http://localhost:1234/base",
            "https://example.com/api/v2",
            "http://[::1]:99",
            "https://example.com/with?query=1",
            "https://example.com/with#fragment",
        ];
        let paths = [
            "/v1/messages",
            "/v1.1/org/a%20b/notification",
            "/x/../y/./z",
            "/media/%F0%9F%98%80",
            "/with space/and\"quote",
        ];
        for base in bases {
            // One runtime per base: the first base a runtime sees is the one it parses once.
            let runtime = Runtime::new("test");
            for path in paths {
                let expected = reqwest::Url::parse(&format!("{base}{path}")).expect("parses");
                let built = runtime
                    .request_url(base, format_args!("{path}"))
                    .expect("builds");
                assert_eq!(built.as_str(), expected.as_str(), "{base} {path}");
            }
            // Another base on the same runtime is parsed as a whole.
            let other = runtime
                .request_url("https://other.example", format_args!("/v1/x"))
                .expect("builds");
            assert_eq!(other.as_str(), "https://other.example/v1/x");
        }
        let err = Runtime::new("test")
            .request_url("not a url", format_args!("/v1/x"))
            .unwrap_err();
        assert!(err.contains("relative URL without a base"), "{err}");
    }
}
