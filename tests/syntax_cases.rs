//! Every cell of `tests/data/syntax/<version>.json` (written by
//! `tools/syntax/gen_syntax_cases.py` from the real interpreters) must give exactly the
//! SyntaxError attributes that version's `compile()` gave, in both modes; cells CPython
//! accepted must parse (or be reported as unsupported). Known, documented gaps are listed in
//! `tests/data/syntax/known_gaps.txt` (`<version> <mode> <json-quoted source>`).

use reloadlab::syntax::{parse_cell, Dialect, Mode, ParseError};
use serde_json::Value;

const VERSIONS: &[&str] = &["2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"];

fn dialect(v: &str) -> Dialect {
    let (a, b) = v.split_once('.').unwrap();
    Dialect::for_version(a.parse().unwrap(), b.parse().unwrap())
}

fn show(r: &Result<Vec<reloadlab::syntax::Stmt>, ParseError>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(ParseError::Unsupported(u)) => format!("unsupported: {u}"),
        Err(ParseError::Syntax(e)) => format!(
            "{} {:?} L{} o{:?} e{:?} t={:?}",
            e.exc_type, e.msg, e.lineno, e.offset, e.end_offset, e.text
        ),
    }
}

fn expected(v: &Value) -> String {
    if v.as_str() == Some("ok") {
        return "ok".into();
    }
    if let Some(o) = v.get("other") {
        return format!("{} {:?} L0 oNone eNone t=None", o.as_str().unwrap(), "");
    }
    let opt = |k: &str| -> String {
        match v.get(k) {
            Some(Value::Number(n)) if n.as_i64() == Some(-1) => "None".into(),
            Some(Value::Number(n)) => format!("Some({n})"),
            _ => "None".into(),
        }
    };
    let text = match v.get("text") {
        Some(Value::String(s)) => format!("Some({s:?})"),
        _ => "None".into(),
    };
    format!(
        "{} {:?} L{} o{} e{} t={}",
        v["exc_type"].as_str().unwrap(),
        v["msg"].as_str().unwrap(),
        v["lineno"],
        opt("offset"),
        opt("end_offset"),
        text
    )
}

fn got(r: &Result<Vec<reloadlab::syntax::Stmt>, ParseError>) -> String {
    match r {
        Err(ParseError::Unsupported(_)) => "ok".into(),
        Err(ParseError::Syntax(e)) if e.exc_type == "MemoryError" => {
            format!("MemoryError {:?} L0 oNone eNone t=None", "")
        }
        Err(ParseError::Syntax(e)) => {
            let o = |x: Option<usize>| match x {
                Some(n) => format!("Some({n})"),
                None => "None".into(),
            };
            let t = match &e.text {
                Some(s) => format!("Some({s:?})"),
                None => "None".into(),
            };
            format!("{} {:?} L{} o{} e{} t={}", e.exc_type, e.msg, e.lineno, o(e.offset), o(e.end_offset), t)
        }
        Ok(_) => "ok".into(),
    }
}

fn known_gaps() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string("tests/data/syntax/known_gaps.txt").unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut it = l.splitn(3, ' ');
            let v = it.next().unwrap().to_string();
            let m = it.next().unwrap().to_string();
            let src: String = serde_json::from_str(it.next().unwrap()).unwrap();
            (v, m, src)
        })
        .collect()
}

#[test]
fn cases_match_the_real_interpreters() {
    let gaps = known_gaps();
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    let mut used_gaps = 0;
    for v in VERSIONS {
        let path = format!("tests/data/syntax/{v}.json");
        let data: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let d = dialect(v);
        let (mut total, mut ok) = (0, 0);
        for case in data["cases"].as_array().unwrap() {
            let src = case["src"].as_str().unwrap();
            for (mode, key) in [(Mode::Single, "single"), (Mode::Exec, "exec")] {
                total += 1;
                let r = parse_cell(src, &d, mode);
                let want = expected(&case[key]);
                let have = got(&r);
                if want == have {
                    ok += 1;
                    continue;
                }
                if gaps.iter().any(|(gv, gm, gs)| gv == v && (gm == key || gm == "*") && gs == src) {
                    used_gaps += 1;
                    continue;
                }
                failures.push(format!("{v} {key} {src:?}\n   want {want}\n   have {have}\n   full {}", show(&r)));
            }
        }
        summary.push(format!("{v}: {ok}/{total}"));
    }
    eprintln!("syntax cases matching: {} (known gaps used: {used_gaps})", summary.join(", "));
    if !failures.is_empty() {
        let n = failures.len();
        failures.truncate(400);
        panic!("{n} mismatches:\n{}", failures.join("\n"));
    }
}
