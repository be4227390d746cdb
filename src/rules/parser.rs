//! rules.forge text → [`RulesAst`], with syntax errors as [`Problem`]s.
//!
//! One `parse_<rule>` function per grammar rule; pest types stay here.

use pest::iterators::Pair;
use pest::Parser as _;

use super::ast::{
    ClauseSetting, Expect, NormalizeRule, RegexLit, Replacement, RulesAst, SimilaritySetting,
    Spanned, Statement, SynonymGroup, TestBlock, TestCase,
};
use crate::codes::RulesCode;
use crate::error::Problem;
use crate::source::{FileId, Span};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/forge.pest"]
struct ForgeParser;

/// Parses a whole rules file. The first syntax error is returned: after it
/// the rest of the file cannot be read reliably.
pub(crate) fn parse(file: FileId, text: &str) -> Result<RulesAst, Problem> {
    let mut pairs =
        ForgeParser::parse(Rule::file, text).map_err(|e| syntax_problem(file, text, &e))?;
    let statements = pairs
        .next()
        .map(|file_pair| {
            file_pair
                .into_inner()
                .filter(|p| p.as_rule() != Rule::EOI)
                .map(|p| parse_statement(file, p))
                .collect()
        })
        .unwrap_or_default();
    Ok(RulesAst { statements })
}

fn span_of(file: FileId, pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(file, s.start(), s.end())
}

fn parse_statement(file: FileId, pair: Pair<'_, Rule>) -> Statement {
    let span = span_of(file, &pair);
    let rule = pair.as_rule();
    let mut inner = pair
        .into_inner()
        .filter(|p| !is_keyword(p.as_rule()))
        .peekable();
    match rule {
        Rule::extends => Statement::Extends {
            name: parse_ident(file, inner.next()),
            without: inner.map(|p| parse_ident(file, Some(p))).collect(),
        },
        Rule::tokens_mode => {
            let value = parse_ident(file, inner.next());
            Statement::Tokens(Spanned::new(value.value == "whitespace", value.span))
        }
        Rule::stem_mode => {
            let value = parse_ident(file, inner.next());
            Statement::Stem(Spanned::new(value.value == "english", value.span))
        }
        Rule::fuzzy_mode => {
            let value = parse_ident(file, inner.next());
            Statement::Fuzzy(Spanned::new(value.value == "words", value.span))
        }
        Rule::actions => Statement::Actions(inner.map(|p| parse_synonym_group(file, p)).collect()),
        Rule::infer_action => Statement::InferAction {
            label: parse_label(file, &mut inner),
            action: parse_ident(file, inner.next()),
            pattern: parse_regex(file, inner.next()),
            span,
        },
        Rule::clauses => Statement::Clauses(inner.map(|p| parse_clause_setting(file, p)).collect()),
        Rule::case_mode => {
            let value = parse_ident(file, inner.next());
            Statement::Case(Spanned::new(value.value == "sensitive", value.span))
        }
        Rule::cluster_on => {
            Statement::ClusterOn(inner.map(|p| parse_ident(file, Some(p))).collect())
        }
        Rule::normalize => {
            Statement::Normalize(inner.map(|p| parse_normalize_rule(file, p)).collect())
        }
        Rule::synonyms => {
            Statement::Synonyms(inner.map(|p| parse_synonym_group(file, p)).collect())
        }
        Rule::ignore => Statement::Ignore(inner.map(|p| parse_term(file, p)).collect()),
        Rule::similarity => {
            Statement::Similarity(inner.map(|p| parse_similarity_setting(file, p)).collect())
        }
        Rule::never_merge => Statement::NeverMerge {
            label: parse_label(file, &mut inner),
            left: parse_regex(file, inner.next()),
            right: parse_regex(file, inner.next()),
            because: inner.next().map(|p| parse_string(file, &p)),
            span,
        },
        Rule::always_merge => Statement::AlwaysMerge {
            label: parse_label(file, &mut inner),
            pattern: parse_regex(file, inner.next()),
            name: parse_string_opt(file, inner.next(), span),
            span,
        },
        Rule::name_rule => Statement::Name {
            pattern: parse_regex(file, inner.next()),
            name: parse_string_opt(file, inner.next(), span),
            span,
        },
        _ => Statement::Test(parse_test(file, span, inner)),
    }
}

fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_extends
            | Rule::kw_case
            | Rule::kw_cluster
            | Rule::kw_on
            | Rule::kw_normalize
            | Rule::kw_synonyms
            | Rule::kw_ignore
            | Rule::kw_similarity
            | Rule::kw_never
            | Rule::kw_always
            | Rule::kw_merge
            | Rule::kw_with
            | Rule::kw_because
            | Rule::kw_as
            | Rule::kw_name
            | Rule::kw_test
            | Rule::kw_metric
            | Rule::kw_threshold
            | Rule::kw_weight
            | Rule::kw_without
            | Rule::kw_tokens
            | Rule::kw_split
            | Rule::kw_stem
            | Rule::kw_fuzzy
            | Rule::kw_actions
            | Rule::kw_infer
            | Rule::kw_action
            | Rule::kw_when
            | Rule::kw_clauses
            | Rule::kw_reasons
            | Rule::kw_placeholder
            | Rule::kw_weights
            | Rule::arrow
    )
}

fn parse_ident(file: FileId, pair: Option<Pair<'_, Rule>>) -> Spanned<String> {
    match pair {
        Some(p) => Spanned::new(p.as_str().to_string(), span_of(file, &p)),
        None => Spanned::new(String::new(), Span::new(file, 0, 0)),
    }
}

/// The `name:` label in front of a rule, if there is one.
fn parse_label<'i>(
    file: FileId,
    inner: &mut std::iter::Peekable<impl Iterator<Item = Pair<'i, Rule>>>,
) -> Option<Spanned<String>> {
    let label = inner.next_if(|p| p.as_rule() == Rule::rule_label)?;
    Some(parse_ident(file, label.into_inner().next()))
}

fn parse_normalize_rule(file: FileId, pair: Pair<'_, Rule>) -> NormalizeRule {
    let span = span_of(file, &pair);
    let mut inner = pair
        .into_inner()
        .filter(|p| !is_keyword(p.as_rule()))
        .peekable();
    let label = parse_label(file, &mut inner);
    let regex = parse_regex(file, inner.next());
    let replacement = match inner.next() {
        Some(p) if p.as_rule() == Rule::placeholder => {
            let name = p.as_str().trim_start_matches('<').trim_end_matches('>');
            Spanned::new(
                Replacement::Placeholder(name.to_string()),
                span_of(file, &p),
            )
        }
        Some(p) if p.as_rule() == Rule::string => {
            let s = parse_string(file, &p);
            Spanned::new(Replacement::Text(s.value), s.span)
        }
        Some(p) => Spanned::new(Replacement::Text(p.as_str().to_string()), span_of(file, &p)),
        None => Spanned::new(Replacement::Text(String::new()), span),
    };
    NormalizeRule {
        label,
        regex,
        replacement,
        span,
    }
}

fn parse_synonym_group(file: FileId, pair: Pair<'_, Rule>) -> SynonymGroup {
    let span = span_of(file, &pair);
    let mut terms = pair.into_inner().map(|p| parse_term(file, p));
    let canonical = terms
        .next()
        .unwrap_or_else(|| Spanned::new(String::new(), span));
    SynonymGroup {
        canonical,
        members: terms.collect(),
        span,
    }
}

/// A `term` holds either a quoted string or a bare word.
fn parse_term(file: FileId, pair: Pair<'_, Rule>) -> Spanned<String> {
    let span = span_of(file, &pair);
    match pair.into_inner().next() {
        Some(p) if p.as_rule() == Rule::string => parse_string(file, &p),
        Some(p) => Spanned::new(p.as_str().to_string(), span),
        None => Spanned::new(String::new(), span),
    }
}

fn parse_similarity_setting(file: FileId, pair: Pair<'_, Rule>) -> SimilaritySetting {
    let rule = pair.as_rule();
    let mut inner = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
    match rule {
        Rule::metric => SimilaritySetting::Metric(parse_ident(file, inner.next())),
        Rule::threshold => SimilaritySetting::Threshold(parse_number(file, inner.next())),
        Rule::split => SimilaritySetting::Split(parse_number(file, inner.next())),
        Rule::placeholder_weight => {
            SimilaritySetting::Placeholder(parse_number(file, inner.next()))
        }
        Rule::word_weights => {
            let value = parse_ident(file, inner.next());
            SimilaritySetting::JournalWeights(Spanned::new(value.value == "journal", value.span))
        }
        _ => SimilaritySetting::Weight {
            field: parse_ident(file, inner.next()),
            weight: parse_number(file, inner.next()),
        },
    }
}

fn parse_clause_setting(file: FileId, pair: Pair<'_, Rule>) -> ClauseSetting {
    let rule = pair.as_rule();
    let mut inner = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
    if rule == Rule::clause_reasons {
        return ClauseSetting::Reasons(inner.map(|p| parse_term(file, p)).collect());
    }
    ClauseSetting::Weight {
        kind: parse_ident(file, inner.next()),
        weight: parse_number(file, inner.next()),
    }
}

fn parse_number(file: FileId, pair: Option<Pair<'_, Rule>>) -> Spanned<f64> {
    let text = parse_ident(file, pair);
    // The grammar only admits digits, one dot and a sign, so this parses.
    Spanned::new(text.value.parse().unwrap_or(f64::NAN), text.span)
}

fn parse_test<'i>(
    file: FileId,
    span: Span,
    mut inner: impl Iterator<Item = Pair<'i, Rule>>,
) -> TestBlock {
    let title = parse_string_opt(file, inner.next(), span);
    let cases = inner.map(|p| parse_test_case(file, p)).collect();
    TestBlock { title, cases, span }
}

fn parse_test_case(file: FileId, pair: Pair<'_, Rule>) -> TestCase {
    let span = span_of(file, &pair);
    let mut inner = pair.into_inner();
    let expect = match inner.next().map(|p| p.as_str().to_string()).as_deref() {
        Some("different") => Expect::Different,
        _ => Expect::Same,
    };
    TestCase {
        expect,
        left: parse_string_opt(file, inner.next(), span),
        right: parse_string_opt(file, inner.next(), span),
        span,
    }
}

fn parse_string_opt(file: FileId, pair: Option<Pair<'_, Rule>>, fallback: Span) -> Spanned<String> {
    pair.map_or_else(
        || Spanned::new(String::new(), fallback),
        |p| parse_string(file, &p),
    )
}

/// A quoted string, unescaped (`\"`, `\\`, `\n`, `\t`; other escapes keep the
/// character after the backslash).
fn parse_string(file: FileId, pair: &Pair<'_, Rule>) -> Spanned<String> {
    let span = span_of(file, pair);
    let raw = pair.as_str();
    let body = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    Spanned::new(out, span)
}

/// A `/…/` literal; `\/` becomes `/` (the regex crate needs no escape for it).
fn parse_regex(file: FileId, pair: Option<Pair<'_, Rule>>) -> RegexLit {
    let Some(pair) = pair else {
        return RegexLit {
            pattern: String::new(),
            span: Span::new(file, 0, 0),
            removed_escapes: Vec::new(),
        };
    };
    let span = span_of(file, &pair);
    let raw = pair.as_str();
    let body = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
    let mut pattern = String::with_capacity(body.len());
    let mut removed_escapes = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("\\/") {
        pattern.push_str(&rest[..at]);
        removed_escapes.push(pattern.len());
        pattern.push('/');
        rest = &rest[at + 2..];
    }
    pattern.push_str(rest);
    RegexLit {
        pattern,
        span,
        removed_escapes,
    }
}

// ─── syntax errors ──────────────────────────────────────────────────────────

fn syntax_problem(file: FileId, text: &str, error: &pest::error::Error<Rule>) -> Problem {
    let (start, end) = match error.location {
        pest::error::InputLocation::Pos(p) => (p, p),
        pest::error::InputLocation::Span((s, e)) => (s, e),
    };
    let found = found_text(text, start);
    let expected = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => phrase_list(positives),
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    let end = end.max(start + found.len());
    let problem = Problem::error(
        RulesCode::Syntax,
        format!("syntax error: expected {expected}"),
    );
    let unclosed = unclosed_brace(text).filter(|_| found.is_empty());
    match unclosed {
        Some(brace) => problem.label(
            Span::new(file, brace, brace + 1),
            "this `{` is never closed: the file ends first",
        ),
        None => problem.label(
            Span::new(file, start, end),
            format!("found {}", describe_found(&found)),
        ),
    }
    .help(format!(
        "each statement starts with a keyword: extends, case, cluster on, normalize, \
         synonyms, ignore, similarity, never merge, always merge, name or test \
         (see `forge check --explain {}`)",
        RulesCode::Syntax
    ))
}

/// The innermost `{` left open at the end of the text, outside comments,
/// strings and regexes: where a block the end of the file cut short began.
fn unclosed_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '{' => open.push(at),
            '}' => {
                open.pop();
            }
            '#' => {
                chars.by_ref().find(|&(_, c)| c == '\n');
            }
            '"' | '/' => {
                let mut escaped = false;
                for (_, inner) in chars.by_ref() {
                    if inner == '\n' || (inner == c && !escaped) {
                        break;
                    }
                    escaped = inner == '\\' && !escaped;
                }
            }
            _ => {}
        }
    }
    open.pop()
}

/// The token-ish text at the error position, for "found …".
fn found_text(text: &str, at: usize) -> String {
    let rest = text.get(at..).unwrap_or("");
    let first = rest.chars().next();
    match first {
        None => String::new(),
        Some(c) if c.is_alphanumeric() || c == '_' => rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect(),
        Some(c) => c.to_string(),
    }
}

fn describe_found(found: &str) -> String {
    match found {
        "" => "the end of the file".to_string(),
        "\n" | "\r" => "the end of the line".to_string(),
        other => format!("`{other}`"),
    }
}

fn phrase_list(rules: &[Rule]) -> String {
    let mut phrases: Vec<&str> = rules.iter().map(|r| rule_phrase(*r)).collect();
    phrases.sort_unstable();
    phrases.dedup();
    match phrases.as_slice() {
        [] => "something else".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Each grammar rule as a phrase, so errors read like prose.
fn rule_phrase(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the file",
        Rule::ident => "a name",
        Rule::number => "a number",
        Rule::string | Rule::string_inner => "a quoted string \"…\"",
        Rule::regex | Rule::regex_body => "a regex literal /…/",
        Rule::placeholder => "a placeholder <name>",
        Rule::word | Rule::term => "a word",
        Rule::arrow => "`=>`",
        Rule::case_value => "`sensitive` or `insensitive`",
        Rule::tokens_value => "`words` or `whitespace`",
        Rule::rule_label => "a rule name `name:`",
        Rule::kw_without => "`without`",
        Rule::test_kind | Rule::test_case => "`same` or `different`",
        Rule::normalize_rule => "a normalize rule `/regex/ => <placeholder>`",
        Rule::synonym_group => "a synonym group `word = other, \"multi word\"`",
        Rule::metric
        | Rule::threshold
        | Rule::weight
        | Rule::split
        | Rule::placeholder_weight
        | Rule::word_weights => {
            "`metric`, `threshold`, `weight`, `split`, `placeholder` or `weights`"
        }
        Rule::stem_value => "`english` or `none`",
        Rule::fuzzy_value => "`words` or `off`",
        Rule::weights_value => "`journal` or `uniform`",
        Rule::clause_weight | Rule::clause_reasons | Rule::clause_kind => {
            "`action`, `other`, `aside`, `reason` or `reasons`"
        }
        Rule::kw_when => "`when`",
        Rule::kw_action => "`action`",
        Rule::kw_on => "`on`",
        Rule::kw_merge => "`merge`",
        Rule::kw_with => "`with`",
        Rule::kw_as => "`as`",
        Rule::kw_because => "`because`",
        _ => "a statement (extends, case, cluster on, tokens, stem, fuzzy, normalize, synonyms, actions, infer action, clauses, ignore, similarity, never merge, always merge, name, test)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> RulesAst {
        match parse(FileId(0), text) {
            Ok(ast) => ast,
            Err(problem) => panic!("unexpected syntax error: {problem:?}"),
        }
    }

    #[test]
    fn the_reference_rules_file_parses_into_every_statement_kind() {
        let text = include_str!("../../tests/fixtures/reference.forge");
        let ast = parse_ok(text);
        assert_eq!(ast.statements.len(), 12);
        assert!(matches!(ast.statements[0], Statement::Extends { .. }));
        assert!(matches!(ast.statements.last(), Some(Statement::Test(_))));
    }

    #[test]
    fn escaped_slashes_in_a_regex_are_unescaped_and_mapped_back() {
        let ast = parse_ok(r"name /a\/b/ as x".replace(" x", " \"X\"").as_str());
        let Statement::Name { pattern, .. } = &ast.statements[0] else {
            panic!("expected a name rule");
        };
        assert_eq!(pattern.pattern, "a/b");
        // 'b' is at pattern offset 2, file offset 5 + 1 (slash) + 2 + 1 (escape).
        assert_eq!(pattern.file_offset(2), 9);
    }

    #[test]
    fn a_syntax_error_names_what_was_expected_and_where() {
        let Err(problem) = parse(FileId(0), "never merge /a/ /b/") else {
            panic!("expected a syntax error");
        };
        assert_eq!(problem.code, RulesCode::Syntax);
        assert!(problem.message.contains("`with`"), "{}", problem.message);
        assert_eq!(problem.labels[0].span.start, 16);
    }

    #[test]
    fn keywords_need_a_word_boundary() {
        assert!(parse(FileId(0), "nevermerge /a/ with /b/").is_err());
    }

    #[test]
    fn a_multi_line_synonym_group_continues_after_a_trailing_comma() {
        let ast = parse_ok("synonyms {\n  change = raise,\n    bump\n  heap = xmx\n}");
        let Statement::Synonyms(groups) = &ast.statements[0] else {
            panic!("expected synonyms");
        };
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].members.len(), 2);
    }
}
