//! The callables the emulator runs: the builtins of the subset, `reload` in its three
//! spellings, `importlib.import_module`, and the numeric functions of `math` / `cmath`.

use super::catalogue::{AttrEntry, ChainEntry};
use super::eval::num;
use super::exc::{Frame, PyErr, PyResult, Stop};
use super::numbers::{self, NumResult};
use super::object::*;
use super::{Event, Interp};
use crate::profile::{Profile, ReloadArgCheck};
use std::rc::Rc;

/// What a catalogue callable does when the emulator calls it.
pub(crate) fn native_for(profile: &Profile, module: &str, name: &str, _e: &AttrEntry) -> Native {
    let builtins = module == profile.builtins_name;
    match (module, name) {
        (_, "print") if builtins => Native::Print,
        (_, "hasattr") if builtins => Native::Hasattr,
        (_, "getattr") if builtins => Native::Getattr,
        (_, "setattr") if builtins => Native::Setattr,
        (_, "delattr") if builtins => Native::Delattr,
        (_, "dir") if builtins => Native::Dir,
        (_, "type") if builtins => Native::Type,
        (_, "id") if builtins => Native::Id,
        (_, "repr") if builtins => Native::Repr,
        (_, "len") if builtins => Native::Len,
        (_, "isinstance") if builtins => Native::Isinstance,
        (_, "callable") if builtins => Native::Callable,
        (_, "str") if builtins => Native::StrType,
        (_, "reload") if builtins => Native::Reload,
        (_, "exit") | (_, "quit") if builtins => Native::Exit,
        ("imp", "reload") if profile.is_py2() => Native::Reload,
        ("imp", "reload") => Native::ImpReload,
        ("importlib", "reload") => Native::ImportlibReload,
        ("importlib", "import_module") => Native::ImportModule,
        ("math", n) => numeric("math", n),
        ("cmath", n) => numeric("cmath", n),
        ("gc", "isenabled") => Native::GcIsEnabled,
        _ => Native::NotEmulated,
    }
}

fn numeric(module: &'static str, name: &str) -> Native {
    const NAMES: &[&str] = &[
        "cos", "sin", "tan", "acos", "asin", "atan", "cosh", "sinh", "tanh", "exp", "fabs", "degrees", "radians", "sqrt",
        "log", "log10", "log2", "floor", "ceil", "trunc", "isnan", "isinf", "isfinite", "pow", "atan2", "hypot",
        "copysign", "fmod", "phase", "polar", "factorial", "gcd", "isclose", "expm1", "log1p",
    ];
    match NAMES.iter().find(|n| **n == name) {
        Some(n) => Native::Numeric(module, n),
        None => Native::NotEmulated,
    }
}

/// The library sites whose frames the catalogue recorded (`frames` in the catalogue).
#[derive(Clone, Copy)]
pub(crate) enum Site {
    ReloadNotModule,
    ReloadNotInSysModules,
    ReloadFunction,
    ImpReloadNotModule,
    ImpReloadNotInSysModules,
    ImportModuleMissing,
    ImportModuleMissingSub,
    ImportModuleNotPackage,
    ImportModuleRelative,
    ImportModuleEmpty,
    ImportModuleNotStr,
    ImportModuleDottedMissing,
}

impl Site {
    fn key(self) -> &'static str {
        match self {
            Site::ReloadNotModule => "reload_not_module",
            Site::ReloadNotInSysModules => "reload_not_in_sys_modules",
            Site::ReloadFunction => "reload_function",
            Site::ImpReloadNotModule => "imp_reload_not_module",
            Site::ImpReloadNotInSysModules => "imp_reload_not_in_sys_modules",
            Site::ImportModuleMissing => "import_module_missing",
            Site::ImportModuleMissingSub => "import_module_missing_sub",
            Site::ImportModuleNotPackage => "import_module_not_package",
            Site::ImportModuleRelative => "import_module_relative",
            Site::ImportModuleEmpty => "import_module_empty",
            Site::ImportModuleNotStr => "import_module_not_str",
            Site::ImportModuleDottedMissing => "import_module_dotted_missing",
        }
    }
}

impl Interp {
    /// Calls a callable.
    pub(crate) fn call(&self, f: &Value, args: Vec<Value>, kw: Vec<(String, Value)>) -> PyResult<Value> {
        let func = match f {
            Value::Func(func) => func.clone(),
            other => {
                return Err(PyErr::new("TypeError", format!("'{}' object is not callable", other.type_name())).into());
            }
        };
        let no_kw = |fname: &str| -> PyResult<()> {
            if kw.is_empty() {
                Ok(())
            } else {
                Err(PyErr::new("TypeError", format!("{fname}() takes no keyword arguments")).into())
            }
        };
        let exactly = |fname: &str, n: usize| -> PyResult<()> {
            if args.len() == n {
                Ok(())
            } else {
                Err(PyErr::new("TypeError", format!("{fname} expected {n} arguments, got {}", args.len())).into())
            }
        };
        match &func.native {
            Native::Print => {
                let mut sep = " ".to_string();
                let mut end = "\n".to_string();
                for (k, v) in &kw {
                    match (k.as_str(), v) {
                        ("sep", Value::Str(s)) => sep = s.to_string(),
                        ("end", Value::Str(s)) => end = s.to_string(),
                        ("sep" | "end", Value::None) => {}
                        ("flush", _) => {}
                        _ => return Err(Stop::Unsupported(format!("print() with {k}="))),
                    }
                }
                let parts: Vec<String> = args.iter().map(|a| self.to_str(a)).collect();
                self.emit(Event::Stdout(format!("{}{}", parts.join(&sep), end)));
                Ok(Value::None)
            }
            Native::Hasattr => {
                no_kw("hasattr")?;
                exactly("hasattr", 2)?;
                let name = self.attr_name(&args[1], "hasattr")?;
                match self.getattr(&args[0], &name) {
                    Ok(_) => Ok(Value::Bool(true)),
                    Err(Stop::Raise(e)) if e.ty == "AttributeError" || self.profile.is_py2() => Ok(Value::Bool(false)),
                    Err(e) => Err(e),
                }
            }
            Native::Getattr => {
                no_kw("getattr")?;
                if args.len() < 2 || args.len() > 3 {
                    return Err(PyErr::new("TypeError", format!("getattr expected at least 2 arguments, got {}", args.len())).into());
                }
                let name = self.attr_name(&args[1], "getattr")?;
                match self.getattr(&args[0], &name) {
                    Err(Stop::Raise(e)) if e.ty == "AttributeError" && args.len() == 3 => Ok(args[2].clone()),
                    r => r,
                }
            }
            Native::Setattr => {
                no_kw("setattr")?;
                exactly("setattr", 3)?;
                let name = self.attr_name(&args[1], "setattr")?;
                self.setattr(&args[0], &name, args[2].clone())?;
                Ok(Value::None)
            }
            Native::Delattr => {
                no_kw("delattr")?;
                exactly("delattr", 2)?;
                let name = self.attr_name(&args[1], "delattr")?;
                self.delattr(&args[0], &name)?;
                Ok(Value::None)
            }
            Native::Dir => {
                let mut names: Vec<String> = match args.first() {
                    None => self.main.dict().keys().map(|k| k.to_string()).collect(),
                    Some(Value::Module(m)) => m.dict().keys().map(|k| k.to_string()).collect(),
                    Some(other) => self.cat.type_dir(other.type_name()).to_vec(),
                };
                names.sort();
                Ok(Value::List(Rc::new(std::cell::RefCell::new(names.iter().map(|n| Value::str(n)).collect()))))
            }
            Native::Type => {
                if args.len() != 1 {
                    return Err(Stop::Unsupported("type() with three arguments".into()));
                }
                Ok(self.type_object(&args[0]))
            }
            Native::Id => {
                exactly_one(&args, "id")?;
                Ok(Value::Int(args[0].id() as i128))
            }
            Native::Repr => {
                exactly_one(&args, "repr")?;
                Ok(Value::str(&self.repr(&args[0])))
            }
            Native::StrType => match args.len() {
                0 => Ok(Value::str("")),
                1 => Ok(Value::str(&self.to_str(&args[0]))),
                _ => Err(Stop::Unsupported("str() with an encoding".into())),
            },
            Native::Callable => {
                exactly_one(&args, "callable")?;
                Ok(Value::Bool(matches!(args[0], Value::Func(_))))
            }
            Native::Len => {
                exactly_one(&args, "len")?;
                let n = match &args[0] {
                    Value::Str(s) => s.chars().count(),
                    Value::Tuple(t) => t.len(),
                    Value::List(l) => l.borrow().len(),
                    Value::SysModules => self.sys_modules.borrow().len(),
                    other => {
                        return Err(PyErr::new("TypeError", format!("object of type '{}' has no len()", other.type_name())).into());
                    }
                };
                Ok(Value::Int(n as i128))
            }
            Native::Isinstance => {
                exactly("isinstance", 2)?;
                Ok(Value::Bool(self.isinstance(&args[0], &args[1])?))
            }
            Native::Exit => Err(Stop::Exit),
            Native::GcIsEnabled => Ok(Value::Bool(true)),
            Native::Reload => self.reload_py2_builtin(&args),
            Native::ImportlibReload => self.importlib_reload(&args, &kw, false),
            Native::ImpReload => self.importlib_reload(&args, &kw, true),
            Native::ImportModule => self.import_module_fn(&args, &kw),
            Native::SysModulesMethod(m) => self.sys_modules_method(m, &args),
            Native::Numeric(module, name) => self.numeric(&func, module, name, &args, &kw),
            Native::NotEmulated => Err(Stop::Unsupported(format!(
                "calling {}{}()",
                func.module.as_deref().map(|m| format!("{m}.")).unwrap_or_default(),
                func.qualname
            ))),
        }
    }

    fn attr_name(&self, v: &Value, f: &str) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            other => Err(PyErr::new(
                "TypeError",
                if self.profile.is_py2() {
                    format!("{f}(): attribute name must be string")
                } else {
                    format!("attribute name must be string, not '{}'", other.type_name())
                },
            )
            .into()),
        }
    }

    fn isinstance(&self, obj: &Value, cls: &Value) -> PyResult<bool> {
        let names: Vec<String> = match cls {
            Value::Func(f) if f.is_class => vec![f.name.to_string()],
            Value::Tuple(t) => t
                .iter()
                .filter_map(|c| if let Value::Func(f) = c { Some(f.name.to_string()) } else { None })
                .collect(),
            _ => {
                return Err(PyErr::new(
                    "TypeError",
                    "isinstance() arg 2 must be a type or tuple of types".to_string(),
                )
                .into());
            }
        };
        let tn = obj.type_name();
        Ok(names.iter().any(|n| n == tn || n == "object" || (n == "int" && tn == "bool")))
    }

    /// The type object of a value (one object per type name).
    pub(crate) fn type_object(&self, v: &Value) -> Value {
        let tn = v.type_name().to_string();
        if let Some(t) = self.types.borrow().get(&tn) {
            return t.clone();
        }
        let module = match v {
            Value::Func(f) if f.type_name == "function" => "builtins",
            Value::Spec(_) => "_frozen_importlib",
            Value::Opaque(o) => o.type_module.as_deref().unwrap_or(""),
            _ => "builtins",
        };
        let bname = self.profile.builtins_name;
        let module = if module == "builtins" || module == "__builtin__" { bname } else { module };
        let repr = if module == bname || module.is_empty() {
            format!("<{} '{}'>", self.profile.type_word, tn)
        } else {
            format!("<{} '{}.{}'>", self.profile.type_word, module, tn)
        };
        let t = Value::Func(Rc::new(Function {
            name: tn.clone().into(),
            qualname: tn.clone().into(),
            module: Some(module.to_string().into()),
            type_name: "type".into(),
            repr: repr.into(),
            signature: None,
            is_class: true,
            ipython: Default::default(),
            calls: Default::default(),
            native: Native::NotEmulated,
        }));
        self.types.borrow_mut().insert(tn, t.clone());
        t
    }

    fn sys_modules_method(&self, m: &str, args: &[Value]) -> PyResult<Value> {
        match (m, args) {
            ("get", [Value::Str(k)]) => Ok(self.sys_get(k).unwrap_or(Value::None)),
            ("get", [Value::Str(k), d]) => Ok(self.sys_get(k).unwrap_or_else(|| d.clone())),
            ("pop", [Value::Str(k)]) => {
                let v = self.sys_get(k);
                match v {
                    Some(v) => {
                        self.sys_del(k);
                        Ok(v)
                    }
                    None => Err(PyErr::new("KeyError", self.repr(&args[0])).into()),
                }
            }
            ("pop", [Value::Str(k), d]) => {
                let v = self.sys_get(k);
                self.sys_del(k);
                Ok(v.unwrap_or_else(|| d.clone()))
            }
            _ => Err(Stop::Unsupported(format!("sys.modules.{m}() with these arguments"))),
        }
    }

    fn numeric(&self, func: &Function, module: &'static str, name: &'static str, args: &[Value], kw: &[(String, Value)]) -> PyResult<Value> {
        if !kw.is_empty() {
            // Positional-only C functions: the name as their arity message spells it.
            let shown = func
                .calls
                .get("()")
                .and_then(|o| o.message.as_deref())
                .and_then(|m| m.split(" takes").next())
                .map(|s| s.to_string())
                .unwrap_or_else(|| format!("{name}()"));
            return Err(PyErr::new("TypeError", format!("{shown} takes no keyword arguments")).into());
        }
        // Argument errors read as the real function's did (recorded probe calls).
        let probe_error = |key: &str, n: Option<usize>, ty: Option<&str>| -> Option<PyErr> {
            let o = func.calls.get(key)?;
            let et = o.error.as_deref()?;
            let mut msg = o.message.clone().unwrap_or_default();
            if let Some(n) = n {
                msg = msg.replace("(0 given)", &format!("({n} given)")).replace("(2 given)", &format!("({n} given)")).replace("(5 given)", &format!("({n} given)"));
            }
            if let Some(t) = ty {
                msg = msg.replace("not str", &format!("not {t}"));
            }
            Some(PyErr::new(et, msg))
        };
        let mut xs = Vec::with_capacity(args.len());
        for a in args {
            match (a, num(a)) {
                (Value::Int(i), _) => xs.push(numbers::Num::Int(*i)),
                (Value::Bool(b), _) => xs.push(numbers::Num::Int(*b as i128)),
                (_, Some(x)) => xs.push(numbers::Num::Float(x)),
                (Value::Complex(..), _) if module == "cmath" => {
                    return Err(Stop::Unsupported(format!("{module}.{name}() of a complex number")));
                }
                (other, None) => {
                    if let Some(e) = probe_error("('x',)", None, Some(other.type_name())) {
                        return Err(e.into());
                    }
                    return Err(Stop::Unsupported(format!("{module}.{name}() of a {}", other.type_name())));
                }
            }
        }
        let d = numbers::NumDialect { factorial_rejects_float: self.profile.version >= crate::profile::PyVersion(3, 10) };
        match numbers::call(module, name, &xs, d) {
            Some(Ok(r)) => Ok(match r {
                NumResult::Float(f) => Value::Float(f),
                NumResult::Int(i) if name == "floor" || name == "ceil" => {
                    if self.profile.floor_returns_float {
                        Value::Float(i as f64)
                    } else {
                        Value::Int(i)
                    }
                }
                NumResult::Int(i) => Value::Int(i),
                NumResult::Complex(a, b) => Value::Complex(a, b),
                NumResult::Bool(b) => Value::Bool(b),
                NumResult::Tuple(v) => Value::Tuple(Rc::new(v.into_iter().map(Value::Float).collect())),
            }),
            Some(Err((ty, msg))) => Err(PyErr::new(ty, msg).into()),
            None if numbers::implements(module, name) && !xs.is_empty() && xs.len() <= 2 => {
                Err(Stop::Unsupported(format!("{module}.{name}() with these arguments")))
            }
            None => {
                let key = match xs.len() {
                    0 => "()",
                    1 => "(1.0,)",
                    2 => "(1.0, 2.0)",
                    _ => "(1.0, 2.0, 3.0, 4.0, 5.0)",
                };
                if let Some(e) = probe_error(key, Some(xs.len()), None) {
                    return Err(e.into());
                }
                Err(Stop::Unsupported(format!("{module}.{name}() with {} arguments", xs.len())))
            }
        }
    }

    // ----- reload ---------------------------------------------------------------------------

    /// An exception raised inside library code at a recorded site: the runtime's exceptions
    /// (outermost context first), with the frames the real traceback showed there.
    pub(crate) fn at_site(&self, site: Site, chain: Vec<PyErr>) -> PyErr {
        let recorded: Vec<ChainEntry> = self.cat.frames(site.key()).unwrap_or_default();
        let (span, anchors) = self.call_site.get().map(|(s, a)| (Some(s), a)).unwrap_or((None, None));
        let line = self.stmt_line.get();
        let n = chain.len();
        let mut out: Option<PyErr> = None;
        for (i, mut e) in chain.into_iter().enumerate() {
            // Pair from the end: the last exception with the last recorded one.
            let ri = (recorded.len() + i).checked_sub(n);
            match ri.and_then(|ri| recorded.get(ri)) {
                Some(rec) => {
                    for f in &rec.frames {
                        if f.user {
                            e.frames.push(Frame::User { line, span, anchors });
                        } else {
                            e.frames.push(Frame::Library(f.clone()));
                        }
                    }
                }
                None => e.frames.push(Frame::User { line, span, anchors }),
            }
            e.context = out.map(Box::new);
            out = Some(e);
        }
        out.expect("a chain has at least one exception")
    }

    /// 2.7's builtin `reload(module)` (`builtin_reload` → `PyImport_ReloadModule`).
    fn reload_py2_builtin(&self, args: &[Value]) -> PyResult<Value> {
        if args.len() != 1 {
            return Err(PyErr::new("TypeError", format!("reload() takes exactly one argument ({} given)", args.len())).into());
        }
        self.step(|| super::TraceStep::new("reload", ""));
        let m = match &args[0] {
            Value::Module(m) => m.clone(),
            _ => return Err(PyErr::new("TypeError", "reload() argument must be module").into()),
        };
        let name = match m.get("__name__") {
            Some(Value::Str(s)) => s.to_string(),
            _ => return Err(PyErr::new("SystemError", "nameless module").into()),
        };
        match self.sys_get(&name) {
            Some(Value::Module(x)) if Rc::ptr_eq(&x, &m) => {}
            _ => {
                let msg = self.profile.reload_not_in_sys_modules.replace("{}", &name);
                return Err(PyErr::new("ImportError", msg).into());
            }
        }
        self.reload_module(&name, &m)
    }

    /// `importlib.reload(module)` (and 3.x `imp.reload`, which calls it).
    fn importlib_reload(&self, args: &[Value], kw: &[(String, Value)], via_imp: bool) -> PyResult<Value> {
        let arg = match (args, kw) {
            ([a], []) => a.clone(),
            ([], [(k, v)]) if k == "module" => v.clone(),
            ([], []) => {
                return Err(PyErr::new("TypeError", "reload() missing 1 required positional argument: 'module'").into());
            }
            _ => {
                return Err(PyErr::new(
                    "TypeError",
                    format!("reload() takes 1 positional argument but {} were given", args.len()),
                )
                .into());
            }
        };
        let not_module = if via_imp { Site::ImpReloadNotModule } else { Site::ReloadNotModule };
        let not_in = if via_imp { Site::ImpReloadNotInSysModules } else { Site::ReloadNotInSysModules };
        self.step(|| super::TraceStep::new(if via_imp { "imp.reload → importlib.reload" } else { "importlib.reload" }, ""));
        let name = match self.profile.reload_arg_check {
            ReloadArgCheck::CModule | ReloadArgCheck::IsInstance(_) => {
                let msg = match self.profile.reload_arg_check {
                    ReloadArgCheck::IsInstance(m) => m,
                    _ => "reload() argument must be module",
                };
                let m = match &arg {
                    Value::Module(m) => m.clone(),
                    _ => return Err(self.at_site(not_module, vec![PyErr::new("TypeError", msg)]).into()),
                };
                match self.spec_name(&arg) {
                    Some(n) => n,
                    None => match m.name() {
                        Some(n) => n,
                        None => {
                            return Err(PyErr::new("AttributeError", "module has no attribute '__name__'").into());
                        }
                    },
                }
            }
            ReloadArgCheck::DuckTyped => match self.spec_name(&arg) {
                Some(n) => n,
                None => {
                    let e1 = match self.getattr(&arg, "__spec__") {
                        Err(Stop::Raise(e)) => e,
                        _ => PyErr::new(
                            "AttributeError",
                            format!("'{}' object has no attribute 'name'", "NoneType"),
                        ),
                    };
                    match self.getattr(&arg, "__name__") {
                        Ok(Value::Str(s)) => s.to_string(),
                        Ok(other) => self.to_str(&other),
                        Err(Stop::Raise(e2)) => {
                            let te = PyErr::new("TypeError", "reload() argument must be a module");
                            return Err(self.at_site(not_module, vec![e1, e2, te]).into());
                        }
                        Err(e) => return Err(e),
                    }
                }
            },
        };
        let m = match (self.sys_get(&name), &arg) {
            (Some(Value::Module(x)), Value::Module(m)) if Rc::ptr_eq(&x, m) => m.clone(),
            _ => {
                let msg = self.profile.reload_not_in_sys_modules.replace("{}", &name);
                let site = if matches!(arg, Value::Module(_)) || via_imp { not_in } else { Site::ReloadFunction };
                return Err(self.at_site(site, vec![PyErr::new("ImportError", msg)]).into());
            }
        };
        self.reload_module(&name, &m)
    }

    /// `module.__spec__.name`, when that works.
    fn spec_name(&self, v: &Value) -> Option<String> {
        match v {
            Value::Module(m) => match m.get("__spec__") {
                Some(Value::Spec(s)) => Some(s.name.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// `importlib.import_module(name, package=None)`.
    fn import_module_fn(&self, args: &[Value], kw: &[(String, Value)]) -> PyResult<Value> {
        let mut name = None;
        let mut package = Value::None;
        for (i, a) in args.iter().enumerate() {
            match i {
                0 => name = Some(a.clone()),
                1 => package = a.clone(),
                _ => return Err(PyErr::new("TypeError", "import_module() takes from 1 to 2 positional arguments but 3 were given").into()),
            }
        }
        for (k, v) in kw {
            match k.as_str() {
                "name" => name = Some(v.clone()),
                "package" => package = v.clone(),
                _ => return Err(PyErr::new("TypeError", format!("import_module() got an unexpected keyword argument '{k}'")).into()),
            }
        }
        let name = match name {
            Some(Value::Str(s)) => s.to_string(),
            Some(other) => {
                // `name.startswith('.')` is the first thing import_module does with it.
                let e = match self.getattr(&other, "startswith") {
                    Err(Stop::Raise(e)) => e,
                    _ => return Err(Stop::Unsupported("import_module() of a non-string".into())),
                };
                return Err(self.at_site(Site::ImportModuleNotStr, vec![e]).into());
            }
            None => {
                return Err(PyErr::new("TypeError", "import_module() missing 1 required positional argument: 'name'").into());
            }
        };
        self.step(|| super::TraceStep::new("importlib.import_module → _bootstrap._gcd_import", &name));
        if name.starts_with('.') {
            if matches!(package, Value::None) && self.profile.is_py2() {
                let e = PyErr::new("TypeError", "relative imports require the 'package' argument");
                return Err(self.at_site(Site::ImportModuleRelative, vec![e]).into());
            }
            if matches!(package, Value::None) {
                let msg = format!("the 'package' argument is required to perform a relative import for {}", crate::syntax::quote_str(&name));
                return Err(self.at_site(Site::ImportModuleRelative, vec![PyErr::new("TypeError", msg)]).into());
            }
            return Err(Stop::Unsupported("relative imports".into()));
        }
        if name.is_empty() {
            return Err(self.at_site(Site::ImportModuleEmpty, vec![PyErr::new("ValueError", "Empty module name")]).into());
        }
        match self.find_and_load(&name) {
            Ok(m) => Ok(if self.profile.is_py2() { self.sys_get(&name).unwrap_or(Value::Module(m)) } else { Value::Module(m) }),
            Err(Stop::Raise(mut e)) => {
                let site = if self.profile.is_py2() {
                    Site::ImportModuleMissing
                } else if e.msg.contains("is not a package") {
                    Site::ImportModuleNotPackage
                } else if name.contains('.') && !self.sys_contains(name.split('.').next().unwrap_or("")) {
                    Site::ImportModuleMissingSub
                } else if name.contains('.') {
                    Site::ImportModuleDottedMissing
                } else {
                    Site::ImportModuleMissing
                };
                e.frames.clear();
                Err(self.at_site(site, vec![e]).into())
            }
            Err(e) => Err(e),
        }
    }
}

fn exactly_one(args: &[Value], f: &str) -> PyResult<()> {
    if args.len() == 1 {
        Ok(())
    } else {
        Err(PyErr::new("TypeError", format!("{f}() takes exactly one argument ({} given)", args.len())).into())
    }
}
