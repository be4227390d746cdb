//! The `forge::usage` codes.

declare_area! {
    /// The command line.
    pub enum UsageCode in "forge::usage" {
        BadArguments("forge::usage::bad_arguments",
            "The command line is not one forge understands: an unknown command or flag, a missing value, a value not among the possible ones, or flags that exclude each other. The message below the code says which; `forge COMMAND --help` lists the flags."),
        UnknownCode("forge::usage::unknown_code",
            "`forge check --explain` was given a code that does not exist. Codes look like `forge::rules::regex`; every diagnostic prints its code on its first line."),
        UnknownCommand("forge::usage::unknown_command",
            "`forge man COMMAND` names no subcommand. `forge --help` lists them; `forge man` alone prints forge's own page."),
        UnknownOperation("forge::usage::unknown_operation",
            "`forge steps --operation` names no operation of the resource. Give an operation's id (`change-index-heap`) or its name in any case (`Change index heap`); `forge operations` lists them."),
    }
}
