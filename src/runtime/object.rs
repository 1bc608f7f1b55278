//! Python objects as the emulator holds them. Identity (`is`, `id()`) is the identity of the
//! `Rc` for every heap object, so "the identical object from the snapshot" and "a new, equal
//! object" are different things here, as they are in CPython.

use super::catalogue::{AttrEntry, CallOutcomes, InitStyle, IpythonReprs, ModuleEntry};
use indexmap::IndexMap;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

/// A module's `__dict__`.
/// A dict of names (module namespaces). Keys are hashed with FxHash: names are short and
/// not chosen by an adversary, and SipHash was a tenth of a short session's time.
pub type Dict = IndexMap<Rc<str>, Value, rustc_hash::FxBuildHasher>;

/// A Python value.
#[derive(Clone, Debug)]
pub enum Value {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Complex(f64, f64),
    Str(Rc<str>),
    Tuple(Rc<Vec<Value>>),
    List(Rc<RefCell<Vec<Value>>>),
    Module(Rc<Module>),
    Func(Rc<Function>),
    /// `sys.modules` itself: a view of the interpreter's module table.
    SysModules,
    /// A `ModuleSpec`.
    Spec(Rc<Spec>),
    /// An object the emulator can show but not operate on (from the catalogue).
    Opaque(Rc<Opaque>),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    /// `type(x).__name__`.
    pub fn type_name(&self) -> &str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Complex(..) => "complex",
            Value::Str(_) => "str",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Module(_) => "module",
            Value::Func(f) => &f.type_name,
            Value::SysModules => "dict",
            Value::Spec(_) => "ModuleSpec",
            Value::Opaque(o) => &o.type_name,
        }
    }

    /// `x is y`.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            // CPython caches small ints; two equal literals in one cell are one constant too.
            (Value::Int(a), Value::Int(b)) => a == b && (-5..=256).contains(a),
            (Value::Str(a), Value::Str(b)) => Rc::ptr_eq(a, b) || (a == b && is_identifier(a)),
            (Value::Float(_), Value::Float(_)) => false,
            // The empty tuple is a singleton.
            (Value::Tuple(a), Value::Tuple(b)) => Rc::ptr_eq(a, b) || (a.is_empty() && b.is_empty()),
            (Value::List(a), Value::List(b)) => Rc::ptr_eq(a, b),
            (Value::Module(a), Value::Module(b)) => Rc::ptr_eq(a, b),
            (Value::Func(a), Value::Func(b)) => Rc::ptr_eq(a, b),
            (Value::SysModules, Value::SysModules) => true,
            (Value::Spec(a), Value::Spec(b)) => Rc::ptr_eq(a, b),
            (Value::Opaque(a), Value::Opaque(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// An address-like number for `id()`: stable for the object's life, distinct per object.
    pub fn id(&self) -> u64 {
        fn addr<T: ?Sized>(p: &Rc<T>) -> u64 {
            Rc::as_ptr(p) as *const u8 as usize as u64
        }
        match self {
            Value::None => 0x8f_3c_a0,
            Value::Bool(b) => 0x8f_3b_00 + *b as u64 * 0x20,
            // (wrapping: a negative int lies below the small-int block, as in CPython)
            Value::Int(i) => 0x9a_00_00u64.wrapping_add((*i as u64).wrapping_mul(32)),
            Value::Float(f) => f.to_bits(),
            Value::Complex(a, _) => a.to_bits() ^ 1,
            Value::Str(s) => addr(s),
            Value::Tuple(t) => addr(t),
            Value::List(l) => addr(l),
            Value::Module(m) => addr(m),
            Value::Func(f) => addr(f),
            Value::SysModules => 0x7f_00_10,
            Value::Spec(s) => addr(s),
            Value::Opaque(o) => addr(o),
        }
    }

    /// Python truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Complex(a, b) => *a != 0.0 || *b != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            _ => true,
        }
    }

    pub fn as_module(&self) -> Option<&Rc<Module>> {
        match self {
            Value::Module(m) => Some(m),
            _ => None,
        }
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Which module kind a module object was made by (its loader).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loader {
    /// `BuiltinImporter`.
    Builtin,
    /// `ExtensionFileLoader`.
    Extension,
    /// `SourceFileLoader` (a `.py` file, package or not).
    Source,
    /// `FrozenImporter`.
    Frozen,
}

impl Loader {
    /// The loader's repr as the module repr quotes it (3.x).
    pub fn repr(self) -> &'static str {
        match self {
            Loader::Builtin => "<class '_frozen_importlib.BuiltinImporter'>",
            Loader::Frozen => "<class '_frozen_importlib.FrozenImporter'>",
            Loader::Extension => "<_frozen_importlib_external.ExtensionFileLoader object at 0x7f3a1c2e4d60>",
            Loader::Source => "<_frozen_importlib_external.SourceFileLoader object at 0x7f3a1c2e4b80>",
        }
    }
    /// The name `--explain` uses for the loader.
    pub fn name(self) -> &'static str {
        match self {
            Loader::Builtin => "BuiltinImporter",
            Loader::Frozen => "FrozenImporter",
            Loader::Extension => "ExtensionFileLoader",
            Loader::Source => "SourceFileLoader",
        }
    }
}

/// A `ModuleSpec`, as `importlib.util.find_spec` returns it.
#[derive(Debug)]
pub struct Spec {
    pub name: String,
    pub loader: Loader,
    pub origin: Option<String>,
    pub has_location: bool,
    pub submodule_search_locations: Option<Vec<String>>,
    pub cached: Option<String>,
    pub parent: String,
}

/// A builtin or extension module's `PyModuleDef`: one per extension for the life of the
/// process, shared by every module object created from it. It holds the `m_copy` snapshot
/// that `_PyImport_FixupExtension` takes after the first initialisation of a single-phase
/// module with `m_size == -1`.
#[derive(Debug)]
pub struct ModuleDef {
    pub name: String,
    pub init: InitStyle,
    pub m_size: i64,
    /// The snapshot; use `m_copy()`, which takes a snapshot still owed first.
    pub m_copy: RefCell<Option<Dict>>,
    /// The module whose dict is still to be copied into `m_copy` (its code's names are not
    /// set yet; see `Module::defer`).
    pub m_copy_owed: RefCell<Option<Rc<Module>>>,
    /// `PyState_AddModule`'s registry: the module the last init created, for init functions
    /// that return `PyState_FindModule(&def)` when it is set.
    pub state_module: RefCell<Option<Rc<Module>>>,
}

impl ModuleDef {
    pub fn new(name: &str, init: InitStyle, m_size: i64) -> ModuleDef {
        ModuleDef {
            name: name.to_string(),
            init,
            m_size,
            m_copy: RefCell::new(None),
            m_copy_owed: RefCell::new(None),
            state_module: RefCell::new(None),
        }
    }

    /// `m_copy`, once every snapshot owed is taken.
    pub fn m_copy(&self) -> std::cell::Ref<'_, Option<Dict>> {
        let owed = self.m_copy_owed.borrow_mut().take();
        if let Some(m) = owed {
            m.settle();
        }
        self.m_copy.borrow()
    }

    /// Forgets the snapshot and the registered module (to break reference cycles when a
    /// session ends); returns what they held.
    pub fn clear(&self) -> Vec<Value> {
        let mut out: Vec<Value> = self.m_copy.borrow_mut().take().into_iter().flat_map(|d| d.into_values()).collect();
        out.extend(self.m_copy_owed.borrow_mut().take().map(Value::Module));
        out.extend(self.state_module.borrow_mut().take().map(Value::Module));
        out
    }

    /// `_PyImport_FixupExtensionObject`: `m_copy` = a copy of the module's dict, as it is once
    /// its init function has run (taken when its names are set, which may be later).
    pub fn snapshot(self: &Rc<Self>, m: &Rc<Module>) {
        if let Some(p) = m.pending.borrow_mut().as_mut() {
            *self.m_copy_owed.borrow_mut() = Some(m.clone());
            p.snapshot = Some((self.clone(), p.after.len()));
            return;
        }
        *self.m_copy.borrow_mut() = Some(m.dict().clone());
    }
}

/// The key of `name` in a dict: the names the import system gives every module are made
/// once per thread and shared.
pub fn key(name: &str) -> Rc<str> {
    const SHARED: [&str; 10] = [
        "__name__", "__doc__", "__package__", "__loader__", "__spec__", "__file__", "__cached__", "__path__",
        "__builtins__", "__annotations__",
    ];
    thread_local!(static KEYS: [Rc<str>; 10] = SHARED.map(Rc::from));
    if name.starts_with("__") {
        if let Some(i) = SHARED.iter().position(|s| *s == name) {
            return KEYS.with(|k| k[i].clone());
        }
    }
    Rc::from(name)
}

/// The names a module's code sets, owed to its dict until the dict is first used.
struct Pending {
    /// Sets the code's names (the start-up modules it names are in the second argument).
    fill: Box<dyn FnOnce(&mut Dict, &Resolved)>,
    /// Names `fill` never sets (the import dunders): reading them needs no fill.
    leaves: &'static [&'static str],
    /// Names set since, in order.
    after: Vec<(Rc<str>, Later)>,
    /// The definition whose `m_copy` is the dict once `fill` and the first `n` sets are done.
    snapshot: Option<(Rc<ModuleDef>, usize)>,
    /// The start-up modules `fill` and `after` name, and who creates them.
    startup: Option<(Weak<dyn StartupModules>, Vec<&'static str>)>,
}

/// A value set in a dict whose code's names are still owed.
enum Later {
    Value(Value),
    /// A module the front end imported before the first prompt, not created yet.
    Startup(&'static str),
}

/// What creates the modules the front end imported before the first prompt. A module's code
/// that refers to one of those nobody has used yet (`import sys` in `importlib`'s code), or
/// a package whose submodule is one, holds its name: the module is created when the dict
/// holding it is first used, as the object that was in `sys.modules` then (the
/// interpreter creates it first if the user deletes or replaces that entry in between).
/// Creating a start-up module thus creates none of the start-up modules it refers to.
pub trait StartupModules {
    /// The start-up module `name`, created if it is not yet.
    fn startup_module(&self, name: &str) -> Option<Value>;
}

/// The start-up modules a pending dict names, created just before its names are set.
#[derive(Default)]
pub struct Resolved(Vec<(&'static str, Option<Value>)>);

impl Resolved {
    pub fn get(&self, name: &str) -> Option<Value> {
        self.0.iter().find(|(n, _)| *n == name).and_then(|(_, v)| v.clone())
    }
}

/// A module object.
///
/// Running a stdlib module's code means setting its names to new objects made from its
/// catalogue record. Most modules an import pulls in are never looked at, so the names are
/// set when the dict is first used (`Module::defer`): everything that depends on the rest of
/// the interpreter (which modules the code binds, what it imports) is resolved when the code
/// runs, so the result is the same as setting them then; nothing can see the dict in between.
pub struct Module {
    dict: RefCell<Dict>,
    pending: RefCell<Option<Pending>>,
    /// The definition of a builtin or extension module (`md_def`).
    pub def: Option<Rc<ModuleDef>>,
    /// `md_state != NULL`: set once a multi-phase module (or one with `m_size >= 0`) ran.
    pub has_state: Cell<bool>,
    /// Where the code of a Python module comes from, for re-execution.
    pub code: ModuleCode,
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module")
            .field("dict", &self.dict)
            .field("pending", &self.is_pending())
            .field("def", &self.def)
            .field("has_state", &self.has_state)
            .field("code", &self.code)
            .finish()
    }
}

/// What executing a module's code means to the emulator.
#[derive(Clone, Debug)]
pub enum ModuleCode {
    /// The module's top-level names are those of a catalogue record (stdlib module).
    Catalogue(Rc<ModuleEntry>, String),
    /// A user module on the virtual filesystem (`%%writefile`); runs through the evaluator.
    UserFile(String),
    /// Nothing to run.
    None,
}

impl Module {
    pub fn new(def: Option<Rc<ModuleDef>>, code: ModuleCode) -> Module {
        // Room for the dunders the import system sets.
        let dict = Dict::with_capacity_and_hasher(12, Default::default());
        Module { dict: RefCell::new(dict), pending: RefCell::new(None), def, has_state: Cell::new(false), code }
    }

    /// The module's dict.
    pub fn dict(&self) -> std::cell::Ref<'_, Dict> {
        self.settle();
        self.dict.borrow()
    }

    pub fn dict_mut(&self) -> std::cell::RefMut<'_, Dict> {
        self.settle();
        self.dict.borrow_mut()
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        if let Some(p) = self.pending.borrow().as_ref() {
            if p.leaves.contains(&name) {
                match p.after.iter().rev().find(|(k, _)| &**k == name) {
                    Some((_, Later::Value(v))) => return Some(v.clone()),
                    Some((_, Later::Startup(_))) => {}
                    None => return self.dict.borrow().get(name).cloned(),
                }
            }
        }
        self.dict().get(name).cloned()
    }

    pub fn set(&self, name: &str, v: Value) {
        if let Some(p) = self.pending.borrow_mut().as_mut() {
            p.after.push((key(name), Later::Value(v)));
            return;
        }
        self.dict.borrow_mut().insert(key(name), v);
    }

    /// Sets `name` to the start-up module `module`, which `startup` creates when the dict is
    /// first used (at once if it is in use).
    pub fn set_startup(&self, name: &str, module: &'static str, startup: &Weak<dyn StartupModules>) {
        if let Some(p) = self.pending.borrow_mut().as_mut() {
            p.after.push((key(name), Later::Startup(module)));
            p.startup.get_or_insert_with(|| (startup.clone(), Vec::new())).1.push(module);
            return;
        }
        if let Some(v) = startup.upgrade().and_then(|s| s.startup_module(module)) {
            self.set(name, v);
        }
    }

    /// Owes `fill` (the names the module's code sets, none of `leaves`) to the dict: it runs
    /// when the dict is first used.
    pub fn defer(&self, leaves: &'static [&'static str], fill: impl FnOnce(&mut Dict) + 'static) {
        self.defer_with(leaves, None, move |d, _| fill(d));
    }

    /// [`Module::defer`] of a `fill` that also sets start-up modules: `startup` creates those
    /// named first, and `fill` finds them in its second argument.
    pub fn defer_with(
        &self,
        leaves: &'static [&'static str],
        startup: Option<(Weak<dyn StartupModules>, Vec<&'static str>)>,
        fill: impl FnOnce(&mut Dict, &Resolved) + 'static,
    ) {
        self.settle();
        *self.pending.borrow_mut() = Some(Pending { fill: Box::new(fill), leaves, after: Vec::new(), snapshot: None, startup });
    }

    /// Whether the dict has `name`, without setting the code's names when its record says.
    pub fn has(&self, name: &str) -> bool {
        if let (Some(p), ModuleCode::Catalogue(entry, _)) = (self.pending.borrow().as_ref(), &self.code) {
            if p.after.iter().any(|(k, _)| &**k == name) {
                return true;
            }
            // The code sets every attribute of the record that is not an import dunder or a
            // module reference (those depend on the import system, so ask the dict).
            if !p.leaves.contains(&name) && entry.attrs.get(name).is_some_and(|e| e.module_ref().is_none()) {
                return true;
            }
        }
        self.get(name).is_some()
    }

    pub fn is_pending(&self) -> bool {
        self.pending.borrow().is_some()
    }

    /// Sets what is owed to the dict.
    pub fn settle(&self) {
        let Some(p) = self.pending.borrow_mut().take() else { return };
        // The start-up modules first, with the dict free: creating a submodule reads its
        // package (this module's `__path__`, a name the dict already has).
        let resolved = match &p.startup {
            Some((startup, names)) => {
                let startup = startup.upgrade();
                Resolved(names.iter().map(|&n| (n, startup.as_ref().and_then(|s| s.startup_module(n)))).collect())
            }
            None => Resolved::default(),
        };
        let values = |after: Vec<(Rc<str>, Later)>| {
            after.into_iter().filter_map(|(k, l)| match l {
                Later::Value(v) => Some((k, v)),
                Later::Startup(n) => resolved.get(n).map(|v| (k, v)),
            })
        };
        let mut d = self.dict.borrow_mut();
        (p.fill)(&mut d, &resolved);
        let mut after = p.after;
        let later = match &p.snapshot {
            Some((_, n)) => after.split_off(*n),
            None => Vec::new(),
        };
        d.extend(values(after));
        if let Some((def, _)) = p.snapshot {
            *def.m_copy.borrow_mut() = Some(d.clone());
            def.m_copy_owed.borrow_mut().take();
        }
        d.extend(values(later));
    }

    /// Empties the module without running what is owed (to break reference cycles when a
    /// session ends); returns its values.
    pub fn clear(&self) -> Vec<Value> {
        self.pending.borrow_mut().take();
        std::mem::take(&mut *self.dict.borrow_mut()).into_values().collect()
    }
    /// A package's `__path__`: the directories its submodules are searched in (None when
    /// `__path__` is not a list: not a package).
    pub fn search_path(&self) -> Option<Vec<String>> {
        match self.get("__path__") {
            Some(Value::List(l)) => {
                Some(l.borrow().iter().filter_map(|v| if let Value::Str(s) = v { Some(s.to_string()) } else { None }).collect())
            }
            _ => None,
        }
    }

    /// `__name__` if it is a str.
    pub fn name(&self) -> Option<String> {
        match self.get("__name__") {
            Some(Value::Str(s)) => Some(s.to_string()),
            _ => None,
        }
    }
}

/// What a callable does when called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Native {
    Print,
    Hasattr,
    Getattr,
    Setattr,
    Delattr,
    Dir,
    Type,
    Id,
    Repr,
    Len,
    Isinstance,
    Callable,
    /// `str(x)`.
    StrType,
    /// A method of `sys.modules` (`get`, `pop`).
    SysModulesMethod(String),
    /// 2.7's builtin `reload` (also `imp.reload` there).
    Reload,
    /// `importlib.reload`.
    ImportlibReload,
    /// `imp.reload` in 3.x: a wrapper around `importlib.reload`.
    ImpReload,
    ImportModule,
    /// `exit()` / `quit()`.
    Exit,
    /// `gc.isenabled()`: the collector is on in a fresh session.
    GcIsEnabled,
    /// A numeric function implemented by the emulator (`math.cos`), by module and name.
    Numeric(&'static str, &'static str),
    /// A callable the emulator shows but does not run.
    NotEmulated,
}

/// Text of an object: borrowed from the catalogue, or made by the emulator.
pub type Text = std::borrow::Cow<'static, str>;

/// A function, method or class object.
#[derive(Debug)]
pub struct Function {
    pub name: Text,
    pub qualname: Text,
    /// `__module__` (None for most builtins of 2.7).
    pub module: Option<Text>,
    pub type_name: Text,
    pub repr: Text,
    pub signature: Option<Text>,
    pub is_class: bool,
    /// What IPython's pretty printer showed, per IPython `major.minor`.
    pub ipython: IpythonReprs,
    /// Probe calls recorded from the real interpreter (error wording).
    pub calls: CallOutcomes,
    pub native: Native,
}

/// An object known only by its repr and type.
#[derive(Debug)]
pub struct Opaque {
    pub type_name: Text,
    /// `type(x).__module__`.
    pub type_module: Option<Text>,
    pub repr: Option<Text>,
    pub str: Option<Text>,
}

impl Function {
    pub fn from_entry(entry: &AttrEntry, native: Native) -> Function {
        let name = entry.name().unwrap_or("");
        Function {
            qualname: entry.qualname().unwrap_or(name).into(),
            name: name.into(),
            module: entry.obj_module().map(Text::from),
            type_name: entry.type_name().into(),
            repr: entry.repr().unwrap_or("").into(),
            signature: entry.signature().map(Text::from),
            is_class: entry.is_class(),
            ipython: entry.ipython(),
            calls: entry.calls(),
            native,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(i: i64) -> Value {
        Value::Int(i.into())
    }

    fn keys(m: &Module) -> Vec<String> {
        m.dict().keys().map(|k| k.to_string()).collect()
    }

    /// A module whose code sets `a` and `b` (never `__name__`).
    fn pending() -> Rc<Module> {
        let m = Rc::new(Module::new(None, ModuleCode::None));
        m.set("__name__", Value::str("m"));
        m.defer(&["__name__"], |d| {
            d.insert(Rc::from("a"), int(1));
            d.insert(Rc::from("b"), int(2));
        });
        m
    }

    #[test]
    fn names_set_while_pending_come_after_the_codes_names() {
        let m = pending();
        m.set("b", int(20));
        m.set("c", int(3));
        assert!(m.is_pending());
        assert_eq!(keys(&m), ["__name__", "a", "b", "c"]);
        assert!(matches!(m.get("b"), Some(Value::Int(i)) if i == 20.into()));
    }

    #[test]
    fn reading_a_name_the_code_never_sets_does_not_run_it() {
        let m = pending();
        assert!(matches!(m.get("__name__"), Some(Value::Str(_))));
        m.set("__name__", int(5));
        assert!(matches!(m.get("__name__"), Some(Value::Int(_))));
        assert!(m.is_pending());
        assert!(m.get("a").is_some());
        assert!(!m.is_pending());
    }

    #[test]
    fn the_m_copy_snapshot_is_the_dict_when_it_was_asked_for() {
        let m = pending();
        m.set("early", int(0));
        let def = Rc::new(ModuleDef::new("m", InitStyle::Single, -1));
        def.snapshot(&m);
        m.set("a", int(100)); // an edit after the init function returned
        assert!(m.is_pending());
        let copy = def.m_copy().clone().expect("snapshot taken on demand");
        assert!(!m.is_pending());
        let ks: Vec<&str> = copy.keys().map(|k| &**k).collect();
        assert_eq!(ks, ["__name__", "a", "b", "early"]);
        assert!(matches!(copy.get("a"), Some(Value::Int(i)) if *i == 1.into()));
        assert!(matches!(m.get("a"), Some(Value::Int(i)) if i == 100.into()));
    }
}
