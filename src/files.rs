//! Reading input files: regular files only, within a size limit.
//!
//! A named pipe would block forge until someone writes to it and
//! `/dev/zero` would fill memory, so anything that is not a regular file
//! (after following symbolic links) is refused before it is opened, and
//! checked again once open. A file is read at most to its limit plus one
//! byte, so a file that grows while it is read is still caught.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The largest JOURNAL.md read unless `--max-journal-bytes` says otherwise:
/// twice a journal of a million entries.
pub(crate) const DEFAULT_MAX_JOURNAL_BYTES: u64 = 512 << 20;

static MAX_JOURNAL_BYTES: AtomicU64 = AtomicU64::new(DEFAULT_MAX_JOURNAL_BYTES);

/// Sets the journal size limit for this process (`--max-journal-bytes`).
pub(crate) fn set_max_journal_bytes(limit: u64) {
    MAX_JOURNAL_BYTES.store(limit, Ordering::Relaxed);
}

/// The journal size limit in force.
pub(crate) fn max_journal_bytes() -> u64 {
    MAX_JOURNAL_BYTES.load(Ordering::Relaxed)
}

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum ReadError {
    Io(io::Error),
    /// Not a regular file: what it is instead.
    NotRegular(&'static str),
    TooLarge {
        limit: u64,
    },
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub(crate) fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    regular(&std::fs::metadata(path).map_err(ReadError::Io)?)?;
    let file = File::open(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    regular(&metadata)?;
    if metadata.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Ok for a regular file, else what the file is.
pub(crate) fn regular(metadata: &Metadata) -> Result<(), ReadError> {
    if metadata.is_file() {
        return Ok(());
    }
    Err(ReadError::NotRegular(kind(metadata)))
}

/// What a file that is not regular is, in words.
#[cfg(unix)]
pub(crate) fn kind(metadata: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    let kind = metadata.file_type();
    if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

/// What a file that is not regular is, in words.
#[cfg(not(unix))]
pub(crate) fn kind(metadata: &Metadata) -> &'static str {
    if metadata.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_refused_before_it_is_read() {
        let error = read_regular(Path::new("/dev/zero"), 10).expect_err("refused");
        assert!(matches!(error, ReadError::NotRegular("a character device")));
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("f");
        std::fs::write(&path, "12345").expect("write");
        assert!(matches!(
            read_regular(&path, 4),
            Err(ReadError::TooLarge { limit: 4 })
        ));
        assert_eq!(read_regular(&path, 5).expect("read"), b"12345");
    }
}
