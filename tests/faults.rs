//! The fault matrix: what the 360dialog client (and so the shared runtime) does when the
//! provider answers badly, late, halfway or not at all.
//!
//! Every case runs an idempotent GET (`get_webhook`) and a POST (`send`) against their own
//! [`ScriptedServer`], which plays the faults of the case and then answers with the
//! operation's success body. Each run checks the outcome (success, or the error's kind,
//! status, `is_outcome_unknown()` and `attempts()`) and how many requests the server received,
//! which is how many times the runtime sent the request.
//!
//! The retry table under test (see `waba_runtime::retry`): what may not have reached the
//! provider, and what the provider refused, is retried for every method; what the provider may
//! have acted on is retried for GET only; 500 and everything else is never retried.
//!
//! A 2xx answer that cannot be read (not JSON, cut off, the wrong shape, empty) is never
//! retried and its outcome is unknown: the provider has the request. The last part runs those
//! answers to every provider's send through the facade, counting that the send reached the
//! server exactly once.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use waba_dialog360::{Client, ErrorKind, Message, RetryPolicy};
use waba_workspace_tests::server::{Action, ScriptedServer};

/// The client timeout: far above a local answer, far below [`SLOW`].
const TIMEOUT: Duration = Duration::from_millis(300);
/// How late a slow answer comes.
const SLOW: Duration = Duration::from_secs(1);
/// The policy's attempts.
const MAX_ATTEMPTS: u32 = 3;

const WEBHOOK: &str = r#"{"url":"https://example.com/hook"}"#;
const SENT: &str = r#"{"messaging_product":"whatsapp","contacts":[{"input":"4915112345678","wa_id":"4915112345678"}],"messages":[{"id":"wamid.X"}]}"#;
const SERVER_ERROR: &str = r#"{"error":"Internal server error"}"#;
const BAD_GATEWAY: &str = r#"{"error":"Bad gateway"}"#;
const UNAVAILABLE: &str = r#"{"error":"Service unavailable"}"#;
const TOO_MANY: &str = r#"{"error":"Too many requests"}"#;
const D360_RATE_LIMIT: &str = r#"{"error":"You have exceeded the endpoint rate limit"}"#;
const HTML: &str = "<html><head><title>500 Internal Server Error</title></head>\
                    <body><h1>Internal Server Error</h1></body></html>";

/// The two operations every case runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    /// `get_webhook`: `GET /v1/configs/webhook`, may be repeated.
    Get,
    /// `send`: `POST /messages`, must not be sent twice when it may have been processed.
    Post,
}

impl Method {
    fn success(self) -> Action {
        match self {
            Method::Get => Action::json(200, WEBHOOK),
            Method::Post => Action::json(200, SENT),
        }
    }
}

/// What a run must come to.
#[derive(Debug, Clone, Copy)]
struct Expect {
    /// Requests the server must have received.
    requests: usize,
    /// `None` for success.
    error: Option<Failure>,
    /// The call must not finish sooner (a `Retry-After` was honoured).
    min_elapsed: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Failure {
    kind: ErrorKind,
    status: Option<u16>,
    outcome_unknown: bool,
    attempts: u32,
    timeout: bool,
    /// `is_accepted()`: a 2xx answer that cannot be read.
    accepted: bool,
    /// The raw body must be kept and contain this.
    body_contains: Option<&'static str>,
}

/// Succeeds after `requests` requests.
fn ok(requests: usize) -> Expect {
    Expect {
        requests,
        error: None,
        min_elapsed: Duration::ZERO,
    }
}

/// Fails with `kind` after `requests` requests (as many attempts), outcome known, no status.
fn fails(kind: ErrorKind, requests: usize) -> Expect {
    Expect {
        requests,
        error: Some(Failure {
            kind,
            status: None,
            outcome_unknown: false,
            attempts: u32::try_from(requests).unwrap_or(u32::MAX),
            timeout: false,
            accepted: false,
            body_contains: None,
        }),
        min_elapsed: Duration::ZERO,
    }
}

/// An API error with `status` after `requests` requests.
fn api(status: u16, requests: usize) -> Expect {
    fails(ErrorKind::Api, requests).status(status)
}

impl Expect {
    fn failure(mut self, f: impl FnOnce(&mut Failure)) -> Self {
        f(self
            .error
            .as_mut()
            .expect("only failures have error details"));
        self
    }
    fn status(self, status: u16) -> Self {
        self.failure(|e| e.status = Some(status))
    }
    /// The provider may have processed the request.
    fn unknown(self) -> Self {
        self.failure(|e| e.outcome_unknown = true)
    }
    fn attempts(self, attempts: u32) -> Self {
        self.failure(|e| e.attempts = attempts)
    }
    fn timeout(self) -> Self {
        self.failure(|e| e.timeout = true)
    }
    /// The provider answered 2xx: it accepted the request.
    fn accepted(self) -> Self {
        self.failure(|e| e.accepted = true)
    }
    fn body_contains(self, text: &'static str) -> Self {
        self.failure(|e| e.body_contains = Some(text))
    }
    fn not_before(mut self, elapsed: Duration) -> Self {
        self.min_elapsed = elapsed;
        self
    }
}

/// What a run came to.
struct Observed {
    result: Result<(), waba_dialog360::Error>,
    requests: usize,
    elapsed: Duration,
}

fn client(base_url: String) -> Client {
    Client::builder("k")
        .base_url(base_url)
        .timeout(TIMEOUT)
        .retry(RetryPolicy {
            max_attempts: MAX_ATTEMPTS,
            max_elapsed: Duration::from_secs(10),
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(40),
        })
        .build()
        .expect("client builds")
}

/// Calls the operation against `base_url` and checks the success body.
async fn call(method: Method, base_url: String) -> Result<(), waba_dialog360::Error> {
    let client = client(base_url);
    match method {
        Method::Get => {
            let config = client.get_webhook().await?.into_inner();
            let url = serde_json::to_value(&config).expect("serialises")["url"].clone();
            assert_eq!(url, "https://example.com/hook", "{config:?}");
        }
        Method::Post => {
            let sent = client
                .send(Message::text("4915112345678", "hi"))
                .await?
                .into_inner();
            let id = serde_json::to_value(&sent).expect("serialises")["messages"][0]["id"].clone();
            assert_eq!(id, "wamid.X", "{sent:?}");
        }
    }
    Ok(())
}

/// Runs `method` against a server playing `script`, then the operation's success.
async fn run(method: Method, script: Vec<Action>) -> Observed {
    let server = ScriptedServer::start_with_default(script, method.success()).await;
    let start = Instant::now();
    let result = call(method, server.base_url()).await;
    Observed {
        result,
        requests: server.requests(),
        elapsed: start.elapsed(),
    }
}

fn check(case: &str, method: Method, expect: &Expect, seen: &Observed) {
    let at = format!("case `{case}`, {method:?}");
    assert_eq!(
        seen.requests, expect.requests,
        "{at}: requests received (result: {:?})",
        seen.result
    );
    assert!(
        seen.elapsed >= expect.min_elapsed,
        "{at}: finished after {:?}, expected at least {:?}",
        seen.elapsed,
        expect.min_elapsed
    );
    match (&expect.error, &seen.result) {
        (None, Ok(())) => {}
        (None, Err(e)) => panic!("{at}: expected success, got {e:?}"),
        (Some(f), Ok(())) => panic!("{at}: expected a {:?} error, got success", f.kind),
        (Some(f), Err(e)) => {
            assert_eq!(e.kind(), f.kind, "{at}: kind of {e:?}");
            assert_eq!(
                e.status().map(|s| s.as_u16()),
                f.status,
                "{at}: status of {e:?}"
            );
            assert_eq!(
                e.is_outcome_unknown(),
                f.outcome_unknown,
                "{at}: is_outcome_unknown of {e:?}"
            );
            assert_eq!(e.is_timeout(), f.timeout, "{at}: is_timeout of {e:?}");
            assert_eq!(e.is_accepted(), f.accepted, "{at}: is_accepted of {e:?}");
            assert_eq!(e.attempts(), f.attempts, "{at}: attempts of {e:?}");
            if let Some(text) = f.body_contains {
                let body = e.body_text().unwrap_or_default();
                assert!(body.contains(text), "{at}: body {body:?} lacks {text:?}");
            }
            // Display never panics and names the operation.
            assert!(e.to_string().contains(e.operation()), "{at}: {e}");
        }
    }
}

/// Runs one case for both methods at once, each against its own server playing `script`.
async fn case(name: &str, script: impl Fn() -> Vec<Action>, get: Expect, post: Expect) {
    let (g, p) = tokio::join!(run(Method::Get, script()), run(Method::Post, script()));
    check(name, Method::Get, &get, &g);
    check(name, Method::Post, &post, &p);
}

/// An HTTP date (IMF-fixdate), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(at: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = at.duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil from days (Howard Hinnant's algorithm), for days since 1970-01-01.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        DAYS[usize::try_from(days % 7).expect("small")],
        MONTHS[usize::try_from(month - 1).expect("small")],
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60,
    )
}

#[test]
fn http_dates_are_formatted_like_the_rfc_example() {
    let at = UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
    let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
    assert_eq!(http_date(leap), "Tue, 29 Feb 2000 00:00:00 GMT");
}

#[tokio::test]
async fn a_500_is_never_retried_and_its_outcome_is_unknown() {
    case(
        "500",
        || vec![Action::json(500, SERVER_ERROR)],
        api(500, 1).unknown().body_contains("Internal server error"),
        api(500, 1).unknown().body_contains("Internal server error"),
    )
    .await;
}

#[tokio::test]
async fn a_502_is_retried_for_get_only() {
    case(
        "502",
        || vec![Action::json(502, BAD_GATEWAY)],
        ok(2),
        api(502, 1).unknown(),
    )
    .await;
}

#[tokio::test]
async fn a_persistent_502_exhausts_the_attempts() {
    case(
        "persistent 502",
        || vec![Action::json(502, BAD_GATEWAY); 5],
        api(502, 3).unknown().attempts(MAX_ATTEMPTS),
        api(502, 1).unknown(),
    )
    .await;
}

#[tokio::test]
async fn a_503_with_retry_after_seconds_is_retried_for_both_after_the_wait() {
    let after = Duration::from_millis(950);
    case(
        "503 Retry-After: 1",
        || vec![Action::json(503, UNAVAILABLE).header("Retry-After", "1")],
        ok(2).not_before(after),
        ok(2).not_before(after),
    )
    .await;
}

#[tokio::test]
async fn a_503_with_retry_after_date_is_retried_for_both_after_the_wait() {
    // Two whole seconds ahead: the date has second precision, so the wait is over 1 s.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let date = http_date(UNIX_EPOCH + Duration::from_secs(now + 2));
    let after = Duration::from_millis(950);
    case(
        "503 Retry-After: <date 1-2 s ahead>",
        || vec![Action::json(503, UNAVAILABLE).header("Retry-After", &date)],
        ok(2).not_before(after),
        ok(2).not_before(after),
    )
    .await;
}

#[tokio::test]
async fn a_503_with_retry_after_date_in_the_past_is_retried_for_both_at_once() {
    let date = http_date(SystemTime::now() - Duration::from_secs(3_600));
    case(
        "503 Retry-After: <past date>",
        || vec![Action::json(503, UNAVAILABLE).header("Retry-After", &date)],
        ok(2),
        ok(2),
    )
    .await;
}

#[tokio::test]
async fn a_503_without_retry_after_is_retried_for_get_only() {
    case(
        "503",
        || vec![Action::json(503, UNAVAILABLE)],
        ok(2),
        api(503, 1).unknown(),
    )
    .await;
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_for_both_after_the_wait() {
    let after = Duration::from_millis(950);
    case(
        "429 Retry-After: 1",
        || vec![Action::json(429, TOO_MANY).header("Retry-After", "1")],
        ok(2).not_before(after),
        ok(2).not_before(after),
    )
    .await;
}

#[tokio::test]
async fn a_429_without_retry_after_is_retried_for_both() {
    case("429", || vec![Action::json(429, TOO_MANY)], ok(2), ok(2)).await;
}

#[tokio::test]
async fn the_360dialog_rate_limit_400_is_retried_for_both() {
    case(
        "400 rate limit",
        || vec![Action::json(400, D360_RATE_LIMIT)],
        ok(2),
        ok(2),
    )
    .await;
}

#[tokio::test]
async fn malformed_json_in_a_200_is_an_accepted_invalid_response_with_unknown_outcome() {
    case(
        "200 malformed JSON",
        || vec![Action::json(200, r#"{"url": "https://exa"#)],
        fails(ErrorKind::InvalidResponse, 1)
            .status(200)
            .unknown()
            .accepted()
            .body_contains(r#"{"url": "https://exa"#),
        fails(ErrorKind::InvalidResponse, 1)
            .status(200)
            .unknown()
            .accepted()
            .body_contains(r#"{"url": "https://exa"#),
    )
    .await;
}

#[tokio::test]
async fn an_empty_200_is_an_accepted_invalid_response_with_unknown_outcome() {
    case(
        "200 empty body",
        || vec![Action::json(200, "")],
        fails(ErrorKind::InvalidResponse, 1)
            .status(200)
            .unknown()
            .accepted(),
        fails(ErrorKind::InvalidResponse, 1)
            .status(200)
            .unknown()
            .accepted(),
    )
    .await;
}

#[tokio::test]
async fn an_html_error_page_is_an_api_error_that_keeps_the_page() {
    let page = || Action::Respond {
        status: 500,
        headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
        body: HTML.as_bytes().to_vec(),
    };
    case(
        "500 HTML page",
        || vec![page()],
        api(500, 1)
            .unknown()
            .body_contains("<h1>Internal Server Error</h1>"),
        api(500, 1)
            .unknown()
            .body_contains("<h1>Internal Server Error</h1>"),
    )
    .await;
}

#[tokio::test]
async fn a_truncated_200_body_is_an_accepted_invalid_response_that_keeps_what_came() {
    let truncated = |full: &str| Action::Truncated {
        status: 200,
        declared_len: full.len(),
        body: full.as_bytes()[..full.len() / 2].to_vec(),
    };
    // The server sends the half of the operation's own success body.
    let (g, p) = tokio::join!(
        run(Method::Get, vec![truncated(WEBHOOK)]),
        run(Method::Post, vec![truncated(SENT)]),
    );
    let expect = |full: &'static str| {
        fails(ErrorKind::InvalidResponse, 1)
            .status(200)
            .unknown()
            .accepted()
            .body_contains(&full[..full.len() / 2])
    };
    check("200 truncated body", Method::Get, &expect(WEBHOOK), &g);
    check("200 truncated body", Method::Post, &expect(SENT), &p);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_only_get_is_retried() {
    case(
        "answer after 1 s, always",
        || vec![Method::Get.success().after(SLOW); 5],
        fails(ErrorKind::Transport, 3)
            .unknown()
            .timeout()
            .attempts(MAX_ATTEMPTS),
        fails(ErrorKind::Transport, 1).unknown().timeout(),
    )
    .await;
}

#[tokio::test]
async fn a_get_that_timed_out_once_succeeds_on_the_retry() {
    let (slow, hang) = tokio::join!(
        run(Method::Get, vec![Method::Get.success().after(SLOW)]),
        run(Method::Get, vec![Action::Hang]),
    );
    check("answer after 1 s, once", Method::Get, &ok(2), &slow);
    check("no answer, once", Method::Get, &ok(2), &hang);
}

#[tokio::test]
async fn a_post_to_a_server_that_never_answers_times_out_with_unknown_outcome() {
    let seen = run(Method::Post, vec![Action::Hang]).await;
    let expect = fails(ErrorKind::Transport, 1).unknown().timeout();
    check("no answer, once", Method::Post, &expect, &seen);
}

#[tokio::test]
async fn a_refused_connection_is_retried_and_its_outcome_is_known() {
    // A port nothing listens on: bound, then released.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
        listener.local_addr().expect("an address").port()
    };
    for method in [Method::Get, Method::Post] {
        let start = Instant::now();
        let result = call(method, format!("http://127.0.0.1:{port}")).await;
        let seen = Observed {
            result,
            requests: 0,
            elapsed: start.elapsed(),
        };
        // Nothing was sent, so both methods are retried; the server saw nothing either way.
        let expect = fails(ErrorKind::Transport, 0).attempts(MAX_ATTEMPTS);
        check("connection refused", method, &expect, &seen);
    }
}

#[tokio::test]
async fn a_connection_closed_mid_response_is_retried_for_get_only() {
    case(
        "closed mid-response",
        || {
            vec![Action::CloseMidResponse(
                b"HTTP/1.1 200 OK\r\nContent-Le".to_vec(),
            )]
        },
        ok(2),
        fails(ErrorKind::Transport, 1).unknown(),
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Every provider's send, through the facade: a 2xx answer that cannot be read.

/// How a provider's send reaches the server.
struct Send {
    provider: waba::Provider,
    /// The end of the send's path.
    path: &'static str,
    /// The success status the spec documents.
    status: u16,
    /// The provider answers refusals inside 2xx bodies (`x-waba-failure-when`), so an
    /// unreadable 2xx answer is not known to be an acceptance.
    failures_in_2xx: bool,
    /// The login the client makes first, and its documented answer.
    login: Option<(&'static str, Action)>,
}

fn sends() -> Vec<Send> {
    let onextel_login = waba_workspace_tests::response_example("onextel", "generate_token", "200");
    vec![
        Send {
            provider: waba::Provider::Dialog360,
            status: 200,
            path: "/messages",
            failures_in_2xx: false,
            login: None,
        },
        Send {
            provider: waba::Provider::Onextel,
            status: 200,
            path: "/chatbird/api/message/send",
            failures_in_2xx: true,
            login: Some((
                "/account/enterprise/login",
                Action::json(200, &onextel_login.to_string()),
            )),
        },
        Send {
            provider: waba::Provider::Channel360,
            status: 201,
            path: "/notification",
            failures_in_2xx: false,
            login: None,
        },
        Send {
            provider: waba::Provider::Mehery,
            status: 200,
            path: "/api/v1/message/send",
            failures_in_2xx: false,
            login: None,
        },
        Send {
            provider: waba::Provider::Desk360,
            status: 200,
            path: "/conversations/templates/send",
            failures_in_2xx: false,
            login: None,
        },
    ]
}

/// A facade client of `provider` with every setting it needs, pointed at `base_url`.
fn facade_client(provider: waba::Provider, base_url: String) -> waba::Client {
    let builder = waba::Client::builder(provider)
        .base_url(base_url)
        .timeout(TIMEOUT)
        .retry(RetryPolicy {
            max_attempts: MAX_ATTEMPTS,
            max_elapsed: Duration::from_secs(10),
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(40),
        });
    let builder = match provider {
        waba::Provider::Dialog360 => builder.api_key("D360-KEY"),
        waba::Provider::Onextel => builder
            .email("ops@example.com")
            .password("pw")
            .sender("919876543210")
            .journey_id("66c3054f9a1b2c3d61f5501e"),
        waba::Provider::Channel360 => builder.token("jwt").org_id("659039655cf56a8df0c8908"),
        waba::Provider::Mehery => builder.api_key("KEY").channel_id("wa360:919988776655"),
        waba::Provider::Desk360 => builder.token("desk-token").integration_id("42"),
        other => panic!("no test settings for {other}"),
    };
    builder.build().expect("client builds")
}

/// The 2xx answers that cannot be read, by name, with the status they come with and the
/// bytes the error must keep; `status` is the success status the spec documents.
fn unreadable_answers(status: u16) -> Vec<(&'static str, Action, u16, &'static [u8])> {
    const CUT: &str = r#"{"messages":[{"id":"wamid."#;
    // Another success status than the documented one (202 where none documents it).
    let other = if status == 202 { 200 } else { 202 };
    vec![
        (
            "not JSON",
            Action::Respond {
                status,
                headers: vec![("Content-Type".into(), "text/html".into())],
                body: b"<html><body>Message queued</body></html>".to_vec(),
            },
            status,
            b"<html><body>Message queued</body></html>",
        ),
        (
            "truncated",
            Action::Truncated {
                status,
                declared_len: CUT.len() + 40,
                body: CUT.as_bytes().to_vec(),
            },
            status,
            CUT.as_bytes(),
        ),
        // Valid JSON, but a string where every provider documents an object.
        (
            "wrong shape",
            Action::json(status, r#""queued""#),
            status,
            br#""queued""#,
        ),
        ("empty body", Action::json(status, ""), status, b""),
        // A success the spec does not document, with a body the client does not read.
        (
            "undocumented success status",
            Action::json(other, r#"{"queued":true}"#),
            other,
            br#"{"queued":true}"#,
        ),
    ]
}

#[tokio::test]
async fn an_unreadable_2xx_answer_to_every_providers_send_is_sent_once_and_its_outcome_unknown() {
    for send in sends() {
        for (name, answer, status, kept) in unreadable_answers(send.status) {
            if status != send.status && send.provider == waba::Provider::Mehery {
                // Mehery's spec documents its success as `2XX`: any 2xx is the documented one.
                continue;
            }
            let at = format!("{} send, {status} {name}", send.provider);
            let script: Vec<Action> = send
                .login
                .iter()
                .map(|(_, login)| login.clone())
                .chain([answer])
                .collect();
            // Anything more than the script gets a 500, so a resend would show as a success
            // of the wrong kind as well as in the count.
            let server =
                ScriptedServer::start_with_default(script, Action::json(500, SERVER_ERROR)).await;
            let client = facade_client(send.provider, server.base_url());
            let template = waba::Template::new("75").language("2").body(["Anna"]);
            let err = client
                .send_template("+4915112345678", &template)
                .await
                .expect_err(&at);

            assert_eq!(
                server.requests_to("POST", send.path),
                1,
                "{at}: sends received: {:?}",
                server.request_lines()
            );
            if let Some((login, _)) = &send.login {
                assert_eq!(server.requests_to("POST", login), 1, "{at}: logins");
            }
            assert_eq!(
                server.requests(),
                1 + send.login.iter().count(),
                "{at}: requests: {:?}",
                server.request_lines()
            );

            // The facade's error.
            assert!(err.is_outcome_unknown(), "{at}: {err:?}");
            assert_eq!(err.is_accepted(), !send.failures_in_2xx, "{at}: {err:?}");
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{at}");
            assert_eq!(err.body(), Some(kept), "{at}: body kept");
            assert!(err.headers().is_some(), "{at}: headers kept");
            // The top line says what it means; the runtime's error under it, what happened.
            assert!(
                err.to_string().contains("never send it again"),
                "{at}: {err}"
            );
            let text = crate::facade::report(&err);
            assert!(text.contains("do not resend"), "{at}: {text}");
            if !send.failures_in_2xx {
                assert!(
                    text.contains("was accepted by the provider"),
                    "{at}: {text}"
                );
            }
            // The provider crate's error under it.
            let request = err.request_error().expect("a request error");
            assert_eq!(request.kind(), ErrorKind::InvalidResponse, "{at}");
            assert_eq!(request.attempts(), 1, "{at}");
            assert!(!request.is_timeout(), "{at}");
        }
    }
}

#[tokio::test]
async fn an_onextel_refusal_inside_a_200_is_an_api_error_whose_outcome_is_known() {
    // The contrast of the rows above: Onextel's
    // `"status": false` inside a 200 is a refusal whose outcome is known.
    let refusal = r#"{"status":false,"code":101,"message":"Journey not found"}"#;
    let onextel = sends().remove(1);
    let (_, login) = onextel.login.clone().expect("Onextel logs in");
    let server = ScriptedServer::start_with_default(
        vec![login, Action::json(200, refusal)],
        Action::json(500, SERVER_ERROR),
    )
    .await;
    let client = facade_client(onextel.provider, server.base_url());
    let template = waba::Template::new("75").language("2").body(["Anna"]);
    let err = client
        .send_template("+4915112345678", &template)
        .await
        .expect_err("a refusal");
    assert_eq!(server.requests_to("POST", onextel.path), 1);
    assert!(!err.is_outcome_unknown(), "{err:?}");
    assert!(!err.is_accepted(), "{err:?}");
    assert_eq!(
        err.request_error().map(waba_runtime::Error::kind),
        Some(ErrorKind::Api)
    );
}
