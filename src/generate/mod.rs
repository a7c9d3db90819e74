//! Generators of data: the illustrative Lai Châu tables and synthetic
//! instances of any size. Both are seeded, so the same seed gives the same
//! files on every machine.

pub mod directive;
pub mod lai_chau;
pub mod synthetic;

use std::path::Path;

/// Write generated (relative path, contents) files under `dir`. CSV files
/// start with a UTF-8 byte-order mark, like every CSV the tool writes, so
/// Excel shows the Vietnamese names correctly when a planner opens them.
pub fn write_files(dir: &Path, files: &[(String, String)]) -> std::io::Result<()> {
    for (name, contents) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, file_bytes(name, contents))?;
    }
    Ok(())
}

/// A generated file as written: CSV files behind a byte-order mark.
pub fn file_bytes(name: &str, contents: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(contents.len() + 3);
    if name.ends_with(".csv") {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    bytes.extend_from_slice(contents.as_bytes());
    bytes
}
