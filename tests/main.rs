//! Workspace tests: every provider client against local mock servers, and the check that
//! generated code matches the specs.

mod agreement;
mod channel360;
mod construct;
mod desk360;
mod dialog360;
mod facade;
mod faults;
mod generated;
mod mehery;
mod onextel;
mod patterns;
mod runtime;
mod server;

/// The spec's component schemas compiled by the xtask's interpreter (what the linter checks
/// examples with): the spec's own answer for a JSON value, to compare the typed checks with.
pub fn spec_schemas(provider: &str) -> xtask::schema::SchemaSet {
    let spec = waba_workspace_tests::spec(provider);
    xtask::schema::SchemaSet::from_components(&spec["components"]["schemas"])
        .unwrap_or_else(|e| panic!("{provider}: schemas compile: {e}"))
}

/// A mock that answers every request with `status`; its `calls` tell whether (and how often)
/// anything reached the server.
pub fn answer_everything(server: &httpmock::MockServer, status: u16) -> httpmock::Mock<'_> {
    server.mock(|when, then| {
        when.any_request();
        then.status(status);
    })
}
