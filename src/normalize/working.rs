//! Text being rewritten by the normalize rules. When a trace is recorded,
//! every byte remembers the source span it came from, so `explain` can
//! point at each rewrite; otherwise that map is never built.

use crate::rules::needs::ByteSet;
use crate::rules::Normalizer;
use crate::source::Span;

pub(super) struct Working {
    pub(super) text: String,
    /// Per byte of `text`, its source span; empty when not tracing.
    origin: Vec<Span>,
    tracing: bool,
    /// The bytes `text` holds, for skipping rules that cannot match.
    present: ByteSet,
}

impl Working {
    /// The pieces joined by single spaces, lower-cased unless
    /// `case_sensitive`.
    pub(super) fn new(pieces: &[(&str, Span)], case_sensitive: bool, tracing: bool) -> Self {
        let bytes: usize = pieces.iter().map(|(p, _)| p.len() + 1).sum();
        let mut working = Working {
            text: String::with_capacity(bytes),
            origin: Vec::new(),
            tracing,
            present: ByteSet::default(),
        };
        for (n, (piece, span)) in pieces.iter().enumerate() {
            if n > 0 {
                working.text.push(' ');
                if tracing {
                    working
                        .origin
                        .push(Span::new(span.file, span.start, span.start));
                }
            }
            working.push_piece(piece, *span, case_sensitive);
        }
        working.present = ByteSet::of(&working.text);
        working
    }

    fn push_piece(&mut self, piece: &str, span: Span, case_sensitive: bool) {
        if !self.tracing && (case_sensitive || piece.is_ascii()) {
            let from = self.text.len();
            self.text.push_str(piece);
            if !case_sensitive {
                self.text[from..].make_ascii_lowercase();
            }
            return;
        }
        for (offset, c) in piece.char_indices() {
            // Character by character on both paths, so a final sigma
            // lower-cases alike.
            if case_sensitive {
                self.text.push(c);
            } else {
                self.text.extend(c.to_lowercase());
            }
            if self.tracing {
                let from = Span::new(
                    span.file,
                    span.start + offset,
                    span.start + offset + c.len_utf8(),
                );
                self.origin.resize(self.text.len(), from);
            }
        }
    }

    /// The source span covering working bytes `start..end`; the default
    /// span when not tracing.
    pub(super) fn origin(&self, start: usize, end: usize) -> Span {
        match (
            self.origin.get(start),
            end.checked_sub(1).and_then(|e| self.origin.get(e)),
        ) {
            (Some(first), Some(last)) => first.to(*last),
            _ => Span::default(),
        }
    }

    /// Runs a normalize rule: replaces every non-empty match, reporting
    /// each (matched text, span) to `record`. A rule whose needs the text
    /// does not meet cannot match and is not run (see `rules::needs`).
    pub(super) fn apply(&mut self, rule: &Normalizer, mut record: impl FnMut(String, Span)) {
        if !rule.needs.met_by(self.present) {
            return;
        }
        let mut matches = rule
            .regex
            .find_iter(&self.text)
            .filter(|m| !m.is_empty())
            .peekable();
        if matches.peek().is_none() {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut origin = Vec::with_capacity(self.origin.len());
        let mut last = 0;
        for m in matches {
            text.push_str(&self.text[last..m.start()]);
            text.push_str(&rule.replacement);
            if self.tracing {
                origin.extend_from_slice(&self.origin[last..m.start()]);
                let span = self.origin(m.start(), m.end());
                record(m.as_str().to_string(), span);
                origin.resize(text.len(), span);
            }
            last = m.end();
        }
        text.push_str(&self.text[last..]);
        if self.tracing {
            origin.extend_from_slice(&self.origin[last..]);
        }
        self.text = text;
        self.origin = origin;
        self.present = ByteSet::of(&self.text);
    }
}
