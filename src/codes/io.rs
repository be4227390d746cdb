//! The `forge::io` codes.

declare_area! {
    /// Reading and writing files and standard output.
    pub enum IoCode in "forge::io" {
        MissingFolder("forge::io::missing_folder",
            "The --resource folder does not exist. Point it at a folder that holds JOURNAL.md."),
        NotAFolder("forge::io::not_a_folder",
            "--resource names a file; it takes the folder that holds JOURNAL.md."),
        NotFound("forge::io::not_found",
            "A file forge needs does not exist: JOURNAL.md in the resource folder, or the file given to --rules."),
        NotAFile("forge::io::not_a_file",
            "A path that should be a file is a folder, a named pipe (FIFO), a device or a socket. forge reads and writes only regular files (a symbolic link to one is fine): a pipe would block it and a device such as /dev/zero would never end."),
        Unreadable("forge::io::unreadable",
            "A file exists but cannot be read, usually because of permissions."),
        InvalidUtf8("forge::io::invalid_utf8",
            "A file is not valid UTF-8; the label points at the first bad byte. Convert it (e.g. `iconv -f latin1 -t utf-8`)."),
        Stdout("forge::io::stdout",
            "The output could not be written to standard output: the disk or device it is redirected to is full or failed. The output is incomplete. A closed pipe (`forge … | head`) is not an error."),
        ReadOnly("forge::io::read_only",
            "The file forge would replace (RUNBOOK.md, `--out FILE`, rules.forge for `tune --write`) has no write permission for its owner. forge respects that, even when run as root. Make it writable (`chmod u+w FILE`) if it should be regenerated."),
        ChangedDuringRun("forge::io::changed_during_run",
            "The file forge was about to replace no longer holds what forge read at the start of the run: someone added a note, or another forge wrote it. forge leaves it as it is; run the command again to carry the new content over."),
        StdoutIsRunbook("forge::io::stdout_is_runbook",
            "`forge generate --resource DIR > DIR/RUNBOOK.md` redirects the output onto the runbook itself: the shell empties the file before forge starts, so its keep blocks (human notes) cannot be read and would be lost. forge refuses. Restore the file (e.g. from git) and write it with `--out DIR/RUNBOOK.md`, which reads the keep blocks first and replaces the file atomically."),
        OutsideLedger("forge::io::outside_ledger",
            "In fleet mode (`generate --ledger DIR`), a resource's JOURNAL.md, INVENTORY.yaml, rules.forge or RUNBOOK.md (or the ledger's rules.forge) is a symbolic link to a file outside the ledger folder. forge does not follow it: reading it could print another file's content in a diagnostic, writing through it would replace a file elsewhere. The resource fails; the others go on. Put the file itself in the resource folder, or generate the resource alone with `--resource`."),
        WriteFailed("forge::io::write_failed",
            "The output file could not be written (missing folder, permissions, full disk). Nothing was changed: forge writes to a temporary file and renames it over the target only when complete."),
    }
}
