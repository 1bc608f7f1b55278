//! Unit tests of the parser: spans as CPython 3.13's `ast` gives them, and speed.

use super::*;

fn parse(src: &str) -> Vec<Stmt> {
    parse_cell(src, &Dialect::for_version(3, 13), Mode::Exec).expect("parses")
}

fn span(s: Span) -> (usize, usize, usize, usize) {
    (s.line, s.col, s.end_line, s.end_col)
}

#[test]
fn spans_match_cpython() {
    // (source, statement span, first expression span) from CPython 3.13's ast module
    let st = parse("((a, b))");
    assert_eq!(span(st[0].span), (1, 0, 1, 8));
    let StmtKind::Expr(e) = &st[0].kind else { panic!() };
    assert_eq!(span(e.span), (1, 1, 1, 7));

    let st = parse("x = (a)");
    assert_eq!(span(st[0].span), (1, 0, 1, 7));
    let StmtKind::Assign { value, .. } = &st[0].kind else { panic!() };
    assert_eq!(span(value.span), (1, 5, 1, 6));

    let st = parse("'a' \\\n'b'");
    assert_eq!(span(st[0].span), (1, 0, 2, 3));

    let st = parse("f(x)(y)");
    let StmtKind::Expr(e) = &st[0].kind else { panic!() };
    let ExprKind::Call { func, .. } = &e.kind else { panic!() };
    assert_eq!(span(func.span), (1, 0, 1, 4));

    let st = parse("del (a), [b]");
    let StmtKind::Delete(t) = &st[0].kind else { panic!() };
    assert_eq!(span(t[0].span), (1, 5, 1, 6));
    assert_eq!(span(t[1].span), (1, 9, 1, 12));

    let st = parse("x = 1;");
    assert_eq!(span(st[0].span), (1, 0, 1, 5));
}

#[test]
fn python2_print_and_literals() {
    let d = Dialect::for_version(2, 7);
    let st = parse_cell("print(a, b)", &d, Mode::Single).unwrap();
    let StmtKind::Print { values, trailing_comma } = &st[0].kind else { panic!() };
    assert!(!trailing_comma);
    assert!(matches!(values[0].kind, ExprKind::Tuple(ref v) if v.len() == 2));
    let st = parse_cell("x = 0777L", &d, Mode::Exec).unwrap();
    let StmtKind::Assign { value, .. } = &st[0].kind else { panic!() };
    assert_eq!(value.kind, ExprKind::Int("511".into()));
}

#[test]
fn unsupported_names_the_construct() {
    let d = Dialect::for_version(3, 13);
    for (src, words) in [
        ("for x in y: pass", "`for` loops"),
        ("def f(): pass", "function definitions (`def`)"),
        ("lambda: 1", "lambda expressions"),
        ("a + b", "binary operator `+`"),
        ("x += 1", "augmented assignment"),
        ("{1: 2}", "dict displays"),
    ] {
        assert_eq!(parse_cell(src, &d, Mode::Exec), Err(ParseError::Unsupported(words.into())), "{src}");
    }
}

#[test]
fn a_one_line_cell_parses_in_microseconds() {
    let d = Dialect::for_version(3, 12);
    let n = 2000;
    let t = std::time::Instant::now();
    for _ in 0..n {
        let r = parse_cell("m = importlib.reload(math)", &d, Mode::Single);
        assert!(r.is_ok());
    }
    let each = t.elapsed() / n;
    // a few µs in release builds; generous for unoptimised test builds
    assert!(each < std::time::Duration::from_micros(300), "{each:?} per parse");
    eprintln!("parse_cell: {each:?} per one-line cell");
}
