//! Rules AST → [`Rules`]: compile regexes, validate names and numbers, and
//! layer a file over the defaults it extends.

use std::collections::HashMap;

use regex::{Regex, RegexBuilder};
use rustc_hash::FxHashMap;

use super::ast::{
    NormalizeRule, RegexLit, Replacement, RulesAst, SimilaritySetting, Spanned, Statement,
    SynonymGroup,
};
use super::needs::Needs;
use super::placeholders;
use super::{ClusterPart, Metric, NamedPattern, NeverMerge, Normalizer, Part, Rules, Synonym};
use crate::error::Problem;
use crate::journal::FieldKey;
use crate::normalize::tokenize;
use crate::source::Span;

/// Compiled size limit of one regex: far above any sensible rule, far below
/// what would exhaust memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Fields `cluster on` and `weight` accept.
const PART_NAMES: [&str; 8] = [
    "title", "why", "change", "verify", "rollback", "outcome", "by", "ticket",
];

pub fn extends_default(ast: &RulesAst) -> bool {
    ast.statements
        .iter()
        .any(|s| matches!(s, Statement::Extends(name) if name.value == "default"))
}

/// Checks the layers in order (defaults first); later layers override
/// settings and add rules.
pub fn check(layers: &[RulesAst]) -> (Option<Rules>, Vec<Problem>) {
    let mut builder = Builder::new();
    // Regexes compile once, so the case mode must be known before any rule.
    builder.rules.case_sensitive = layers
        .iter()
        .flat_map(|ast| &ast.statements)
        .filter_map(|s| match s {
            Statement::Case(sensitive) => Some(sensitive.value),
            _ => None,
        })
        .next_back()
        .unwrap_or(false);
    for (layer, ast) in layers.iter().enumerate() {
        for statement in &ast.statements {
            builder.statement(layer, statement);
        }
    }
    builder.finish()
}

struct Builder {
    rules: Rules,
    /// `weight` settings, applied once `cluster on` is final.
    weights: Vec<(Spanned<String>, Spanned<f64>)>,
    /// Synonym word or phrase → (canonical, span, layer), for conflicts.
    synonym_owner: HashMap<Vec<String>, (String, Span, usize)>,
    /// Placeholders produced so far by normalize rules, in order.
    produced: Vec<String>,
    /// Placeholders named by hard and name rules, checked at the end since
    /// every normalize rule runs before them.
    pattern_placeholders: Vec<(String, Span)>,
    problems: Vec<Problem>,
}

impl Builder {
    fn new() -> Self {
        let rules = Rules {
            case_sensitive: false,
            parts: vec![ClusterPart {
                part: Part::Title,
                weight: 1.0,
                span: Span::default(),
            }],
            normalizers: Vec::new(),
            synonyms: Vec::new(),
            synonym_index: FxHashMap::default(),
            ignore: FxHashMap::default(),
            metric: Metric::TokenJaccard,
            metric_span: Span::default(),
            threshold: 0.75,
            threshold_span: Span::default(),
            never_merge: Vec::new(),
            always_merge: Vec::new(),
            names: Vec::new(),
            tests: Vec::new(),
        };
        Builder {
            rules,
            weights: Vec::new(),
            synonym_owner: HashMap::new(),
            produced: Vec::new(),
            pattern_placeholders: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn statement(&mut self, layer: usize, statement: &Statement) {
        match statement {
            Statement::Extends(name) => self.extends(name),
            Statement::Case(sensitive) => self.rules.case_sensitive = sensitive.value,
            Statement::ClusterOn(parts) => self.cluster_on(parts),
            Statement::Normalize(rules) => rules.iter().for_each(|r| self.normalize(r)),
            Statement::Synonyms(groups) => groups.iter().for_each(|g| self.synonym_group(layer, g)),
            Statement::Ignore(words) => {
                for word in words {
                    self.rules.ignore.insert(word.value.clone(), word.span);
                }
            }
            Statement::Similarity(settings) => settings.iter().for_each(|s| self.similarity(s)),
            Statement::NeverMerge {
                left,
                right,
                because,
                span,
            } => {
                self.pattern_placeholders
                    .extend(placeholders::referenced(left));
                self.pattern_placeholders
                    .extend(placeholders::referenced(right));
                if let (Some(left), Some(right)) = (self.regex(left), self.regex(right)) {
                    self.rules.never_merge.push(NeverMerge {
                        left,
                        right,
                        because: because.as_ref().map(|b| b.value.clone()),
                        span: *span,
                    });
                }
            }
            Statement::AlwaysMerge {
                pattern,
                name,
                span,
            } => {
                if let Some(named) = self.named_pattern(pattern, name, *span) {
                    self.rules.always_merge.push(named);
                }
            }
            Statement::Name {
                pattern,
                name,
                span,
            } => {
                if let Some(named) = self.named_pattern(pattern, name, *span) {
                    self.rules.names.push(named);
                }
            }
            Statement::Test(block) => self.rules.tests.push(block.clone()),
        }
    }

    fn extends(&mut self, name: &Spanned<String>) {
        if name.value == "default" {
            return;
        }
        self.problems.push(
            Problem::error(
                "forge::rules::unknown_extends",
                format!("cannot extend `{}`", name.value),
            )
            .label(name.span, "no rules by this name")
            .help(format!(
                "the only rules that can be extended are `default`{}",
                did_you_mean(&name.value, &["default"])
            )),
        );
    }

    fn cluster_on(&mut self, names: &[Spanned<String>]) {
        let mut parts = Vec::new();
        for name in names {
            match part_from_name(&name.value) {
                Some(part) => parts.push(ClusterPart {
                    part,
                    weight: 1.0,
                    span: name.span,
                }),
                None => self.problems.push(unknown_field(name)),
            }
        }
        if !parts.is_empty() {
            self.rules.parts = parts;
        }
    }

    fn normalize(&mut self, rule: &NormalizeRule) {
        for (name, span) in placeholders::referenced(&rule.regex) {
            if !self.produced.contains(&name) {
                let problem = placeholders::unproduced(&name, span, &self.produced);
                self.problems.push(problem);
            }
        }
        if let Replacement::Placeholder(name) = &rule.replacement.value {
            let name = name.to_lowercase();
            if !self.produced.contains(&name) {
                self.produced.push(name);
            }
        }
        let Some(regex) = self.regex(&rule.regex) else {
            return;
        };
        let (replacement, is_placeholder) = match &rule.replacement.value {
            Replacement::Placeholder(name) => (format!("<{}>", name.to_lowercase()), true),
            Replacement::Text(text) => (text.clone(), false),
        };
        self.rules.normalizers.push(Normalizer {
            regex,
            needs: Needs::of_pattern(&rule.regex.pattern, self.rules.case_sensitive),
            replacement,
            is_placeholder,
            span: rule.span,
        });
    }

    fn synonym_group(&mut self, layer: usize, group: &SynonymGroup) {
        let canonical = group.canonical.value.to_lowercase();
        for member in &group.members {
            let words = phrase_words(&member.value);
            if words.is_empty() {
                continue;
            }
            if let Some((other, first, other_layer)) = self.synonym_owner.get(&words) {
                if *other_layer == layer && *other != canonical {
                    self.problems
                        .push(synonym_conflict(member, &canonical, other, *first));
                    continue;
                }
            }
            self.synonym_owner
                .insert(words.clone(), (canonical.clone(), member.span, layer));
            // A later layer's mapping replaces an earlier one's.
            self.rules.synonyms.retain(|s| s.words != words);
            self.rules.synonyms.push(Synonym {
                words,
                canonical: canonical.clone(),
                span: member.span,
                group_span: group.span,
            });
        }
    }

    fn similarity(&mut self, setting: &SimilaritySetting) {
        match setting {
            SimilaritySetting::Metric(name) => match Metric::from_name(&name.value) {
                Some(metric) => {
                    self.rules.metric = metric;
                    self.rules.metric_span = name.span;
                }
                None => self.problems.push(unknown_metric(name)),
            },
            SimilaritySetting::Threshold(value) => {
                if (0.0..=1.0).contains(&value.value) {
                    self.rules.threshold = value.value;
                    self.rules.threshold_span = value.span;
                } else {
                    self.problems.push(out_of_range(value, "the threshold"));
                }
            }
            SimilaritySetting::Weight { field, weight } => {
                self.weights.push((field.clone(), weight.clone()));
            }
        }
    }

    fn named_pattern(
        &mut self,
        pattern: &RegexLit,
        name: &Spanned<String>,
        span: Span,
    ) -> Option<NamedPattern> {
        self.pattern_placeholders
            .extend(placeholders::referenced(pattern));
        let regex = self.regex(pattern)?;
        Some(NamedPattern {
            pattern: regex,
            name: name.value.clone(),
            span,
        })
    }

    /// Compiles a regex literal, reporting errors at their position inside it.
    fn regex(&mut self, lit: &RegexLit) -> Option<Regex> {
        match compile_regex(lit, self.rules.case_sensitive) {
            Ok(regex) => Some(regex),
            Err(problem) => {
                self.problems.push(*problem);
                None
            }
        }
    }

    fn finish(mut self) -> (Option<Rules>, Vec<Problem>) {
        for (name, span) in std::mem::take(&mut self.pattern_placeholders) {
            if !self.produced.contains(&name) {
                let problem = placeholders::unproduced(&name, span, &self.produced);
                self.problems.push(problem);
            }
        }
        self.apply_weights();
        self.apply_case();
        self.index_synonyms();
        let problems = std::mem::take(&mut self.problems);
        if problems.iter().any(Problem::is_error) {
            (None, problems)
        } else {
            (Some(self.rules), problems)
        }
    }

    fn apply_weights(&mut self) {
        for (field, weight) in std::mem::take(&mut self.weights) {
            if !(0.0..=1000.0).contains(&weight.value) {
                self.problems.push(out_of_range(&weight, "a weight"));
                continue;
            }
            let part = part_from_name(&field.value);
            match self
                .rules
                .parts
                .iter_mut()
                .find(|p| Some(&p.part) == part.as_ref())
            {
                Some(target) => {
                    target.weight = weight.value;
                    target.span = field.span;
                }
                None => self
                    .problems
                    .push(weight_not_compared(&field, &self.rules.parts)),
            }
        }
    }

    /// Case-insensitive rules compare lower-cased text, so their words are
    /// lower-cased too.
    fn apply_case(&mut self) {
        if self.rules.case_sensitive {
            return;
        }
        let ignore = std::mem::take(&mut self.rules.ignore);
        self.rules.ignore = ignore
            .into_iter()
            .map(|(w, s)| (w.to_lowercase(), s))
            .collect();
        for synonym in &mut self.rules.synonyms {
            synonym.canonical = synonym.canonical.to_lowercase();
            for word in &mut synonym.words {
                *word = word.to_lowercase();
            }
        }
    }

    fn index_synonyms(&mut self) {
        // Longest phrase first; ties keep file order (stable sort).
        self.rules
            .synonyms
            .sort_by_key(|s| std::cmp::Reverse(s.words.len()));
        let mut index: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, synonym) in self.rules.synonyms.iter().enumerate() {
            index.entry(synonym.words[0].clone()).or_default().push(i);
        }
        self.rules.synonym_index = index;
    }
}

/// The words of a synonym or ignore phrase, split as journal text is.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    tokenize(phrase)
        .into_iter()
        .map(|(s, e)| phrase[s..e].to_string())
        .collect()
}

fn part_from_name(name: &str) -> Option<Part> {
    let lower = name.to_lowercase();
    if lower == "title" {
        return Some(Part::Title);
    }
    match FieldKey::from_key(&lower) {
        FieldKey::Other(_) => None,
        key => Some(Part::Field(key)),
    }
}

pub fn compile_regex(lit: &RegexLit, case_sensitive: bool) -> Result<Regex, Box<Problem>> {
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
            Problem::error("forge::rules::regex", format!("invalid regex: {message}"))
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
                Problem::error("forge::rules::regex_too_large", "this regex is too large to compile")
                    .label(lit.span, e.to_string())
                    .help(format!("a compiled rule may take at most {REGEX_SIZE_LIMIT} bytes; use fewer or smaller repetitions")),
            )
        })
}

pub fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    candidates
        .iter()
        .map(|c| {
            // `jacard` should find `token_jaccard`: compare the bare word too.
            let bare = c.rsplit('_').next().unwrap_or(c);
            let score = strsim::jaro_winkler(word, c).max(strsim::jaro_winkler(word, bare));
            (score, c)
        })
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

fn unknown_field(name: &Spanned<String>) -> Problem {
    Problem::error(
        "forge::rules::unknown_field",
        format!("unknown field `{}`", name.value),
    )
    .label(name.span, "not a field clustering can compare")
    .help(format!(
        "compare any of: {}{}",
        PART_NAMES.join(", "),
        did_you_mean(&name.value, &PART_NAMES)
    ))
}

fn unknown_metric(name: &Spanned<String>) -> Problem {
    let names: Vec<&str> = Metric::ALL.iter().map(|(n, _)| *n).collect();
    Problem::error(
        "forge::rules::unknown_metric",
        format!("unknown similarity metric `{}`", name.value),
    )
    .label(name.span, "not a metric")
    .help(format!(
        "use one of: {}{}",
        names.join(", "),
        did_you_mean(&name.value, &names)
    ))
}

fn out_of_range(value: &Spanned<f64>, what: &str) -> Problem {
    let range = if what == "the threshold" {
        "between 0 and 1"
    } else {
        "between 0 and 1000"
    };
    Problem::error(
        "forge::rules::out_of_range",
        format!("{what} must be {range}"),
    )
    .label(value.span, format!("{what} is {}", value.value))
    .help(format!("write {what} as a number {range}, e.g. 0.75"))
}

fn weight_not_compared(field: &Spanned<String>, parts: &[ClusterPart]) -> Problem {
    let compared: Vec<&str> = parts.iter().map(|p| p.part.name()).collect();
    Problem::error(
        "forge::rules::unknown_field",
        format!(
            "`{}` is not compared, so it cannot have a weight",
            field.value
        ),
    )
    .label(field.span, "not listed in `cluster on`")
    .help(format!(
        "the compared fields are: {}; add `{}` to `cluster on` or remove this weight{}",
        compared.join(", "),
        field.value,
        did_you_mean(&field.value, &compared)
    ))
}

fn synonym_conflict(
    member: &Spanned<String>,
    canonical: &str,
    other: &str,
    first: Span,
) -> Problem {
    Problem::error(
        "forge::rules::synonym_conflict",
        format!(
            "`{}` is a synonym of both `{other}` and `{canonical}`",
            member.value
        ),
    )
    .label(member.span, format!("here it means `{canonical}`"))
    .label(first, format!("first defined here as `{other}`"))
    .help("a word can belong to one synonym group only; remove it from one of them")
}
