//! Compiling the rules' regexes within limits: how many rules, how large
//! one regex, how large all of them together.

use regex::{Regex, RegexBuilder};

use super::Builder;
use crate::codes::RulesCode;
use crate::error::Problem;
use crate::rules::ast::RegexLit;
use crate::source::Span;

/// Compiled size limit of one regex: far above any sensible rule, far below
/// what would exhaust memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Most normalize, never merge, always merge and name rules, built-in ones
/// included: each compiles at least one regex, and thousands of them are
/// generated data, not rules written by hand.
pub(crate) const MAX_RULES: usize = 4096;

/// Most compiled regex size, summed over every rule (the size each
/// regex's [`REGEX_SIZE_LIMIT`] bounds).
pub(crate) const REGEX_BUDGET: usize = 32 << 20;

impl Builder {
    /// Counts a rule that compiles regexes; false once past a limit, with
    /// an error at the first rule past [`MAX_RULES`].
    pub(super) fn count_rule(&mut self, span: Span) -> bool {
        if self.over_limit {
            return false;
        }
        self.rule_count += 1;
        if self.rule_count > MAX_RULES {
            self.over_limit = true;
            self.problems.push(
                Problem::error(
                    RulesCode::TooManyRules,
                    format!("more than {MAX_RULES} rules"),
                )
                .label(span, format!("rule {}, counting any built-in ones", self.rule_count))
                .help(format!("forge takes at most {MAX_RULES} normalize, never merge, always merge and name rules in all; rules are written by hand: merge similar ones into one regex with `|`")),
            );
            return false;
        }
        true
    }

    /// Compiles a regex literal, reporting errors at their position inside it.
    pub(super) fn regex(&mut self, lit: &RegexLit) -> Option<Regex> {
        if self.over_limit {
            return None;
        }
        match compile_regex(lit, self.rules.case_sensitive) {
            Ok(regex) => {
                self.regex_bytes += compiled_size(lit, self.rules.case_sensitive);
                if self.regex_bytes > REGEX_BUDGET {
                    self.over_limit = true;
                    self.problems.push(regex_budget(lit));
                    return None;
                }
                Some(regex)
            }
            Err(problem) => {
                self.problems.push(*problem);
                None
            }
        }
    }
}

pub(crate) fn compile_regex(lit: &RegexLit, case_sensitive: bool) -> Result<Regex, Box<Problem>> {
    let syntax = regex_syntax::ParserBuilder::new()
        .case_insensitive(!case_sensitive)
        .build()
        .parse(&lit.pattern);
    if let Err(error) = syntax {
        let (start, end, message) = match &error {
            regex_syntax::Error::Parse(e) => (
                e.span().start.offset,
                e.span().end.offset,
                e.kind().to_string(),
            ),
            regex_syntax::Error::Translate(e) => (
                e.span().start.offset,
                e.span().end.offset,
                e.kind().to_string(),
            ),
            _ => (0, lit.pattern.len(), error.to_string()),
        };
        let span = Span::new(
            lit.span.file,
            lit.file_offset(start),
            lit.file_offset(end).max(lit.file_offset(start)),
        );
        return Err(Box::new(
            Problem::error(RulesCode::Regex, format!("invalid regex: {message}"))
                .label(span, message)
                .help("rules use Rust regex syntax (docs.rs/regex); write a slash as \\/"),
        ));
    }
    RegexBuilder::new(&lit.pattern)
        .case_insensitive(!case_sensitive)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            Box::new(
                Problem::error(RulesCode::RegexTooLarge, "this regex is too large to compile")
                    .label(lit.span, e.to_string())
                    .help(format!("a compiled rule may take at most {REGEX_SIZE_LIMIT} bytes; use fewer or smaller repetitions")),
            )
        })
}

/// The compiled size of a regex that compiled within [`REGEX_SIZE_LIMIT`]:
/// the heap its forward NFA takes, the size `size_limit` bounds.
fn compiled_size(lit: &RegexLit, case_sensitive: bool) -> usize {
    use regex_automata::nfa::thompson;
    thompson::Compiler::new()
        .syntax(regex_automata::util::syntax::Config::new().case_insensitive(!case_sensitive))
        .configure(thompson::Config::new().nfa_size_limit(Some(REGEX_SIZE_LIMIT)))
        .build(&lit.pattern)
        .map_or(REGEX_SIZE_LIMIT, |nfa| nfa.memory_usage())
}

fn regex_budget(lit: &RegexLit) -> Problem {
    Problem::error(
        RulesCode::RegexBudget,
        format!(
            "the rules' regexes compile to more than {} MiB in all",
            REGEX_BUDGET >> 20
        ),
    )
    .label(lit.span, "this regex goes past the limit")
    .help("use `+`/`*` instead of large counted repetitions, and fewer rules; rules past this one are not read")
}
