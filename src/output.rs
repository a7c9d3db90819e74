//! An output folder holds exactly one run.
//!
//! Every command writes its whole set of files into a fresh folder beside
//! the destination (`.<name>.ntm-<pid>-<n>.tmp`), then swaps it in with one
//! atomic `renameat2(RENAME_EXCHANGE)` and removes the old set. So at any
//! instant, even after `kill -9`, the destination holds the complete old set
//! or the complete new set, and a file the new run does not write is gone.
//!
//! - Every file is created exclusively (`O_EXCL`: never through a symlink
//!   planted at its name) in a folder this run just made.
//! - The swap is serialised by an advisory lock on `.<name>.ntm-lock` beside
//!   the destination: a second run into the same folder waits (saying so)
//!   and then swaps in its own complete set.
//! - A destination that is not ntm's is refused, nothing written: a folder
//!   holding an input of the run, or anything ntm did not write there (its
//!   set is listed in [`MANIFEST`]; a folder from an older version without
//!   one is recognised by ntm's file names). `ntm generate` instead keeps
//!   what it did not write (a README beside the tables) untouched.
//! - Temporary folders of runs that died are removed by the next run.
//!
//! `NTM_FAULT_AFTER_STEP=N` kills the process (SIGKILL) right after the
//! N-th write step, for the tests that check the guarantee above.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::report::{Files, WriteError};

/// The file in every output folder listing the entries of its set, one
/// per line after a first line naming the tool.
pub const MANIFEST: &str = ".ntm-output";

/// Names ntm wrote before output folders had a manifest: such a folder is
/// taken as ntm's when it holds nothing else.
const LEGACY_NAMES: &[&str] = &[
    "plan.csv",
    "communes.csv",
    "districts.csv",
    "sources.csv",
    "summary.json",
    "marginal.csv",
    "report.md",
    "report.html",
    "report.xlsx",
    "diagnosis.md",
    "diagnosis.html",
    "diagnosis.xlsx",
    "gap.csv",
    "gap.md",
    "gap.html",
    "gap.xlsx",
    "sweep.csv",
    "sweep.md",
    "sweep.html",
    "sweep.xlsx",
    "variants",
    "curve.csv",
    "curve.svg",
    "evaluate.csv",
    "evaluate.json",
    "evaluate.md",
    "evaluate.html",
    "evaluate.xlsx",
    "changes.csv",
    "closest_plan.csv",
    "compare.csv",
    "compare_districts.csv",
    "compare_money.csv",
    "compare_fundings.csv",
    "compare.md",
    "compare.html",
    "compare.xlsx",
];

/// What to do with entries of the destination that ntm did not write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// Refuse the folder (every report-writing command).
    Refuse,
    /// Leave them as they are, carried over into the new set by hard link
    /// (`ntm generate`, whose data folder may hold a README).
    Keep,
}

/// The output set of one run, being written.
#[derive(Debug)]
pub struct OutputSet {
    /// The destination, absolute.
    dest: PathBuf,
    staging: PathBuf,
    /// The run's input files, canonical.
    inputs: Vec<PathBuf>,
    foreign: Foreign,
    done: bool,
}

fn fail(path: &Path, message: impl Into<String>) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// One write step done; with `NTM_FAULT_AFTER_STEP=N`, the N-th kills the
/// process as `kill -9` would.
pub fn step() {
    static LIMIT: OnceLock<Option<usize>> = OnceLock::new();
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let limit = LIMIT.get_or_init(|| {
        std::env::var("NTM_FAULT_AFTER_STEP")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    if let Some(limit) = limit
        && COUNT.fetch_add(1, Ordering::SeqCst) + 1 == *limit
    {
        // SAFETY: sending a signal to this very process.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
    }
}

/// Write `files` (names relative to the folder; `a/b.csv` makes `a/`) as
/// the complete contents of `dir`, swapped in at once. None of `inputs` may
/// be inside `dir`.
pub fn write_set(dir: &Path, files: &Files, inputs: &[PathBuf]) -> Result<(), WriteError> {
    OutputSet::begin(dir, inputs, Foreign::Refuse)?.commit(files)
}

/// Write `files` into `dir`, a new folder inside a set being written
/// (`ntm sweep --keep-plans` writes `variants/<id>/` so), each file
/// created exclusively.
pub fn write_into(dir: &Path, files: &Files) -> Result<(), WriteError> {
    for (name, contents) in files {
        write_new(dir, name, contents)
            .map_err(|e| fail(&dir.join(name), format!("cannot write: {e}")))?;
    }
    Ok(())
}

impl OutputSet {
    /// Check the destination and make the temporary folder beside it.
    /// Refuses a destination that is not ntm's, before any work is done.
    pub fn begin(
        dir: &Path,
        inputs: &[PathBuf],
        foreign: Foreign,
    ) -> Result<OutputSet, WriteError> {
        let dest = absolute_destination(dir)?;
        let inputs: Vec<PathBuf> = inputs
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        check_destination(&dest, &inputs, foreign)?;
        let parent = dest.parent().expect("an absolute destination has a parent");
        static SERIAL: AtomicUsize = AtomicUsize::new(0);
        let staging = loop {
            let candidate = parent.join(format!(
                "{}{}-{}.tmp",
                staging_prefix(&dest),
                std::process::id(),
                SERIAL.fetch_add(1, Ordering::SeqCst)
            ));
            // `mkdir` fails on anything already there, a symlink included.
            match fs::create_dir(&candidate) {
                Ok(()) => break candidate,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(fail(
                        &dest,
                        format!("cannot create a temporary folder beside the output folder: {e}"),
                    ));
                }
            }
        };
        step();
        Ok(OutputSet {
            dest,
            staging,
            inputs,
            foreign,
            done: false,
        })
    }

    /// The temporary folder, for a command that writes part of its set as
    /// it goes (`ntm sweep --keep-plans`).
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Write `files` into the temporary folder and swap it in.
    pub fn commit(mut self, files: &Files) -> Result<(), WriteError> {
        for (name, contents) in files {
            write_new(&self.staging, name, contents)
                .map_err(|e| fail(&self.dest.join(name), format!("cannot write: {e}")))?;
            step();
        }
        let mut entries: Vec<String> = fs::read_dir(&self.staging)
            .and_then(|list| {
                list.map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
                    .collect()
            })
            .map_err(|e| fail(&self.dest, format!("cannot list the temporary folder: {e}")))?;
        entries.sort();
        let mut manifest = String::from("ntm output set\n");
        for entry in &entries {
            manifest.push_str(entry);
            manifest.push('\n');
        }
        write_new(&self.staging, MANIFEST, manifest.as_bytes())
            .map_err(|e| fail(&self.dest.join(MANIFEST), format!("cannot write: {e}")))?;
        sync_dir(&self.staging);
        step();

        let _lock = lock(&self.dest)?;
        step();
        remove_stale(&self.dest);
        // Checked again under the lock: the folder may have changed since.
        check_destination(&self.dest, &self.inputs, self.foreign)?;
        if self.foreign == Foreign::Keep {
            self.carry_foreign(&entries)?;
        }
        let parent = self.dest.parent().expect("absolute").to_path_buf();
        if fs::symlink_metadata(&self.dest).is_err() {
            fs::rename(&self.staging, &self.dest)
                .map_err(|e| fail(&self.dest, format!("cannot write the output folder: {e}")))?;
            self.done = true;
            sync_dir(&parent);
            step();
            return Ok(());
        }
        exchange(&self.staging, &self.dest)
            .map_err(|e| fail(&self.dest, format!("cannot replace the output folder: {e}")))?;
        self.done = true;
        sync_dir(&parent);
        step();
        // The temporary name now holds the old set.
        let _ = fs::remove_dir_all(&self.staging);
        step();
        Ok(())
    }

    /// Hard-link the destination's files that are not part of the new set
    /// and not ntm's into the temporary folder, so the swap leaves them be.
    fn carry_foreign(&self, new_entries: &[String]) -> Result<(), WriteError> {
        let Ok(list) = fs::read_dir(&self.dest) else {
            return Ok(());
        };
        let ours = owned_names(&self.dest);
        for entry in list.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if new_entries.contains(&name) || name == MANIFEST || ours.contains(&name) {
                continue;
            }
            let from = entry.path();
            let to = self.staging.join(&name);
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if !is_file {
                return Err(fail(
                    &from,
                    "ntm did not write this and cannot keep it across the swap (not a plain file); \
                     move it or choose another output folder with -o",
                ));
            }
            fs::hard_link(&from, &to)
                .map_err(|e| fail(&from, format!("cannot keep this file across the swap: {e}")))?;
        }
        Ok(())
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// `.<name>.ntm-`: the start of this destination's temporary folders.
fn staging_prefix(dest: &Path) -> String {
    format!(
        ".{}.ntm-",
        dest.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    )
}

/// The destination as an absolute path, its parent created: a symlink to a
/// folder is followed, so the folder it names is written.
fn absolute_destination(dir: &Path) -> Result<PathBuf, WriteError> {
    if let Ok(real) = dir.canonicalize() {
        if real.parent().is_none() {
            return Err(fail(dir, "cannot use the root folder as the output folder"));
        }
        return Ok(real);
    }
    let name = match dir.components().next_back() {
        Some(Component::Normal(name)) => name.to_os_string(),
        _ => return Err(fail(dir, "not a folder name that can be created")),
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)
        .map_err(|e| fail(dir, format!("cannot create the output folder: {e}")))?;
    let parent = parent
        .canonicalize()
        .map_err(|e| fail(dir, format!("cannot create the output folder: {e}")))?;
    Ok(parent.join(name))
}

/// The entries the manifest of `dest` lists, if it has one.
fn owned_names(dest: &Path) -> Vec<String> {
    fs::read_to_string(dest.join(MANIFEST))
        .map(|text| text.lines().skip(1).map(str::to_string).collect())
        .unwrap_or_default()
}

/// Refuse a destination that is not a folder, holds an input of this run,
/// or (with `Foreign::Refuse`) holds anything ntm did not write.
fn check_destination(dest: &Path, inputs: &[PathBuf], foreign: Foreign) -> Result<(), WriteError> {
    if let Some(input) = inputs.iter().find(|i| i.starts_with(dest)) {
        return Err(fail(
            dest,
            format!(
                "refusing to replace a folder that holds an input file of this run ({}); \
                 choose another output folder with -o",
                input.display()
            ),
        ));
    }
    let Ok(meta) = fs::symlink_metadata(dest) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(fail(
            dest,
            "the output folder is a file, not a folder; choose another with -o",
        ));
    }
    if foreign == Foreign::Keep {
        return Ok(());
    }
    let list = fs::read_dir(dest)
        .map_err(|e| fail(dest, format!("cannot read the output folder: {e}")))?;
    let has_manifest = dest.join(MANIFEST).is_file();
    let ours = owned_names(dest);
    for entry in list.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let owned = if has_manifest {
            name == MANIFEST || ours.contains(&name)
        } else {
            // Before manifests: ntm's names, and the temporary files the
            // old writer could leave (`.plan.csv.1234.tmp`).
            LEGACY_NAMES.contains(&name.as_str())
                || (name.starts_with('.') && name.ends_with(".tmp"))
        };
        if !owned {
            return Err(fail(
                dest,
                format!(
                    "refusing to replace this folder: ntm did not write `{name}` in it; \
                     move that away or choose another output folder with -o"
                ),
            ));
        }
    }
    Ok(())
}

/// Create `folder/name` exclusively (its own subfolders too) and fill it.
fn write_new(folder: &Path, name: &str, contents: &[u8]) -> std::io::Result<()> {
    let path = folder.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(&path)?;
    file.write_all(contents)?;
    file.sync_all()
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Take the lock of `dest` (`.<name>.ntm-lock` beside it), waiting for a
/// run that holds it. Released when the file is dropped, or when the
/// process dies.
fn lock(dest: &Path) -> Result<File, WriteError> {
    let name = dest
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let path = dest.with_file_name(format!(".{name}.ntm-lock"));
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(&path)
        .map_err(|e| fail(&path, format!("cannot open the output folder's lock: {e}")))?;
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: flock on a descriptor this function owns.
    if unsafe { libc::flock(fd, libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        eprintln!(
            "note: another ntm run is writing into {}; waiting for it to finish",
            dest.display()
        );
        // SAFETY: as above.
        if unsafe { libc::flock(fd, libc::LOCK_EX) } != 0 {
            return Err(fail(
                &path,
                format!(
                    "cannot lock the output folder: {}",
                    std::io::Error::last_os_error()
                ),
            ));
        }
    }
    Ok(file)
}

/// Remove the temporary folders beside `dest` left by runs that died
/// (their process is gone). Called under the lock.
fn remove_stale(dest: &Path) {
    let prefix = staging_prefix(dest);
    let Some(parent) = dest.parent() else { return };
    let Ok(list) = fs::read_dir(parent) else {
        return;
    };
    for entry in list.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<libc::pid_t>().ok())
        else {
            continue;
        };
        // SAFETY: signal 0 only asks whether the process exists.
        let alive = pid == std::process::id() as libc::pid_t
            || unsafe { libc::kill(pid, 0) } == 0
            || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH);
        if !alive && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Swap two paths at once. Where the kernel or file system cannot
/// (`RENAME_EXCHANGE` is Linux's), the old set is moved aside and the new
/// one renamed in: two renames, with an instant in between where the
/// destination is missing.
fn exchange(new: &Path, dest: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let a = CString::new(new.as_os_str().as_bytes())?;
        let b = CString::new(dest.as_os_str().as_bytes())?;
        // SAFETY: two NUL-terminated paths, relative to no descriptor.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(e);
        }
    }
    let aside = new.with_extension("old.tmp");
    fs::rename(dest, &aside)?;
    fs::rename(new, dest)?;
    fs::rename(&aside, new)
}
