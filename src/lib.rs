//! `ntm`: plans New Rural Development (Nông thôn mới) money per commune,
//! criterion, year and source, proven optimal with HiGHS.
//!
//! The data flows one way, one module per stage:
//! scenario + tables → [`instance::Instance`] (validated) → [`budget::Budget`]
//! (money after what-ifs) → [`model`] (MIP, tiers) → [`model::Selection`] →
//! [`plan::Plan`] (exact payments) → [`evaluate`] (independent check and
//! counts) → [`report`] (files).

pub mod budget;
pub mod cli;
pub mod columns;
pub mod commitments;
pub mod compare;
pub mod criteria;
pub mod curve;
pub mod data;
pub mod distance;
pub mod error;
pub mod evaluate;
pub mod flow;
pub mod gap;
pub mod generate;
pub mod instance;
pub mod lang;
pub mod marginal;
pub mod model;
pub mod money;
pub mod names;
pub mod output;
pub mod plan;
pub mod plan_file;
pub mod projects;
pub mod report;
pub mod rng;
pub mod run;
pub mod scenario;
pub mod sweep;
pub mod tables;
pub mod template;
pub mod villages;
pub mod workbook;
