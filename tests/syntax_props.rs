//! Property tests of the parser: it never panics, printing an AST and parsing it again gives
//! the same AST (up to spans), and parsing is deterministic.

use proptest::prelude::*;
use reloadlab::syntax::*;

fn dialects() -> Vec<Dialect> {
    vec![
        Dialect::for_version(2, 7),
        Dialect::for_version(3, 6),
        Dialect::for_version(3, 8),
        Dialect::for_version(3, 9),
        Dialect::for_version(3, 10),
        Dialect::for_version(3, 12),
        Dialect::for_version(3, 13),
    ]
}

// ----- span stripping -----
fn strip_e(e: &mut Expr) {
    e.span = Span::default();
    match &mut e.kind {
        ExprKind::Attribute { value, .. } => strip_e(value),
        ExprKind::Subscript { value, index } => {
            strip_e(value);
            strip_e(index);
        }
        ExprKind::Call { func, args, keywords } => {
            strip_e(func);
            args.iter_mut().for_each(strip_e);
            keywords.iter_mut().for_each(|k| strip_e(&mut k.value));
        }
        ExprKind::Tuple(v) | ExprKind::List(v) => v.iter_mut().for_each(strip_e),
        ExprKind::BoolOp { values, .. } => values.iter_mut().for_each(strip_e),
        ExprKind::Compare { left, ops } => {
            strip_e(left);
            ops.iter_mut().for_each(|(_, x)| strip_e(x));
        }
        ExprKind::Unary { operand, .. } => strip_e(operand),
        _ => {}
    }
}

fn strip(stmts: &mut [Stmt]) {
    for s in stmts {
        s.span = Span::default();
        match &mut s.kind {
            StmtKind::Delete(v) => v.iter_mut().for_each(strip_e),
            StmtKind::Assign { targets, value } => {
                targets.iter_mut().for_each(strip_e);
                strip_e(value);
            }
            StmtKind::Expr(e) => strip_e(e),
            StmtKind::Print { values, .. } => values.iter_mut().for_each(strip_e),
            _ => {}
        }
    }
}

// ----- AST generation -----
fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

fn name() -> impl Strategy<Value = String> {
    "[a-z_][a-z0-9_]{0,6}".prop_filter("not a keyword", |s| {
        !matches!(
            s.as_str(),
            "and" | "as" | "assert" | "async" | "await" | "break" | "class" | "continue" | "def" | "del" | "elif"
                | "else" | "except" | "exec" | "finally" | "for" | "from" | "global" | "if" | "import" | "in" | "is"
                | "lambda" | "nonlocal" | "not" | "or" | "pass" | "print" | "raise" | "return" | "try" | "while"
                | "with" | "yield"
        )
    })
}

fn literal() -> impl Strategy<Value = Expr> {
    prop_oneof![
        "[0-9]{1,25}".prop_map(|d| {
            let d = d.trim_start_matches('0');
            e(ExprKind::Int(if d.is_empty() { "0".into() } else { d.into() }))
        }),
        "[0-9]{1,3}\\.[0-9]{1,3}".prop_map(|f| e(ExprKind::Float(f))),
        "[0-9]{1,3}".prop_map(|f| e(ExprKind::Imaginary(f.trim_start_matches('0').to_string() + "0"))),
        any::<String>().prop_map(|s| e(ExprKind::Str(s.replace('\0', "")))),
        Just(e(ExprKind::None)),
        Just(e(ExprKind::True)),
        Just(e(ExprKind::False)),
    ]
}

/// Expressions that may stand before `.attr`, `(...)`, `[...]`.
fn primary(inner: BoxedStrategy<Expr>) -> BoxedStrategy<Expr> {
    let base = prop_oneof![name().prop_map(|n| e(ExprKind::Name(n))), any::<String>().prop_map(|s| e(ExprKind::Str(s.replace('\0', ""))))];
    (base, prop::collection::vec((0u8..3, name(), inner.clone(), prop::collection::vec(inner.clone(), 0..3)), 0..3))
        .prop_map(|(b, trailers)| {
            let mut x = b;
            for (k, n, i, args) in trailers {
                x = match k {
                    0 => e(ExprKind::Attribute { value: Box::new(x), attr: n }),
                    1 => e(ExprKind::Subscript { value: Box::new(x), index: Box::new(i) }),
                    _ => e(ExprKind::Call { func: Box::new(x), args, keywords: vec![Keyword { name: n, value: i }] }),
                };
            }
            x
        })
        .boxed()
}

fn expr() -> BoxedStrategy<Expr> {
    let leaf = prop_oneof![literal(), name().prop_map(|n| e(ExprKind::Name(n)))];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            primary(inner.clone()),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| e(ExprKind::Tuple(v))),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| e(ExprKind::List(v))),
            (inner.clone(), prop::collection::vec((0usize..10, inner.clone()), 1..3)).prop_map(|(l, ops)| {
                let all = [CmpOp::Eq, CmpOp::NotEq, CmpOp::Is, CmpOp::IsNot, CmpOp::In, CmpOp::NotIn, CmpOp::Lt, CmpOp::LtE, CmpOp::Gt, CmpOp::GtE];
                e(ExprKind::Compare { left: Box::new(l), ops: ops.into_iter().map(|(k, x)| (all[k], x)).collect() })
            }),
            (any::<bool>(), prop::collection::vec(inner.clone(), 2..4))
                .prop_map(|(and, values)| e(ExprKind::BoolOp { op: if and { BoolOp::And } else { BoolOp::Or }, values })),
            (0u8..3, inner.clone()).prop_map(|(k, x)| {
                let op = [UnaryOp::Not, UnaryOp::Neg, UnaryOp::Pos][k as usize];
                e(ExprKind::Unary { op, operand: Box::new(x) })
            }),
        ]
    })
    .boxed()
}

fn target() -> BoxedStrategy<Expr> {
    let simple = prop_oneof![
        name().prop_map(|n| e(ExprKind::Name(n))),
        (name(), name()).prop_map(|(a, b)| e(ExprKind::Attribute { value: Box::new(e(ExprKind::Name(a))), attr: b })),
        (name(), expr()).prop_map(|(a, i)| e(ExprKind::Subscript { value: Box::new(e(ExprKind::Name(a))), index: Box::new(i) })),
    ];
    simple
        .prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..3).prop_map(|v| e(ExprKind::Tuple(v))),
                prop::collection::vec(inner, 1..3).prop_map(|v| e(ExprKind::List(v))),
            ]
        })
        .boxed()
}

fn stmt() -> impl Strategy<Value = Stmt> {
    let alias = (prop::collection::vec(name(), 1..3), prop::option::of(name()))
        .prop_map(|(parts, asname)| Alias { name: parts.join("."), asname });
    let s = |kind| Stmt { kind, span: Span::default() };
    prop_oneof![
        prop::collection::vec(alias, 1..3).prop_map(move |v| s(StmtKind::Import(v))),
        (0usize..3, prop::option::of(name()), prop::option::of(prop::collection::vec((name(), prop::option::of(name())), 1..3)))
            .prop_map(move |(level, module, names)| {
                let level = if module.is_none() { level.max(1) } else { level };
                let names = match names {
                    None => ImportNames::Star,
                    Some(v) => ImportNames::Names(v.into_iter().map(|(name, asname)| Alias { name, asname }).collect()),
                };
                s(StmtKind::ImportFrom { module, level, names })
            }),
        prop::collection::vec(target(), 1..3).prop_map(move |t| s(StmtKind::Delete(t))),
        (prop::collection::vec(target(), 1..3), expr()).prop_map(move |(targets, value)| s(StmtKind::Assign { targets, value })),
        expr().prop_map(move |x| s(StmtKind::Expr(x))),
        Just(s(StmtKind::Pass)),
    ]
}

fn python_ish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("import "), Just("from "), Just("del "), Just("print "), Just(" as "), Just("."), Just(","), Just("("),
        Just(")"), Just("["), Just("]"), Just("{"), Just("}"), Just("="), Just("=="), Just(" not "), Just(" in "),
        Just(" is "), Just("'"), Just("\""), Just("'''"), Just("\\"), Just("\n"), Just("\t"), Just("  "), Just("#"),
        Just("x"), Just("math"), Just("1"), Just("0x"), Just("1_"), Just("007"), Just("1.5e"), Just("j"), Just(";"),
        Just(":"), Just("*"), Just("**"), Just("-"), Just("+"), Just("lambda"), Just("for"), Just("if"), Just("€"),
        Just("é"), Just("$"), Just("`"), Just("@"), Just("not"), Just("and"), Just("or"), Just("None"), Just(":="),
        Just("def "), Just("return"), Just("yield"), Just("async "), Just("await "), Just("match "), Just("case "),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_strings(s in any::<String>()) {
        for d in dialects() {
            let _ = parse_cell(&s, &d, Mode::Exec);
            let _ = parse_cell(&s, &d, Mode::Single);
        }
    }

    #[test]
    fn never_panics_on_python_like_text(s in python_ish()) {
        for d in dialects() {
            let a = parse_cell(&s, &d, Mode::Exec);
            let b = parse_cell(&s, &d, Mode::Exec);
            prop_assert_eq!(a, b, "deterministic");
            let _ = parse_cell(&s, &d, Mode::Single);
        }
    }

    #[test]
    fn print_then_parse_is_identity(stmts in prop::collection::vec(stmt(), 1..4)) {
        let src: Vec<String> = stmts.iter().map(|s| s.to_string()).collect();
        let src = src.join("\n");
        let mut want = stmts.clone();
        strip(&mut want);
        for d in [Dialect::for_version(3, 13), Dialect::for_version(3, 8), Dialect::for_version(3, 6)] {
            let got = parse_cell(&src, &d, Mode::Exec);
            prop_assert!(got.is_ok(), "{:?} did not parse: {:?}", src, got);
            let mut got = got.unwrap();
            strip(&mut got);
            prop_assert_eq!(&got, &want, "source: {:?}", src);
        }
    }

    #[test]
    fn parsing_is_deterministic(stmts in prop::collection::vec(stmt(), 1..3)) {
        let src = stmts.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("; ");
        let d = Dialect::for_version(3, 12);
        prop_assert_eq!(parse_cell(&src, &d, Mode::Exec), parse_cell(&src, &d, Mode::Exec));
    }
}

#[test]
fn huge_and_deep_inputs_do_not_overflow() {
    let cases = [
        "(".repeat(100_000),
        "[".repeat(5000) + &"]".repeat(5000),
        "-".repeat(100_000) + "1",
        "not ".repeat(50_000) + "x",
        "x".repeat(1 << 20),
        "'".to_string() + &"a".repeat(1 << 20),
        "f(".repeat(3000),
        "a.".repeat(20_000) + "b",
        "x = ".repeat(10_000) + "1",
        "\0\0\0".to_string(),
    ];
    for s in &cases {
        for d in dialects() {
            let _ = parse_cell(s, &d, Mode::Exec);
        }
    }
}
