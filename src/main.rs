//! `ntm`: New Rural Development allocation optimizer.

use clap::{Parser, Subcommand};

use ntm::cli::{self, Failure};
use ntm::error::exit;

#[derive(Parser)]
#[command(
    name = "ntm",
    version,
    about = "Plans New Rural Development (Nông thôn mới) money per commune, criterion, year and source, proven optimal."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Plan a scenario and write the plan and its reports.
    Plan(cli::plan::PlanArgs),
    /// Validate a scenario and print what its data holds.
    Check(cli::check::CheckArgs),
    /// Generate illustrative or synthetic data.
    Generate(cli::generate::GenerateArgs),
}

fn main() {
    let args = Cli::parse();
    let result: Result<(), Failure> = match &args.command {
        Command::Plan(a) => cli::plan::execute(a),
        Command::Check(a) => cli::check::execute(a),
        Command::Generate(a) => cli::generate::execute(a),
    };
    match result {
        Ok(()) => std::process::exit(exit::OK),
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            std::process::exit(failure.code);
        }
    }
}
