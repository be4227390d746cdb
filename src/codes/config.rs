//! The `forge::config` codes.

declare_area! {
    /// forge.toml and its `[lints]` levels.
    pub enum ConfigCode in "forge::config" {
        Invalid("forge::config::invalid",
            "forge.toml is not valid TOML, or a value has the wrong type (`timeline = \"no\"` where a boolean is expected). The label points at the value. See the README's \"forge.toml\" for every key."),
        UnknownKey("forge::config::unknown_key",
            "forge.toml holds a key forge does not know, usually a typo; it is refused rather than ignored, so a misspelt setting never silently does nothing. Keys: `rules`, `[generate]` out and timeline, `[check]` deny-warnings, `[lints]` allow, warn and deny."),
        UnknownLint("forge::config::unknown_lint",
            "A `[lints]` list names a code that is not a warning's. Lint levels take warning codes (`forge check --explain CODE` describes each) or a group of them such as `forge::journal`."),
        NotALint("forge::config::not_a_lint",
            "A `[lints]` list names an error's code. Errors always stop a run; only warnings (`forge::rules::dead_rule`, `forge::rules::merge_conflict` and the `forge::journal::*` codes) can be allowed, warned or denied."),
        LintConflict("forge::config::lint_conflict",
            "A code or group is listed in two of `allow`, `warn` and `deny`. Keep it in one; a code's own entry already wins over its group's, so `allow = [\"forge::journal\"]` with `deny = [\"forge::journal::no_verify\"]` needs no conflict."),
    }
}
