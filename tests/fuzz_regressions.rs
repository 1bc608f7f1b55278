//! Every input a fuzz target ever crashed on (`tests/data/fuzz-regressions/<target>/`), run
//! again: `parse` inputs through the parser in every version's dialect and both modes,
//! `session` inputs through parse + evaluate + render in every version and front end.
//! The first byte of an input picks the variant the fuzzer ran it in; here it runs in all.

use reloadlab::fuzzing::{decode, run_session, variants};
use reloadlab::profile::Profile;
use reloadlab::syntax::{Mode, parse_cell};
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-regressions").join(target);
    // (git keeps no empty folder: a target without regressions may have none)
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut v: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        .collect();
    v.sort();
    v
}

#[test]
fn parse_regressions() {
    let files = inputs("parse");
    for f in &files {
        let data = std::fs::read(f).unwrap();
        let src = String::from_utf8_lossy(data.get(1..).unwrap_or_default());
        for p in Profile::all() {
            for mode in [Mode::Exec, Mode::Single] {
                let _ = parse_cell(&src, &p.dialect, mode);
            }
        }
    }
    println!("{} parse regression inputs", files.len());
}

#[test]
fn session_regressions() {
    let files = inputs("session");
    // Parse inputs are sessions of one cell too.
    let all: Vec<PathBuf> = files.iter().chain(inputs("parse").iter()).cloned().collect();
    for f in &all {
        let data = std::fs::read(f).unwrap();
        let Some((_, text)) = decode(&data) else { continue };
        for opts in variants() {
            let a = run_session(&opts, &text);
            let b = run_session(&opts, &text);
            assert_eq!(a, b, "{}: not deterministic in {opts:?}", f.display());
        }
    }
    println!("{} session regression inputs x {} variants", all.len(), variants().len());
}
