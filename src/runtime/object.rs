//! Python objects as the emulator holds them. Identity (`is`, `id()`) is the identity of the
//! `Rc` for every heap object, so "the identical object from the snapshot" and "a new, equal
//! object" are different things here, as they are in CPython.

use super::catalogue::{AttrEntry, CallOutcomes, InitStyle, IpythonReprs, ModuleEntry};
use indexmap::IndexMap;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A module's `__dict__`.
pub type Dict = IndexMap<Rc<str>, Value>;

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
    pub m_copy: RefCell<Option<Dict>>,
    /// `PyState_AddModule`'s registry: the module the last init created, for init functions
    /// that return `PyState_FindModule(&def)` when it is set.
    pub state_module: RefCell<Option<Rc<Module>>>,
}

/// A module object.
#[derive(Debug)]
pub struct Module {
    pub dict: RefCell<Dict>,
    /// The definition of a builtin or extension module (`md_def`).
    pub def: Option<Rc<ModuleDef>>,
    /// `md_state != NULL`: set once a multi-phase module (or one with `m_size >= 0`) ran.
    pub has_state: Cell<bool>,
    /// Where the code of a Python module comes from, for re-execution.
    pub code: ModuleCode,
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
    pub fn get(&self, name: &str) -> Option<Value> {
        self.dict.borrow().get(name).cloned()
    }
    pub fn set(&self, name: &str, v: Value) {
        self.dict.borrow_mut().insert(Rc::from(name), v);
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

/// A function, method or class object.
#[derive(Debug)]
pub struct Function {
    pub name: String,
    pub qualname: String,
    /// `__module__` (None for most builtins of 2.7).
    pub module: Option<String>,
    pub type_name: String,
    pub repr: String,
    pub signature: Option<String>,
    pub is_class: bool,
    /// What IPython's pretty printer showed, per IPython `major.minor`.
    pub ipython: Rc<IpythonReprs>,
    /// Probe calls recorded from the real interpreter (error wording).
    pub calls: Rc<CallOutcomes>,
    pub native: Native,
}

/// An object known only by its repr and type.
#[derive(Debug)]
pub struct Opaque {
    pub type_name: String,
    /// `type(x).__module__`.
    pub type_module: Option<String>,
    pub repr: Option<String>,
    pub str: Option<String>,
}

impl Function {
    pub fn from_entry(entry: &AttrEntry, native: Native) -> Function {
        let name = entry.name.clone().unwrap_or_default();
        Function {
            qualname: entry.qualname.clone().unwrap_or_else(|| name.clone()),
            name,
            module: entry.obj_module.clone(),
            type_name: entry.type_name.clone(),
            repr: entry.repr.clone().unwrap_or_default(),
            signature: entry.signature.clone(),
            is_class: entry.is_class,
            ipython: entry.ipython.clone().unwrap_or_default(),
            calls: entry.calls.clone().unwrap_or_default(),
            native,
        }
    }
}
