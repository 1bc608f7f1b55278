//! Golden transcript tests: every transcript recorded from the real interpreters
//! (`transcripts/golden/<style>/<version>/<session>.txt`) must be reproduced byte for byte by
//! replaying its session (`transcripts/golden/sessions/<session>.session`).

mod common;

use reloadlab::profile::{IpyVersion, PyVersion};
use reloadlab::session::{Options, Session, Style, split_session};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

struct Case {
    style: Style,
    ipython: Option<IpyVersion>,
    python: PyVersion,
    session: PathBuf,
    expected: PathBuf,
}

fn cases(root: &Path) -> Vec<Case> {
    let sessions = root.join("sessions");
    let mut out: Vec<Case> = common::transcripts(root)
        .into_iter()
        .map(|t| Case {
            style: t.style,
            ipython: t.ipython,
            python: t.python,
            session: sessions.join(format!("{}.session", t.session())),
            expected: t.path,
        })
        .collect();
    out.sort_by(|a, b| a.expected.cmp(&b.expected));
    out
}

fn first_diff(want: &str, got: &str) -> String {
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            return format!("line {}:\n  want: {w:?}\n  got:  {g:?}", i + 1);
        }
    }
    format!("lengths differ: want {} lines, got {}", want.lines().count(), got.lines().count())
}

/// The transcripts of a corpus that are known to differ, from its `KNOWN_DIFFERENCES` file
/// (one `style/version/session.txt` per line, `#` starts the reason).
fn known_differences(root: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root.join("KNOWN_DIFFERENCES")).unwrap_or_default();
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| l.to_string())
        .collect()
}

/// Replays a corpus and checks that exactly its known differences differ: a new failure is a
/// regression, a known one that passes must leave the list.
fn check_corpus(dir: &str, min: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let (total, failures) = replay_all(&root);
    assert!(total > min, "the corpus {dir} is missing ({total} transcripts)");
    let known = known_differences(&root);
    let failed: BTreeSet<String> = failures.iter().map(|f| f.lines().next().unwrap_or("").to_string()).collect();
    println!("{} passed, {} failed ({} known differences)", total - failed.len(), failed.len(), known.len());
    let unexpected: Vec<&String> = failures.iter().filter(|f| !known.contains(f.lines().next().unwrap_or(""))).collect();
    let fixed: Vec<&String> = known.iter().filter(|k| !failed.contains(*k)).collect();
    assert!(
        unexpected.is_empty(),
        "{} transcripts of {dir} differ that are not known differences:\n{}",
        unexpected.len(),
        unexpected.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
    assert!(fixed.is_empty(), "now reproduced, remove from {dir}/KNOWN_DIFFERENCES: {fixed:?}");
}

#[test]
fn golden_transcripts_replay_byte_for_byte() {
    check_corpus("transcripts/golden", 500);
}

/// Replays every transcript under `root` (`<style>/<version>/<session>.txt` against
/// `sessions/<session>.session`) and returns how many there were and the failures, each
/// starting with its path.
fn replay_all(root: &Path) -> (usize, Vec<String>) {
    let cases = cases(root);
    let mut failures = Vec::new();
    for c in &cases {
        let text = std::fs::read_to_string(&c.session).unwrap();
        let want = std::fs::read_to_string(&c.expected).unwrap();
        let mut opts = Options::new(c.python, c.style);
        opts.ipython = c.ipython;
        let got = Session::new(opts).unwrap().transcript(&split_session(&text));
        if got != want {
            failures.push(format!("{}\n{}", c.expected.strip_prefix(root).unwrap().display(), first_diff(&want, &got)));
        }
    }
    (cases.len(), failures)
}

/// Transcripts recorded from the real interpreters for sessions beyond the golden corpus
/// (`transcripts/recorded/`, same layout; see its DIAGNOSIS.md for the known differences).
#[test]
fn recorded_transcripts_replay_byte_for_byte() {
    check_corpus("transcripts/recorded", 500);
}

#[test]
fn seed_transcripts_with_their_published_prefixes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts");
    for (py, prefix, session, seed) in [
        ("3.6", "/home/ely/anaconda/envs/py36-keras", "seed_py3", "seed_py3.ipython.3.6.txt"),
        ("2.7", "/home/ely/anaconda", "seed_py2", "seed_py2.ipython.2.7.txt"),
    ] {
        let text = std::fs::read_to_string(root.join(format!("golden/sessions/{session}.session"))).unwrap();
        let want = std::fs::read_to_string(root.join(format!("seed/{seed}"))).unwrap();
        let mut opts = Options::new(PyVersion::parse(py).unwrap(), Style::Ipython);
        opts.prefix = prefix.into();
        let got = Session::new(opts).unwrap().transcript(&split_session(&text));
        assert_eq!(got, want, "{seed}: {}", first_diff(&want, &got));
    }
}
