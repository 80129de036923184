use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = hardline::cli::Args::parse();
    match hardline::cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("hardline: {e:#}");
            ExitCode::FAILURE
        }
    }
}
