//! A spec's `pattern` compiled to a `waba_runtime::check::Pattern` (constant data the generated
//! code holds in a `static`), so clients match patterns without a regular expression engine.
//!
//! The supported subset of ECMAScript regular expressions is a sequence of quantified
//! character classes, optionally anchored (the runtime's `check::Pattern` documents it):
//! `^` first and `$` last; literals and escaped syntax characters; `\t \n \r \v \f \0 \xHH
//! \uHHHH`; `[...]` and `[^...]` with ranges; `\d \w \s` and `\D \W \S`; `.`; the quantifiers
//! `? * + {n} {n,} {n,m}`, optionally lazy (a search only asks whether there is a match, which
//! greedy and lazy agree on). Anything else (groups, alternation, look-arounds, word
//! boundaries, back-references, `\p{..}`, `\cX`, `\u{..}`) is refused with the reason, and
//! [`spec_problems`] turns that into a lint error naming the spec's schema and the pattern.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use waba_runtime::check::pattern_sets::{DIGIT, LINE_TERMINATORS, SPACE, WORD};

/// A set of characters: sorted, merged inclusive ranges, or everything outside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    /// Sorted, non-overlapping, non-adjacent.
    pub ranges: Vec<(char, char)>,
    /// Everything outside `ranges`.
    pub negated: bool,
}

/// A class taken `min` to `max` times (`None`: no upper bound).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// What one step matches.
    pub class: Class,
    /// At least this many.
    pub min: u32,
    /// At most this many.
    pub max: Option<u32>,
}

/// A parsed pattern of the subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    /// `^` first.
    pub at_start: bool,
    /// `$` last.
    pub at_end: bool,
    /// The sequence.
    pub pieces: Vec<Piece>,
}

impl Class {
    fn of(ranges: &[(char, char)], negated: bool) -> Class {
        Class {
            ranges: normalise(ranges.to_vec()),
            negated,
        }
    }

    /// Whether `c` is in the class.
    pub fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != self.negated
    }

    /// The class as ranges without negation.
    pub fn positive(&self) -> Vec<(char, char)> {
        if self.negated {
            complement(&self.ranges)
        } else {
            self.ranges.clone()
        }
    }
}

/// Parses `source` into the subset, or says why it is outside it.
pub fn parse(source: &str) -> Result<Compiled, String> {
    let chars: Vec<char> = source.chars().collect();
    let mut p = Parser { chars, i: 0 };
    let at_start = p.eat('^');
    let mut pieces = Vec::new();
    let mut at_end = false;
    while let Some(c) = p.peek() {
        if c == '$' {
            p.i += 1;
            if p.peek().is_some() {
                return Err("`$` is supported only at the end".into());
            }
            at_end = true;
            break;
        }
        let class = p.atom()?;
        let (min, max) = p.quantifier()?;
        pieces.push(Piece { class, min, max });
    }
    Ok(Compiled {
        at_start,
        at_end,
        pieces,
    })
}

/// The `waba_runtime::check::Pattern` expression of `source`; `check` is the path of
/// `waba_runtime::check` where the expression is used (`c` in `checks.rs`).
pub fn tokens(source: &str, check: &TokenStream) -> Result<TokenStream, String> {
    let compiled = parse(source)?;
    let pieces = compiled.pieces.iter().map(|p| {
        let ranges = p.class.ranges.iter().map(|(lo, hi)| quote! { (#lo, #hi) });
        let ctor = if p.class.negated {
            quote! { none_of }
        } else {
            quote! { any_of }
        };
        let min = proc_macro2::Literal::u32_unsuffixed(p.min);
        let max = match p.max {
            Some(m) => {
                let m = proc_macro2::Literal::u32_unsuffixed(m);
                quote! { #m }
            }
            None => quote! { #check::Piece::UNBOUNDED },
        };
        quote! { #check::Piece::new(#check::Class::#ctor(&[#(#ranges),*]), #min, #max) }
    });
    let start = compiled.at_start.then(|| quote! { .at_start() });
    let end = compiled.at_end.then(|| quote! { .at_end() });
    Ok(quote! {
        #check::Pattern::new(#source, &[#(#pieces),*]) #start #end
    })
}

/// Every `pattern` of the spec outside the subset, as lint problems naming the schema (its
/// place in the document) and the pattern.
pub fn spec_problems(spec: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (at, source) in spec_patterns(spec) {
        if let Err(why) = parse(&source) {
            out.push(format!(
                "{at}: pattern `{source}` is outside the subset of regular expressions the \
                 generator compiles ({why}); write it as a sequence of quantified character \
                 classes (see `waba_runtime::check::Pattern`), or extend `xtask/src/pattern.rs`"
            ));
        }
    }
    out
}

/// Every schema `pattern` of a spec with its place (`components.schemas.Phone`); example
/// values, enums, defaults and extensions are not schemas and are skipped.
pub fn spec_patterns(spec: &Value) -> Vec<(String, String)> {
    fn walk(v: &Value, at: &mut Vec<String>, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(p)) = map.get("pattern") {
                    out.push((at.join("."), p.clone()));
                }
                for (k, child) in map {
                    // A property named `pattern` is under `properties`, an object.
                    let skip = matches!(k.as_str(), "example" | "examples" | "enum" | "default")
                        || k.starts_with("x-");
                    if skip {
                        continue;
                    }
                    at.push(k.clone());
                    walk(child, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push(i.to_string());
                    walk(child, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(spec, &mut Vec::new(), &mut out);
    out
}

struct Parser {
    chars: Vec<char>,
    i: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// One character class: a literal, an escape, `.` or `[...]`.
    fn atom(&mut self) -> Result<Class, String> {
        let c = self.next().ok_or("unexpected end")?;
        match c {
            '.' => Ok(Class::of(LINE_TERMINATORS, true)),
            '[' => self.bracket(),
            '\\' => match self.escape(false)? {
                Escape::Char(c) => Ok(Class::of(&[(c, c)], false)),
                Escape::Set(ranges, negated) => Ok(Class::of(ranges, negated)),
            },
            '(' | ')' => Err("groups are not supported".into()),
            '|' => Err("alternation `|` is not supported".into()),
            '^' => Err("`^` is supported only at the start".into()),
            '*' | '+' | '?' | '{' => Err(format!("`{c}` has nothing to repeat")),
            ']' | '}' => Err(format!("a literal `{c}` must be escaped")),
            c => Ok(Class::of(&[(c, c)], false)),
        }
    }

    /// After `\`. `in_class`: inside `[...]`, where `\b` is a backspace and `\-` a hyphen.
    fn escape(&mut self, in_class: bool) -> Result<Escape, String> {
        let c = self.next().ok_or("a pattern cannot end with `\\`")?;
        Ok(match c {
            'd' => Escape::Set(DIGIT, false),
            'D' => Escape::Set(DIGIT, true),
            'w' => Escape::Set(WORD, false),
            'W' => Escape::Set(WORD, true),
            's' => Escape::Set(SPACE, false),
            'S' => Escape::Set(SPACE, true),
            't' => Escape::Char('\t'),
            'n' => Escape::Char('\n'),
            'r' => Escape::Char('\r'),
            'v' => Escape::Char('\u{b}'),
            'f' => Escape::Char('\u{c}'),
            'b' if in_class => Escape::Char('\u{8}'),
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => Escape::Char('\0'),
            'x' => Escape::Char(self.hex(2)?),
            'u' => {
                if self.peek() == Some('{') {
                    return Err("`\\u{...}` is not supported; write `\\uHHHH`".into());
                }
                Escape::Char(self.hex(4)?)
            }
            '-' if in_class => Escape::Char('-'),
            '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
            | '/' => Escape::Char(c),
            'b' | 'B' => return Err("word boundaries `\\b` `\\B` are not supported".into()),
            '1'..='9' | 'k' => return Err("back-references are not supported".into()),
            _ => return Err(format!("the escape `\\{c}` is not supported")),
        })
    }

    fn hex(&mut self, n: usize) -> Result<char, String> {
        let mut v = 0u32;
        for _ in 0..n {
            let d = self
                .next()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| format!("expected {n} hexadecimal digits"))?;
            v = v * 16 + d;
        }
        char::from_u32(v).ok_or_else(|| format!("`{v:04X}` is a lone surrogate, not a character"))
    }

    /// After `[`.
    fn bracket(&mut self) -> Result<Class, String> {
        let negated = self.eat('^');
        let mut ranges = Vec::new();
        loop {
            let c = self.next().ok_or("`[` is not closed")?;
            if c == ']' {
                break;
            }
            let lo = match self.class_atom(c)? {
                Escape::Set(set, neg) => {
                    ranges.extend(if neg { complement(set) } else { set.to_vec() });
                    continue;
                }
                Escape::Char(lo) => lo,
            };
            // A range `lo-hi`, unless the `-` is last.
            if self.peek() == Some('-') && self.chars.get(self.i + 1).is_some_and(|&c| c != ']') {
                self.i += 1;
                let c = self.next().ok_or("`[` is not closed")?;
                let hi = match self.class_atom(c)? {
                    Escape::Char(hi) => hi,
                    Escape::Set(..) => return Err("a range cannot end with a class escape".into()),
                };
                if hi < lo {
                    return Err(format!("the range `{lo}-{hi}` is out of order"));
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(Class::of(&ranges, negated))
    }

    fn class_atom(&mut self, c: char) -> Result<Escape, String> {
        match c {
            '\\' => {
                let e = self.escape(true)?;
                Ok(e)
            }
            '[' => Err("a literal `[` in a class must be escaped".into()),
            c => Ok(Escape::Char(c)),
        }
    }

    /// The quantifier after an atom, `(1, Some(1))` when there is none.
    fn quantifier(&mut self) -> Result<(u32, Option<u32>), String> {
        let q = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                self.i += 1;
                let min = self.number()?;
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                if self.peek() != Some('}') {
                    return Err("a `{` quantifier must be `{n}`, `{n,}` or `{n,m}`".into());
                }
                if let Some(max) = max.filter(|m| *m < min) {
                    return Err(format!("the quantifier `{{{min},{max}}}` is out of order"));
                }
                (min, max)
            }
            _ => return Ok((1, Some(1))),
        };
        // Past `?`, `*`, `+` or the closing `}`.
        self.i += 1;
        // A lazy quantifier finds a match exactly when the greedy one does.
        self.eat('?');
        if matches!(self.peek(), Some('?' | '*' | '+' | '{')) {
            return Err("a quantifier cannot follow a quantifier".into());
        }
        Ok(q)
    }

    fn number(&mut self) -> Result<u32, String> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let digits: String = self.chars[start..self.i].iter().collect();
        digits
            .parse::<u32>()
            .ok()
            .filter(|n| *n < u32::MAX)
            .ok_or_else(|| "a `{` quantifier must be `{n}`, `{n,}` or `{n,m}` with numbers".into())
    }
}

enum Escape {
    Char(char),
    /// A class escape (`\d`, `\S`, ...) and whether it is negated.
    Set(&'static [(char, char)], bool),
}

/// Sorted, overlapping and adjacent ranges merged.
fn normalise(mut ranges: Vec<(char, char)>) -> Vec<(char, char)> {
    ranges.sort();
    let mut out: Vec<(char, char)> = Vec::new();
    for (lo, hi) in ranges {
        if let Some(last) = out.last_mut()
            && (lo as u32) <= (last.1 as u32).saturating_add(1)
        {
            last.1 = last.1.max(hi);
            continue;
        }
        out.push((lo, hi));
    }
    out
}

/// Every character outside `ranges` (which need not be sorted), as ranges.
fn complement(ranges: &[(char, char)]) -> Vec<(char, char)> {
    let mut out = Vec::new();
    let mut next = 0u32; // the first character not yet covered or excluded
    for (lo, hi) in normalise(ranges.to_vec()) {
        if (lo as u32) > next {
            push_range(&mut out, next, lo as u32 - 1);
        }
        next = hi as u32 + 1;
    }
    if next <= char::MAX as u32 {
        push_range(&mut out, next, char::MAX as u32);
    }
    out
}

/// `lo..=hi` as a char range, the surrogate gap left out (a range of `char`s has none anyway).
fn push_range(out: &mut Vec<(char, char)>, lo: u32, hi: u32) {
    let lo = if (0xD800..0xE000).contains(&lo) {
        0xE000
    } else {
        lo
    };
    let hi = if (0xD800..0xE000).contains(&hi) {
        0xD7FF
    } else {
        hi
    };
    if let (Some(lo), Some(hi)) = (char::from_u32(lo), char::from_u32(hi))
        && lo <= hi
    {
        out.push((lo, hi));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(ranges: &[(char, char)], negated: bool) -> Class {
        Class {
            ranges: ranges.to_vec(),
            negated,
        }
    }

    #[test]
    fn the_specs_patterns_compile_to_pieces() {
        let p = parse(r"^\+[1-9][0-9]{6,14}$").unwrap();
        assert!(p.at_start && p.at_end);
        assert_eq!(
            p.pieces,
            vec![
                Piece {
                    class: class(&[('+', '+')], false),
                    min: 1,
                    max: Some(1)
                },
                Piece {
                    class: class(&[('1', '9')], false),
                    min: 1,
                    max: Some(1)
                },
                Piece {
                    class: class(&[('0', '9')], false),
                    min: 6,
                    max: Some(14)
                },
            ]
        );
        let url = parse(r"^https?://[^\s]+$").unwrap();
        assert_eq!(url.pieces.len(), 9);
        assert_eq!(url.pieces[4].min, 0);
        assert_eq!(url.pieces[4].max, Some(1));
        assert_eq!(url.pieces[8].class, class(SPACE, true));
        assert_eq!(url.pieces[8].max, None);
        assert_eq!(
            parse("^[a-z0-9_]+$").unwrap().pieces[0].class,
            class(&[('0', '9'), ('_', '_'), ('a', 'z')], false)
        );
    }

    #[test]
    fn classes_escapes_and_quantifiers() {
        let p = parse(r"[\S\d-]x{2,}.\u00e9\x41a*?").unwrap();
        assert!(!p.at_start && !p.at_end);
        let first = &p.pieces[0].class;
        assert!(first.contains('a') && first.contains('-') && first.contains('5'));
        assert!(!first.contains(' ') && !first.contains('\u{feff}'));
        assert!(first.contains('\u{85}'));
        assert_eq!((p.pieces[1].min, p.pieces[1].max), (2, None));
        assert!(!p.pieces[2].class.contains('\n') && p.pieces[2].class.contains('é'));
        assert!(p.pieces[3].class.contains('é'));
        assert!(p.pieces[4].class.contains('A'));
        assert_eq!((p.pieces[5].min, p.pieces[5].max), (0, None));
        assert_eq!(parse("[]").unwrap().pieces[0].class, class(&[], false));
        assert!(parse("[^]").unwrap().pieces[0].class.contains('\n'));
        assert!(parse(r"[\b]").unwrap().pieces[0].class.contains('\u{8}'));
        assert_eq!(parse("a{3}").unwrap().pieces[0].max, Some(3));
    }

    #[test]
    fn patterns_outside_the_subset_say_why() {
        for (source, why) in [
            ("^(a|b)$", "groups"),
            ("a|b", "alternation"),
            (r"\bword", "word boundaries"),
            (r"(a)\1", "groups"),
            (r"a\1", "back-references"),
            ("a$b", "`$`"),
            ("a^", "`^`"),
            ("*a", "nothing to repeat"),
            ("a**", "cannot follow"),
            ("a{3,2}", "out of order"),
            ("[z-a]", "out of order"),
            ("[a-", "not closed"),
            (r"\p{L}", "escape `\\p`"),
            (r"\uD800", "surrogate"),
            ("a{,3}", "`{`"),
        ] {
            let e = parse(source).unwrap_err();
            assert!(e.contains(why), "{source}: {e}");
        }
    }

    #[test]
    fn complement_covers_everything_else() {
        let c = complement(SPACE);
        assert_eq!(c.first(), Some(&('\0', '\u{8}')));
        assert_eq!(c.last(), Some(&('\u{ff00}', char::MAX)));
        for ch in ['a', '\u{85}', '\u{200b}', '\u{10ffff}'] {
            assert!(c.iter().any(|&(lo, hi)| lo <= ch && ch <= hi), "{ch:?}");
        }
        for &(lo, hi) in SPACE {
            assert!(!c.iter().any(|&(a, b)| a <= hi && lo <= b));
        }
        assert_eq!(complement(&[]), vec![('\0', char::MAX)]);
        // Bounds that fall into the surrogate gap move out of it.
        assert_eq!(
            complement(&[('\0', '\u{d7ff}')]),
            vec![('\u{e000}', char::MAX)]
        );
    }

    #[test]
    fn unsupported_patterns_in_a_spec_name_the_schema() {
        let spec = serde_json::json!({
            "components": {"schemas": {
                "Ok": {"type": "string", "pattern": "^[0-9]$", "example": {"pattern": "(x"}},
                "Bad": {"type": "object", "properties": {"code": {"type": "string", "pattern": "^(a|b)$"}}}
            }}
        });
        let problems = spec_problems(&spec);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with(
            "components.schemas.Bad.properties.code: pattern `^(a|b)$` is outside the subset"
        ));
        assert!(problems[0].contains("groups are not supported"));
    }
}
