//! `waba sandbox`: starts a [`waba_sandbox::Sandbox`], prints one line `P http://127.0.0.1:N/P`
//! per provider once it accepts connections, and runs until Ctrl-C (or, with
//! `--until-stdin-closes`, until its standard input is closed, so a test or a parent process
//! that ends takes the sandbox with it).

use std::io::Write;
use std::process::ExitCode;

use tokio::io::AsyncReadExt;
use waba_sandbox::{Options, Provider, Sandbox};

use crate::exit::Exit;

/// The arguments of `waba sandbox`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The port on 127.0.0.1 (0 or none: a free port, printed).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// A provider to serve (dialog360, onextel, channel360, mehery, desk360); repeat for
    /// several; none: every provider.
    #[arg(long = "provider", value_name = "P", value_parser = parse_provider)]
    providers: Vec<Provider>,
    /// Also stop when standard input is closed: for a parent process (a test suite in any
    /// language) that holds a pipe to it, so the sandbox ends with the parent.
    #[arg(long)]
    until_stdin_closes: bool,
}

fn parse_provider(s: &str) -> Result<Provider, String> {
    s.parse::<Provider>().map_err(|e| e.to_string())
}

/// Runs the subcommand: 0 after Ctrl-C (or the end of input), 2 when the server cannot start
/// (the port is taken), 4 when it fails while running.
pub fn run(args: Args) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("waba sandbox: cannot start the runtime: {e}");
            return ExitCode::from(Exit::Failed.code());
        }
    };
    runtime.block_on(serve(args))
}

async fn serve(args: Args) -> ExitCode {
    let options = Options {
        providers: args.providers,
        port: args.port,
    };
    let sandbox = match Sandbox::start(options).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("waba sandbox: {e}");
            return ExitCode::from(Exit::Usage.code());
        }
    };
    {
        let mut out = std::io::stdout().lock();
        for &p in sandbox.providers() {
            if let Some(url) = sandbox.base_url(p) {
                let _ = writeln!(out, "{} {url}", p.id());
            }
        }
        let _ = out.flush();
    }
    let stdin_closed = async {
        if !args.until_stdin_closes {
            std::future::pending::<()>().await;
        }
        let mut stdin = tokio::io::stdin();
        let mut buf = [0u8; 1024];
        loop {
            match stdin.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = stdin_closed => {}
    }
    match sandbox.stop().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("waba sandbox: {e}");
            ExitCode::from(Exit::Failed.code())
        }
    }
}
