//! `ntm generate`: regenerate the illustrative Lai Châu tables, or write a
//! synthetic scenario of any size.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::Failure;
use crate::error::exit;
use crate::generate;
use crate::output::{Foreign, OutputSet};
use crate::report::Files;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  ntm generate lai-chau -o scenarios/lai-chau
  ntm generate synthetic --communes 1000 --seed 1 -o out/synthetic

Exit codes: 0 written, 1 a write failure, 2 bad input")]
pub struct GenerateArgs {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, Subcommand)]
pub enum What {
    /// The illustrative tables of the default scenario.
    LaiChau {
        #[arg(long, default_value_t = generate::lai_chau::DEFAULT_SEED)]
        seed: u64,
        /// The data folder to write.
        #[arg(short, long, default_value = "scenarios/lai-chau")]
        output: PathBuf,
    },
    /// A synthetic scenario (synthetic.toml and synthetic/).
    Synthetic {
        #[arg(long, default_value_t = 1000)]
        communes: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(short, long, default_value = "out/synthetic")]
        output: PathBuf,
        /// Only the commune tables, without the directive's advanced gaps,
        /// villages and projects (the instance the speed benches plan).
        #[arg(long)]
        plain: bool,
    },
}

/// The most communes `generate synthetic` makes: ten times the country,
/// and tables well inside what the readers take.
pub const MAX_COMMUNES: usize = 100_000;

/// The 94 communes of Lai Châu (statistics office catalogue, 2024).
const LAI_CHAU_COMMUNES: &str = include_str!("../../data/lai_chau_communes_2024.csv");

pub fn execute(args: &GenerateArgs) -> Result<(), Failure> {
    let (dir, files) = match &args.what {
        What::LaiChau { seed, output } => (
            output.clone(),
            generate::lai_chau::lai_chau_tables(LAI_CHAU_COMMUNES, *seed),
        ),
        What::Synthetic {
            communes,
            seed,
            output,
            plain,
        } => {
            if *communes == 0 || *communes > MAX_COMMUNES {
                return Err(Failure {
                    code: exit::BAD_INPUT,
                    message: format!(
                        "--communes must be from 1 to {MAX_COMMUNES} (Viet Nam has about \
                         10,000 communes), not {communes}"
                    ),
                });
            }
            (
                output.clone(),
                generate::synthetic::synthetic_with(*communes, *seed, !*plain),
            )
        }
    };
    // One set, swapped in whole; what ntm did not write there (a README
    // beside the tables) stays as it is.
    let set: Files = files
        .iter()
        .map(|(name, text)| (name.clone(), generate::file_bytes(name, text)))
        .collect();
    OutputSet::begin(&dir, &[], Foreign::Keep)?.commit(&set)?;
    println!("wrote {} files under {}", files.len(), dir.display());
    Ok(())
}
