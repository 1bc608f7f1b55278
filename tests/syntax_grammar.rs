//! Keeps `grammar/subset.ebnf` true: every production has an example, every example parses,
//! every near miss is a SyntaxError, every `unsupported:` example is reported unsupported.

use reloadlab::syntax::{parse_cell, Dialect, Mode, ParseError};

struct Item {
    kind: String,
    src: String,
}

/// The `(* kind: text *)` comments of the file, in order, with the production they follow.
fn items() -> Vec<(Option<String>, Item)> {
    let text = std::fs::read_to_string("grammar/subset.ebnf").unwrap();
    let mut out = Vec::new();
    let mut production = None;
    let mut rest = text.as_str();
    loop {
        // the next production definition or comment, whichever comes first
        let c = rest.find("(*");
        let Some(c) = c else { break };
        for line in rest[..c].lines() {
            if let Some((name, _)) = line.split_once("::=") {
                production = Some(name.trim().to_string());
            }
        }
        let body_start = c + 2;
        let end = rest[body_start..].find("*)").map(|e| body_start + e).expect("unclosed comment");
        let body = &rest[body_start..end];
        let trimmed = body.trim_start();
        if let Some((kind, src)) = trimmed.split_once(':') {
            let kind = kind.trim();
            if matches!(kind, "example" | "example-py2" | "reject" | "reject-py2" | "unsupported") {
                let src = src.strip_prefix(' ').unwrap_or(src).trim_end();
                out.push((production.clone(), Item { kind: kind.into(), src: src.into() }));
            }
        }
        rest = &rest[end + 2..];
    }
    out
}

#[test]
fn every_production_has_an_example() {
    let text = std::fs::read_to_string("grammar/subset.ebnf").unwrap();
    // the file without its comments
    let mut code = String::new();
    let mut rest = text.as_str();
    while let Some(c) = rest.find("(*") {
        code.push_str(&rest[..c]);
        let e = rest[c..].find("*)").expect("unclosed comment");
        rest = &rest[c + e + 2..];
    }
    code.push_str(rest);
    let items = items();
    let mut missing = Vec::new();
    for line in code.lines() {
        if let Some((name, _)) = line.split_once("::=") {
            let name = name.trim().to_string();
            if !items.iter().any(|(p, it)| p.as_deref() == Some(&name) && it.kind.starts_with("example")) {
                missing.push(name);
            }
        }
    }
    assert!(missing.is_empty(), "productions without an example: {missing:?}");
    assert!(items.len() > 100, "only {} examples found", items.len());
}

#[test]
fn examples_parse_and_near_misses_fail() {
    let py3 = Dialect::for_version(3, 13);
    let py2 = Dialect::for_version(2, 7);
    let mut bad = Vec::new();
    for (prod, it) in items() {
        let d = if it.kind.ends_with("py2") { &py2 } else { &py3 };
        for mode in [Mode::Exec, Mode::Single] {
            if mode == Mode::Single && it.src.contains('\n') {
                continue;
            }
            let r = parse_cell(&it.src, d, mode);
            let ok = match it.kind.as_str() {
                "example" | "example-py2" => r.is_ok(),
                "reject" | "reject-py2" => matches!(r, Err(ParseError::Syntax(_))),
                "unsupported" => matches!(r, Err(ParseError::Unsupported(_))),
                _ => unreachable!(),
            };
            if !ok {
                bad.push(format!("{prod:?} {} {:?} ({mode:?}): {r:?}", it.kind, it.src));
            }
        }
    }
    assert!(bad.is_empty(), "grammar examples that do not hold:\n{}", bad.join("\n"));
}
