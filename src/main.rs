use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = hardline::cli::Args::parse();
    match hardline::cli::run(args) {
        Ok(code) => code,
        // The reader of a pipe went away (`hardline list | head -1`): nothing left to say.
        Err(e) if hardline::cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hardline: {}", hardline::cli::error_text(&e));
            ExitCode::FAILURE
        }
    }
}
