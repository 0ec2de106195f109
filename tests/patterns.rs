//! The generator's pattern matchers agree with an ECMAScript engine: for every `pattern` of
//! every spec, the compiled `waba_runtime::check::Pattern` that the generated checks hold
//! (`PATTERNS`) and the `FromStr` of every constrained string with a pattern (typify's, with
//! the regular expression replaced by the generator) answer like `regress` (the engine the
//! xtask's interpreter uses, with the `u` flag: matching over characters) on a set of strings
//! made from the pattern: the spec's own examples, counts just inside and just outside each
//! quantifier's bounds, each class's edge characters and their neighbours, white space that
//! ECMAScript and Rust disagree on, non-ASCII text, the empty string, and text around a match.

use std::collections::BTreeSet;

use serde_json::Value;
use waba_runtime::check::Pattern;
use xtask::pattern::{Class, Compiled};

type ParseNewtype = fn(&str, &str) -> Option<Result<(), String>>;

struct Provider {
    name: &'static str,
    /// The compiled patterns of the generated checks.
    patterns: &'static [&'static Pattern],
    /// The constrained strings: (Rust name, string limits of their schema).
    newtypes: &'static [(&'static str, &'static str)],
    parse: ParseNewtype,
}

const PROVIDERS: [Provider; 5] = [
    Provider {
        name: "dialog360",
        patterns: waba_dialog360::PATTERNS,
        newtypes: waba_dialog360::NEWTYPES,
        parse: waba_dialog360::parse_newtype,
    },
    Provider {
        name: "onextel",
        patterns: waba_onextel::PATTERNS,
        newtypes: waba_onextel::NEWTYPES,
        parse: waba_onextel::parse_newtype,
    },
    Provider {
        name: "channel360",
        patterns: waba_channel360::PATTERNS,
        newtypes: waba_channel360::NEWTYPES,
        parse: waba_channel360::parse_newtype,
    },
    Provider {
        name: "mehery",
        patterns: waba_mehery::PATTERNS,
        newtypes: waba_mehery::NEWTYPES,
        parse: waba_mehery::parse_newtype,
    },
    Provider {
        name: "desk360",
        patterns: waba_desk360::PATTERNS,
        newtypes: waba_desk360::NEWTYPES,
        parse: waba_desk360::parse_newtype,
    },
];

/// White space and line terminators of ECMAScript, of Rust, of both and of neither.
const SPACES: &[char] = &[
    ' ', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{a0}', '\u{feff}', '\u{85}', '\u{1680}',
    '\u{180e}', '\u{2000}', '\u{200a}', '\u{200b}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}',
    '\u{3000}',
];
/// Beyond ASCII: Latin, a non-ASCII digit and letter `\d` and `\w` must refuse, CJK, an emoji
/// (two UTF-16 code units), the Kelvin sign (case folds to `k` under `u` + `i`).
const NON_ASCII: &[char] = &['é', 'ü', '١', 'ſ', '中', '😀', '\u{212a}', '\u{10ffff}'];

/// Every `pattern` of a string schema in the spec, with its place.
fn spec_patterns(v: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            if let (Some(Value::String(p)), Some("string")) =
                (map.get("pattern"), map.get("type").and_then(Value::as_str))
            {
                out.push((at.to_string(), p.clone()));
            }
            for (k, child) in map {
                spec_patterns(child, &format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                spec_patterns(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Every string in the spec's examples (`example`, `examples`, `x-waba-examples`).
fn example_strings(v: &Value, in_example: bool, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) if in_example => {
            out.insert(s.clone());
        }
        Value::Object(map) => {
            for (k, child) in map {
                let example =
                    in_example || matches!(k.as_str(), "example" | "examples" | "x-waba-examples");
                example_strings(child, example, out);
            }
        }
        Value::Array(items) => {
            for child in items {
                example_strings(child, in_example, out);
            }
        }
        _ => {}
    }
}

/// A character of the class, preferring plain ones.
fn member(class: &Class) -> char {
    ['a', '0', 'x', 'Z', '_', '.', '/', '+', '-', 'é', ' ']
        .into_iter()
        .chain(class.positive().iter().map(|r| r.0))
        .find(|&c| class.contains(c))
        .expect("the class is not empty")
}

/// The characters at the edges of the class's ranges and just outside them.
fn edges(class: &Class) -> Vec<char> {
    let mut out = Vec::new();
    for &(lo, hi) in &class.ranges {
        out.extend([lo, hi]);
        out.extend((lo as u32).checked_sub(1).and_then(char::from_u32));
        out.extend(char::from_u32(hi as u32 + 1));
    }
    out
}

/// The strings a pattern is tried on.
fn inputs(compiled: &Compiled, examples: &BTreeSet<String>) -> BTreeSet<String> {
    let pieces = &compiled.pieces;
    let rep = |i: usize, n: u32| member(&pieces[i].class).to_string().repeat(n as usize);
    // One match (each piece at its least count, at least one) and the shortest one.
    let base: Vec<String> = pieces
        .iter()
        .enumerate()
        .map(|(i, p)| rep(i, p.min.max(1)))
        .collect();
    let least: Vec<String> = pieces
        .iter()
        .enumerate()
        .map(|(i, p)| rep(i, p.min))
        .collect();
    let with = |i: usize, s: &str| -> String {
        let mut parts = base.clone();
        parts[i] = s.to_string();
        parts.concat()
    };
    let m = base.concat();
    let mut out: BTreeSet<String> = examples.clone();
    out.extend([String::new(), least.concat(), m.clone()]);
    for (i, p) in pieces.iter().enumerate() {
        // Counts just inside and just outside the bounds.
        let max = p.max.unwrap_or(p.min + 4);
        let counts = [
            p.min.saturating_sub(1),
            p.min,
            p.min + 1,
            max.saturating_sub(1),
            max,
            max + 1,
        ];
        for n in counts {
            out.insert(with(i, &rep(i, n)));
            // The class's edges in the last place.
            if n > 0 {
                for e in edges(&p.class) {
                    out.insert(with(i, &format!("{}{e}", rep(i, n - 1))));
                }
            }
        }
    }
    // Around a match, and special characters in and around it.
    let chars: Vec<char> = m.chars().collect();
    for k in 0..=chars.len() {
        out.insert(chars[..k].iter().collect());
        out.insert(chars[k..].iter().collect());
    }
    for around in ["x", "\n", " ", "0", "+", "-", &m] {
        out.insert(format!("{around}{m}"));
        out.insert(format!("{m}{around}"));
    }
    for &c in SPACES.iter().chain(NON_ASCII) {
        out.insert(c.to_string());
        out.insert(format!("{c}{m}"));
        out.insert(format!("{m}{c}"));
        for k in 0..chars.len() {
            let mut inserted = chars.clone();
            inserted.insert(k, c);
            out.insert(inserted.iter().collect());
            let mut replaced = chars.clone();
            replaced[k] = c;
            out.insert(replaced.iter().collect());
        }
    }
    out
}

fn engine(source: &str) -> regress::Regex {
    regress::Regex::with_flags(source, "u")
        .unwrap_or_else(|e| panic!("`{source}` does not compile in regress: {e}"))
}

/// `(minLength, maxLength, pattern)` of a `newtype_key` line (`maxLength=20 pattern=^a$`).
fn limits(key: &str) -> (Option<usize>, Option<usize>, Option<&str>) {
    let number = |name: &str| {
        key.split(' ')
            .find_map(|w| w.strip_prefix(name))
            .and_then(|n| n.parse().ok())
    };
    let pattern = key
        .split_once("pattern=")
        .map(|(_, rest)| rest.split(" format=").next().unwrap_or(rest));
    (number("minLength="), number("maxLength="), pattern)
}

#[test]
fn generated_patterns_answer_like_an_ecmascript_engine() {
    let mut checked = 0;
    for provider in &PROVIDERS {
        let spec = waba_workspace_tests::spec(provider.name);
        let mut found = Vec::new();
        spec_patterns(&spec, "", &mut found);
        let mut examples = BTreeSet::new();
        example_strings(&spec, false, &mut examples);

        // The generated checks hold exactly the spec's patterns.
        let sources: BTreeSet<&str> = found.iter().map(|(_, p)| p.as_str()).collect();
        let generated: BTreeSet<&str> = provider.patterns.iter().map(|p| p.source()).collect();
        assert_eq!(
            generated, sources,
            "{}: PATTERNS against the spec",
            provider.name
        );

        for (at, source) in &found {
            let compiled = xtask::pattern::parse(source)
                .unwrap_or_else(|e| panic!("{}{at}: `{source}`: {e}", provider.name));
            let pattern = provider
                .patterns
                .iter()
                .find(|p| p.source() == source)
                .unwrap();
            let regex = engine(source);
            let mut wrong = Vec::new();
            let (mut yes, mut no) = (0, 0);
            for s in inputs(&compiled, &examples) {
                let expected = regex.find(&s).is_some();
                if expected {
                    yes += 1;
                } else {
                    no += 1;
                }
                if pattern.is_match(&s) != expected {
                    wrong.push(format!("{s:?} (ECMAScript: {expected})"));
                }
            }
            assert!(
                wrong.is_empty(),
                "{}{at}: `{source}` disagrees with regress on {} strings: {}",
                provider.name,
                wrong.len(),
                wrong.join(", ")
            );
            // Both answers were asked for (`^[01]$` matches two strings in all).
            assert!(yes >= 2 && no >= 30, "{source}: {yes} matches, {no} others");
            checked += 1;
        }

        // typify's `FromStr` of each constrained string with a pattern, rewritten to the
        // compiled matcher: the same answers, and typify's message.
        for &(name, key) in provider.newtypes {
            let (min, max, Some(source)) = limits(key) else {
                continue;
            };
            assert!(
                !key.contains("format="),
                "{name}: {key}: a format to model here"
            );
            let compiled = xtask::pattern::parse(source).unwrap();
            let regex = engine(source);
            for s in inputs(&compiled, &examples) {
                let len = s.chars().count();
                let long_enough = min.is_none_or(|m| len >= m) && max.is_none_or(|m| len <= m);
                let matches = regex.find(&s).is_some();
                let got = (provider.parse)(name, &s)
                    .unwrap_or_else(|| panic!("{}: `{name}` has no parse_newtype", provider.name));
                assert_eq!(
                    got.is_ok(),
                    matches && long_enough,
                    "{}: {name} on {s:?}",
                    provider.name
                );
                if long_enough && !matches {
                    assert_eq!(
                        got.unwrap_err(),
                        format!("doesn't match pattern \"{source}\""),
                        "{name}"
                    );
                }
            }
            checked += 1;
        }
    }
    // Seven spec patterns and four constrained strings with one when this was written.
    assert!(checked >= 11, "{checked} patterns checked");
}

#[test]
fn a_pattern_outside_the_subset_fails_the_lint_naming_spec_schema_and_pattern() {
    let root = xtask::workspace_root();
    let mut spec = xtask::Spec::load(&root, std::path::Path::new("specs/desk360.yaml")).unwrap();
    assert!(xtask::lint::lint(&spec).is_empty());
    spec.json["components"]["schemas"]["Phone"]["pattern"] =
        Value::String("^(\\+|00)[0-9]+$".into());
    let problems = xtask::lint::lint(&spec);
    let problem = problems
        .iter()
        .find(|p| p.contains("outside the subset"))
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert!(
        problem.starts_with(
            "specs/desk360.yaml: components.schemas.Phone: pattern `^(\\+|00)[0-9]+$` is outside the subset"
        ),
        "{problem}"
    );
    assert!(problem.contains("groups are not supported"), "{problem}");
}
