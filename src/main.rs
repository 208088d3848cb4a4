//! The `gazette` binary: parses the command line, runs one verb, reports errors once.

use clap::Parser;
use gazette::cli::{Cli, Command};
use gazette::cmd;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: the build makes and drops millions of small
/// strings (view-models, tokens), and glibc's malloc and free were a sixth of its profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = cmd::Output::new(cli.quiet, cli.verbose);
    let result = match &cli.command {
        Command::Init(args) => cmd::init::run(&cli.root, args, &out),
        Command::Import(args) => cmd::import::run(&cli.root, args, &out),
        Command::Inspect(args) => cmd::inspect::run(&cli.root, args, &out),
        Command::Build(args) => cmd::build::run(&cli.root, args, &out),
        Command::Check(args) => cmd::check::run(&cli.root, args, &out),
        Command::Serve(args) => cmd::serve::run(&cli.root, args, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out.error(&format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}
