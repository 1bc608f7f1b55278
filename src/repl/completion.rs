//! Tab completion from the emulated session's state: names in the namespace, attributes of
//! what a dotted name refers to now (so `del math.cos` removes `cos`), module names after
//! `import ` and `from `, and magics after `%`.
//!
//! Underscore names are offered as Python's `rlcompleter` offers them: only once the typed
//! prefix starts with `_` (and `__` names once it starts with `__`).

use crate::session::Session;

/// Keywords offered with names (Python 3; Python 2 has `print` and `exec` and lacks the rest).
const KEYWORDS_3: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];
const KEYWORDS_2: &[&str] = &[
    "and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else", "except", "exec", "finally",
    "for", "from", "global", "if", "import", "in", "is", "lambda", "not", "or", "pass", "print", "raise", "return",
    "try", "while", "with", "yield",
];

/// Completions of `line` with the cursor at byte `pos`: the byte where the replaced word starts
/// and the candidates (whole replacements for that word), sorted.
pub fn complete(session: &Session, magics: &[&str], line: &str, pos: usize) -> (usize, Vec<String>) {
    let pos = pos.min(line.len());
    let before = &line[..pos];
    let trimmed = before.trim_start();
    let indent = before.len() - trimmed.len();

    // `%magic` / `%%magic` at the start of an IPython cell.
    if session.is_ipython() && trimmed.starts_with('%') && !trimmed.contains(char::is_whitespace) {
        let cands = magics.iter().filter(|m| m.starts_with(trimmed)).map(|m| m.to_string()).collect();
        return (indent, sorted(cands));
    }

    // `import a, b.c` and `from a.b` (before ` import`): module names.
    if let Some(rest) = trimmed.strip_prefix("import ") {
        let word_start = rest.rfind([',', ' ']).map(|i| i + 1).unwrap_or(0);
        let word = &rest[word_start..];
        if !rest[..word_start].contains(" as ") {
            return (pos - word.len(), modules(session, word));
        }
    }
    if let Some(rest) = trimmed.strip_prefix("from ") {
        if !rest.contains(' ') {
            return (pos - rest.len(), modules(session, rest));
        }
        if let Some((module, names)) = rest.split_once(" import ") {
            let word_start = names.rfind([',', ' ', '(']).map(|i| i + 1).unwrap_or(0);
            let word = &names[word_start..];
            let attrs = session.interp.attr_names(module.trim());
            return (pos - word.len(), filter(attrs, word));
        }
    }

    // The dotted word before the cursor.
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '.')
        .last()
        .map(|(i, _)| i)
        .unwrap_or(pos);
    let word = &before[word_start..];
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return (pos, Vec::new());
    }
    match word.rsplit_once('.') {
        Some((base, attr)) => {
            if base.is_empty() || base.split('.').any(|p| p.is_empty()) {
                return (pos, Vec::new());
            }
            (pos - attr.len(), filter(session.interp.attr_names(base), attr))
        }
        None => {
            let mut names = session.interp.user_names();
            names.extend(session.interp.attr_names("__builtins__"));
            let kw = if session.profile().is_py2() { KEYWORDS_2 } else { KEYWORDS_3 };
            names.extend(kw.iter().map(|k| k.to_string()));
            if word.is_empty() {
                return (pos, Vec::new());
            }
            (word_start, filter(names, word))
        }
    }
}

fn modules(session: &Session, prefix: &str) -> Vec<String> {
    filter(session.interp.module_names(), prefix)
}

/// The names that start with `prefix`, with rlcompleter's rule for underscores.
fn filter(names: Vec<String>, prefix: &str) -> Vec<String> {
    let hide = match prefix {
        "" => Some("_"),
        "_" => Some("__"),
        _ => None,
    };
    // For dotted module names, the rule applies to the last component.
    let last = |n: &str| n.rsplit('.').next().unwrap_or(n).to_string();
    let cands = names
        .into_iter()
        .filter(|n| n.starts_with(prefix))
        .filter(|n| hide.is_none_or(|h| !last(n).starts_with(h)))
        .collect();
    sorted(cands)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::PyVersion;
    use crate::session::{Options, Style};

    fn session() -> Session {
        Session::new(Options::new(PyVersion(3, 6), Style::Ipython)).unwrap()
    }

    const MAGICS: &[&str] = &["%history", "%lsmagic", "%logstart", "%logstop", "%python", "%who", "%%writefile"];

    #[test]
    fn magics_after_percent() {
        let s = session();
        assert_eq!(complete(&s, MAGICS, "%lo", 3), (0, vec!["%logstart".to_string(), "%logstop".to_string()]));
        assert_eq!(complete(&s, MAGICS, "%%w", 3), (0, vec!["%%writefile".to_string()]));
    }

    #[test]
    fn names_follow_assignments() {
        let mut s = session();
        s.feed("spam_value = 1");
        let (start, c) = complete(&s, MAGICS, "x = spam_v", 10);
        assert_eq!((start, c), (4, vec!["spam_value".to_string()]));
        let (_, c) = complete(&s, MAGICS, "pri", 3);
        assert!(c.contains(&"print".to_string()), "{c:?}");
    }

    #[test]
    fn attributes_follow_deletions() {
        let mut s = session();
        s.feed("import math");
        let (start, c) = complete(&s, MAGICS, "math.co", 7);
        if c.is_empty() {
            // The module catalogue is not there yet: nothing to complete from.
            return;
        }
        assert_eq!(start, 5);
        assert!(c.contains(&"cos".to_string()), "{c:?}");
        s.feed("del math.cos");
        let (_, c) = complete(&s, MAGICS, "math.co", 7);
        assert!(!c.contains(&"cos".to_string()), "{c:?}");
        assert!(c.contains(&"cosh".to_string()), "{c:?}");
    }

    #[test]
    fn underscores_only_when_typed() {
        assert_eq!(filter(vec!["_a".into(), "__b".into(), "c".into()], ""), vec!["c"]);
        assert_eq!(filter(vec!["_a".into(), "__b".into(), "c".into()], "_"), vec!["_a"]);
        assert_eq!(filter(vec!["_a".into(), "__b".into(), "c".into()], "__"), vec!["__b"]);
    }

    #[test]
    fn module_names_after_import() {
        let mut s = session();
        s.feed("%%writefile mymod_for_completion.py\nx = 1");
        let (start, c) = complete(&s, MAGICS, "import mymod_f", 14);
        assert_eq!((start, c), (7, vec!["mymod_for_completion".to_string()]));
        let (start, c) = complete(&s, MAGICS, "from mymod_f", 12);
        assert_eq!((start, c), (5, vec!["mymod_for_completion".to_string()]));
    }
}
