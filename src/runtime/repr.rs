//! `repr()`, `str()` and IPython's pretty printer, per version.

use super::numbers::{complex_repr, float_repr, float_str12};
use super::object::*;
use super::{FrontEnd, Interp};
use crate::profile::ModuleRepr;
use crate::syntax::quote_str;
use std::rc::Rc;

impl Interp {
    /// `repr(v)`.
    pub fn repr(&self, v: &Value) -> String {
        self.repr_depth(v, 0)
    }

    fn repr_depth(&self, v: &Value, depth: usize) -> String {
        if depth > 50 {
            return "...".into();
        }
        match v {
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) if self.profile.long_suffix && i64::try_from(*i).is_err() => format!("{i}L"),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Complex(a, b) if self.profile.complex_ignores_zero_sign && *a == 0.0 => complex_repr(0.0, *b),
            Value::Complex(a, b) => complex_repr(*a, *b),
            Value::Str(s) => quote_str(s),
            Value::Tuple(t) => {
                let items: Vec<String> = t.iter().map(|x| self.repr_depth(x, depth + 1)).collect();
                if items.len() == 1 { format!("({},)", items[0]) } else { format!("({})", items.join(", ")) }
            }
            Value::List(l) => {
                let items: Vec<String> = l.borrow().iter().map(|x| self.repr_depth(x, depth + 1)).collect();
                format!("[{}]", items.join(", "))
            }
            Value::Module(m) => self.module_repr(m),
            Value::Func(f) => f.repr.to_string(),
            Value::SysModules => {
                let keys = self.sys_keys();
                let mut parts = Vec::with_capacity(keys.len());
                for k in keys {
                    let v = self.sys_get(&k).unwrap_or(Value::None);
                    parts.push(format!("{}: {}", quote_str(&k), self.repr_depth(&v, depth + 1)));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Value::Spec(s) => {
                let mut out = format!("ModuleSpec(name={}, loader={}", quote_str(&s.name), s.loader.repr());
                if let Some(o) = &s.origin {
                    out.push_str(&format!(", origin={}", quote_str(o)));
                }
                if let Some(l) = &s.submodule_search_locations {
                    let items: Vec<String> = l.iter().map(|x| quote_str(x)).collect();
                    out.push_str(&format!(", submodule_search_locations=[{}]", items.join(", ")));
                }
                out.push(')');
                out
            }
            Value::Opaque(o) => match &o.repr {
                Some(r) => r.to_string(),
                None => format!("<{} object at 0x7f3a1c2e5f10>", o.type_name),
            },
        }
    }

    /// `str(v)`.
    pub fn to_str(&self, v: &Value) -> String {
        match v {
            Value::Str(s) => s.to_string(),
            Value::Float(f) if self.profile.float_str_12 => float_str12(*f),
            Value::Opaque(o) => o.str.as_ref().or(o.repr.as_ref()).map(|s| s.to_string()).unwrap_or_else(|| self.repr(v)),
            _ => self.repr(v),
        }
    }

    /// What IPython's display hook shows for a value (`IPython.lib.pretty`).
    pub fn pretty(&self, v: &Value) -> String {
        let FrontEnd::Ipython(era) = self.front else { return self.repr(v) };
        match v {
            Value::Func(f) => {
                if let Some(p) = f.ipython.get(&era.version.to_string()) {
                    return p.clone();
                }
                let builtin_mod = f.module.as_deref().map(|m| m == self.profile.builtins_name || m.is_empty()).unwrap_or(true);
                if f.is_class {
                    if builtin_mod { f.name.to_string() } else { format!("{}.{}", f.module.as_deref().unwrap_or(""), f.qualname) }
                } else {
                    let sig = if era.signatures { f.signature.as_deref().unwrap_or_default() } else { "" };
                    if builtin_mod {
                        format!("<function {}{}>", f.qualname, sig)
                    } else {
                        format!("<function {}.{}{}>", f.module.as_deref().unwrap_or(""), f.qualname, sig)
                    }
                }
            }
            Value::List(_) | Value::Tuple(_) => {
                let flat = self.repr(v);
                if flat.chars().count() <= 79 {
                    return flat;
                }
                let (open, close, items): (&str, &str, Vec<Value>) = match v {
                    Value::List(l) => ("[", "]", l.borrow().clone()),
                    Value::Tuple(t) => ("(", ")", t.to_vec()),
                    _ => unreachable!(),
                };
                let parts: Vec<String> = items.iter().map(|x| self.pretty(x)).collect();
                let mut out = String::from(open);
                out.push_str(&parts.join(",\n "));
                if items.len() == 1 && close == ")" {
                    out.push(',');
                }
                out.push_str(close);
                out
            }
            _ => self.repr(v),
        }
    }

    /// A module's repr, as `moduleobject.c` (2.7) or `_bootstrap._module_repr` (3.x) build it.
    pub(crate) fn module_repr(&self, m: &Rc<Module>) -> String {
        let name_attr = m.get("__name__");
        let name = match &name_attr {
            Some(Value::Str(s)) => Some(s.to_string()),
            _ => None,
        };
        let file = match m.get("__file__") {
            Some(Value::Str(s)) => Some(s.to_string()),
            _ => None,
        };
        let r = |s: &str| quote_str(s);
        if self.profile.module_repr == ModuleRepr::Py2 {
            let n = name.unwrap_or_else(|| "?".into());
            return match file {
                Some(f) => format!("<module {} from {}>", r(&n), r(&f)),
                None => format!("<module {} (built-in)>", r(&n)),
            };
        }
        let loader = m.get("__loader__").filter(|v| !matches!(v, Value::None));
        // BuiltinImporter / FrozenImporter have `module_repr` (until 3.12).
        let loader_kind = match &loader {
            Some(Value::Func(f)) if f.repr == Loader::Builtin.repr() => Some(Loader::Builtin),
            Some(Value::Func(f)) if f.repr == Loader::Frozen.repr() => Some(Loader::Frozen),
            _ => None,
        };
        let loader_module_repr = || -> Option<String> {
            let n = name.clone()?;
            match loader_kind? {
                Loader::Builtin => Some(format!("<module {} (built-in)>", r(&n))),
                Loader::Frozen => Some(format!("<module {} (frozen)>", r(&n))),
                _ => None,
            }
        };
        let spec = match m.get("__spec__") {
            Some(Value::Spec(s)) => Some(s),
            _ => None,
        };
        let from_spec = |s: &Rc<Spec>| -> String {
            match &s.origin {
                None => format!("<module {} ({})>", r(&s.name), s.loader.repr()),
                Some(o) if s.has_location => format!("<module {} from {}>", r(&s.name), r(o)),
                Some(o) => format!("<module {} ({})>", r(&s.name), o),
            }
        };
        match self.profile.module_repr {
            ModuleRepr::LoaderFirst => {
                if let Some(x) = loader_module_repr() {
                    return x;
                }
                if let Some(s) = &spec {
                    return from_spec(s);
                }
            }
            ModuleRepr::SpecFirst => {
                if let Some(s) = &spec {
                    return from_spec(s);
                }
                if let Some(x) = loader_module_repr() {
                    return x;
                }
            }
            ModuleRepr::SpecOnly | ModuleRepr::Py2 => {
                if let Some(s) = &spec {
                    return from_spec(s);
                }
            }
        }
        let n = name.unwrap_or_else(|| "?".into());
        match (file, loader) {
            (Some(f), _) => format!("<module {} from {}>", r(&n), r(&f)),
            (None, None) => format!("<module {}>", r(&n)),
            (None, Some(l)) => format!("<module {} ({})>", r(&n), self.repr(&l)),
        }
    }
}

/// A Python literal as the catalogue writes constants: ints, floats, complex, str, bool, None.
pub(crate) fn parse_literal(s: &str) -> Option<Value> {
    let s = s.trim();
    match s {
        "None" => return Some(Value::None),
        "True" => return Some(Value::Bool(true)),
        "False" => return Some(Value::Bool(false)),
        "inf" => return Some(Value::Float(f64::INFINITY)),
        "-inf" => return Some(Value::Float(f64::NEG_INFINITY)),
        "nan" => return Some(Value::Float(f64::NAN)),
        _ => {}
    }
    if let Some(body) = s.strip_suffix('j') {
        let body = body.trim_start_matches('(');
        let v: f64 = match body {
            "inf" => f64::INFINITY,
            "nan" => f64::NAN,
            b => b.parse().ok()?,
        };
        return Some(Value::Complex(0.0, v));
    }
    if s.starts_with('\'') || s.starts_with('"') {
        return unquote(s).map(|x| Value::str(&x));
    }
    let t = s.trim_end_matches('L');
    if let Ok(i) = t.parse::<i128>() {
        return Some(Value::Int(i));
    }
    if let Ok(f) = s.parse::<f64>() {
        return Some(Value::Float(f));
    }
    None
}

/// Decodes a Python string repr.
fn unquote(s: &str) -> Option<String> {
    let q = s.chars().next()?;
    let inner = s.strip_prefix(q)?.strip_suffix(q)?;
    let mut out = String::new();
    let mut it = inner.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            '0' => out.push('\0'),
            'x' => {
                let h: String = it.by_ref().take(2).collect();
                out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
            }
            'u' => {
                let h: String = it.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
            }
            'U' => {
                let h: String = it.by_ref().take(8).collect();
                out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}
