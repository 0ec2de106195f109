//! `waba`: the command line of the waba workspace.
//!
//! `waba sandbox [--port N] [--provider P]...` serves every provider's API from its spec on
//! 127.0.0.1 (see the `waba-sandbox` crate).
//!
//! Exit codes: 0 ok, 1 a failure while running (the port cannot be bound), 2 usage or
//! configuration.

mod sandbox;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Typed WhatsApp business messaging, from the command line.
#[derive(Debug, Parser)]
#[command(name = "waba", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Serve every provider's API from its spec on 127.0.0.1, for tests and local development.
    Sandbox(sandbox::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Sandbox(args) => sandbox::run(args),
    }
}
