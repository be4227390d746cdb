//! The decision trace resolved for people and tools: spans become places
//! (file, line, column and the text they cover), rule indices become the
//! rules' places. Text and JSON output both render these structs.

use serde::Serialize;

use crate::source::{Sources, Span};

/// A stretch of a source file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    #[serde(skip)]
    pub span: Span,
    /// The file's name as given on the command line, `--text`, or
    /// `<built-in>/default.forge`.
    pub(crate) file: String,
    /// 1-based line and column (in characters) of the start.
    pub(crate) line: usize,
    pub(crate) column: usize,
    /// Byte offsets in the file.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The text the place covers.
    pub(crate) text: String,
}

impl Place {
    pub(crate) fn new(sources: &Sources, span: Span) -> Place {
        let file = sources.get(span.file);
        let (line, column) = file.line_col(span.start);
        Place {
            span,
            file: file.name.clone(),
            line,
            column,
            start: span.start,
            end: span.end,
            text: file.slice(span).to_string(),
        }
    }

    /// `rules.forge:14`: the file's own name (not its folder) and the line;
    /// the built-in rules keep their whole name, which says where they are.
    pub(crate) fn short(&self) -> String {
        let name = if self.file.starts_with('<') {
            self.file.as_str()
        } else {
            self.file.rsplit(['/', '\\']).next().unwrap_or(&self.file)
        };
        format!("{name}:{}", self.line)
    }
}

/// What kind of rule a [`RuleRef`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    Normalize,
    Synonym,
    Ignore,
    NeverMerge,
    AlwaysMerge,
    Name,
    Fuzzy,
}

impl RuleKind {
    /// The rule's keyword, as written in rules.forge.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            RuleKind::Normalize => "normalize",
            RuleKind::Synonym => "synonym",
            RuleKind::Ignore => "ignore",
            RuleKind::NeverMerge => "never merge",
            RuleKind::AlwaysMerge => "always merge",
            RuleKind::Name => "name",
            RuleKind::Fuzzy => "fuzzy words",
        }
    }
}

/// A rule that took part in a decision, and where it is written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRef {
    pub kind: RuleKind,
    /// Index into the checked rules of its kind; absent for `ignore`.
    #[serde(skip)]
    pub(crate) index: Option<usize>,
    /// The rule as written: the whole rule, or the synonym phrase or
    /// ignored word itself.
    pub at: Place,
    /// The operation name of an `always merge` or `name` rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The rule's own label (`size: /…/ => <size>`), which `extends
    /// default without` names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The reason given by a `never merge` rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because: Option<String>,
}

/// The similarity settings every score is computed with.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub metric: &'static str,
    /// Where the metric is set; absent when no rules file sets it.
    pub metric_at: Option<Place>,
    pub threshold: f64,
    pub threshold_at: Option<Place>,
    /// The compared parts of an entry (`cluster on`), with their weights.
    pub parts: Vec<PartSetting>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartSetting {
    pub part: String,
    pub(crate) weight: f64,
    /// The `cluster on` item or `weight` setting; absent for the implicit
    /// `cluster on title`.
    pub at: Option<Place>,
}

/// An entry, as other explanations refer to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryRef {
    /// 1-based position in the journal.
    pub(crate) number: usize,
    /// 1-based line of the heading.
    pub(crate) line: usize,
    pub(crate) date: Option<String>,
    pub title: String,
}

impl EntryRef {
    /// `L23 "Raised heap 8G→16G"`.
    pub(crate) fn label(&self) -> String {
        format!("L{} \"{}\"", self.line, self.title)
    }
}

/// An operation, as explanations refer to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperationRef {
    /// The id of `forge operations` (`change-index-heap`).
    pub(crate) id: String,
    pub(crate) name: String,
    /// The `always merge` or `name` rule that named it; absent when the
    /// name comes from the founding signature's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub named_by: Option<RuleRef>,
}

/// One rewrite of the entry's text while it became a signature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepView {
    #[serde(rename = "kind")]
    pub kind: StepKind,
    /// The compared part (`title`, `change`) the text belongs to.
    pub(crate) part: String,
    /// What the rule saw: the match (lower-cased, with placeholders of
    /// earlier rules), the synonym phrase or the ignored word.
    pub text: String,
    /// What it became; absent for an ignored word.
    pub result: Option<String>,
    /// The journal text it came from.
    pub at: Place,
    pub rule: RuleRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Normalized,
    Synonym,
    /// A typo read as a word of the rules (`fuzzy words`).
    Fuzzy,
    Ignored,
}

/// The words one compared part ended with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PartWords {
    pub(crate) part: String,
    /// Whether the entry has the part (a missing field drops out of the
    /// weighted score).
    pub(crate) present: bool,
    pub(crate) words: Vec<String>,
}

/// An operation the entry was scored against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateView {
    pub(crate) operation: OperationRef,
    /// The operation's template at that moment, `<*>` for parameters.
    pub(crate) template: String,
    /// The entry that founded the operation: what the score compares with.
    pub(crate) founder: Option<EntryRef>,
    /// The founder's signature.
    pub(crate) founder_signature: String,
    pub(crate) parts: Vec<PartScore>,
    /// The weighted mean of the part scores.
    pub(crate) score: f64,
    pub(crate) reaches_threshold: bool,
    /// The `never merge` rule that keeps the entry out of it.
    pub blocked_by: Option<RuleRef>,
    /// Whether the entry joined it.
    pub(crate) chosen: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PartScore {
    pub(crate) part: String,
    pub(crate) weight: f64,
    /// Absent when either side lacks the part.
    pub(crate) score: Option<f64>,
}

/// Why the entry is in its operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecisionView {
    /// An `always merge` rule matched the signature.
    Forced { rule: RuleRef },
    /// An earlier entry has exactly this signature.
    SameSignature { entry: EntryRef },
    /// An earlier entry has the same words apart from placeholders.
    SamePlain { entry: EntryRef },
    /// The best candidate reached the threshold, scored against its
    /// founder.
    Joined {
        score: f64,
        founder: Option<EntryRef>,
    },
    /// The split pass moved it out of `from`.
    Split {
        from: String,
        positions: Vec<usize>,
        words: Vec<String>,
        limit: usize,
    },
    /// Nothing reached the threshold, or what did is kept apart by a
    /// `never merge` rule (see the candidates).
    New,
}

/// Everything about one entry's placement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryView {
    #[serde(flatten)]
    pub entry: EntryRef,
    /// The title in the journal (or in the `--text`).
    pub title_at: Place,
    /// The words patterns match: parts joined by ` | `.
    pub(crate) signature: String,
    pub(crate) parts: Vec<PartWords>,
    pub steps: Vec<StepView>,
    pub operation: OperationRef,
    pub decision: DecisionView,
    /// The best-scoring operations, best first; empty when a hard rule or
    /// an equal signature decided without scoring.
    pub candidates: Vec<CandidateView>,
}

/// An operation and the decision behind each member.
#[derive(Debug, Clone, Serialize)]
pub struct OperationView {
    #[serde(flatten)]
    pub operation: OperationRef,
    /// The signature of the entry that started it.
    pub(crate) founder: String,
    /// Its template after the last member, `<*>` for parameters.
    pub(crate) template: String,
    pub members: Vec<EntryView>,
}

/// Whether two entries are in one operation, and why.
#[derive(Debug, Clone, Serialize)]
pub struct PairView {
    pub(crate) together: bool,
    /// The earlier entry.
    pub first: EntryView,
    /// The later entry, whose placement decided.
    pub second: EntryView,
    /// How the later entry scored against the earlier one's operation,
    /// when it was scored and kept among its best candidates.
    pub(crate) compared: Option<CandidateView>,
    /// When together through other entries: every member up to the later
    /// entry, in order, with the decision that brought it in.
    pub chain: Vec<Link>,
}

/// One member on the way from one entry to another.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    #[serde(flatten)]
    pub entry: EntryRef,
    pub title_at: Place,
    pub(crate) signature: String,
    pub(crate) decision: DecisionView,
}
