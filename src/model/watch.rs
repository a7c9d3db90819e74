//! One HiGHS solve kept within a wall-clock deadline.
//!
//! HiGHS checks its time limit only between the steps of its search, and on
//! large models one round of cuts at the root can take many times the
//! limit. So the solve runs on a thread of its own while this one waits
//! until the deadline (and a grace period for HiGHS to stop by itself).
//! A callback records each better plan HiGHS finds and its bound, and tells
//! HiGHS to stop at its next check once the deadline has passed. When HiGHS
//! has not returned by then, the best recorded plan (or the start it was
//! given) is the answer, with the gap to the last recorded bound, and the
//! thread is left to end at HiGHS's next check.

use std::ffi::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use highs::{HighsModelStatus, HighsSolutionStatus};

use super::SolveError;

/// How a solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Proven optimal (within the gaps asked for), or nothing to decide.
    Optimal,
    /// A limit was reached with a plan in hand.
    Limit,
    Infeasible,
}

/// What a solve found: the objective's linear part, the columns and the
/// proven relative gap.
#[derive(Debug, Clone)]
pub struct Found {
    pub ended: Ended,
    pub objective: f64,
    pub columns: Vec<f64>,
    pub gap: f64,
}

/// What the callback shares with the waiting thread.
struct Watch {
    deadline: Instant,
    stop: AtomicBool,
    /// The best plan HiGHS reported: objective and columns.
    best: Mutex<Option<(f64, Vec<f64>)>>,
    /// The last bound HiGHS reported, and its incumbent's objective.
    bounds: Mutex<Option<(f64, f64)>>,
}

// HiGHS's callback kinds (highs_c_api.h).
const IMPROVING_SOLUTION: c_int = 4;
const MIP_INTERRUPT: c_int = 6;

unsafe extern "C" fn on_event(
    kind: c_int,
    _message: *const c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    input: *mut highs_sys::HighsCallbackDataIn,
    data: *mut c_void,
) {
    // SAFETY: `data` is the `Watch` an `Arc` held by the solving thread
    // keeps alive for the whole solve; `out` and `input` are HiGHS's, valid
    // during the call.
    let (watch, out) = unsafe { (&*(data as *const Watch), &*out) };
    match kind {
        IMPROVING_SOLUTION if !out.mip_solution.is_null() && out.mip_solution_size > 0 => {
            // SAFETY: HiGHS hands a solution of `mip_solution_size` values.
            let columns = unsafe {
                std::slice::from_raw_parts(out.mip_solution, out.mip_solution_size as usize)
            };
            if let Ok(mut best) = watch.best.lock() {
                *best = Some((out.objective_function_value, columns.to_vec()));
            }
        }
        MIP_INTERRUPT => {
            if let Ok(mut bounds) = watch.bounds.lock() {
                *bounds = Some((out.mip_primal_bound, out.mip_dual_bound));
            }
            if (watch.stop.load(Ordering::Relaxed) || Instant::now() >= watch.deadline)
                && !input.is_null()
            {
                // SAFETY: HiGHS reads `user_interrupt` after the call.
                unsafe { (*input).user_interrupt = 1 };
            }
        }
        _ => {}
    }
}

/// A HiGHS model moved to the solving thread: HiGHS keeps no tie to the
/// thread that built it, and only that thread touches it from then on.
struct Owned(highs::Model);

// SAFETY: see `Owned`; the model is used by one thread at a time.
unsafe impl Send for Owned {}

/// Solve `model` by `deadline`, waiting `grace` more for HiGHS to stop by
/// itself. `start`: the plan offered as a start and its objective, the
/// answer when HiGHS finds nothing better in time.
pub fn solve(
    mut model: highs::Model,
    deadline: Instant,
    grace: Duration,
    start: Option<(Vec<f64>, f64)>,
) -> Result<Found, SolveError> {
    let watch = Arc::new(Watch {
        deadline,
        stop: AtomicBool::new(false),
        best: Mutex::new(None),
        bounds: Mutex::new(None),
    });
    // SAFETY: the model is live; the callback data outlives the solve (the
    // thread holds an `Arc` until HiGHS returns).
    unsafe {
        let highs = model.as_mut_ptr();
        highs_sys::Highs_setCallback(highs, Some(on_event), Arc::as_ptr(&watch) as *mut c_void);
        highs_sys::Highs_startCallback(highs, IMPROVING_SOLUTION);
        highs_sys::Highs_startCallback(highs, MIP_INTERRUPT);
    }
    let (send, receive) = mpsc::channel();
    let owned = Owned(model);
    let keep = Arc::clone(&watch);
    std::thread::spawn(move || {
        let owned = owned;
        let _keep = keep;
        let found = match owned.0.try_solve() {
            Err(e) => Err(SolveError::Solver(format!("{e:?}"))),
            Ok(solved) => {
                let ended = match solved.status() {
                    HighsModelStatus::Optimal | HighsModelStatus::ModelEmpty => Ok(Ended::Optimal),
                    HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
                        Ok(Ended::Infeasible)
                    }
                    HighsModelStatus::ReachedTimeLimit
                    | HighsModelStatus::ReachedIterationLimit
                    | HighsModelStatus::ReachedSolutionLimit
                    | HighsModelStatus::ReachedInterrupt
                    | HighsModelStatus::ReachedMemoryLimit => {
                        // Asked only here: HiGHS has no such figure for an
                        // empty model.
                        if solved.primal_solution_status() == HighsSolutionStatus::Feasible {
                            Ok(Ended::Limit)
                        } else {
                            Err(SolveError::NoSolution)
                        }
                    }
                    other => Err(SolveError::Solver(format!(
                        "HiGHS ended with status {other:?}"
                    ))),
                };
                ended.map(|ended| Found {
                    ended,
                    objective: solved.objective_value(),
                    columns: if ended == Ended::Infeasible {
                        Vec::new()
                    } else {
                        solved.get_solution().columns().to_vec()
                    },
                    gap: if ended == Ended::Limit {
                        solved.mip_gap()
                    } else {
                        0.0
                    },
                })
            }
        };
        // The waiting thread may have given up: then nobody listens.
        let _ = send.send(found);
    });
    let wait = deadline.saturating_duration_since(Instant::now()) + grace;
    match receive.recv_timeout(wait) {
        Ok(found) => found,
        Err(_) => {
            watch.stop.store(true, Ordering::Relaxed);
            let best = watch
                .best
                .lock()
                .ok()
                .and_then(|b| b.clone())
                .or(start.map(|(columns, objective)| (objective, columns)));
            let bounds = watch.bounds.lock().ok().and_then(|b| *b);
            let (objective, columns) = best.ok_or(SolveError::NoSolution)?;
            let gap = match bounds {
                Some((_, bound)) if bound.is_finite() => {
                    (objective - bound).abs() / objective.abs().max(1e-9)
                }
                _ => f64::INFINITY,
            };
            Ok(Found {
                ended: Ended::Limit,
                objective,
                columns,
                gap,
            })
        }
    }
}

/// With `NTM_SOLVER_LOG=1`, print `what` on stderr with the seconds since
/// the first trace (the program's start, as `main` traces it): where the
/// time of a run goes, stage by stage (docs/performance.md).
pub fn trace(what: impl std::fmt::Display) {
    static FIRST: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let first = *FIRST.get_or_init(Instant::now);
    if *ON.get_or_init(|| std::env::var_os("NTM_SOLVER_LOG").is_some_and(|v| v == "1")) {
        eprintln!("ntm: {:.3} s {what}", first.elapsed().as_secs_f64());
    }
}
