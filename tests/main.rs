//! Workspace tests: every provider client against local mock servers, and the check that
//! generated code matches the specs.

mod dialog360;
mod faults;
mod generated;
mod runtime;
