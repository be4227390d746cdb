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
use super::{
    lexicon, ClusterPart, InferAction, Metric, NamedPattern, NeverMerge, Normalizer, Part, Rules,
    Synonym, Tokens,
};
use crate::error::Problem;
use crate::journal::FieldKey;
use crate::source::Span;
use crate::tokens::tokenize_as;

/// Compiled size limit of one regex: far above any sensible rule, far below
/// what would exhaust memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Most normalize, never merge, always merge and name rules, built-in ones
/// included: each compiles at least one regex, and thousands of them are
/// generated data, not rules written by hand.
pub const MAX_RULES: usize = 4096;

/// Most compiled regex size, summed over every rule (the size each
/// regex's [`REGEX_SIZE_LIMIT`] bounds).
pub const REGEX_BUDGET: usize = 32 << 20;

/// Fields `cluster on` and `weight` accept.
const PART_NAMES: [&str; 8] = [
    "title", "why", "change", "verify", "rollback", "outcome", "by", "ticket",
];

pub fn extends_default(ast: &RulesAst) -> bool {
    ast.statements
        .iter()
        .any(|s| matches!(s, Statement::Extends { name, .. } if name.value == "default"))
}

/// The built-in rules a file switches off with `extends default without …`.
fn switched_off(layers: &[RulesAst]) -> Vec<Spanned<String>> {
    layers
        .iter()
        .skip(1)
        .flat_map(|ast| &ast.statements)
        .filter_map(|s| match s {
            Statement::Extends { without, .. } => Some(without.iter().cloned()),
            _ => None,
        })
        .flatten()
        .collect()
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
    // Synonym phrases are split as journal text will be.
    builder.rules.tokens = layers
        .iter()
        .flat_map(|ast| &ast.statements)
        .filter_map(|s| match s {
            Statement::Tokens(whitespace) if whitespace.value => Some(Tokens::Whitespace),
            Statement::Tokens(_) => Some(Tokens::Words),
            _ => None,
        })
        .next_back()
        .unwrap_or_default();
    if layers.len() > 1 {
        builder.without = switched_off(layers);
    }
    for (layer, ast) in layers.iter().enumerate() {
        builder.layered = layers.len() > 1;
        for statement in &ast.statements {
            if layer == 0 && builder.layered && builder.is_switched_off(statement) {
                continue;
            }
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
    /// Whether a file is layered over the built-in rules.
    layered: bool,
    /// Names of built-in rules switched off, and whether each named one.
    without: Vec<Spanned<String>>,
    /// Every name a built-in rule goes by, for "did you mean".
    builtin_names: Vec<String>,
    used_without: Vec<bool>,
    /// Per normalizer: where it runs ([`run_order`]).
    normalizer_order: Vec<u8>,
    /// Rules that compile regexes so far, against [`MAX_RULES`].
    rule_count: usize,
    /// Compiled regex size so far, against [`REGEX_BUDGET`].
    regex_bytes: usize,
    /// A limit was passed: later rules are not compiled.
    over_limit: bool,
}

impl Builder {
    fn new() -> Self {
        let rules = Rules {
            case_sensitive: false,
            tokens: Tokens::Words,
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
            split: 0,
            split_span: Span::default(),
            never_merge: Vec::new(),
            always_merge: Vec::new(),
            names: Vec::new(),
            tests: Vec::new(),
            stem: false,
            fuzzy: false,
            fuzzy_span: Span::default(),
            lexicon: FxHashMap::default(),
            action_words: rustc_hash::FxHashSet::default(),
            infer_actions: Vec::new(),
            clauses: None,
            placeholder_weight: lexicon::PLACEHOLDER_WEIGHT,
            journal_weights: false,
        };
        Builder {
            rules,
            weights: Vec::new(),
            synonym_owner: HashMap::new(),
            produced: Vec::new(),
            pattern_placeholders: Vec::new(),
            problems: Vec::new(),
            layered: false,
            without: Vec::new(),
            builtin_names: Vec::new(),
            used_without: Vec::new(),
            normalizer_order: Vec::new(),
            rule_count: 0,
            regex_bytes: 0,
            over_limit: false,
        }
    }

    /// Counts a rule that compiles regexes; false once past a limit, with
    /// an error at the first rule past [`MAX_RULES`].
    fn count_rule(&mut self, span: Span) -> bool {
        if self.over_limit {
            return false;
        }
        self.rule_count += 1;
        if self.rule_count > MAX_RULES {
            self.over_limit = true;
            self.problems.push(
                Problem::error(
                    "forge::rules::too_many_rules",
                    format!("more than {MAX_RULES} rules"),
                )
                .label(span, format!("rule {}, counting any built-in ones", self.rule_count))
                .help(format!("forge takes at most {MAX_RULES} normalize, never merge, always merge and name rules in all; rules are written by hand: merge similar ones into one regex with `|`")),
            );
            return false;
        }
        true
    }

    /// Whether `extends default without …` names this built-in statement;
    /// a statement holding several rules (normalize, synonyms, ignore) is
    /// thinned instead, in [`Self::statement`].
    fn is_switched_off(&mut self, statement: &Statement) -> bool {
        let label = match statement {
            Statement::NeverMerge { label, .. } | Statement::AlwaysMerge { label, .. } => {
                label.as_ref()
            }
            _ => None,
        };
        label.is_some_and(|l| self.names_off(&l.value))
    }

    /// Records a built-in rule's name; true when `without` switches it off.
    fn names_off(&mut self, name: &str) -> bool {
        self.builtin_names.push(name.to_string());
        self.used_without.resize(self.without.len(), false);
        let mut off = false;
        for (used, without) in self.used_without.iter_mut().zip(&self.without) {
            if without.value.eq_ignore_ascii_case(name) {
                *used = true;
                off = true;
            }
        }
        off
    }

    /// Whether `layer` is the built-in rules with some switched off: a
    /// built-in rule refining a placeholder whose maker is off never
    /// matches, which is what switching that maker off asks for.
    fn thinned_builtin(&self, layer: usize) -> bool {
        layer == 0 && self.layered && !self.without.is_empty()
    }

    /// Whether a rule of `layer` is a built-in one `without` switches off.
    fn builtin_off(&mut self, layer: usize, name: Option<&str>) -> bool {
        layer == 0 && self.layered && name.is_some_and(|n| self.names_off(n))
    }

    // One arm per statement kind, each short: splitting the match would
    // only scatter the statement list.
    #[allow(clippy::too_many_lines)]
    fn statement(&mut self, layer: usize, statement: &Statement) {
        match statement {
            Statement::Extends { name, .. } => self.extends(name),
            Statement::Case(sensitive) => self.rules.case_sensitive = sensitive.value,
            Statement::Tokens(whitespace) => {
                self.rules.tokens = if whitespace.value {
                    Tokens::Whitespace
                } else {
                    Tokens::Words
                };
            }
            Statement::ClusterOn(parts) => self.cluster_on(parts),
            Statement::Normalize(rules) => {
                for rule in rules {
                    let name = rule.label.as_ref().map(|l| l.value.as_str());
                    if !self.builtin_off(layer, name) && self.count_rule(rule.span) {
                        self.normalize(layer, rule);
                    }
                }
            }
            Statement::Synonyms(groups) | Statement::Actions(groups) => {
                let action = matches!(statement, Statement::Actions(_));
                for group in groups {
                    let name = group.canonical.value.to_lowercase();
                    if !self.builtin_off(layer, Some(&name)) {
                        self.synonym_group(layer, group, action);
                    }
                }
            }
            Statement::Stem(english) => self.rules.stem = english.value,
            Statement::Fuzzy(words) => {
                self.rules.fuzzy = words.value;
                self.rules.fuzzy_span = words.span;
            }
            Statement::InferAction {
                label,
                action,
                pattern,
                span,
            } => {
                let name = label.as_ref().map(|l| l.value.as_str());
                if self.builtin_off(layer, name) || !self.count_rule(*span) {
                    return;
                }
                self.pattern_placeholders
                    .extend(placeholders::referenced(pattern));
                if let Some(regex) = self.regex(pattern) {
                    self.rules.infer_actions.push(InferAction {
                        name: name.map(str::to_string),
                        action: action.value.to_lowercase(),
                        pattern: regex,
                        span: *span,
                    });
                }
            }
            Statement::Clauses(settings) => {
                if self.builtin_off(layer, Some("clauses")) {
                    return;
                }
                let (clauses, problems) = lexicon::clauses(settings, self.rules.tokens);
                self.rules.clauses = Some(clauses);
                self.problems.extend(problems);
            }
            Statement::Ignore(words) => {
                for word in words {
                    if !self.builtin_off(layer, Some(&word.value)) {
                        self.rules.ignore.insert(word.value.clone(), word.span);
                    }
                }
            }
            Statement::Similarity(settings) => settings.iter().for_each(|s| self.similarity(s)),
            Statement::NeverMerge {
                label,
                left,
                right,
                because,
                span,
            } => {
                if !self.count_rule(*span) {
                    return;
                }
                if !self.thinned_builtin(layer) {
                    self.pattern_placeholders
                        .extend(placeholders::referenced(left));
                    self.pattern_placeholders
                        .extend(placeholders::referenced(right));
                }
                if let (Some(left), Some(right)) = (self.regex(left), self.regex(right)) {
                    self.rules.never_merge.push(NeverMerge {
                        name: label.as_ref().map(|l| l.value.clone()),
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
                ..
            } => {
                if !self.count_rule(*span) {
                    return;
                }
                if let Some(named) = self.named_pattern(pattern, name, *span) {
                    self.rules.always_merge.push(named);
                }
            }
            Statement::Name {
                pattern,
                name,
                span,
            } => {
                if !self.count_rule(*span) {
                    return;
                }
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

    fn normalize(&mut self, layer: usize, rule: &NormalizeRule) {
        let referenced = placeholders::referenced(&rule.regex);
        let order = run_order(self.layered, layer, !referenced.is_empty());
        for (name, span) in referenced {
            if !self.produced.contains(&name) && !self.thinned_builtin(layer) {
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
        self.normalizer_order.push(order);
        self.rules.normalizers.push(Normalizer {
            name: rule.label.as_ref().map(|l| l.value.clone()),
            regex,
            needs: Needs::of_pattern(&rule.regex.pattern, self.rules.case_sensitive),
            replacement,
            is_placeholder,
            span: rule.span,
        });
    }

    fn synonym_group(&mut self, layer: usize, group: &SynonymGroup, action: bool) {
        let canonical = group.canonical.value.to_lowercase();
        if layer > 0 {
            // A later layer owns its canonical word too: an earlier layer
            // may no longer turn it into something else.
            let words = phrase_words(&canonical, self.rules.tokens);
            self.rules
                .synonyms
                .retain(|s| s.layer == layer || s.words != words);
            self.synonym_owner
                .insert(words, (canonical.clone(), group.canonical.span, layer));
        }
        for member in &group.members {
            let words = phrase_words(&member.value, self.rules.tokens);
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
                layer,
                action,
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
            SimilaritySetting::Split(value) => {
                if (0.0..=64.0).contains(&value.value) && value.value.fract() == 0.0 {
                    // Checked to be a whole number in 0..=64 just above.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let split = value.value as usize;
                    self.rules.split = split;
                    self.rules.split_span = value.span;
                } else {
                    self.problems.push(
                        Problem::error(
                            "forge::rules::out_of_range",
                            "`split` must be a whole number between 0 and 64",
                        )
                        .label(value.span, format!("split is {}", value.value))
                        .help("write split = 0 to turn the split pass off, or e.g. split = 4"),
                    );
                }
            }
            SimilaritySetting::Weight { field, weight } => {
                self.weights.push((field.clone(), weight.clone()));
            }
            SimilaritySetting::Placeholder(value) => {
                if (0.0..=1.0).contains(&value.value) {
                    self.rules.placeholder_weight = value.value;
                } else {
                    self.problems
                        .push(out_of_range(value, "the placeholder weight"));
                }
            }
            SimilaritySetting::JournalWeights(journal) => {
                self.rules.journal_weights = journal.value;
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

    fn finish(mut self) -> (Option<Rules>, Vec<Problem>) {
        for (name, span) in std::mem::take(&mut self.pattern_placeholders) {
            if !self.produced.contains(&name) {
                let problem = placeholders::unproduced(&name, span, &self.produced);
                self.problems.push(problem);
            }
        }
        self.apply_weights();
        self.apply_case();
        self.redirect_synonyms();
        self.order_normalizers();
        self.report_unknown_without();
        self.warn_split_metric();
        lexicon::finish(&mut self.rules);
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

    /// An earlier layer's synonym whose canonical word a later layer
    /// lists becomes that layer's word: `certificates → cert` under a
    /// file's `certificate = cert` gives `certificate`.
    fn redirect_synonyms(&mut self) {
        let owners: Vec<(String, String, usize)> = self
            .synonym_owner
            .iter()
            .filter(|(words, _)| words.len() == 1)
            .map(|(words, (canonical, _, layer))| (words[0].clone(), canonical.clone(), *layer))
            .collect();
        for synonym in &mut self.rules.synonyms {
            let owner = owners.iter().find(|(word, canonical, layer)| {
                *word == synonym.canonical && *layer > synonym.layer && *canonical != *word
            });
            if let Some((_, canonical, _)) = owner {
                synonym.canonical.clone_from(canonical);
            }
        }
    }

    /// A file's own normalize rules that name no placeholder see the raw
    /// text before the built-in ones; those that refine a placeholder run
    /// after them. The sort is stable, so file order holds within each.
    fn order_normalizers(&mut self) {
        let order = std::mem::take(&mut self.normalizer_order);
        let mut ordered: Vec<(u8, Normalizer)> = order
            .into_iter()
            .zip(std::mem::take(&mut self.rules.normalizers))
            .collect();
        ordered.sort_by_key(|(order, _)| *order);
        self.rules.normalizers = ordered.into_iter().map(|(_, n)| n).collect();
    }

    /// A `without` name that matches no built-in rule is a mistake.
    fn report_unknown_without(&mut self) {
        self.used_without.resize(self.without.len(), false);
        let names: Vec<&str> = self.builtin_names.iter().map(String::as_str).collect();
        for (without, used) in self.without.iter().zip(&self.used_without) {
            if *used {
                continue;
            }
            self.problems.push(
                Problem::error(
                    "forge::rules::unknown_rule_name",
                    format!("no built-in rule is named `{}`", without.value),
                )
                .label(without.span, "switches nothing off")
                .help(format!(
                    "`forge rules --print-default` shows each built-in rule's name{}",
                    did_you_mean(&without.value, &names)
                )),
            );
        }
    }

    /// `split` only means something under the positional metric.
    fn warn_split_metric(&mut self) {
        if self.rules.split == 0 || self.rules.metric == Metric::Positional {
            return;
        }
        self.problems.push(
            Problem::warning(
                "forge::rules::split_needs_positional",
                format!(
                    "`split = {}` has no effect with metric `{}`",
                    self.rules.split,
                    self.rules.metric.name()
                ),
            )
            .label(
                self.rules.split_span,
                "the split pass runs only with `positional`",
            )
            .help("use `metric = positional`, or remove `split`"),
        );
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

/// When a normalize rule runs: a layered file's rules that name no
/// placeholder first (0), then the built-in ones (1), then the file's
/// refinements of a placeholder (2). Without layering, file order.
fn run_order(layered: bool, layer: usize, names_placeholder: bool) -> u8 {
    match (layered, layer, names_placeholder) {
        (false, _, _) | (true, 0, _) => 1,
        (true, _, false) => 0,
        (true, _, true) => 2,
    }
}

/// The words of a synonym or ignore phrase, split as journal text is.
pub fn phrase_words(phrase: &str, tokens: Tokens) -> Vec<String> {
    tokenize_as(phrase, tokens)
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
        "forge::rules::regex_budget",
        format!(
            "the rules' regexes compile to more than {} MiB in all",
            REGEX_BUDGET >> 20
        ),
    )
    .label(lit.span, "this regex goes past the limit")
    .help("use `+`/`*` instead of large counted repetitions, and fewer rules; rules past this one are not read")
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

pub(super) fn out_of_range(value: &Spanned<f64>, what: &str) -> Problem {
    let range = if what == "a weight" {
        "between 0 and 1000"
    } else {
        "between 0 and 1"
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
