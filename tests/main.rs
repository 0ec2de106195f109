//! Workspace tests: every provider client against local mock servers, and the check that
//! generated code matches the specs.

mod channel360;
mod construct;
mod desk360;
mod dialog360;
mod facade;
mod faults;
mod generated;
mod mehery;
mod onextel;
mod runtime;
mod server;

/// A mock that answers every request with `status`; its `calls` tell whether (and how often)
/// anything reached the server.
pub fn answer_everything(server: &httpmock::MockServer, status: u16) -> httpmock::Mock<'_> {
    server.mock(|when, then| {
        when.any_request();
        then.status(status);
    })
}
