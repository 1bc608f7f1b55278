//! The parser's own expression tree: the whole Python expression grammar, so that errors
//! are found where CPython finds them, even in constructs reloadlab does not emulate. It is
//! turned into [`super::ast::Expr`] (or "unsupported") once the cell parsed.

use super::ast::{BoolOp, CmpOp, Span, UnaryOp};

#[derive(Clone, Debug)]
pub(crate) struct PE {
    pub k: PK,
    pub sp: Span,
    /// Written in parentheses (the span excludes them, as CPython's).
    pub paren: bool,
    /// Span including the parentheses, when `paren`.
    pub outer: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lit {
    Str,
    Bytes,
    FStr,
}

#[derive(Clone, Debug)]
pub(crate) enum PK {
    Name(String),
    Attr(Box<PE>, String),
    Sub(Box<PE>, Box<PE>),
    Call(Box<PE>, Vec<PArg>),
    Str(String, Lit),
    Int(String),
    Float(String),
    Imag(String),
    None,
    True,
    False,
    Ellipsis,
    Tuple(Vec<PE>),
    List(Vec<PE>),
    Compare(Box<PE>, Vec<(CmpOp, PE)>),
    Bool(BoolOp, Vec<PE>),
    Unary(UnaryOp, Box<PE>),
    Starred(Box<PE>),
    /// Valid Python outside the subset; the kind says which.
    Other(Other, Vec<PE>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Other {
    BinOp(&'static str),
    Invert,
    Lambda,
    IfExp,
    ListComp,
    SetComp,
    DictComp,
    GenExp,
    Dict,
    Set,
    Yield,
    Await,
    Walrus,
    Slice,
    Backquote,
    /// `a[1, 2:3]`-style extended subscript parts
    ExtSlice,
}

#[derive(Clone, Debug)]
pub(crate) enum ArgKind {
    Pos,
    Star,
    DStar,
    /// `name=value`; the name's span.
    Kw(String, Span),
}

#[derive(Clone, Debug)]
pub(crate) struct PArg {
    pub kind: ArgKind,
    pub value: PE,
    /// `f(x for x in y)`: a bare generator expression argument.
    pub genexp: bool,
}

impl PE {
    pub fn new(k: PK, sp: Span) -> PE {
        PE { k, sp, paren: false, outer: sp }
    }
    /// Where the expression starts as written (the opening parenthesis when parenthesised).
    pub fn outer(&self) -> Span {
        if self.paren { self.outer } else { self.sp }
    }
}

/// What the construct is called in the "unsupported" message.
pub(crate) fn other_words(o: Other) -> String {
    match o {
        Other::BinOp(op) => format!("binary operator `{op}`"),
        Other::Invert => "unary operator `~`".into(),
        Other::Lambda => "lambda expressions".into(),
        Other::IfExp => "conditional expressions (`x if c else y`)".into(),
        Other::ListComp => "list comprehensions".into(),
        Other::SetComp => "set comprehensions".into(),
        Other::DictComp => "dict comprehensions".into(),
        Other::GenExp => "generator expressions".into(),
        Other::Dict => "dict displays".into(),
        Other::Set => "set displays".into(),
        Other::Yield => "`yield` expressions".into(),
        Other::Await => "`await` expressions".into(),
        Other::Walrus => "assignment expressions (`:=`)".into(),
        Other::Slice => "slices".into(),
        Other::Backquote => "backquote repr (`` `x` ``)".into(),
        Other::ExtSlice => "extended subscripts".into(),
    }
}

/// How CPython names an expression in "cannot assign to X" / "cannot delete X".
/// `gen`: 0 = 2.7–3.7 (ast.c), 1 = 3.8–3.9, 2 = 3.10+ (`_PyPegen_get_expr_name`).
pub(crate) fn expr_name(e: &PE, g: u8) -> &'static str {
    match &e.k {
        PK::Call(..) => "function call",
        PK::Str(_, Lit::FStr) => "f-string expression",
        PK::Str(..) | PK::Int(_) | PK::Float(_) | PK::Imag(_) => "literal",
        PK::None if g == 0 => "keyword",
        PK::True | PK::False if g == 0 => "keyword",
        PK::None => "None",
        PK::True => "True",
        PK::False => "False",
        PK::Ellipsis if g == 2 => "ellipsis",
        PK::Ellipsis => "Ellipsis",
        PK::Compare(..) => "comparison",
        PK::Bool(..) | PK::Unary(..) if g == 2 => "expression",
        PK::Bool(..) | PK::Unary(..) => "operator",
        PK::Starred(_) => "starred",
        PK::Tuple(_) => "tuple",
        PK::List(_) => "list",
        PK::Name(_) => "name",
        PK::Attr(..) => "attribute",
        PK::Sub(..) => "subscript",
        PK::Other(o, _) => match o {
            Other::BinOp(_) | Other::Invert if g == 2 => "expression",
            Other::BinOp(_) | Other::Invert => "operator",
            Other::Lambda => "lambda",
            Other::IfExp => "conditional expression",
            Other::ListComp => "list comprehension",
            Other::SetComp => "set comprehension",
            Other::DictComp => "dict comprehension",
            Other::GenExp => "generator expression",
            Other::Dict if g == 2 => "dict literal",
            Other::Set if g == 2 => "set display",
            Other::Dict | Other::Set => "literal",
            Other::Yield => "yield expression",
            Other::Await => "await expression",
            Other::Walrus => "named expression",
            Other::Slice | Other::ExtSlice => "slice",
            Other::Backquote => "repr",
        },
    }
}
