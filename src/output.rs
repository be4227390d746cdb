//! Standard output that remembers why it failed.
//!
//! Commands write their result and ignore write errors as they go (a
//! command has nothing better to do with them); [`Checked`] keeps the first
//! one and refuses every later write, so a long output stops early, and
//! [`finish`] turns it into the exit status: a closed pipe (`forge … |
//! head`) is the reader's choice and stays quiet, anything else (a full
//! disk, `> /dev/full`) is a diagnostic and exit 2.

use std::io::{self, ErrorKind, Write};

use crate::codes::IoCode;
use crate::error::Problem;
use crate::exit::BAD_INPUT;

/// A writer that keeps its first error.
pub(crate) struct Checked<W: Write> {
    inner: W,
    error: Option<io::Error>,
}

impl<W: Write> Checked<W> {
    pub(crate) fn new(inner: W) -> Self {
        Checked { inner, error: None }
    }

    fn keep<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(error) = &result {
            if self.error.is_none() {
                self.error = Some(io::Error::new(error.kind(), error.to_string()));
            }
        }
        result
    }

    fn refuse(&self) -> io::Result<()> {
        match &self.error {
            Some(error) => Err(io::Error::new(error.kind(), error.to_string())),
            None => Ok(()),
        }
    }

    /// Flushes, and returns the first error of any write.
    pub(crate) fn finish(mut self) -> Option<io::Error> {
        if self.error.is_none() {
            let flushed = self.inner.flush();
            let _ = self.keep(flushed);
        }
        self.error
    }
}

impl<W: Write> Write for Checked<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.refuse()?;
        let written = self.inner.write(buf);
        self.keep(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.refuse()?;
        let flushed = self.inner.flush();
        self.keep(flushed)
    }
}

/// The exit status once the command's output is written: `status`, or 2
/// with a diagnostic (returned) when the output could not be written.
pub(crate) fn finish(status: i32, error: Option<io::Error>) -> (i32, Option<Problem>) {
    match error {
        None => (status, None),
        Some(error) if error.kind() == ErrorKind::BrokenPipe => (status, None),
        Some(error) => (BAD_INPUT, Some(write_failed(&error))),
    }
}

fn write_failed(error: &io::Error) -> Problem {
    Problem::error(
        IoCode::Stdout,
        format!("cannot write the output: {error}"),
    )
    .help("the output is incomplete; check the disk or file it is redirected to, or write with --out where the command has it")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(ErrorKind::StorageFull))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_first_error_is_kept_and_later_writes_fail() {
        let mut out = Checked::new(Full);
        assert!(out.write_all(b"a").is_err());
        assert!(out.write_all(b"b").is_err());
        let error = out.finish().expect("an error");
        assert_eq!(error.kind(), ErrorKind::StorageFull);
    }

    #[test]
    fn a_closed_pipe_keeps_the_status_and_a_full_disk_is_exit_2() {
        let pipe = io::Error::from(ErrorKind::BrokenPipe);
        assert_eq!(finish(1, Some(pipe)).0, 1);
        let (status, problem) = finish(0, Some(io::Error::from(ErrorKind::StorageFull)));
        assert_eq!(status, BAD_INPUT);
        assert_eq!(problem.map(|p| p.code), Some(IoCode::Stdout.into()));
    }
}
