//! The evaluator: statements and expressions of the subset, with CPython's semantics for
//! names, attributes, subscripts and the import statements.

use super::exc::{Frame, PyErr, PyResult, Stop};
use super::object::*;
use super::{Event, Interp};
use crate::profile::{DelAttrWording, FromImportWording, ModuleAttrWording};
use crate::syntax::{
    Alias, BoolOp, CmpOp, Dialect, Expr, ExprKind, ImportNames, Mode, ParseError, Span, Stmt, StmtKind, UnaryOp,
};
use std::rc::Rc;

/// Where a statement runs: the cell (`__main__`) or a user module's file.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub globals: Rc<Module>,
    /// `Some((path, source))` when running a file.
    pub file: Option<Rc<(String, String)>>,
    /// The interactive top level prints expression values.
    pub interactive: bool,
}

impl Interp {
    pub(crate) fn exec_stmt(&self, stmt: &Stmt, display: bool) -> PyResult<()> {
        let ctx = Ctx { globals: self.main.clone(), file: None, interactive: true };
        self.exec_in(&ctx, stmt, display)
    }

    /// Runs a user module's source in its dict.
    pub(crate) fn exec_file(&self, m: &Rc<Module>, path: &str, src: &str) -> PyResult<()> {
        let dialect: Dialect = self.profile.dialect;
        let stmts = match crate::syntax::parse_cell(src, &dialect, Mode::Exec) {
            Ok(s) => s,
            Err(ParseError::Syntax(info)) => {
                let mut e = PyErr::new(&info.exc_type, info.msg.clone());
                e.frames.push(Frame::File {
                    path: path.to_string(),
                    line: info.lineno,
                    func: "<module>".into(),
                    source: Some(src.to_string()),
                });
                return Err(e.into());
            }
            Err(ParseError::Unsupported(what)) => {
                return Err(Stop::Unsupported(format!("{path}: reloadlab does not emulate {what}")));
            }
        };
        let ctx = Ctx { globals: m.clone(), file: Some(Rc::new((path.to_string(), src.to_string()))), interactive: false };
        for s in &stmts {
            self.exec_in(&ctx, s, false)?;
        }
        Ok(())
    }

    fn exec_in(&self, ctx: &Ctx, stmt: &Stmt, display: bool) -> PyResult<()> {
        let r = self.exec_inner(ctx, stmt, display);
        r.map_err(|e| self.frame_at(ctx, e, stmt.span, None))
    }

    /// Adds the frame of this context (the cell, or a file) to an exception passing through a
    /// node of it, unless the exception already has it.
    pub(crate) fn frame_at(&self, ctx: &Ctx, e: Stop, span: Span, anchors: Option<(usize, usize)>) -> Stop {
        let Stop::Raise(mut err) = e else { return e };
        let has = match (&ctx.file, err.frames.first()) {
            (None, Some(Frame::User { .. })) => true,
            (Some(f), Some(Frame::File { path, .. })) => path == &f.0,
            _ => false,
        };
        if !has {
            let frame = match &ctx.file {
                None => Frame::User { line: span.line, span: Some(span), anchors },
                Some(f) => Frame::File {
                    path: f.0.clone(),
                    line: span.line,
                    func: "<module>".into(),
                    source: Some(f.1.clone()),
                },
            };
            err.frames.insert(0, frame);
        }
        Stop::Raise(err)
    }

    fn exec_inner(&self, ctx: &Ctx, stmt: &Stmt, display: bool) -> PyResult<()> {
        match &stmt.kind {
            StmtKind::Import(aliases) => {
                for a in aliases {
                    self.import_stmt(ctx, a)?;
                }
                Ok(())
            }
            StmtKind::ImportFrom { module, level, names } => self.import_from(ctx, module.as_deref(), *level, names),
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.delete(ctx, t)?;
                }
                Ok(())
            }
            StmtKind::Assign { targets, value } => {
                let v = self.eval(ctx, value)?;
                for t in targets {
                    self.assign(ctx, t, v.clone())?;
                }
                Ok(())
            }
            StmtKind::Expr(e) => {
                let v = self.eval(ctx, e)?;
                if ctx.interactive && display && !matches!(v, Value::None) {
                    let repr = self.repr(&v);
                    let pretty = self.pretty(&v);
                    self.emit(Event::Display { repr, pretty });
                    self.remember_result(v);
                }
                Ok(())
            }
            StmtKind::Pass => Ok(()),
            StmtKind::Print { values, trailing_comma } => {
                let mut parts = Vec::new();
                for v in values {
                    let x = self.eval(ctx, v)?;
                    parts.push(self.to_str(&x));
                }
                let mut s = parts.join(" ");
                if !*trailing_comma {
                    s.push('\n');
                }
                self.emit(Event::Stdout(s));
                Ok(())
            }
        }
    }

    /// The display hook keeps the last result: `builtins._` in the plain REPL
    /// (`sys.displayhook`), `_`, `__` and `___` in IPython's namespace.
    fn remember_result(&self, v: Value) {
        if self.front.is_ipython() {
            let m = &self.main;
            if let Some(x) = m.get("__") {
                m.set("___", x);
            }
            if let Some(x) = m.get("_") {
                m.set("__", x);
            }
            m.set("_", v);
        } else {
            self.builtins.set("_", v);
        }
    }

    // ----- import statements ---------------------------------------------------------------

    fn import_stmt(&self, ctx: &Ctx, a: &Alias) -> PyResult<()> {
        let leaf = self.find_and_load(&a.name)?;
        let value = match &a.asname {
            Some(_) => Value::Module(leaf),
            None => {
                let top = a.name.split('.').next().unwrap_or(&a.name);
                match self.sys_get(top) {
                    Some(v) => v,
                    None => Value::Module(self.find_and_load(top)?),
                }
            }
        };
        let bind = a.asname.clone().unwrap_or_else(|| a.name.split('.').next().unwrap_or(&a.name).to_string());
        ctx.globals.set(&bind, value);
        Ok(())
    }

    fn import_from(&self, ctx: &Ctx, module: Option<&str>, level: usize, names: &ImportNames) -> PyResult<()> {
        if level > 0 {
            // `__main__` (and a top-level user module) has no parent package.
            let (ty, msg) = self.profile.relative_import_error;
            let first = match names {
                ImportNames::Names(a) => a.first().map(|a| a.name.clone()).unwrap_or_default(),
                ImportNames::Star => "*".into(),
            };
            return Err(PyErr::new(ty, msg.replace("{name}", &first)).into());
        }
        let modname = module.unwrap_or("");
        let m = self.find_and_load(modname)?;
        match names {
            ImportNames::Star => {
                let all = match m.get("__all__") {
                    Some(Value::List(l)) => Some(
                        l.borrow().iter().filter_map(|v| if let Value::Str(s) = v { Some(s.to_string()) } else { None }).collect::<Vec<_>>(),
                    ),
                    Some(Value::Tuple(t)) => {
                        Some(t.iter().filter_map(|v| if let Value::Str(s) = v { Some(s.to_string()) } else { None }).collect())
                    }
                    _ => None,
                };
                let names: Vec<String> = match all {
                    Some(a) => a,
                    None => m.dict().keys().filter(|k| !k.starts_with('_')).map(|k| k.to_string()).collect(),
                };
                for n in names {
                    let v = self.getattr(&Value::Module(m.clone()), &n)?;
                    ctx.globals.set(&n, v);
                }
            }
            ImportNames::Names(aliases) => {
                for a in aliases {
                    let v = match m.get(&a.name) {
                        Some(v) => v,
                        None => {
                            let sub = format!("{modname}.{}", a.name);
                            let is_pkg = m.get("__path__").is_some();
                            match if is_pkg { self.find_and_load(&sub).ok() } else { None } {
                                Some(sm) => Value::Module(sm),
                                None => return Err(self.cannot_import(&m, &a.name).into()),
                            }
                        }
                    };
                    ctx.globals.set(a.asname.as_deref().unwrap_or(&a.name), v);
                }
            }
        }
        Ok(())
    }

    pub(super) fn cannot_import(&self, m: &Rc<Module>, name: &str) -> PyErr {
        let msg = match self.profile.from_import {
            FromImportWording::Bare => format!("cannot import name {name}"),
            FromImportWording::Quoted => format!("cannot import name '{name}'"),
            FromImportWording::WithLocation => {
                let modname = m.name().unwrap_or_else(|| "<unknown module name>".into());
                let loc = match m.get("__file__") {
                    Some(Value::Str(f)) => f.to_string(),
                    _ => "unknown location".into(),
                };
                format!("cannot import name '{name}' from '{modname}' ({loc})")
            }
        };
        let hint = if self.profile.hints.from_import {
            let keys: Vec<String> = m.dict().keys().map(|k| k.to_string()).collect();
            super::suggest::suggest(name, keys.iter().map(|s| s.as_str())).map(|s| format!(". Did you mean: '{s}'?"))
        } else {
            None
        };
        PyErr::new("ImportError", msg).with_hint(hint)
    }

    // ----- targets ---------------------------------------------------------------------------

    fn assign(&self, ctx: &Ctx, target: &Expr, v: Value) -> PyResult<()> {
        let r = match &target.kind {
            ExprKind::Name(n) => {
                ctx.globals.set(n, v);
                Ok(())
            }
            ExprKind::Attribute { value, attr } => {
                let obj = self.eval(ctx, value)?;
                self.setattr(&obj, attr, v)
            }
            ExprKind::Subscript { value, index } => {
                let obj = self.eval(ctx, value)?;
                let key = self.eval(ctx, index)?;
                self.setitem(&obj, key, v)
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => match self.unpack(&v, items.len()) {
                Ok(vals) => {
                    for (t, x) in items.iter().zip(vals) {
                        self.assign(ctx, t, x)?;
                    }
                    Ok(())
                }
                Err(e) => Err(e),
            },
            _ => Err(Stop::Unsupported("this assignment target".into())),
        };
        r.map_err(|e| self.frame_at(ctx, e, target.span, subscript_anchors(target)))
    }

    fn unpack(&self, v: &Value, n: usize) -> PyResult<Vec<Value>> {
        let items: Vec<Value> = match v {
            Value::Tuple(t) => t.to_vec(),
            Value::List(l) => l.borrow().clone(),
            Value::Str(s) => s.chars().map(|c| Value::str(&c.to_string())).collect(),
            other => {
                let msg = if self.profile.unpack_non_iterable_wording {
                    format!("cannot unpack non-iterable {} object", other.type_name())
                } else {
                    format!("'{}' object is not iterable", other.type_name())
                };
                return Err(PyErr::new("TypeError", msg).into());
            }
        };
        let expected = self.profile.unpack_counts_expected;
        if items.len() > n {
            let msg = if expected { format!("too many values to unpack (expected {n})") } else { "too many values to unpack".into() };
            return Err(PyErr::new("ValueError", msg).into());
        }
        if items.len() < n {
            let got = items.len();
            let msg = if expected {
                format!("not enough values to unpack (expected {n}, got {got})")
            } else {
                format!("need more than {got} value{} to unpack", if got == 1 { "" } else { "s" })
            };
            return Err(PyErr::new("ValueError", msg).into());
        }
        Ok(items)
    }

    fn delete(&self, ctx: &Ctx, target: &Expr) -> PyResult<()> {
        let r = match &target.kind {
            ExprKind::Name(n) => {
                if ctx.globals.dict_mut().shift_remove(n.as_str()).is_some() {
                    Ok(())
                } else {
                    Err(self.name_error(ctx, n).into())
                }
            }
            ExprKind::Attribute { value, attr } => {
                let obj = self.eval(ctx, value)?;
                self.delattr(&obj, attr)
            }
            ExprKind::Subscript { value, index } => {
                let obj = self.eval(ctx, value)?;
                let key = self.eval(ctx, index)?;
                self.delitem(&obj, &key)
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for t in items {
                    self.delete(ctx, t)?;
                }
                Ok(())
            }
            _ => Err(Stop::Unsupported("this del target".into())),
        };
        r.map_err(|e| self.frame_at(ctx, e, target.span, subscript_anchors(target)))
    }

    // ----- expressions -----------------------------------------------------------------------

    pub(crate) fn eval(&self, ctx: &Ctx, e: &Expr) -> PyResult<Value> {
        match &e.kind {
            ExprKind::Name(n) => self.lookup(ctx, n).map_err(|x| self.frame_at(ctx, x, e.span, None)),
            ExprKind::Attribute { value, attr } => {
                let obj = self.eval(ctx, value)?;
                self.getattr(&obj, attr).map_err(|x| self.frame_at(ctx, x, e.span, None))
            }
            ExprKind::Subscript { value, index } => {
                let obj = self.eval(ctx, value)?;
                let key = self.eval(ctx, index)?;
                let anchors = Some((value.span.end_col, e.span.end_col));
                self.getitem(&obj, &key).map_err(|x| self.frame_at(ctx, x, e.span, anchors))
            }
            ExprKind::Call { func, args, keywords } => {
                let f = self.eval(ctx, func)?;
                let mut argv = Vec::with_capacity(args.len());
                for a in args {
                    argv.push(self.eval(ctx, a)?);
                }
                let mut kw = Vec::with_capacity(keywords.len());
                for k in keywords {
                    kw.push((k.name.clone(), self.eval(ctx, &k.value)?));
                }
                let anchors = Some((func.span.end_col, e.span.end_col));
                let prev = self.call_site.replace(Some((e.span, anchors)));
                let r = self.call(&f, argv, kw);
                self.call_site.set(prev);
                r.map_err(|x| self.frame_at(ctx, x, e.span, anchors))
            }
            ExprKind::Str(s) => Ok(Value::str(s)),
            ExprKind::Int(s) => parse_int(s).map(Value::Int).ok_or_else(|| Stop::Unsupported("integers this large".into())),
            ExprKind::Float(s) => Ok(Value::Float(s.replace('_', "").parse().unwrap_or(f64::INFINITY))),
            ExprKind::Imaginary(s) => Ok(Value::Complex(0.0, s.replace('_', "").parse().unwrap_or(f64::INFINITY))),
            ExprKind::None => Ok(Value::None),
            ExprKind::True => Ok(Value::Bool(true)),
            ExprKind::False => Ok(Value::Bool(false)),
            ExprKind::Tuple(items) => {
                let mut v = Vec::with_capacity(items.len());
                for i in items {
                    v.push(self.eval(ctx, i)?);
                }
                Ok(Value::Tuple(Rc::new(v)))
            }
            ExprKind::List(items) => {
                let mut v = Vec::with_capacity(items.len());
                for i in items {
                    v.push(self.eval(ctx, i)?);
                }
                Ok(Value::List(Rc::new(std::cell::RefCell::new(v))))
            }
            ExprKind::Compare { left, ops } => {
                let mut l = self.eval(ctx, left)?;
                for (op, re) in ops {
                    let r = self.eval(ctx, re)?;
                    let ok = self.compare(*op, &l, &r).map_err(|x| self.frame_at(ctx, x, e.span, None))?;
                    if !ok {
                        return Ok(Value::Bool(false));
                    }
                    l = r;
                }
                Ok(Value::Bool(true))
            }
            ExprKind::BoolOp { op, values } => {
                let mut last = Value::None;
                for v in values {
                    last = self.eval(ctx, v)?;
                    let t = last.truthy();
                    if (*op == BoolOp::And && !t) || (*op == BoolOp::Or && t) {
                        return Ok(last);
                    }
                }
                Ok(last)
            }
            ExprKind::Unary { op, operand } => {
                let v = self.eval(ctx, operand)?;
                match (op, &v) {
                    (UnaryOp::Not, _) => Ok(Value::Bool(!v.truthy())),
                    (UnaryOp::Neg, Value::Int(i)) => Ok(Value::Int(-i)),
                    (UnaryOp::Neg, Value::Bool(b)) => Ok(Value::Int(-(*b as i128))),
                    (UnaryOp::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
                    (UnaryOp::Neg, Value::Complex(a, b)) => Ok(Value::Complex(-a, -b)),
                    (UnaryOp::Pos, Value::Int(_) | Value::Float(_) | Value::Complex(..)) => Ok(v.clone()),
                    (UnaryOp::Pos, Value::Bool(b)) => Ok(Value::Int(*b as i128)),
                    (op, v) => {
                        let sym = if *op == UnaryOp::Neg { "-" } else { "+" };
                        Err(self.frame_at(
                            ctx,
                            PyErr::new("TypeError", format!("bad operand type for unary {sym}: '{}'", v.type_name())).into(),
                            e.span,
                            None,
                        ))
                    }
                }
            }
        }
    }

    fn lookup(&self, ctx: &Ctx, name: &str) -> PyResult<Value> {
        if let Some(v) = ctx.globals.get(name) {
            return Ok(v);
        }
        if let Some(v) = self.builtins.get(name) {
            return Ok(v);
        }
        Err(self.name_error(ctx, name).into())
    }

    fn name_error(&self, ctx: &Ctx, name: &str) -> PyErr {
        let msg = if self.profile.is_py2() {
            format!("name '{name}' is not defined")
        } else {
            format!("name '{name}' is not defined")
        };
        let h = self.profile.hints;
        let mut hint = None;
        if h.suggestions {
            let globals: Vec<String> = ctx.globals.dict().keys().map(|k| k.to_string()).collect();
            let builtins: Vec<String> = self.builtins.dict().keys().map(|k| k.to_string()).collect();
            let found = if h.joined_name_candidates {
                let mut all = globals.clone();
                all.extend(builtins.iter().cloned());
                super::suggest::suggest(name, all.iter().map(|s| s.as_str()))
            } else {
                super::suggest::suggest(name, globals.iter().map(|s| s.as_str()))
                    .or_else(|| super::suggest::suggest(name, builtins.iter().map(|s| s.as_str())))
            };
            let forgot = h.forgot_import && self.cat.stdlib_module_names.iter().any(|n| n == name);
            hint = match (found, forgot) {
                (Some(s), true) => Some(format!(". Did you mean: '{s}'? Or did you forget to import '{name}'?")),
                (Some(s), false) => Some(format!(". Did you mean: '{s}'?")),
                (None, true) => Some(format!(". Did you forget to import '{name}'?")),
                (None, false) => None,
            };
        }
        PyErr::new("NameError", msg).with_hint(hint)
    }

    // ----- attributes --------------------------------------------------------------------

    /// `getattr(obj, name)`.
    pub(crate) fn getattr(&self, obj: &Value, name: &str) -> PyResult<Value> {
        match obj {
            Value::Module(m) => match m.get(name) {
                Some(v) => Ok(v),
                // Not in the module's dict: the attributes of the module type itself.
                None => match name {
                    "__class__" => Ok(self.type_object(obj)),
                    "__doc__" => Ok(self.cat.module_type_doc.map(Value::str).unwrap_or(Value::None)),
                    "__dict__" => Err(Stop::Unsupported("a module's __dict__ as a value".into())),
                    _ if self.cat.type_dir("module").iter().any(|d| d == name) => {
                        Err(Stop::Unsupported(format!("the attribute '{name}' of module objects")))
                    }
                    _ => Err(self.module_attr_error(m, name).into()),
                },
            },
            Value::Func(f) => match name {
                "__name__" => Ok(Value::str(&f.name)),
                "__qualname__" if !self.profile.is_py2() => Ok(Value::str(&f.qualname)),
                "__module__" => Ok(f.module.as_deref().map(Value::str).unwrap_or(Value::None)),
                _ => self.generic_attr(obj, name),
            },
            Value::Spec(s) => match name {
                "name" => Ok(Value::str(&s.name)),
                "origin" => Ok(s.origin.as_deref().map(Value::str).unwrap_or(Value::None)),
                "loader" => Ok(self.loader_value(s.loader)),
                "parent" => Ok(Value::str(&s.parent)),
                "has_location" => Ok(Value::Bool(s.has_location)),
                "cached" => Ok(s.cached.as_deref().map(Value::str).unwrap_or(Value::None)),
                "submodule_search_locations" => Ok(match &s.submodule_search_locations {
                    Some(v) => Value::List(Rc::new(std::cell::RefCell::new(v.iter().map(|x| Value::str(x)).collect()))),
                    None => Value::None,
                }),
                _ => self.generic_attr(obj, name),
            },
            Value::SysModules if matches!(name, "get" | "pop" | "keys" | "values" | "items" | "copy") => {
                Ok(Value::Func(Rc::new(Function {
                    name: name.to_string().into(),
                    qualname: format!("dict.{name}").into(),
                    module: None,
                    type_name: "builtin_function_or_method".into(),
                    repr: format!("<built-in method {name} of dict object at 0x7f3a1c2f1e40>").into(),
                    signature: None,
                    is_class: false,
                    ipython: Default::default(),
                    calls: Default::default(),
                    native: Native::SysModulesMethod(name.to_string()),
                })))
            }
            _ => self.generic_attr(obj, name),
        }
    }

    fn generic_attr(&self, obj: &Value, name: &str) -> PyResult<Value> {
        let tn = obj.type_name().to_string();
        let dir = self.cat.type_dir(&tn);
        if dir.iter().any(|d| d == name) {
            return Err(Stop::Unsupported(format!("the attribute '{name}' of {tn} objects")));
        }
        let hint = if self.profile.hints.suggestions {
            super::suggest::suggest(name, dir.iter()).map(|s| format!(". Did you mean: '{s}'?"))
        } else {
            None
        };
        let msg = if let (Value::Func(f), false) = (obj, self.profile.is_py2()) {
            if f.is_class {
                format!("type object '{}' has no attribute '{name}'", f.name)
            } else {
                format!("'{tn}' object has no attribute '{name}'")
            }
        } else {
            format!("'{tn}' object has no attribute '{name}'")
        };
        Err(PyErr::new("AttributeError", msg).with_hint(hint).into())
    }

    pub(super) fn module_attr_error(&self, m: &Rc<Module>, name: &str) -> PyErr {
        let msg = match self.profile.module_attr {
            ModuleAttrWording::Generic => format!("'module' object has no attribute '{name}'"),
            ModuleAttrWording::Named => match m.name() {
                Some(n) => format!("module '{n}' has no attribute '{name}'"),
                None => format!("module has no attribute '{name}'"),
            },
        };
        let hint = if self.profile.hints.suggestions { self.module_hint(m, name) } else { None };
        PyErr::new("AttributeError", msg).with_hint(hint)
    }

    fn module_hint(&self, m: &Rc<Module>, name: &str) -> Option<String> {
        let hide_private = self.profile.hints.hide_private && !name.starts_with('_');
        let d = m.dict();
        let mut keys: Vec<&str> = d.keys().map(|k| &**k).filter(|k| !(hide_private && k.starts_with('_'))).collect();
        keys.sort_unstable();
        super::suggest::suggest(name, keys.into_iter()).map(|s| format!(". Did you mean: '{s}'?"))
    }

    /// `setattr(obj, name, v)`.
    pub(crate) fn setattr(&self, obj: &Value, name: &str, v: Value) -> PyResult<()> {
        match obj {
            Value::Module(m) => {
                if name == "__dict__" {
                    let ty = if self.profile.is_py2() { "TypeError" } else { "AttributeError" };
                    return Err(PyErr::new(ty, "readonly attribute").into());
                }
                m.set(name, v);
                Ok(())
            }
            other => {
                let tn = other.type_name();
                let tail = if self.profile.setattr_no_dict_note { " and no __dict__ for setting new attributes" } else { "" };
                Err(PyErr::new("AttributeError", format!("'{tn}' object has no attribute '{name}'{tail}")).into())
            }
        }
    }

    /// `delattr(obj, name)`.
    pub(crate) fn delattr(&self, obj: &Value, name: &str) -> PyResult<()> {
        match obj {
            Value::Module(m) => {
                if name == "__dict__" {
                    let ty = if self.profile.is_py2() { "TypeError" } else { "AttributeError" };
                    return Err(PyErr::new(ty, "readonly attribute").into());
                }
                if m.dict_mut().shift_remove(name).is_some() {
                    return Ok(());
                }
                let msg = match self.profile.del_attr {
                    DelAttrWording::Bare => name.to_string(),
                    DelAttrWording::Generic => format!("'module' object has no attribute '{name}'"),
                };
                let hint = if self.profile.hints.del_attr { self.module_hint(m, name) } else { None };
                Err(PyErr::new("AttributeError", msg).with_hint(hint).into())
            }
            other => {
                let tn = other.type_name();
                Err(PyErr::new("AttributeError", format!("'{tn}' object has no attribute '{name}'")).into())
            }
        }
    }

    // ----- subscripts ------------------------------------------------------------------------

    fn getitem(&self, obj: &Value, key: &Value) -> PyResult<Value> {
        match obj {
            Value::SysModules => {
                let k = match key {
                    Value::Str(s) => s.to_string(),
                    other => return Err(PyErr::new("KeyError", self.repr(other)).into()),
                };
                self.sys_get(&k).ok_or_else(|| PyErr::new("KeyError", self.repr(key)).into())
            }
            Value::Tuple(_) | Value::List(_) | Value::Str(_) => {
                let items: Vec<Value> = match obj {
                    Value::Tuple(t) => t.to_vec(),
                    Value::List(l) => l.borrow().clone(),
                    Value::Str(s) => s.chars().map(|c| Value::str(&c.to_string())).collect(),
                    _ => unreachable!(),
                };
                let i = match key {
                    Value::Int(i) => *i,
                    Value::Bool(b) => *b as i128,
                    other => {
                        let what = if matches!(obj, Value::Str(_)) { "string" } else { obj.type_name() };
                        return Err(PyErr::new(
                            "TypeError",
                            format!("{what} indices must be integers{}, not {}", if self.profile.is_py2() { "" } else { " or slices" }, other.type_name()),
                        )
                        .into());
                    }
                };
                let n = items.len() as i128;
                let idx = if i < 0 { i + n } else { i };
                if idx < 0 || idx >= n {
                    let what = match obj {
                        Value::Str(_) => "string",
                        Value::Tuple(_) => "tuple",
                        _ => "list",
                    };
                    return Err(PyErr::new("IndexError", format!("{what} index out of range")).into());
                }
                Ok(items[idx as usize].clone())
            }
            other => Err(PyErr::new(
                "TypeError",
                if self.profile.is_py2() {
                    format!("'{}' object has no attribute '__getitem__'", other.type_name())
                } else {
                    format!("'{}' object is not subscriptable", other.type_name())
                },
            )
            .into()),
        }
    }

    fn setitem(&self, obj: &Value, key: Value, v: Value) -> PyResult<()> {
        match (obj, &key) {
            (Value::SysModules, Value::Str(k)) => {
                self.sys_set(k, v);
                Ok(())
            }
            (Value::List(l), Value::Int(i)) => {
                let n = l.borrow().len() as i128;
                let idx = if *i < 0 { i + n } else { *i };
                if idx < 0 || idx >= n {
                    return Err(PyErr::new("IndexError", "list assignment index out of range").into());
                }
                l.borrow_mut()[idx as usize] = v;
                Ok(())
            }
            (Value::SysModules, _) => Err(Stop::Unsupported("sys.modules keys that are not strings".into())),
            (other, _) => Err(PyErr::new(
                "TypeError",
                format!("'{}' object does not support item assignment", other.type_name()),
            )
            .into()),
        }
    }

    fn delitem(&self, obj: &Value, key: &Value) -> PyResult<()> {
        match (obj, key) {
            (Value::SysModules, Value::Str(k)) => {
                if self.sys_del(k) {
                    self.step(|| super::TraceStep::new(format!("del sys.modules[{}]", crate::syntax::quote_str(k)), k));
                    Ok(())
                } else {
                    Err(PyErr::new("KeyError", self.repr(key)).into())
                }
            }
            (Value::SysModules, other) => Err(PyErr::new("KeyError", self.repr(other)).into()),
            (other, _) => Err(PyErr::new(
                "TypeError",
                format!("'{}' object does not support item deletion", other.type_name()),
            )
            .into()),
        }
    }

    // ----- comparisons -------------------------------------------------------------------

    pub(crate) fn py_eq(&self, a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::None, Value::None) => true,
            (Value::Str(x), Value::Str(y)) => x == y,
            (Value::Tuple(x), Value::Tuple(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| self.py_eq(p, q)),
            (Value::List(x), Value::List(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| self.py_eq(p, q))
            }
            (Value::Spec(x), Value::Spec(y)) => {
                x.name == y.name && x.origin == y.origin && x.loader == y.loader && x.parent == y.parent
            }
            _ => match (num(a), num(b)) {
                (Some(x), Some(y)) => x == y,
                _ => a.is(b),
            },
        }
    }

    fn compare(&self, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
        Ok(match op {
            CmpOp::Eq => self.py_eq(a, b),
            CmpOp::NotEq => !self.py_eq(a, b),
            CmpOp::Is => a.is(b),
            CmpOp::IsNot => !a.is(b),
            CmpOp::In | CmpOp::NotIn => {
                let found = self.contains(b, a)?;
                if op == CmpOp::In { found } else { !found }
            }
            CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => {
                let ord = match (a, b) {
                    (Value::Str(x), Value::Str(y)) => x.partial_cmp(y),
                    _ => match (num(a), num(b)) {
                        (Some(x), Some(y)) => x.partial_cmp(&y),
                        _ => {
                            if self.profile.is_py2() {
                                return Err(Stop::Unsupported("Python 2's ordering of unrelated types".into()));
                            }
                            return Err(PyErr::new(
                                "TypeError",
                                format!(
                                    "'{}' not supported between instances of '{}' and '{}'",
                                    op.as_str(),
                                    a.type_name(),
                                    b.type_name()
                                ),
                            )
                            .into());
                        }
                    },
                };
                match ord {
                    None => false,
                    Some(o) => match op {
                        CmpOp::Lt => o.is_lt(),
                        CmpOp::LtE => o.is_le(),
                        CmpOp::Gt => o.is_gt(),
                        _ => o.is_ge(),
                    },
                }
            }
        })
    }

    fn contains(&self, container: &Value, item: &Value) -> PyResult<bool> {
        match container {
            Value::Str(s) => match item {
                Value::Str(x) => Ok(s.contains(&**x)),
                other => Err(PyErr::new(
                    "TypeError",
                    if self.profile.is_py2() {
                        "'in <string>' requires string as left operand".to_string()
                    } else {
                        format!("'in <string>' requires string as left operand, not {}", other.type_name())
                    },
                )
                .into()),
            },
            Value::Tuple(t) => Ok(t.iter().any(|x| self.py_eq(x, item))),
            Value::List(l) => Ok(l.borrow().iter().any(|x| self.py_eq(x, item))),
            Value::SysModules => Ok(matches!(item, Value::Str(k) if self.sys_contains(k))),
            other => Err(PyErr::new(
                "TypeError",
                format!("argument of type '{}' is not iterable", other.type_name()),
            )
            .into()),
        }
    }
}

/// 3.11+ carets for a subscript: `~` under the value, `^` under the brackets.
fn subscript_anchors(e: &Expr) -> Option<(usize, usize)> {
    match &e.kind {
        ExprKind::Subscript { value, .. } => Some((value.span.end_col, e.span.end_col)),
        _ => None,
    }
}

/// The numeric value of an int, float or bool.
pub(crate) fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i32 as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// An integer literal (decimal, 0x, 0o, 0b, Python 2 octal `017` and `L` suffix, `_`).
pub(crate) fn parse_int(s: &str) -> Option<i128> {
    let t: String = s.chars().filter(|c| *c != '_').collect();
    let t = t.trim_end_matches(['l', 'L']);
    let lower = t.to_ascii_lowercase();
    if let Some(h) = lower.strip_prefix("0x") {
        i128::from_str_radix(h, 16).ok()
    } else if let Some(o) = lower.strip_prefix("0o") {
        i128::from_str_radix(o, 8).ok()
    } else if let Some(b) = lower.strip_prefix("0b") {
        i128::from_str_radix(b, 2).ok()
    } else if lower.len() > 1 && lower.starts_with('0') && lower.chars().all(|c| c.is_ascii_digit()) {
        i128::from_str_radix(&lower[1..], 8).ok()
    } else {
        lower.parse().ok()
    }
}
