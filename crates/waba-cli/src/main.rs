//! `waba`: send WhatsApp messages, list templates and parse webhook bodies through any
//! provider of the `waba` crate, configured like `waba::Client::from_env`.

mod config;
mod exit;
mod output;
mod send;
mod templates;
mod webhook;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::exit::{Exit, Failure};
use crate::output::RED;

/// Send WhatsApp messages, list templates and parse webhook bodies through 360dialog, Onextel,
/// Channel360, Mehery or Desk360.
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&Failure::new(Exit::Failed, format!("cannot start: {e}"))),
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Send(args) => send::run(args).await,
            Command::Templates(args) => templates::run(args).await,
            Command::Webhook(args) => webhook::run(args).await,
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
