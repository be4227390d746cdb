//! Every diagnostic code, each declared once: one enum per area
//! (`forge::journal`, `forge::io`, …) in `codes/`, whose variants carry
//! their code string and the long explanation `forge check --explain CODE`
//! prints. [`Code`] unites the areas, so a diagnostic (`Problem`) holds
//! a typed code and its string exists in one place only.
//!
//! This module reads no other forge module: everything that reports or
//! compares codes depends on it, never the other way round.

use std::fmt;

use serde::{Serialize, Serializer};

/// Declares one area's enum: each variant with its code string and its
/// explanation, and `GROUP` (the prefix forge.toml lint levels may name),
/// `ALL`, `as_str()` and `explanation()`.
macro_rules! declare_area {
    (
        $(#[$meta:meta])*
        pub enum $area:ident in $group:literal {
            $($variant:ident($code:literal, $explanation:literal),)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $area {
            $($variant,)+
        }

        impl $area {
            /// The group of these codes, as forge.toml's `[lints]` names it.
            pub const GROUP: &'static str = $group;

            /// Every code of the area, in the order `--explain` lists them.
            pub(crate) const ALL: &'static [$area] = &[$($area::$variant,)+];

            /// The code as every output prints it: `forge::area::name`.
            pub(crate) const fn as_str(self) -> &'static str {
                match self {
                    $($area::$variant => $code,)+
                }
            }

            /// What the code means and how to fix it.
            pub(crate) const fn explanation(self) -> &'static str {
                match self {
                    $($area::$variant => $explanation,)+
                }
            }
        }

        impl std::fmt::Display for $area {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

mod config;
mod explain;
mod init;
mod inventory;
mod io;
mod journal;
mod keep;
mod labels;
mod rules;
mod test;
mod usage;

pub(crate) use config::ConfigCode;
pub(crate) use explain::ExplainCode;
pub(crate) use init::InitCode;
pub(crate) use inventory::InventoryCode;
pub(crate) use io::IoCode;
pub(crate) use journal::JournalCode;
pub(crate) use keep::KeepCode;
pub(crate) use labels::LabelsCode;
pub(crate) use rules::RulesCode;
pub(crate) use test::TestCode;
pub(crate) use usage::UsageCode;

/// Declares [`Code`], one variant per area, with `From` each area's enum
/// and `ALL` listing every code area by area.
macro_rules! declare_code {
    ($($variant:ident($area:ident),)+) => {
        /// A diagnostic code of any area.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant($area),)+
        }

        $(
            impl From<$area> for Code {
                fn from(code: $area) -> Code {
                    Code::$variant(code)
                }
            }

            impl PartialEq<$area> for Code {
                fn eq(&self, other: &$area) -> bool {
                    *self == Code::$variant(*other)
                }
            }
        )+

        impl Code {
            /// How many codes there are.
            const COUNT: usize = 0 $(+ $area::ALL.len())+;

            /// Every code, area by area.
            pub const ALL: [Code; Code::COUNT] = {
                let mut all = [Code::Rules(RulesCode::ALL[0]); Code::COUNT];
                let mut filled = 0;
                $(
                    let mut i = 0;
                    while i < $area::ALL.len() {
                        all[filled] = Code::$variant($area::ALL[i]);
                        filled += 1;
                        i += 1;
                    }
                )+
                all
            };

            /// The code as every output prints it: `forge::area::name`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant(code) => code.as_str(),)+
                }
            }

            /// What the code means and how to fix it.
            pub(crate) const fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant(code) => code.explanation(),)+
                }
            }

            /// The group of its area: `forge::journal` for a journal code.
            #[cfg(test)]
            pub(crate) const fn group(self) -> &'static str {
                match self {
                    $(Code::$variant(_) => $area::GROUP,)+
                }
            }
        }
    };
}

declare_code! {
    Rules(RulesCode),
    Journal(JournalCode),
    Inventory(InventoryCode),
    Config(ConfigCode),
    Io(IoCode),
    Explain(ExplainCode),
    Test(TestCode),
    Usage(UsageCode),
    Init(InitCode),
    Keep(KeepCode),
    Labels(LabelsCode),
}

impl Code {
    /// The code written `name` (`forge::rules::regex`), if there is one.
    pub(crate) fn named(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|code| code.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A code serializes as its string, as JSON and SARIF print it.
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The explanation of the code written `name`.
pub(crate) fn explain(name: &str) -> Option<&'static str> {
    Code::named(name).map(Code::explanation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_is_declared_once_and_found_by_its_name() {
        for (i, code) in Code::ALL.iter().enumerate() {
            let name = code.as_str();
            assert!(
                Code::ALL[..i].iter().all(|other| other.as_str() != name),
                "{name} is declared twice"
            );
            assert_eq!(Code::named(name), Some(*code));
            assert!(!code.explanation().is_empty(), "{name}");
        }
    }

    #[test]
    fn each_code_is_its_group_and_one_lower_case_name() {
        for code in Code::ALL {
            let name = code.as_str();
            let rest = name
                .strip_prefix(code.group())
                .and_then(|r| r.strip_prefix("::"));
            assert!(
                rest.is_some_and(|r| r
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')),
                "{name} is not {}::name",
                code.group()
            );
            let area = code.group().strip_prefix("forge::");
            assert!(area.is_some_and(|a| !a.contains("::")), "{name}");
        }
    }
}
