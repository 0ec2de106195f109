//! `waba`: send WhatsApp messages, list templates and parse webhook bodies through any
//! provider of the `waba` crate, configured like `waba::Client::from_env`; and
//! `waba sandbox`, every provider's API served from its spec on 127.0.0.1 (the
//! `waba-sandbox` crate).

mod config;
mod exit;
mod output;
mod sandbox;
mod send;
mod templates;
mod webhook;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::exit::{Exit, Failure};
use crate::output::RED;

/// Send WhatsApp messages, list templates and parse webhook bodies through 360dialog, Onextel,
/// Channel360, Mehery or Desk360, or serve their APIs locally for tests.
#[derive(Parser)]
#[command(name = "waba", version, after_help = exit::HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Send a text, a template or a media file.
    Send(send::Args),
    /// List the templates of the account (360dialog, Channel360, Mehery, Desk360).
    Templates(templates::Args),
    /// Check and parse webhook bodies.
    Webhook(webhook::Args),
    /// Serve every provider's API from its spec on 127.0.0.1, for tests and local development.
    Sandbox(sandbox::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = match cli.command {
        // The sandbox runs its own multi-threaded runtime until stopped.
        Command::Sandbox(args) => return sandbox::run(args),
        command => command,
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&Failure::new(Exit::Failed, format!("cannot start: {e}"))),
    };
    let result = runtime.block_on(async {
        match command {
            Command::Send(args) => send::run(args).await,
            Command::Templates(args) => templates::run(args).await,
            Command::Webhook(args) => webhook::run(args).await,
            Command::Sandbox(_) => unreachable!("the sandbox is run above"),
        }
    });
    match result {
        Ok(()) => ExitCode::from(Exit::Success.code()),
        Err(failure) => fail(&failure),
    }
}

/// Writes the failure's sentence to stderr and returns its exit code.
fn fail(failure: &Failure) -> ExitCode {
    let _ = writeln!(
        anstream::stderr().lock(),
        "{RED}error:{RED:#} {}",
        failure.message
    );
    ExitCode::from(failure.exit.code())
}
