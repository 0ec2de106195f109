//! [`Pattern`], the matcher of the spec patterns the generator compiles.

use std::fmt;

/// A spec's `pattern`, compiled by the generator into constant data and matched
/// here, so no regular expression engine is compiled into a client or run at start-up.
///
/// `cargo xtask generate` reads each `pattern` of a spec and writes it as a `static` [`Pattern`]
/// (`xtask/src/pattern.rs`): a sequence of [`Piece`]s, each a [`Class`] of characters with a
/// repetition count, optionally anchored at the start (`^`) and at the end (`$`). That is the
/// whole supported subset of ECMAScript regular expressions; a pattern outside it (groups,
/// alternation, look-arounds, back-references, word boundaries, flags) fails the generation,
/// naming the spec, the schema and the pattern.
///
/// | source | compiled to |
/// |---|---|
/// | `^` first, `$` last | anchors; `$` matches only at the very end (no multiline, so not before a final `\n`) |
/// | a literal `a`, an escaped `\+` `\/` `\.`, `\t` `\n` `\r` `\v` `\f` `\0`, `\xHH`, `\uHHHH` | a class of one character |
/// | `[a-z0-9_]`, `[^\s]`, `[]`, `[^]` | a class of ranges, or everything outside them |
/// | `\d` `\w` `\s` and `\D` `\W` `\S` | `[0-9]`, `[A-Za-z0-9_]`, ECMAScript's white space and line terminators (U+FEFF is one, U+0085 is not: not Rust's `char::is_whitespace`) |
/// | `.` | everything but the line terminators `\n` `\r` U+2028 U+2029 |
/// | `?` `*` `+` `{n}` `{n,}` `{n,m}` (lazy `?` after them too) | the piece's `min` and `max` |
///
/// Matching follows JSON Schema: an unanchored search over the `char`s of the value (a
/// pattern without `^` may match anywhere in it), with ECMAScript's backtracking, so adjacent
/// pieces that accept the same characters (`^a*ab$`) match as a regular expression does.
///
/// **Cost.** Nothing is allocated; the recursion is as deep as the pattern has pieces. Each
/// piece first takes as many characters as it may, then gives them back one at a time until
/// the rest matches. A pattern with `k` pieces of variable length before its last one can
/// therefore try up to about `n^k` splits of a value of `n` characters, times `n` start
/// positions without `^`. The last piece never backtracks (with `$` only all of the rest can
/// match, without it any count from `min` up does). The specs' patterns have at most one
/// variable piece before the last (`^https?://[^\s]+$`: `s?`, two tries), so checking a value
/// costs time linear in its length. Patterns come from our specs, values from users: a new
/// pattern with several unbounded pieces in a row (`a*a*a*b`) would be quadratic or worse in
/// the length of a hostile value, and should be written differently.
///
/// ```
/// use waba_runtime::check::{Class, Pattern, Piece};
///
/// // ^\+[1-9][0-9]{6,14}$
/// static PHONE: Pattern = Pattern::new(
///     "^\\+[1-9][0-9]{6,14}$",
///     &[
///         Piece::new(Class::any_of(&[('+', '+')]), 1, 1),
///         Piece::new(Class::any_of(&[('1', '9')]), 1, 1),
///         Piece::new(Class::any_of(&[('0', '9')]), 6, 14),
///     ],
/// )
/// .at_start()
/// .at_end();
///
/// assert!(PHONE.is_match("+4915112345678"));
/// assert!(!PHONE.is_match("4915112345678"));
/// assert!(!PHONE.is_match("+4915112345678\n"));
/// assert_eq!(PHONE.source(), "^\\+[1-9][0-9]{6,14}$");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Pattern {
    source: &'static str,
    pieces: &'static [Piece],
    at_start: bool,
    at_end: bool,
}

/// One step of a [`Pattern`]: a [`Class`] of characters taken `min` to `max` times.
#[derive(Debug, Clone, Copy)]
pub struct Piece {
    class: Class,
    min: u32,
    max: u32,
}

/// A set of characters: inclusive ranges, or everything outside them.
#[derive(Debug, Clone, Copy)]
pub struct Class {
    ranges: &'static [(char, char)],
    negated: bool,
}

impl Pattern {
    /// The pattern `source` (its text in the spec, for messages), compiled to `pieces`:
    /// unanchored until [`at_start`](Self::at_start) / [`at_end`](Self::at_end).
    pub const fn new(source: &'static str, pieces: &'static [Piece]) -> Self {
        Pattern {
            source,
            pieces,
            at_start: false,
            at_end: false,
        }
    }

    /// Anchored at the start (`^`): a match begins at the first character.
    pub const fn at_start(mut self) -> Self {
        self.at_start = true;
        self
    }

    /// Anchored at the end (`$`): a match ends at the very end of the value.
    pub const fn at_end(mut self) -> Self {
        self.at_end = true;
        self
    }

    /// The pattern as the spec writes it.
    pub const fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the pattern matches somewhere in `value` (JSON Schema's unanchored search).
    pub fn is_match(&self, value: &str) -> bool {
        if self.at_start {
            return self.match_here(self.pieces, value);
        }
        let mut rest = value;
        loop {
            if self.match_here(self.pieces, rest) {
                return true;
            }
            let mut chars = rest.chars();
            if chars.next().is_none() {
                return false;
            }
            rest = chars.as_str();
        }
    }

    /// Whether `pieces` match a prefix of `text` (all of it when anchored at the end).
    fn match_here(&self, pieces: &[Piece], text: &str) -> bool {
        let Some((piece, tail)) = pieces.split_first() else {
            return !self.at_end || text.is_empty();
        };
        // Greedy: as many characters as the piece may take; `len` bytes of `text`.
        let mut count = 0;
        let mut len = 0;
        for c in text.chars() {
            if count == piece.max || !piece.class.contains(c) {
                break;
            }
            count += 1;
            len += c.len_utf8();
        }
        if count < piece.min {
            return false;
        }
        if tail.is_empty() {
            // Fewer characters cannot reach the end either; without `$` any count will do.
            return !self.at_end || len == text.len();
        }
        loop {
            if self.match_here(tail, &text[len..]) {
                return true;
            }
            if count == piece.min {
                return false;
            }
            // Give back the last character taken.
            match text[..len].chars().next_back() {
                Some(c) => len -= c.len_utf8(),
                None => return false,
            }
            count -= 1;
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.source)
    }
}

impl Piece {
    /// No upper bound (`*`, `+`, `{n,}`).
    pub const UNBOUNDED: u32 = u32::MAX;

    /// `class` taken at least `min` and at most `max` times ([`Piece::UNBOUNDED`] for no
    /// limit).
    pub const fn new(class: Class, min: u32, max: u32) -> Self {
        Piece { class, min, max }
    }
}

impl Class {
    /// The characters in `ranges` (inclusive, `(lo, hi)`).
    pub const fn any_of(ranges: &'static [(char, char)]) -> Self {
        Class {
            ranges,
            negated: false,
        }
    }

    /// The characters outside `ranges` (`[^...]`, `.`, `\S`).
    pub const fn none_of(ranges: &'static [(char, char)]) -> Self {
        Class {
            ranges,
            negated: true,
        }
    }

    /// Whether `c` is in the class.
    pub fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != self.negated
    }
}

/// The character sets of ECMAScript's escapes and `.`, as the generator compiles them (one
/// definition for the generator and the tests).
pub mod pattern_sets {
    /// `\d`.
    pub const DIGIT: &[(char, char)] = &[('0', '9')];
    /// `\w` (no `u` + `i` flags, so exactly these).
    pub const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
    /// `\s`: ECMAScript's WhiteSpace and LineTerminator (Unicode `Zs`, tab, vertical tab, form
    /// feed, U+FEFF, and `\n \r` U+2028 U+2029). Not Rust's `char::is_whitespace`, which has
    /// U+0085 and not U+FEFF.
    pub const SPACE: &[(char, char)] = &[
        ('\t', '\r'),
        (' ', ' '),
        ('\u{a0}', '\u{a0}'),
        ('\u{1680}', '\u{1680}'),
        ('\u{2000}', '\u{200a}'),
        ('\u{2028}', '\u{2029}'),
        ('\u{202f}', '\u{202f}'),
        ('\u{205f}', '\u{205f}'),
        ('\u{3000}', '\u{3000}'),
        ('\u{feff}', '\u{feff}'),
    ];
    /// What `.` does not match: the line terminators.
    pub const LINE_TERMINATORS: &[(char, char)] =
        &[('\n', '\n'), ('\r', '\r'), ('\u{2028}', '\u{2029}')];
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &[(char, char)] = &[('a', 'a')];
    const B: &[(char, char)] = &[('b', 'b')];
    use super::pattern_sets::{DIGIT, SPACE};

    #[test]
    fn overlapping_pieces_backtrack() {
        // ^a*ab$
        static P: Pattern = Pattern::new(
            "^a*ab$",
            &[
                Piece::new(Class::any_of(A), 0, Piece::UNBOUNDED),
                Piece::new(Class::any_of(A), 1, 1),
                Piece::new(Class::any_of(B), 1, 1),
            ],
        )
        .at_start()
        .at_end();
        assert!(P.is_match("ab"));
        assert!(P.is_match("aaaab"));
        assert!(!P.is_match("b"));
        assert!(!P.is_match("aaaa"));
        assert!(!P.is_match("aaba"));
        // ^[0-9]{2,3}[0-9]{2}$: the first piece must give back to the second.
        static Q: Pattern = Pattern::new(
            "^[0-9]{2,3}[0-9]{2}$",
            &[
                Piece::new(Class::any_of(DIGIT), 2, 3),
                Piece::new(Class::any_of(DIGIT), 2, 2),
            ],
        )
        .at_start()
        .at_end();
        assert!(!Q.is_match("123"));
        assert!(Q.is_match("1234"));
        assert!(Q.is_match("12345"));
        assert!(!Q.is_match("123456"));
    }

    #[test]
    fn unanchored_patterns_search_anywhere() {
        // [0-9]{3}
        static P: Pattern = Pattern::new("[0-9]{3}", &[Piece::new(Class::any_of(DIGIT), 3, 3)]);
        assert!(P.is_match("abc123def"));
        assert!(P.is_match("ü1234"));
        assert!(!P.is_match("12a34"));
        assert!(!P.is_match(""));
        // ab$: only at the very end.
        static E: Pattern = Pattern::new(
            "ab$",
            &[
                Piece::new(Class::any_of(A), 1, 1),
                Piece::new(Class::any_of(B), 1, 1),
            ],
        )
        .at_end();
        assert!(E.is_match("xxab"));
        assert!(!E.is_match("abx"));
        // ^a: only at the start.
        static S: Pattern = Pattern::new("^a", &[Piece::new(Class::any_of(A), 1, 1)]).at_start();
        assert!(S.is_match("ab"));
        assert!(!S.is_match("ba"));
        // The empty pattern matches everything, `^$` only the empty string.
        static EMPTY: Pattern = Pattern::new("", &[]);
        static NOTHING: Pattern = Pattern::new("^$", &[]).at_start().at_end();
        assert!(EMPTY.is_match("") && EMPTY.is_match("x"));
        assert!(NOTHING.is_match("") && !NOTHING.is_match("\n"));
    }

    #[test]
    fn dollar_does_not_match_before_a_final_newline() {
        static P: Pattern = Pattern::new(
            "^[0-9]+$",
            &[Piece::new(Class::any_of(DIGIT), 1, Piece::UNBOUNDED)],
        )
        .at_start()
        .at_end();
        assert!(P.is_match("123"));
        assert!(!P.is_match("123\n"));
        assert!(!P.is_match("123\r\n"));
        assert!(!P.is_match("\n123"));
    }

    #[test]
    fn negated_classes_and_ecmascript_white_space() {
        // ^[^\s]+$
        static P: Pattern = Pattern::new(
            "^[^\\s]+$",
            &[Piece::new(Class::none_of(SPACE), 1, Piece::UNBOUNDED)],
        )
        .at_start()
        .at_end();
        assert!(P.is_match("https://example.com/ü/😀"));
        for space in [
            ' ', '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{a0}', '\u{feff}', '\u{2028}', '\u{3000}',
        ] {
            assert!(!P.is_match(&format!("a{space}b")), "{space:?}");
        }
        // U+0085 is white space to Rust, not to ECMAScript; U+200B is neither.
        assert!(P.is_match("a\u{85}b"));
        assert!(P.is_match("a\u{200b}b"));
        assert!(!P.is_match(""));
    }

    #[test]
    fn counts_are_characters_not_bytes() {
        // ^.{2}$ with `.` as ECMAScript's: no line terminators.
        static P: Pattern = Pattern::new(
            "^.{2}$",
            &[Piece::new(
                Class::none_of(&[('\n', '\n'), ('\r', '\r'), ('\u{2028}', '\u{2029}')]),
                2,
                2,
            )],
        )
        .at_start()
        .at_end();
        assert!(P.is_match("éü"));
        assert!(P.is_match("😀x"));
        assert!(!P.is_match("é"));
        assert!(!P.is_match("a\n"));
        assert!(!P.is_match("a\u{2028}"));
        assert_eq!(P.to_string(), "^.{2}$");
    }
}
