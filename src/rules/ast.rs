//! The syntax tree of a rules.forge file: plain data, no parser types.

use crate::source::Span;

/// A value together with the text it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

impl<T> Spanned<T> {
    pub(crate) fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A `/…/` literal: the regex text with `\/` unescaped, and where it stood.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RegexLit {
    pub(crate) pattern: String,
    /// The whole literal, slashes included.
    pub(crate) span: Span,
    /// Byte offsets in `pattern` after which one source byte (a `\`) was
    /// dropped; used to map regex error positions back into the file.
    pub(crate) removed_escapes: Vec<usize>,
}

impl RegexLit {
    /// File offset of a byte offset inside `pattern`.
    pub(crate) fn file_offset(&self, pattern_offset: usize) -> usize {
        let skipped = self
            .removed_escapes
            .iter()
            .filter(|&&at| at <= pattern_offset)
            .count();
        self.span.start + 1 + pattern_offset + skipped
    }
}

/// What a normalize rule puts in place of its match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Replacement {
    /// `<size>`: one token that patterns can name.
    Placeholder(String),
    /// A plain word or quoted text (`""` deletes the match).
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NormalizeRule {
    /// `date: /…/ => <date>`: the name `without` and `explain` use.
    pub(crate) label: Option<Spanned<String>>,
    pub(crate) regex: RegexLit,
    pub(crate) replacement: Spanned<Replacement>,
    pub(crate) span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SynonymGroup {
    pub(crate) canonical: Spanned<String>,
    pub(crate) members: Vec<Spanned<String>>,
    pub(crate) span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SimilaritySetting {
    Metric(Spanned<String>),
    Threshold(Spanned<f64>),
    Split(Spanned<f64>),
    Weight {
        field: Spanned<String>,
        weight: Spanned<f64>,
    },
    /// `placeholder = 0.2`.
    Placeholder(Spanned<f64>),
    /// `weights = journal` (true) or `weights = uniform` (false).
    JournalWeights(Spanned<bool>),
}

/// One setting of a `clauses` block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ClauseSetting {
    /// `action = 1`, `other = 0.5`, `aside = 0.5`, `reason = 0`.
    Weight {
        kind: Spanned<String>,
        weight: Spanned<f64>,
    },
    /// `reasons = because, "due to"`.
    Reasons(Vec<Spanned<String>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Same,
    Different,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TestCase {
    pub(crate) expect: Expect,
    pub(crate) left: Spanned<String>,
    pub(crate) right: Spanned<String>,
    pub(crate) span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TestBlock {
    pub(crate) title: Spanned<String>,
    pub(crate) cases: Vec<TestCase>,
    pub(crate) span: Span,
}

/// One top-level statement, in file order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Statement {
    Extends {
        name: Spanned<String>,
        /// Built-in rules switched off: `extends default without a, b`.
        without: Vec<Spanned<String>>,
    },
    Case(Spanned<bool>),
    ClusterOn(Vec<Spanned<String>>),
    /// `tokens words` (false) or `tokens whitespace` (true).
    Tokens(Spanned<bool>),
    /// `stem english` (true) or `stem none` (false).
    Stem(Spanned<bool>),
    /// `fuzzy words` (true) or `fuzzy off` (false).
    Fuzzy(Spanned<bool>),
    Normalize(Vec<NormalizeRule>),
    Synonyms(Vec<SynonymGroup>),
    Actions(Vec<SynonymGroup>),
    /// `infer action NAME when /re/`.
    InferAction {
        label: Option<Spanned<String>>,
        action: Spanned<String>,
        pattern: RegexLit,
        span: Span,
    },
    Clauses(Vec<ClauseSetting>),
    Ignore(Vec<Spanned<String>>),
    Similarity(Vec<SimilaritySetting>),
    NeverMerge {
        label: Option<Spanned<String>>,
        left: RegexLit,
        right: RegexLit,
        because: Option<Spanned<String>>,
        span: Span,
    },
    AlwaysMerge {
        label: Option<Spanned<String>>,
        pattern: RegexLit,
        name: Spanned<String>,
        span: Span,
    },
    Name {
        pattern: RegexLit,
        name: Spanned<String>,
        span: Span,
    },
    Test(TestBlock),
}

/// A parsed rules file.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct RulesAst {
    pub(crate) statements: Vec<Statement>,
}
