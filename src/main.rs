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
    /// Plan a scenario with one budget scaled step by step: the budget–outcome curve.
    Curve(cli::curve::CurveArgs),
    /// The least additional money that meets the targets, together and each alone.
    Gap(cli::gap::GapArgs),
    /// Solve many variants of a scenario in parallel and tabulate them.
    Sweep(cli::sweep::SweepArgs),
    /// Check a plan written by hand against the rules and the best plan the same money allows.
    Evaluate(cli::evaluate::EvaluateArgs),
    /// Put plans side by side and list exactly how each differs from the first.
    Compare(cli::compare::CompareArgs),
    /// Generate illustrative or synthetic data.
    Generate(cli::generate::GenerateArgs),
    /// Write the data workbook to fill in, blank or with a scenario's data.
    Template(cli::template::TemplateArgs),
}

fn main() {
    ntm::model::watch::trace("start");
    // Output piped into `head` and closed early ends the program quietly,
    // as Unix tools do, instead of a panic from `println!`.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal, before any
    // thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args = Cli::parse();
    // Commands that succeed or fail return (); a sweep returns its own exit
    // code, since some variants may fail while the sweep itself succeeds.
    let ok = |r: Result<(), Failure>| r.map(|()| exit::OK);
    let result: Result<i32, Failure> = match &args.command {
        Command::Plan(a) => ok(cli::plan::execute(a)),
        Command::Check(a) => ok(cli::check::execute(a)),
        Command::Curve(a) => ok(cli::curve::execute(a)),
        Command::Sweep(a) => cli::sweep::execute(a),
        Command::Gap(a) => cli::gap::execute(a),
        Command::Evaluate(a) => cli::evaluate::execute(a),
        Command::Compare(a) => ok(cli::compare::execute(a)),
        Command::Generate(a) => ok(cli::generate::execute(a)),
        Command::Template(a) => ok(cli::template::execute(a)),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            std::process::exit(failure.code);
        }
    }
}
