//! The abstract syntax tree of the Python subset reloadlab emulates.
//!
//! Every node carries a [`Span`] (1-based line, 0-based columns counted in characters, as
//! CPython's `col_offset` / `end_col_offset`), so that tracebacks can quote and underline the
//! code the way each Python version does.

use std::fmt;

/// Where a node stands in its cell: 1-based lines, 0-based character columns, end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub line: usize,
    pub col: usize,
    pub end_line: usize,
    pub end_col: usize,
}

impl Span {
    pub fn new(line: usize, col: usize, end_line: usize, end_col: usize) -> Span {
        Span { line, col, end_line, end_col }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span { line: self.line, col: self.col, end_line: other.end_line, end_col: other.end_col }
    }
}

/// One statement of a cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

/// `name [as asname]` in an import statement; `name` is dotted for `import a.b`.
#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    pub name: String,
    pub asname: Option<String>,
}

/// What a `from` import binds.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportNames {
    /// `from m import *`
    Star,
    /// `from m import a, b as c` (parentheses allowed)
    Names(Vec<Alias>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `import a.b.c [as x], ...`
    Import(Vec<Alias>),
    /// `from [.]*module import names`; `level` counts the leading dots.
    ImportFrom { module: Option<String>, level: usize, names: ImportNames },
    /// `del t1, t2` where each target is a name, attribute or subscript.
    Delete(Vec<Expr>),
    /// `t1 = t2 = value`
    Assign { targets: Vec<Expr>, value: Expr },
    /// An expression statement.
    Expr(Expr),
    /// `pass`
    Pass,
    /// Python 2's `print x, y` statement (only parsed when the dialect has it).
    /// `trailing_comma` suppresses the newline.
    Print { values: Vec<Expr>, trailing_comma: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Is,
    IsNot,
    In,
    NotIn,
    Lt,
    LtE,
    Gt,
    GtE,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Pos,
}

/// A keyword argument `name=value` in a call.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    pub name: String,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Name(String),
    /// `value.attr`
    Attribute { value: Box<Expr>, attr: String },
    /// `value[index]`
    Subscript { value: Box<Expr>, index: Box<Expr> },
    Call { func: Box<Expr>, args: Vec<Expr>, keywords: Vec<Keyword> },
    /// A string literal, already unescaped (adjacent literals concatenated).
    Str(String),
    /// An integer literal, as written in decimal digits after normalisation (may exceed i64).
    Int(String),
    /// A float literal, as written.
    Float(String),
    /// An imaginary literal such as `1j`, as written without the `j`.
    Imaginary(String),
    None,
    True,
    False,
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Compare { left: Box<Expr>, ops: Vec<(CmpOp, Expr)> },
    BoolOp { op: BoolOp, values: Vec<Expr> },
    Unary { op: UnaryOp, operand: Box<Expr> },
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }
}

/// Writes the node back as Python source (normalised spacing). `parse(print(ast)) == ast`
/// up to spans, which the property tests check.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Name(n) => write!(f, "{n}"),
            ExprKind::Attribute { value, attr } => write!(f, "{value}.{attr}"),
            ExprKind::Subscript { value, index } => write!(f, "{value}[{index}]"),
            ExprKind::Call { func, args, keywords } => {
                write!(f, "{func}(")?;
                let mut first = true;
                for a in args {
                    if !first {
                        write!(f, ", ")?;
                    }
                    first = false;
                    write!(f, "{a}")?;
                }
                for k in keywords {
                    if !first {
                        write!(f, ", ")?;
                    }
                    first = false;
                    write!(f, "{}={}", k.name, k.value)?;
                }
                write!(f, ")")
            }
            ExprKind::Str(s) => write!(f, "{}", crate::syntax::quote_str(s)),
            ExprKind::Int(s) | ExprKind::Float(s) => write!(f, "{s}"),
            ExprKind::Imaginary(s) => write!(f, "{s}j"),
            ExprKind::None => write!(f, "None"),
            ExprKind::True => write!(f, "True"),
            ExprKind::False => write!(f, "False"),
            ExprKind::Tuple(items) => {
                write!(f, "(")?;
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{it}")?;
                }
                if items.len() == 1 {
                    write!(f, ",")?;
                }
                write!(f, ")")
            }
            ExprKind::List(items) => {
                write!(f, "[")?;
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{it}")?;
                }
                write!(f, "]")
            }
            ExprKind::Compare { left, ops } => {
                write!(f, "({left}")?;
                for (op, e) in ops {
                    write!(f, " {} {e}", op.as_str())?;
                }
                write!(f, ")")
            }
            ExprKind::BoolOp { op, values } => {
                let w = if *op == BoolOp::And { " and " } else { " or " };
                write!(f, "(")?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        write!(f, "{w}")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, ")")
            }
            ExprKind::Unary { op, operand } => match op {
                UnaryOp::Not => write!(f, "(not {operand})"),
                UnaryOp::Neg => write!(f, "(-{operand})"),
                UnaryOp::Pos => write!(f, "(+{operand})"),
            },
        }
    }
}

impl fmt::Display for Stmt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn alias(a: &Alias) -> String {
            match &a.asname {
                Some(x) => format!("{} as {x}", a.name),
                None => a.name.clone(),
            }
        }
        let join = |v: &[Expr]| v.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(", ");
        match &self.kind {
            StmtKind::Import(names) => {
                write!(f, "import {}", names.iter().map(alias).collect::<Vec<_>>().join(", "))
            }
            StmtKind::ImportFrom { module, level, names } => {
                write!(f, "from {}{} import ", ".".repeat(*level), module.as_deref().unwrap_or(""))?;
                match names {
                    ImportNames::Star => write!(f, "*"),
                    ImportNames::Names(ns) => {
                        write!(f, "{}", ns.iter().map(alias).collect::<Vec<_>>().join(", "))
                    }
                }
            }
            StmtKind::Delete(t) => write!(f, "del {}", join(t)),
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    write!(f, "{t} = ")?;
                }
                write!(f, "{value}")
            }
            StmtKind::Expr(e) => write!(f, "{e}"),
            StmtKind::Pass => write!(f, "pass"),
            StmtKind::Print { values, trailing_comma } => {
                write!(f, "print {}{}", join(values), if *trailing_comma { "," } else { "" })
            }
        }
    }
}
