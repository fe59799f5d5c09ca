//! `server`: the registration API and the portal on one port. See `--help`.

use clap::Parser;
use server::config::Args;
use std::io::Write;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    // `--help`, `--version` and bad arguments print and exit here (2 for bad arguments).
    let config = Args::parse().config();
    let db = config.database.to_string();
    let dist = config.dist.display().to_string();
    let running = match server::start(config).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("server: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Tests and scripts read this line to find the port.
    println!(
        "listening on http://{} (database {db}, portal {dist})",
        running.addr
    );
    let _ = std::io::stdout().flush();
    shutdown_signal().await;
    eprintln!("server: shutting down");
    running.stop().await;
    ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
