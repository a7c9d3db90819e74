//! Generators of data: the illustrative Lai Châu tables and synthetic
//! instances of any size. Both are seeded, so the same seed gives the same
//! files on every machine.

pub mod lai_chau;
pub mod synthetic;

use std::path::Path;

/// Write generated (relative path, contents) files under `dir`.
pub fn write_files(dir: &Path, files: &[(String, String)]) -> std::io::Result<()> {
    for (name, contents) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, contents)?;
    }
    Ok(())
}
