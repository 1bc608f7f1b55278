//! Per-construct golden tests in the style of starlark-rust's grammar tests: each
//! `tests/data/syntax/golden/<what>.golden` holds a header line, the input, a `----` line,
//! then the printed AST (with spans) or the error. `UPDATE_GOLDEN=1 cargo test` rewrites the
//! outputs.
//!
//! Header: `# python X.Y mode exec|single`.

use reloadlab::syntax::*;

fn sp(s: &Span) -> String {
    format!("@{}:{}-{}:{}", s.line, s.col, s.end_line, s.end_col)
}

fn expr(e: &Expr, out: &mut String, ind: usize) {
    let pad = "  ".repeat(ind);
    let s = sp(&e.span);
    match &e.kind {
        ExprKind::Name(n) => out.push_str(&format!("{pad}Name{s} {n}\n")),
        ExprKind::Attribute { value, attr } => {
            out.push_str(&format!("{pad}Attribute{s} .{attr}\n"));
            expr(value, out, ind + 1);
        }
        ExprKind::Subscript { value, index } => {
            out.push_str(&format!("{pad}Subscript{s}\n"));
            expr(value, out, ind + 1);
            expr(index, out, ind + 1);
        }
        ExprKind::Call { func, args, keywords } => {
            out.push_str(&format!("{pad}Call{s}\n"));
            expr(func, out, ind + 1);
            for a in args {
                expr(a, out, ind + 1);
            }
            for k in keywords {
                out.push_str(&format!("{pad}  keyword {}=\n", k.name));
                expr(&k.value, out, ind + 2);
            }
        }
        ExprKind::Str(v) => out.push_str(&format!("{pad}Str{s} {}\n", quote_str(v))),
        ExprKind::Int(v) => out.push_str(&format!("{pad}Int{s} {v}\n")),
        ExprKind::Float(v) => out.push_str(&format!("{pad}Float{s} {v}\n")),
        ExprKind::Imaginary(v) => out.push_str(&format!("{pad}Imaginary{s} {v}\n")),
        ExprKind::None => out.push_str(&format!("{pad}None{s}\n")),
        ExprKind::True => out.push_str(&format!("{pad}True{s}\n")),
        ExprKind::False => out.push_str(&format!("{pad}False{s}\n")),
        ExprKind::Tuple(v) | ExprKind::List(v) => {
            let k = if matches!(e.kind, ExprKind::Tuple(_)) { "Tuple" } else { "List" };
            out.push_str(&format!("{pad}{k}{s}\n"));
            for x in v {
                expr(x, out, ind + 1);
            }
        }
        ExprKind::Compare { left, ops } => {
            out.push_str(&format!("{pad}Compare{s}\n"));
            expr(left, out, ind + 1);
            for (op, x) in ops {
                out.push_str(&format!("{pad}  {}\n", op.as_str()));
                expr(x, out, ind + 1);
            }
        }
        ExprKind::BoolOp { op, values } => {
            out.push_str(&format!("{pad}BoolOp{s} {op:?}\n"));
            for x in values {
                expr(x, out, ind + 1);
            }
        }
        ExprKind::Unary { op, operand } => {
            out.push_str(&format!("{pad}Unary{s} {op:?}\n"));
            expr(operand, out, ind + 1);
        }
    }
}

fn dump(stmts: &[Stmt]) -> String {
    let mut out = String::new();
    for st in stmts {
        let s = sp(&st.span);
        match &st.kind {
            StmtKind::Import(names) => {
                let n: Vec<String> = names.iter().map(alias).collect();
                out.push_str(&format!("Import{s} {}\n", n.join(", ")));
            }
            StmtKind::ImportFrom { module, level, names } => {
                let what = match names {
                    ImportNames::Star => "*".to_string(),
                    ImportNames::Names(v) => v.iter().map(alias).collect::<Vec<_>>().join(", "),
                };
                out.push_str(&format!("ImportFrom{s} level={level} module={module:?} names={what}\n"));
            }
            StmtKind::Delete(t) => {
                out.push_str(&format!("Delete{s}\n"));
                for x in t {
                    expr(x, &mut out, 1);
                }
            }
            StmtKind::Assign { targets, value } => {
                out.push_str(&format!("Assign{s}\n"));
                for x in targets {
                    out.push_str("  target\n");
                    expr(x, &mut out, 2);
                }
                out.push_str("  value\n");
                expr(value, &mut out, 2);
            }
            StmtKind::Expr(e) => {
                out.push_str(&format!("Expr{s}\n"));
                expr(e, &mut out, 1);
            }
            StmtKind::Pass => out.push_str(&format!("Pass{s}\n")),
            StmtKind::Print { values, trailing_comma } => {
                out.push_str(&format!("Print{s} trailing_comma={trailing_comma}\n"));
                for x in values {
                    expr(x, &mut out, 1);
                }
            }
        }
    }
    out
}

fn alias(a: &Alias) -> String {
    match &a.asname {
        Some(x) => format!("{} as {x}", a.name),
        None => a.name.clone(),
    }
}

fn render(r: &Result<Vec<Stmt>, ParseError>) -> String {
    match r {
        Ok(stmts) => dump(stmts),
        Err(ParseError::Unsupported(u)) => format!("Unsupported: {u}\n"),
        Err(ParseError::Syntax(e)) => format!(
            "{}: {}\n  lineno={} offset={:?} end_offset={:?}\n  text={:?}\n",
            e.exc_type, e.msg, e.lineno, e.offset, e.end_offset, e.text
        ),
    }
}

#[test]
fn golden_files() {
    let dir = "tests/data/syntax/golden";
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    assert!(names.len() >= 20, "expected golden files in {dir}");
    for path in names {
        if path.extension().and_then(|e| e.to_str()) != Some("golden") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let (head, rest) = text.split_once('\n').unwrap();
        let words: Vec<&str> = head.split_whitespace().collect();
        assert_eq!(words[..2], ["#", "python"], "{}: bad header", path.display());
        let (maj, min) = words[2].split_once('.').unwrap();
        let d = Dialect::for_version(maj.parse().unwrap(), min.parse().unwrap());
        let mode = if words[4] == "single" { Mode::Single } else { Mode::Exec };
        let (input, expected) = rest.split_once("\n----\n").unwrap_or((rest.trim_end_matches('\n'), ""));
        let got = render(&parse_cell(input, &d, mode));
        if update {
            std::fs::write(&path, format!("{head}\n{input}\n----\n{got}")).unwrap();
        } else if got != expected {
            failures.push(format!("{}:\n--- expected\n{expected}--- got\n{got}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
