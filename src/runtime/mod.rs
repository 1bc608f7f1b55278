//! `runtime`: objects, `sys.modules`, the module catalogue and the import system (find, load,
//! exec, reload), and the evaluator of the subset. It produces, per cell, a list of
//! [`Event`]s (printed text, warnings, values to display, exceptions) that `render` turns into
//! what a given front end prints.

pub mod catalogue;
mod builtins;
pub mod exc;
mod eval;
mod import;
pub mod numbers;
pub mod object;
mod repr;
pub mod suggest;
mod sys_modules;
pub mod trace;

use crate::profile::{IpythonEra, Profile};
use crate::syntax::Stmt;
use catalogue::Catalogue;
pub use exc::{Frame, PyErr, Stop};
pub use object::*;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
pub use trace::TraceStep;
use sys_modules::{Slot, SysModules};

/// Which program the session is typed into.
#[derive(Clone, Copy, Debug)]
pub enum FrontEnd {
    /// `python -i`, the basic REPL.
    Python,
    /// 3.13's new REPL (`_pyrepl`).
    Pyrepl,
    /// IPython of an era.
    Ipython(IpythonEra),
}

impl FrontEnd {
    pub fn is_ipython(&self) -> bool {
        matches!(self, FrontEnd::Ipython(_))
    }
    /// The key of this front end's start-up module list in the catalogue.
    fn startup_key(&self) -> String {
        match self {
            FrontEnd::Python => "python".into(),
            FrontEnd::Pyrepl => "pyrepl".into(),
            FrontEnd::Ipython(era) => format!("ipython-{}", era.version),
        }
    }
}

/// Something a cell did that the front end shows.
#[derive(Clone, Debug)]
pub enum Event {
    /// Text written to stdout (`print`).
    Stdout(String),
    /// A warning shown by the warnings machinery. `line` is the 1-based line of the statement
    /// in the cell, `source` that line's text.
    Warning { category: String, message: String, line: usize, source: String },
    /// A value the front end displays: the plain REPL prints `repr`, IPython `Out[N]: pretty`.
    Display { repr: String, pretty: String },
    /// An exception that ended the cell.
    Error(PyErr),
    /// A construct or module reloadlab does not emulate.
    Unsupported(String),
    /// `exit()`.
    Exit,
}

/// One emulated interpreter: a fresh session of one version in one front end.
pub struct Interp {
    pub profile: &'static Profile,
    pub front: FrontEnd,
    pub cat: Rc<Catalogue>,
    /// The install prefix written into paths (`/usr/local` unless `--prefix`).
    pub prefix: Rc<str>,
    /// The working directory, where `%%writefile` writes and `''` on `sys.path` looks.
    pub cwd: String,
    /// `sys.modules` (its start-up part read from the catalogue).
    sys_modules: RefCell<SysModules>,
    /// `_PyImport_FixupExtension`'s table: one `PyModuleDef` per extension name.
    extensions: RefCell<HashMap<String, Rc<ModuleDef>>>,
    /// The user's namespace (`__main__.__dict__`).
    pub main: Rc<Module>,
    builtins: Rc<Module>,
    /// The virtual filesystem of `%%writefile`: absolute path → contents.
    pub vfs: RefCell<BTreeMap<String, String>>,
    /// Warnings already shown, by (message, location), for the "default" action.
    warned: RefCell<HashSet<String>>,
    /// The trace of import-machinery steps of the current cell (`--explain`).
    trace: RefCell<Vec<TraceStep>>,
    /// Cached type objects, so that `type(a) is type(b)` holds.
    types: RefCell<HashMap<String, Value>>,
    /// The cell being executed (1-based), and the line of the statement being executed.
    pub cell_no: Cell<usize>,
    stmt_line: Cell<usize>,
    events: RefCell<Vec<Event>>,
    /// Names being imported (cycle guard for lazily created start-up modules).
    loading: RefCell<HashSet<String>>,
    /// `importlib._bootstrap._RELOADING`.
    reloading: RefCell<HashSet<String>>,
    /// Identity-stable loader objects for builtin and frozen modules.
    loaders: RefCell<HashMap<&'static str, Value>>,
    /// How deep imports are nested (a guard against runaway recursion).
    depth: Cell<usize>,
    /// The call being made (span and caret anchors), for frames of library sites.
    call_site: Cell<Option<(crate::syntax::Span, Option<(usize, usize)>)>>,
    /// Creating a module the front end imported before the first prompt.
    in_startup: Cell<bool>,
    /// Depth of quiet regions (`trace_quiet`): the steps taken there are not recorded.
    quiet: Cell<u32>,
    /// The source of the cell being run (warnings quote its lines).
    cell_source: RefCell<String>,
    /// This interpreter, for the modules that name a start-up module not created yet.
    me: std::rc::Weak<Interp>,
    /// The start-up modules created so far, by name: the objects that were in `sys.modules`
    /// at start-up, whatever has happened to `sys.modules` since.
    startup_objects: RefCell<rustc_hash::FxHashMap<String, Value>>,
    /// The start-up modules, not created yet, that a module's dict names: if the user
    /// deletes or replaces one in `sys.modules`, it is created first.
    startup_named: RefCell<rustc_hash::FxHashSet<&'static str>>,
}

impl Drop for Interp {
    /// Module objects refer to each other (`__builtins__`, submodules, `PyState_AddModule`'s
    /// registry, `m_copy`), and `Rc` does not collect cycles: empty every module reachable
    /// from the interpreter so that a finished session frees its objects (`compare` runs one
    /// session per version in one process).
    fn drop(&mut self) {
        let mut work: Vec<Value> = vec![Value::Module(self.main.clone()), Value::Module(self.builtins.clone())];
        work.extend(self.sys_modules.get_mut().drain_values());
        work.extend(self.loaders.get_mut().drain().map(|(_, v)| v));
        work.extend(self.startup_objects.get_mut().drain().map(|(_, v)| v));
        for def in self.extensions.get_mut().drain().map(|(_, d)| d) {
            work.extend(def.clear());
        }
        while let Some(v) = work.pop() {
            match v {
                Value::Module(m) => {
                    work.extend(m.clear());
                    if let Some(def) = &m.def {
                        work.extend(def.clear());
                    }
                }
                Value::List(l) => work.extend(std::mem::take(&mut *l.borrow_mut())),
                Value::Tuple(t) => work.extend(t.iter().cloned()),
                _ => {}
            }
        }
    }
}

impl StartupModules for Interp {
    fn startup_module(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.startup_objects.borrow().get(name) {
            return Some(v.clone());
        }
        // Not created: still in sys.modules as it was at start-up (or being created now).
        self.sys_get(name)
    }
}

/// An error while setting up an interpreter.
#[derive(Debug)]
pub struct SetupError(pub String);

impl Interp {
    /// A fresh interpreter of `profile` in `front`, with paths under `prefix`, working in
    /// `cwd` (default `/home/user`).
    pub fn new(profile: &'static Profile, front: FrontEnd, prefix: &str, cwd: Option<&str>) -> Result<Rc<Interp>, SetupError> {
        let cat = Catalogue::load(profile.catalogue)
            .ok_or_else(|| SetupError(format!("no module catalogue for Python {}", profile.version)))?;
        let main = Rc::new(Module::new(None, ModuleCode::None));
        let builtins = Rc::new(Module::new(None, ModuleCode::None));
        let interp = Rc::new_cyclic(|me| Interp {
            profile,
            front,
            cat,
            prefix: Rc::from(prefix.trim_end_matches('/')),
            cwd: cwd.unwrap_or("/home/user").to_string(),
            sys_modules: RefCell::default(),
            extensions: RefCell::new(HashMap::new()),
            main,
            builtins,
            vfs: RefCell::new(BTreeMap::new()),
            warned: RefCell::new(HashSet::new()),
            trace: RefCell::new(Vec::new()),
            types: RefCell::new(HashMap::new()),
            cell_no: Cell::new(0),
            stmt_line: Cell::new(1),
            events: RefCell::new(Vec::new()),
            loading: RefCell::new(HashSet::new()),
            reloading: RefCell::new(HashSet::new()),
            loaders: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
            call_site: Cell::new(None),
            cell_source: RefCell::new(String::new()),
            in_startup: Cell::new(false),
            quiet: Cell::new(0),
            me: me.clone(),
            startup_objects: RefCell::default(),
            startup_named: RefCell::default(),
        });
        interp.start();
        Ok(interp)
    }

    /// Start-up: the builtins, `__main__`, and the modules this front end has imported before
    /// the first prompt (created lazily).
    fn start(&self) {
        // The builtins' objects are made when the builtins' dict is first used.
        let (b, profile, prefix) = (self.cat.builtins(), self.profile, self.prefix.clone());
        self.builtins.defer(&[], move |d| {
            d.reserve(b.len());
            for (name, entry) in b.iter() {
                d.insert(key(name), import::materialize_with(profile, &prefix, profile.builtins_name, name, &entry, |_| None));
            }
        });
        self.builtins.set("__name__", Value::str(self.profile.builtins_name));
        let key = self.front.startup_key();
        let startup = self.cat.startup_modules(&key).or_else(|| self.cat.startup_modules("python"));
        {
            let mut sm = self.sys_modules.borrow_mut();
            let index = self.cat.startup_index(&key).or_else(|| self.cat.startup_index("python"));
            *sm = SysModules::startup(startup, index);
            // IPython puts its own `__main__` in last.
            sm.remove("__main__");
            sm.set(self.profile.builtins_name, Value::Module(self.builtins.clone()));
            sm.set("__main__", Value::Module(self.main.clone()));
        }
        let m = &self.main;
        m.set("__name__", Value::str("__main__"));
        m.set("__doc__", Value::None);
        if !self.profile.is_py2() {
            m.set("__package__", Value::None);
            m.set("__loader__", self.loader_value(Loader::Builtin));
            m.set("__spec__", Value::None);
            m.set("__annotations__", Value::None);
        } else {
            m.set("__package__", Value::None);
        }
        m.set(if self.profile.is_py2() { "__builtins__" } else { "__builtins__" }, Value::Module(self.builtins.clone()));
    }

    /// Runs the statements of one cell and returns what it did. `cell_no` is the 1-based number
    /// of the cell (IPython's execution count).
    pub fn run_cell(&self, stmts: &[Stmt], source: &str, cell_no: usize, display_all: bool) -> Vec<Event> {
        self.cell_no.set(cell_no);
        *self.cell_source.borrow_mut() = source.to_string();
        self.trace.borrow_mut().clear();
        self.events.borrow_mut().clear();
        let last = stmts.len().saturating_sub(1);
        for (i, stmt) in stmts.iter().enumerate() {
            self.stmt_line.set(stmt.span.line);
            let display = display_all || i == last;
            match self.exec_stmt(stmt, display) {
                Ok(()) => {}
                Err(Stop::Raise(e)) => {
                    self.events.borrow_mut().push(Event::Error(e));
                    break;
                }
                Err(Stop::Unsupported(msg)) => {
                    self.events.borrow_mut().push(Event::Unsupported(msg));
                    break;
                }
                Err(Stop::Exit) => {
                    self.events.borrow_mut().push(Event::Exit);
                    break;
                }
            }
        }
        std::mem::take(&mut *self.events.borrow_mut())
    }

    /// The import-machinery steps the last cell took.
    pub fn take_trace(&self) -> Vec<TraceStep> {
        std::mem::take(&mut *self.trace.borrow_mut())
    }

    /// Records a step of the import machinery (made only when it is kept: not while a
    /// dependency loads quietly).
    pub(crate) fn step(&self, step: impl FnOnce() -> TraceStep) {
        if self.quiet.get() > 0 {
            return;
        }
        // Recorded under the name this version's CPython gives the step (`trace::era_name`).
        if let Some(step) = step().for_version(self.profile.version) {
            self.trace.borrow_mut().push(step);
        }
    }

    /// `warnings.warn(message, category)` attributed to the statement being run; shown once
    /// per message and line, as the "default" action does.
    pub(crate) fn warn(&self, category: &str, message: &str) {
        let line = self.stmt_line.get();
        if !self.warned.borrow_mut().insert(format!("{category}:{message}:{line}")) {
            return;
        }
        let source = self.cell_source.borrow().split('\n').nth(line.saturating_sub(1)).unwrap_or("").to_string();
        self.emit(Event::Warning { category: category.into(), message: message.into(), line, source });
    }

    fn emit(&self, e: Event) {
        self.events.borrow_mut().push(e);
    }

    /// Writes a file on the virtual filesystem (`%%writefile`); returns whether it existed.
    pub fn write_file(&self, name: &str, contents: &str) -> bool {
        let path = self.abspath(name);
        self.vfs.borrow_mut().insert(path, contents.to_string()).is_some()
    }

    fn abspath(&self, name: &str) -> String {
        if name.starts_with('/') { name.to_string() } else { format!("{}/{}", self.cwd, name) }
    }

    /// The names in the user's namespace (for completion and `%who`).
    pub fn user_names(&self) -> Vec<String> {
        self.main.dict().keys().map(|k| k.to_string()).collect()
    }

    /// The attribute names of what `expr_path` (`math`, `os.path`) names now, for completion.
    pub fn attr_names(&self, dotted: &str) -> Vec<String> {
        let mut parts = dotted.split('.');
        let first = match parts.next() {
            Some(f) => f,
            None => return vec![],
        };
        let mut v = match self.main.get(first).or_else(|| self.builtins.get(first)) {
            Some(v) => v,
            None => return vec![],
        };
        for p in parts {
            v = match &v {
                Value::Module(m) => match m.get(p) {
                    Some(x) => x,
                    None => return vec![],
                },
                _ => return vec![],
            };
        }
        match &v {
            Value::Module(m) => m.dict().keys().map(|k| k.to_string()).collect(),
            other => self.cat.type_dir(other.type_name()).to_vec(),
        }
    }

    /// Module names `import ` can complete: the catalogue's, and files on the virtual disk.
    pub fn module_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.cat.module_names().map(|s| s.to_string()).collect();
        for path in self.vfs.borrow().keys() {
            if let Some(stem) = path.strip_prefix(&format!("{}/", self.cwd)).and_then(|p| p.strip_suffix(".py")) {
                v.push(stem.to_string());
            }
        }
        v.sort();
        v.dedup();
        v
    }

    /// Forgets every user name (`%reset -f`).
    pub fn reset_namespace(&self) {
        let keep: Vec<(Rc<str>, Value)> = self
            .main
            .dict()
            .iter()
            .filter(|(k, _)| k.starts_with("__"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut d = self.main.dict_mut();
        d.clear();
        d.extend(keep);
    }
}
