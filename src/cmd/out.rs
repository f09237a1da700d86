//! Standard output for the commands whose result is printed there (`check --format json`,
//! `diff`, `check --uses`, `completions`, `man`).
//!
//! `println!` panics (exit code 101) when stdout cannot be written: a reader that closed early
//! (`stepbook check --format json | head -1`) or a full disk. Here a closed pipe is a normal end
//! — the reader has what it wanted, and the exit code stays the command's own — and any other
//! error is returned for the command to report.

use std::io::{ErrorKind, Write};

/// Writes `bytes` to stdout and flushes; `Ok` too when the reader has gone (a closed pipe).
pub fn stdout(bytes: impl AsRef<[u8]>) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes.as_ref()).and_then(|()| out.flush()) {
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
