//! The `forge::init` codes.

declare_area! {
    /// `forge init`.
    pub enum InitCode in "forge::init" {
        Exists("forge::init::exists",
            "`forge init` found JOURNAL.md, INVENTORY.yaml, rules.forge or forge.toml already in the folder. It never overwrites a file (a journal is history); nothing was written. Initialise an empty or new folder."),
    }
}
