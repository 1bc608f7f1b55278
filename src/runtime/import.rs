//! The import system, step by step as CPython does it, with CPython's names:
//! `_find_and_load` → `_find_spec` (BuiltinImporter, FrozenImporter, PathFinder) →
//! `module_from_spec` (`_imp.create_builtin` / `_imp.create_dynamic`, which consult the
//! `m_copy` snapshot) → `_init_module_attrs` → `exec_module` (`_imp.exec_builtin` /
//! `_imp.exec_dynamic` / running the module's code); and `reload` → `_bootstrap._exec`.
//! Python 2.7's C import (`import_submodule`, `load_module`, `_PyImport_FindExtension`) is
//! modelled by the same pieces where it does the same thing.

use super::catalogue::{AttrEntry, InitStyle, ModuleEntry, ModuleKind, ReadFrame};
use super::exc::{Frame, PyErr, PyResult, Stop};
use super::object::*;
use super::{Interp, Slot, TraceStep};
use crate::profile::{ImportWording, Profile, ReloadExtension};

use std::cell::RefCell;
use std::rc::Rc;

/// The dunders `_init_module_attrs` owns (3.x); the code of a module does not set them.
const IMPORT_DUNDERS: &[&str] =
    &["__name__", "__loader__", "__package__", "__spec__", "__path__", "__file__", "__cached__"];

impl Interp {
    // ----- sys.modules -------------------------------------------------------------------

    /// `sys.modules.get(name)`.
    pub(crate) fn sys_get(&self, name: &str) -> Option<Value> {
        let slot = self.sys_modules.borrow().get(name)?;
        match slot {
            Slot::Value(v) => Some(v),
            // A start-up module reloadlab has no record of stays unknown (never a false None).
            Slot::Lazy => match self.materialize_startup(name) {
                Value::None => None,
                v => Some(v),
            },
        }
    }

    pub(crate) fn sys_set(&self, name: &str, v: Value) {
        self.keep_startup_object(name);
        self.sys_modules.borrow_mut().set(name, v);
    }

    /// `del sys.modules[name]`; false when absent.
    pub(crate) fn sys_del(&self, name: &str) -> bool {
        self.keep_startup_object(name);
        self.sys_modules.borrow_mut().remove(name)
    }

    /// Before the entry of a start-up module not created yet goes: creates the module if a
    /// module's dict names it (see `StartupModules`), so that dict gets the object that was
    /// in `sys.modules`.
    fn keep_startup_object(&self, name: &str) {
        // (Not the import that is creating it, which sets the entry first.)
        if self.loading.borrow().contains(name) {
            return;
        }
        if self.startup_named.borrow_mut().remove(name) && matches!(self.sys_modules.borrow().get(name), Some(Slot::Lazy)) {
            self.materialize_startup(name);
        }
    }

    /// If `name` is a start-up module nobody has used (its entry in `sys.modules` is still
    /// the one of start-up, and the module is not created): what a dict that names it holds
    /// until the dict is used, noted so that the module is kept if the entry goes.
    fn name_startup(&self, name: &str) -> Option<&'static str> {
        let sm = self.sys_modules.borrow();
        if !matches!(sm.get(name), Some(Slot::Lazy)) {
            return None;
        }
        let name = sm.startup_name(name)?;
        self.startup_named.borrow_mut().insert(name);
        Some(name)
    }

    pub(crate) fn sys_contains(&self, name: &str) -> bool {
        self.sys_modules.borrow().contains(name)
    }

    pub(crate) fn sys_keys(&self) -> Vec<String> {
        self.sys_modules.borrow().keys()
    }

    /// A module the front end imported before the first prompt, created on first use as the
    /// import system would have created it.
    fn materialize_startup(&self, name: &str) -> Value {
        self.startup_named.borrow_mut().remove(name);
        let v = self.create_startup(name);
        if let Value::Module(m) = &v {
            // A module the front end's imports also put under another name, renaming it
            // (importlib's code makes `_frozen_importlib` `importlib._bootstrap`): renamed then.
            let other = self.cat.module(name).and_then(|e| e.alias_of).and_then(|k| Some((k, self.cat.module(k)?)));
            if let Some((key, e)) = other
                && alias_target(key, &e).as_deref() == Some(name)
                && self.sys_modules.borrow().was_startup(key)
            {
                self.take_names_of(m, &e);
            }
            self.startup_objects.borrow_mut().insert(name.to_string(), v.clone());
        }
        v
    }

    fn create_startup(&self, name: &str) -> Value {
        // Alias entries (`os.path` is posixpath) are the module of another name.
        if let Some(entry) = self.cat.module(name) {
            if let Some(real) = alias_target(name, &entry) {
                if real != name && self.sys_contains(&real) {
                    let v = self.sys_get(&real).unwrap_or(Value::None);
                    if let Value::Module(m) = &v {
                        self.take_names_of(m, &entry);
                    }
                    self.sys_modules.borrow_mut().set(name, v.clone());
                    return v;
                }
            }
        }
        let was = self.in_startup.replace(true);
        let v = self.quietly(|| self.load_startup(name));
        self.in_startup.set(was);
        if !matches!(v, Value::None) && !matches!(self.sys_modules.borrow().get(name), Some(Slot::Value(_))) {
            self.sys_modules.borrow_mut().set(name, v.clone());
        }
        v
    }

    /// `materialize_startup`'s import: find, load, and bind the start-up submodules.
    fn load_startup(&self, name: &str) -> Value {
        let parent_path = name.rsplit_once('.').map(|(p, _)| match self.sys_get(p) {
            Some(Value::Module(pm)) => pm.search_path().unwrap_or_default(),
            _ => Vec::new(),
        });
        let v = match self.find_spec(name, parent_path.as_deref()) {
            Some(spec) => match self.load_unlocked(spec, true) {
                Ok(m) => Value::Module(m),
                Err(_) => Value::None,
            },
            None => Value::None,
        };
        // Every submodule the front end imported before the prompt was bound to its parent
        // package then (`_find_and_load_unlocked` → `setattr(parent, child, module)`).
        if let Value::Module(m) = &v {
            let sorted = self.sys_modules.borrow().startup_names();
            let children: Vec<&str> = sorted.iter().flat_map(|l| l.children(name)).collect();
            for child in children {
                if !self.sys_contains(child) {
                    continue;
                }
                let short = &child[name.len() + 1..];
                // (A module whose code's names are not set yet: whether its code sets it.)
                let set = match &m.code {
                    ModuleCode::Catalogue(e, _) if m.is_pending() => e.attrs.get(short).is_some(),
                    _ => m.get(short).is_some(),
                };
                if set {
                    continue;
                }
                let real = self.cat.module(&child).and_then(|e| alias_target(&child, &e));
                if real.is_none() {
                    if let Some(child) = self.name_startup(child) {
                        m.set_startup(short, child, &self.startup_handle());
                    } else if let Some(cv @ Value::Module(_)) = self.sys_get(&child) {
                        m.set(short, cv);
                    }
                }
            }
        }
        v
    }

    /// Runs `f` without recording its steps (a dependency loading as part of the module a
    /// cell imports).
    fn quietly<T>(&self, f: impl FnOnce() -> T) -> T {
        self.quiet.set(self.quiet.get() + 1);
        let r = f();
        self.quiet.set(self.quiet.get() - 1);
        r
    }

    // ----- paths ---------------------------------------------------------------------------

    /// A catalogue path with the user's prefix (and, for 3.4/3.5, that version's directory
    /// and extension suffix).
    pub(crate) fn path(&self, p: &str) -> String {
        catalogue_path(self.profile, &self.prefix, p)
    }

    // ----- finding ---------------------------------------------------------------------------

    /// `_find_spec(name, path)`: BuiltinImporter, FrozenImporter, then PathFinder over
    /// `sys.path` (`''` — the working directory — first, then the standard library).
    pub(crate) fn find_spec(&self, name: &str, parent_path: Option<&[String]>) -> Option<Spec> {
        let parent = name.rsplit_once('.').map(|(p, _)| p.to_string()).unwrap_or_default();
        let short = name.rsplit('.').next().unwrap_or(name);
        // PathFinder: a user file in the working directory shadows the standard library for
        // top-level names (sys.path[0] is ''); a package's __path__ is searched for its
        // submodules. BuiltinImporter and FrozenImporter come first on sys.meta_path.
        let dirs: Vec<String> = if self.vfs.borrow().is_empty() {
            Vec::new() // (no file of the user's anywhere)
        } else if parent.is_empty() {
            let kind = self.cat.module(name).map(|e| e.kind);
            if matches!(kind, Some(ModuleKind::Builtin | ModuleKind::Frozen)) { vec![] } else { vec![self.cwd.clone()] }
        } else {
            parent_path.map(|p| p.to_vec()).unwrap_or_default()
        };
        for dir in dirs {
            let file = format!("{dir}/{short}.py");
            if self.vfs.borrow().contains_key(&file) {
                self.step(|| TraceStep::new("PathFinder.find_spec", name).note(format!("found {file}")));
                let v = self.profile.version;
                return Some(Spec {
                    name: name.to_string(),
                    loader: Loader::Source,
                    origin: Some(file),
                    has_location: true,
                    submodule_search_locations: None,
                    cached: Some(format!("{dir}/__pycache__/{short}.cpython-{}{}.pyc", v.0, v.1)),
                    parent,
                });
            }
        }
        let entry = self.cat.module(name)?;
        if entry.alias_of.is_some() && alias_target(name, &entry).is_some() {
            return None; // `os.path` is not a file; only os's code puts it in sys.modules
        }
        let (loader, finder) = match entry.kind {
            ModuleKind::Builtin => (Loader::Builtin, "BuiltinImporter.find_spec"),
            ModuleKind::Frozen => (Loader::Frozen, "FrozenImporter.find_spec"),
            ModuleKind::Extension => (Loader::Extension, "PathFinder.find_spec"),
            ModuleKind::Source | ModuleKind::Package => (Loader::Source, "PathFinder.find_spec"),
        };
        if !parent.is_empty() && parent_path.is_none() {
            return None;
        }
        self.step(|| TraceStep::new(finder, name));
        Some(Spec {
            name: name.to_string(),
            loader,
            // A module created at start-up keeps the spec it had then (`sys` and `builtins`
            // get theirs from `_setup`, without an origin); `find_spec` says 'built-in'.
            origin: entry.origin.map(|o| self.path(o)).or_else(|| match entry.kind {
                _ if self.in_startup.get() && !self.profile.is_py2() && entry.has_location.is_some() => None,
                ModuleKind::Builtin => Some("built-in".into()),
                _ => entry.file.map(|f| self.path(f)),
            }),
            has_location: entry.has_location.unwrap_or(entry.file.is_some()),
            submodule_search_locations: entry.path.as_ref().map(|v| v.iter().map(|p| self.path(p)).collect()),
            cached: entry.cached.map(|c| self.path(c)),
            parent,
        })
    }

    // ----- loading -------------------------------------------------------------------------

    /// `_find_and_load(name)`: the module for a dotted name, importing parents first and binding
    /// a freshly loaded submodule as an attribute of its parent.
    pub(crate) fn find_and_load(&self, name: &str) -> PyResult<Rc<Module>> {
        if let Some(v) = self.sys_get(name) {
            return match v {
                Value::Module(m) => {
                    if self.depth.get() == 0 {
                        self.step(|| 
                            TraceStep::outcome("PyImport_ImportModuleLevelObject", name)
                                .note("in sys.modules already: that module is returned, nothing runs"),
                        );
                    }
                    Ok(m)
                }
                Value::None => Err(self.halted(name).into()),
                _ => Err(Stop::Unsupported(format!("sys.modules[{name:?}] is not a module; reloadlab does not emulate importing it"))),
            };
        }
        if self.depth.get() > 64 {
            return Err(Stop::Unsupported("import nesting deeper than reloadlab emulates".into()));
        }
        self.depth.set(self.depth.get() + 1);
        let r = self.find_and_load_unlocked(name);
        self.depth.set(self.depth.get() - 1);
        r
    }

    fn find_and_load_unlocked(&self, name: &str) -> PyResult<Rc<Module>> {
        self.step(|| TraceStep::new("_find_and_load", name));
        let mut parent_path = None;
        if let Some((parent, child)) = name.rsplit_once('.') {
            let pm = match self.find_and_load(parent) {
                Ok(m) => m,
                Err(Stop::Raise(e)) if self.profile.is_py2() && e.ty == "ImportError" => {
                    return Err(PyErr::new("ImportError", format!("No module named {name}")).into());
                }
                Err(e) => return Err(e),
            };
            // The parent's code may have imported the child already (os → os.path).
            if let Some(Value::Module(m)) = self.sys_get(name) {
                return Ok(m);
            }
            match pm.search_path() {
                Some(p) => parent_path = Some(p),
                None => {
                    return Err(match self.profile.import_wording {
                        ImportWording::Py2 => PyErr::new("ImportError", format!("No module named {child}")),
                        ImportWording::Quoted => PyErr::new(
                            "ImportError",
                            format!("No module named '{name}'; '{parent}' is not a package"),
                        ),
                        ImportWording::NotFound => PyErr::new(
                            "ModuleNotFoundError",
                            format!("No module named '{name}'; '{parent}' is not a package"),
                        ),
                    }
                    .into());
                }
            }
        }
        let spec = match self.find_spec(name, parent_path.as_deref()) {
            Some(s) => s,
            None => return Err(self.not_found(name)),
        };
        let module = self.load_unlocked(spec, false)?;
        if let Some((parent, child)) = name.rsplit_once('.') {
            if let Some(Value::Module(pm)) = self.sys_get(parent) {
                self.step(|| TraceStep::new(format!("setattr({parent}, {child:?}, module)"), name));
                pm.set(child, Value::Module(module.clone()));
            }
        }
        Ok(module)
    }

    /// The error for a module no finder found: ModuleNotFoundError, or one clear line when
    /// the module exists on that install but reloadlab has no model of it.
    pub(crate) fn not_found(&self, name: &str) -> Stop {
        let top = name.split('.').next().unwrap_or(name);
        // A submodule the package holds on disk, which the catalogue does not describe.
        let unmodelled_child = match name.rsplit_once('.') {
            Some((parent, child)) => !self.cat.has_module(name)
                && self
                    .cat
                    .module(parent)
                    .and_then(|e| e.submodules.as_ref().map(|s| s.iter().any(|x| x == child)))
                    .unwrap_or(false),
            None => false,
        };
        if self.cat.exists_unmodelled(top) || unmodelled_child {
            return Stop::Unsupported(format!(
                "reloadlab has no model of module '{}' for Python {}",
                name, self.profile.version
            ));
        }
        match self.profile.import_wording {
            ImportWording::Py2 => {
                PyErr::new("ImportError", format!("No module named {}", name.rsplit('.').next().unwrap_or(name))).into()
            }
            ImportWording::Quoted => PyErr::new("ImportError", format!("No module named '{name}'")).into(),
            ImportWording::NotFound => PyErr::new("ModuleNotFoundError", format!("No module named '{name}'")).into(),
        }
    }

    fn halted(&self, name: &str) -> PyErr {
        match self.profile.import_wording {
            ImportWording::Py2 => PyErr::new("ImportError", format!("No module named {name}")),
            ImportWording::Quoted => PyErr::new("ImportError", format!("import of {name} halted; None in sys.modules")),
            ImportWording::NotFound => {
                PyErr::new("ModuleNotFoundError", format!("import of {name} halted; None in sys.modules"))
            }
        }
    }

    /// `_load_unlocked(spec)`: `module_from_spec`, `sys.modules[name] = module`,
    /// `exec_module`. `startup` loads a module the front end imported before the prompt.
    pub(crate) fn load_unlocked(&self, spec: Spec, startup: bool) -> PyResult<Rc<Module>> {
        let name = spec.name.clone();
        if self.loading.borrow().contains(&name) {
            if let Some(Value::Module(m)) = self.sys_get(&name) {
                return Ok(m);
            }
        }
        self.loading.borrow_mut().insert(name.clone());
        let r = self.load_inner(spec, startup);
        self.loading.borrow_mut().remove(&name);
        r
    }

    fn load_inner(&self, spec: Spec, startup: bool) -> PyResult<Rc<Module>> {
        let was = self.in_startup.replace(startup);
        let r = self.load_module(spec, startup);
        self.in_startup.set(was);
        r
    }

    fn load_module(&self, spec: Spec, startup: bool) -> PyResult<Rc<Module>> {
        let name = spec.name.clone();
        let spec = Rc::new(spec);
        let module = self.module_from_spec(&spec);
        self.sys_set(&name, Value::Module(module.clone()));
        if !startup && let Err(e) = self.check_import_time_reads(&module) {
            self.sys_del(&name);
            return Err(e);
        }
        if let Err(e) = self.exec_module(&spec, &module, false) {
            self.sys_del(&name);
            return Err(e);
        }
        // The module's code may have replaced its own sys.modules entry.
        let module = match self.sys_get(&name) {
            Some(Value::Module(m)) => m,
            _ => module,
        };
        if !startup {
            self.after_first_exec(&name);
        }
        Ok(module)
    }

    /// Before a catalogue module's code runs for an import (`_load_unlocked`, right after
    /// `sys.modules[name] = module`): replays, in order, what the real code does that can fail
    /// on a module the user edited — its recorded reads of builtin and extension modules and
    /// the imports of modules not loaded yet, whose own reads come at that point
    /// (`import_reads`, generated from the real interpreters). The first read of a name that
    /// the module now in `sys.modules` lacks raises AttributeError (`from m import x`:
    /// ImportError) with the stdlib frames from this module's code down to the read. As in
    /// CPython, the modules whose code was running are not left in `sys.modules` (the caller
    /// removes this one; the others were never added), and the modules fully imported before
    /// the failure stay imported.
    pub(crate) fn check_import_time_reads(&self, module: &Rc<Module>) -> PyResult<()> {
        let ModuleCode::Catalogue(_, name) = &module.code else { return Ok(()) };
        if self.in_startup.get() {
            return Ok(()); // the front end's own imports ran before anything was edited
        }
        let mut run = ReadsRun { running: vec![name.clone()], done: Vec::new() };
        let Err(fail) = self.replay_reads(name, &mut run) else { return Ok(()) };
        self.quietly(|| {
            for done in &run.done {
                let _ = self.import_dependency(done);
            }
        });
        let mut err = if fail.from { self.cannot_import(&fail.module, &fail.attr) } else { self.module_attr_error(&fail.module, &fail.attr) };
        err.frames = fail.frames.iter().map(|f| Frame::Library(f.to_frame_entry())).collect();
        self.step(|| TraceStep::new("exec_module", name).note(format!(
            "the module's code reads {}.{}, which is gone: {}",
            fail.module.name().unwrap_or_default(),
            fail.attr,
            err.ty
        )));
        Err(err.into())
    }

    /// Runs the recorded steps of `name`'s code (see [`Self::check_import_time_reads`]).
    fn replay_reads(&self, name: &str, run: &mut ReadsRun) -> Result<(), ReadFailure> {
        let Some(entry) = self.cat.module(name) else { return Ok(()) };
        for ev in entry.import_reads() {
            if let (Some(read), Some(attr)) = (&ev.module, &ev.attr) {
                // A module whose code is running (partly initialised), or one this import
                // brings in fresh, has what its code defined; a submodule imported just now
                // is bound to its package.
                if run.knows(read) || run.knows(&format!("{read}.{attr}")) {
                    continue;
                }
                // Only a module object that exists can have lost a name (a start-up module
                // nobody touched has them all).
                let slot = self.sys_modules.borrow().get(read);
                if let Some(Slot::Value(Value::Module(m))) = slot
                    && !m.has(attr)
                {
                    return Err(ReadFailure { module: m, attr: attr.clone(), from: ev.from, frames: ev.frames.clone() });
                }
                continue;
            }
            for target in &ev.import {
                if run.knows(target) || self.sys_contains(target) || self.user_file_shadows(target) {
                    continue;
                }
                run.running.push(target.clone());
                let r = self.replay_reads(target, run);
                run.running.pop();
                match r {
                    Ok(()) => run.done.push(target.clone()),
                    Err(f) if ev.catches.iter().any(|c| c == if f.from { "from" } else { "attr" }) => break,
                    Err(mut f) => {
                        f.frames.splice(0..0, ev.frames.iter().cloned());
                        return Err(f);
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether `import name` would find a file of the user's instead of the standard library's.
    fn user_file_shadows(&self, name: &str) -> bool {
        !name.contains('.') && self.vfs.borrow().contains_key(&format!("{}/{name}.py", self.cwd))
    }

    /// What the real module's code does on first execution that a user sees (the `imp`
    /// DeprecationWarning).
    fn after_first_exec(&self, name: &str) {
        if name == "imp" {
            if let crate::profile::Imp::Deprecated(msg) = self.profile.imp {
                self.warn("DeprecationWarning", msg);
            }
        }
    }

    /// `module_from_spec(spec)`: `loader.create_module(spec)` (for builtin and extension
    /// modules `_imp.create_builtin` / `_imp.create_dynamic`), else a new empty module; then
    /// `_init_module_attrs(spec, module)`.
    fn module_from_spec(&self, spec: &Rc<Spec>) -> Rc<Module> {
        let name = &spec.name;
        let module = match spec.loader {
            Loader::Builtin | Loader::Extension => self.create_extension(spec),
            Loader::Source | Loader::Frozen => {
                self.step(|| TraceStep::new("module_from_spec", name).note("new module object"));
                let code = match self.cat.module(name) {
                    Some(e) if spec.origin.as_deref().map(|o| !o.starts_with(&self.cwd)).unwrap_or(true) => {
                        ModuleCode::Catalogue(e, name.clone())
                    }
                    _ => ModuleCode::UserFile(spec.origin.clone().unwrap_or_default()),
                };
                let m = Rc::new(Module::new(None, code));
                self.new_module_dunders(&m, name);
                m
            }
        };
        self.init_module_attrs(spec, &module, false);
        module
    }

    /// `PyModule_New`: `__name__`, `__doc__`, and (3.4+) `__package__`, `__loader__`,
    /// `__spec__` set to None.
    fn new_module_dunders(&self, m: &Rc<Module>, name: &str) {
        m.set("__name__", Value::str(name));
        m.set("__doc__", Value::None);
        if !self.profile.is_py2() {
            m.set("__package__", Value::None);
            m.set("__loader__", Value::None);
            m.set("__spec__", Value::None);
        }
    }

    /// `_imp.create_builtin` / `_imp.create_dynamic` (3.x) and `_PyImport_LoadDynamicModule`
    /// (2.7): reuse the `m_copy` snapshot of a single-phase module that was initialised
    /// before (`_PyImport_FindExtensionObject`), else run the module's init function.
    fn create_extension(&self, spec: &Rc<Spec>) -> Rc<Module> {
        let name = &spec.name;
        let entry = self.cat.module(name);
        let (init, m_size) = match entry.as_deref() {
            Some(e) => (e.init.unwrap_or(InitStyle::Single), e.m_size.unwrap_or(-1)),
            None => (InitStyle::Single, -1),
        };
        let create = if spec.loader == Loader::Builtin { "_imp.create_builtin" } else { "_imp.create_dynamic" };
        let def = self.extensions.borrow().get(name.as_str()).cloned();
        if let Some(def) = &def {
            if let Some(copy) = def.m_copy().as_ref() {
                self.step(|| 
                    TraceStep::new(create, name)
                        .note("_PyImport_FindExtensionObject: single-phase module seen before"),
                );
                self.step(|| TraceStep::outcome("new module, dict.update(m_copy): the snapshot's objects, identical", name));
                let m = Rc::new(Module::new(Some(def.clone()), ModuleCode::None));
                self.new_module_dunders(&m, name);
                m.dict_mut().extend(copy.iter().map(|(k, v)| (k.clone(), v.clone())));
                return m;
            }
        }
        let def = def.unwrap_or_else(|| {
            let d = Rc::new(ModuleDef::new(name, init, m_size));
            self.extensions.borrow_mut().insert(name.clone(), d.clone());
            d
        });
        let finds_state = entry.as_deref().and_then(|e| e.reimport_same).unwrap_or(false);
        if finds_state && init == InitStyle::Single && !self.profile.is_py2() {
            if let Some(old) = def.state_module.borrow().clone() {
                self.step(|| 
                    TraceStep::new(create, name).note(format!("PyInit_{name}: PyState_FindModule returns the module created before")),
                );
                self.step(|| TraceStep::outcome("the same module object, with its edits", name));
                return old;
            }
        }
        let code = match &entry {
            Some(e) => ModuleCode::Catalogue(e.clone(), name.clone()),
            None => ModuleCode::None,
        };
        let m = Rc::new(Module::new(Some(def.clone()), code));
        self.new_module_dunders(&m, name);
        match init {
            InitStyle::Single => {
                self.step(|| TraceStep::new(create, name).note(format!("PyInit_{name}: single-phase init (m_size {m_size})")));
                let _ = self.run_module_code(&m, false);
                if spec.loader == Loader::Extension && !self.profile.is_py2() {
                    if let Some(f) = &spec.origin {
                        m.set("__file__", Value::str(f));
                    }
                }
                if m_size >= 0 {
                    m.has_state.set(true);
                    *def.state_module.borrow_mut() = Some(m.clone());
                }
                if m_size == -1 || self.profile.is_py2() {
                    // _PyImport_FixupExtensionObject: keep a copy of the dict for re-imports.
                    self.step(|| TraceStep::new("_PyImport_FixupExtensionObject", name).note("m_copy = copy of the module dict"));
                    def.snapshot(&m);
                }
            }
            InitStyle::Multi => {
                self.step(|| TraceStep::new(create, name).note("multi-phase init (PEP 489): PyModule_FromDefAndSpec"));
            }
        }
        m
    }

    /// `_init_module_attrs(spec, module, override)`.
    pub(crate) fn init_module_attrs(&self, spec: &Rc<Spec>, m: &Rc<Module>, override_: bool) {
        if self.profile.is_py2() {
            // 2.7 has no specs: the C loaders set __name__, __file__ and a package's __path__.
            if let Some(locs) = &spec.submodule_search_locations {
                if override_ || m.get("__path__").is_none() {
                    m.set("__path__", Value::List(Rc::new(RefCell::new(locs.iter().map(|s| Value::str(s)).collect()))));
                }
            }
            if let Some(f) = &spec.origin {
                if spec.has_location && (override_ || m.get("__file__").is_none()) {
                    let f = if f.starts_with(&self.cwd) && spec.loader == Loader::Source {
                        f.rsplit('/').next().unwrap_or(f).to_string()
                    } else {
                        f.clone()
                    };
                    m.set("__file__", Value::str(&f));
                }
            }
            return;
        }
        self.step(|| TraceStep::new(
            if override_ { "_init_module_attrs(override=True)" } else { "_init_module_attrs" },
            &spec.name,
        ));
        let none_or_missing = |k: &str| matches!(m.get(k), None | Some(Value::None));
        if override_ || none_or_missing("__name__") {
            m.set("__name__", Value::str(&spec.name));
        }
        if override_ || none_or_missing("__loader__") {
            m.set("__loader__", self.loader_value(spec.loader));
        }
        if override_ || none_or_missing("__package__") {
            let pkg = if spec.submodule_search_locations.is_some() { spec.name.clone() } else { spec.parent.clone() };
            m.set("__package__", Value::str(&pkg));
        }
        m.set("__spec__", Value::Spec(spec.clone()));
        if let Some(locs) = &spec.submodule_search_locations {
            if override_ || none_or_missing("__path__") {
                m.set("__path__", Value::List(Rc::new(RefCell::new(locs.iter().map(|s| Value::str(s)).collect()))));
            }
        }
        if spec.loader == Loader::Frozen {
            // 3.11+ `FrozenImporter._fix_up_module`: stdlib modules frozen into the binary
            // still get the `__file__` of their source.
            if let Some(f) = self.cat.module(&spec.name).and_then(|e| e.file.clone()) {
                if override_ || none_or_missing("__file__") {
                    m.set("__file__", Value::str(&self.path(&f)));
                }
            }
        }
        if spec.has_location {
            if let Some(origin) = &spec.origin {
                if override_ || none_or_missing("__file__") {
                    m.set("__file__", Value::str(origin));
                }
            }
            if let Some(c) = &spec.cached {
                if override_ || none_or_missing("__cached__") {
                    m.set("__cached__", Value::str(c));
                }
            }
        }
    }

    /// The `__loader__` of a module of this kind: the importer class for builtin and frozen
    /// modules (one object), a loader instance for file-based ones.
    pub(crate) fn loader_value(&self, l: Loader) -> Value {
        let key = l.name();
        if let Some(v) = self.loaders.borrow().get(key) {
            if matches!(l, Loader::Builtin | Loader::Frozen) {
                return v.clone();
            }
        }
        let v = if matches!(l, Loader::Builtin | Loader::Frozen) {
            // The importer classes themselves are the loaders.
            Value::Func(Rc::new(Function {
                name: key.into(),
                qualname: key.into(),
                module: Some("_frozen_importlib".into()),
                type_name: "type".into(),
                repr: l.repr().to_string().into(),
                signature: None,
                is_class: true,
                ipython: Default::default(),
                calls: Default::default(),
                native: Native::NotEmulated,
            }))
        } else {
            Value::Opaque(Rc::new(Opaque {
                type_name: key.into(),
                type_module: Some("_frozen_importlib_external".into()),
                repr: Some(l.repr().to_string().into()),
                str: None,
            }))
        };
        self.loaders.borrow_mut().insert(key, v.clone());
        v
    }

    /// `loader.exec_module(module)`.
    fn exec_module(&self, spec: &Rc<Spec>, m: &Rc<Module>, reload: bool) -> PyResult<()> {
        let name = &spec.name;
        match spec.loader {
            Loader::Builtin | Loader::Extension => {
                let f = if spec.loader == Loader::Builtin {
                    "BuiltinImporter.exec_module → _imp.exec_builtin"
                } else {
                    "ExtensionFileLoader.exec_module → _imp.exec_dynamic"
                };
                let def = m.def.clone();
                match def {
                    Some(def) if def.init == InitStyle::Multi && !m.has_state.get() => {
                        self.step(|| TraceStep::new(f, name).note("multi-phase module without state: PyModule_ExecDef runs the Py_mod_exec slots"));
                        let _ = self.run_module_code(m, false);
                        m.has_state.set(true);
                        if reload {
                            self.step(|| TraceStep::outcome("the module's names are set again", name));
                        }
                    }
                    Some(def) if def.init == InitStyle::Multi => {
                        self.step(|| TraceStep::new(f, name).note("module state already allocated: nothing to execute (PEP 489)"));
                        if reload {
                            self.step(|| TraceStep::outcome("the module dict is kept as it is", name));
                        }
                    }
                    _ => {
                        self.step(|| TraceStep::new(f, name).note("single-phase module, nothing to execute (PEP 489)"));
                        if reload {
                            self.step(|| TraceStep::outcome("the module dict is kept as it is", name));
                        }
                    }
                }
                Ok(())
            }
            Loader::Source | Loader::Frozen => {
                let what = if spec.loader == Loader::Frozen { "FrozenImporter.exec_module" } else { "SourceFileLoader.exec_module" };
                self.step(|| TraceStep::new(what, name).note("exec(code, module.__dict__): the module's code runs"));
                let r = self.run_module_code(m, true);
                if reload && r.is_ok() {
                    self.step(|| TraceStep::outcome("every name the code defines is set again; other names stay", name));
                }
                r
            }
        }
    }

    /// Runs a module's code in its dict: for a catalogue module, sets every name its code
    /// defines to new objects (and imports what it imports); for a user file, evaluates it.
    pub(crate) fn run_module_code(&self, m: &Rc<Module>, python_code: bool) -> PyResult<()> {
        match m.code.clone() {
            ModuleCode::Catalogue(entry, name) => {
                self.exec_catalogue(m, &entry, &name, python_code);
                Ok(())
            }
            ModuleCode::UserFile(path) => {
                let src = self.vfs.borrow().get(&path).cloned().unwrap_or_default();
                if python_code {
                    m.set("__builtins__", Value::Module(self.builtins.clone()));
                }
                self.exec_file(m, &path, &src)
            }
            ModuleCode::None => Ok(()),
        }
    }

    fn exec_catalogue(&self, m: &Rc<Module>, entry: &Rc<ModuleEntry>, name: &str, python_code: bool) {
        // A module that names itself otherwise (`_io`'s definition says `io`; `_collections_abc`
        // sets `__name__ = "collections.abc"`).
        if let Some(own) = entry.name_value.and_then(super::repr::parse_literal)
            && matches!(&own, Value::Str(s) if **s != *name)
        {
            m.set("__name__", own);
        }
        // What the module's code imports, other than itself and its parents (a start-up
        // module's were all imported at start-up, whatever the user has done since).
        for dep in entry.imports.iter().filter(|_| !self.in_startup.get()) {
            if dep == name || is_within(name, dep) {
                continue;
            }
            if !self.sys_contains(dep) {
                let _ = self.quietly(|| self.import_dependency(dep));
            }
        }
        // What the code binds that depends on the import system now: the modules it refers to.
        let py2 = self.profile.is_py2();
        let skip = move |attr: &str| {
            if py2 { attr == "__name__" || attr == "__path__" } else { IMPORT_DUNDERS.contains(&attr) }
        };
        // (A start-up module nobody has used is created when the dict is first used.)
        let mut bound: Vec<(&'static str, Bound)> = Vec::new();
        for (attr, r) in entry.module_refs() {
            if skip(attr) || attr == "__builtins__" {
                continue;
            }
            // A module the catalogue knows by the name it was given later (`_frozen_importlib`
            // binds `_frozen_importlib_external`, which importlib's code renames
            // `importlib._bootstrap_external`): that object.
            let renamed = || self.cat.module(r).and_then(|e| alias_target(r, &e));
            if is_within(r, name) {
                // A submodule: bound by the import system when it is first loaded. A
                // module the front end imported before the prompt had it bound then; one
                // the code puts in `sys.modules` itself (importlib's `_bootstrap`), by the code.
                if self.sys_contains(r) && (self.in_startup.get() || renamed().is_some()) {
                    bound.extend(self.bound_in_sys_modules(r).map(|b| (attr, b)));
                }
                continue;
            }
            let real = if self.sys_contains(r) { None } else { renamed().filter(|real| self.sys_contains(real)) };
            let r = real.as_deref().unwrap_or(r);
            let b = self.bound_in_sys_modules(r).or_else(|| self.import_dependency(r).map(|m| Bound::Now(Value::Module(m))));
            bound.extend(b.map(|b| (attr, b)));
        }
        let named: Vec<&'static str> = bound
            .iter()
            .filter_map(|(_, b)| match b {
                Bound::Startup(r) => Some(*r),
                Bound::Now(_) => None,
            })
            .collect();
        // The rest are new objects made from the record, whenever the dict is first used.
        let (profile, cat_prefix, entry, name) = (self.profile, self.prefix.clone(), entry.clone(), name.to_string());
        let builtins = python_code.then(|| self.builtins.clone());
        let startup = (!named.is_empty()).then(|| (self.startup_handle(), named));
        m.defer_with(if py2 { &["__name__", "__path__"] } else { IMPORT_DUNDERS }, startup, move |d, resolved| {
            let mut bound = bound.into_iter().peekable();
            d.reserve(entry.attrs.len());
            for (attr, e) in entry.attrs.iter() {
                if skip(attr) {
                    continue;
                }
                let v = if attr == "__builtins__" {
                    match &builtins {
                        Some(b) => Value::Module(b.clone()),
                        None => continue,
                    }
                } else if e.module_ref().is_some() {
                    match bound.next_if(|(a, _)| *a == attr) {
                        Some((_, Bound::Now(v))) => v,
                        Some((_, Bound::Startup(r))) => match resolved.get(r) {
                            Some(v) => v,
                            None => continue,
                        },
                        None => continue,
                    }
                } else {
                    materialize_with(profile, &cat_prefix, &name, attr, &e, |_| None)
                };
                d.insert(key(attr), v);
            }
            if py2 {
                if let Some(f) = entry.file {
                    if !d.contains_key("__file__") {
                        d.insert(key("__file__"), Value::str(&catalogue_path(profile, &cat_prefix, f)));
                    }
                }
            }
        });
    }

    /// The names the code that puts module `m` in `sys.modules` under another key gives it:
    /// `__name__`, `__package__` and `__file__` as that key's record has them (importlib's
    /// code makes `_frozen_importlib` `'importlib._bootstrap'` of package `'importlib'`).
    fn take_names_of(&self, m: &Rc<Module>, key_entry: &ModuleEntry) {
        for dunder in ["__name__", "__package__", "__file__"] {
            let Some(e) = key_entry.attrs.get(dunder) else { continue };
            if e.value().is_some() {
                let v = materialize_with(self.profile, &self.prefix, dunder, dunder, &e, |_| None);
                let same = matches!((m.get(dunder), &v), (Some(Value::Str(a)), Value::Str(b)) if a == *b);
                if !same {
                    m.set(dunder, v);
                }
            }
        }
    }

    /// What a module's code that binds the module `name` holds, if `sys.modules` has it: the
    /// object, or the name of a start-up module nobody has used.
    fn bound_in_sys_modules(&self, name: &str) -> Option<Bound> {
        if let Some(r) = self.name_startup(name) {
            return Some(Bound::Startup(r));
        }
        match self.sys_get(name) {
            Some(v @ Value::Module(_)) => Some(Bound::Now(v)),
            _ => None,
        }
    }

    /// What creates this interpreter's start-up modules, for the dicts that name them.
    fn startup_handle(&self) -> std::rc::Weak<dyn StartupModules> {
        self.me.clone()
    }

    fn import_dependency(&self, name: &str) -> Option<Rc<Module>> {
        if let Some(Value::Module(m)) = self.sys_get(name) {
            return Some(m);
        }
        if let Some(e) = self.cat.module(name) {
            if let Some(real) = alias_target(name, &e) {
                let m = self.import_dependency(&real)?;
                self.take_names_of(&m, &e);
                self.sys_set(name, Value::Module(m.clone()));
                return Some(m);
            }
        }
        self.find_and_load(name).ok()
    }

    // ----- reload --------------------------------------------------------------------------

    /// The part of reload after the argument checks: `name` is in `sys.modules` and is
    /// `module`. Returns what reload returns.
    pub(crate) fn reload_module(&self, name: &str, m: &Rc<Module>) -> PyResult<Value> {
        if self.profile.is_py2() {
            return self.reload_py2(name, m);
        }
        if self.reloading.borrow().contains(name) {
            return Ok(Value::Module(m.clone()));
        }
        self.reloading.borrow_mut().insert(name.to_string());
        let r = self.reload_py3(name, m);
        self.reloading.borrow_mut().remove(name);
        r
    }

    fn reload_py3(&self, name: &str, m: &Rc<Module>) -> PyResult<Value> {
        let parent_path = match name.rsplit_once('.') {
            Some((parent, _)) => match self.sys_get(parent) {
                Some(Value::Module(pm)) => pm.search_path(),
                _ => {
                    let msg = format!("parent {} not in sys.modules", crate::syntax::quote_str(parent));
                    return Err(PyErr::new("ImportError", msg).into());
                }
            },
            None => None,
        };
        let spec = match self.find_spec(name, parent_path.as_deref().or(Some(&[]))) {
            Some(s) => Rc::new(s),
            None => {
                return Err(PyErr::new(
                    "ModuleNotFoundError",
                    format!("spec not found for the module {}", crate::syntax::quote_str(name)),
                )
                .into());
            }
        };
        self.step(|| TraceStep::new("_bootstrap._exec", name));
        match (self.profile.reload_extension, spec.loader) {
            (ReloadExtension::SnapshotOrReinit, Loader::Builtin | Loader::Extension) => {
                // 3.4: _SpecMethods.exec → init_module_attrs(_override=True) → load_module.
                self.init_module_attrs(&spec, m, true);
                let def = m.def.clone();
                let loader = if spec.loader == Loader::Builtin { "BuiltinImporter.load_module → _imp.init_builtin" } else { "ExtensionFileLoader.load_module → _imp.load_dynamic" };
                match def {
                    Some(def) if def.m_size == -1 && def.m_copy().is_some() => {
                        self.step(|| TraceStep::new(loader, name).note("_PyImport_FindExtensionObject"));
                        let copy = def.m_copy().clone().unwrap_or_default();
                        m.dict_mut().extend(copy);
                        self.step(|| TraceStep::outcome("dict.update(m_copy): deleted names are back, overwritten ones reverted", name));
                        // load_module sets __loader__ and __package__ again; __spec__ stays None.
                        m.set("__loader__", self.loader_value(spec.loader));
                        m.set("__package__", Value::str(&spec.parent));
                        Ok(self.sys_get(name).unwrap_or(Value::Module(m.clone())))
                    }
                    _ => {
                        self.step(|| TraceStep::new(loader, name).note("m_size >= 0: the init function runs again"));
                        let fresh = self.module_from_spec(&spec);
                        self.run_module_code(&fresh, false)?;
                        self.sys_set(name, Value::Module(fresh.clone()));
                        self.step(|| TraceStep::outcome("a new module object replaces sys.modules[name]", name));
                        Ok(Value::Module(fresh))
                    }
                }
            }
            _ => {
                self.init_module_attrs(&spec, m, true);
                self.exec_module(&spec, m, true)?;
                if self.profile.reload_moves_to_end {
                    if let Some(v) = self.sys_get(name) {
                        self.sys_del(name);
                        self.sys_set(name, v);
                    }
                }
                Ok(self.sys_get(name).unwrap_or(Value::Module(m.clone())))
            }
        }
    }

    /// 2.7 `PyImport_ReloadModule`: find_module again, then load_module, which for builtin and
    /// extension modules is `_PyImport_FindExtension` → `PyDict_Update(dict, m_copy)`.
    fn reload_py2(&self, name: &str, m: &Rc<Module>) -> PyResult<Value> {
        self.step(|| TraceStep::new("PyImport_ReloadModule", name));
        let parent_path = name.rsplit_once('.').map(|_| Vec::<String>::new());
        let spec = match self.find_spec(name, parent_path.as_deref()) {
            Some(s) => s,
            None => return Err(PyErr::new("ImportError", format!("No module named {name}")).into()),
        };
        match spec.loader {
            Loader::Builtin | Loader::Extension => {
                let what = if spec.loader == Loader::Builtin { "init_builtin" } else { "_PyImport_LoadDynamicModule" };
                self.step(|| TraceStep::new(what, name));
                match m.def.clone().and_then(|d| d.m_copy().clone()) {
                    Some(copy) => {
                        self.step(|| TraceStep::new("_PyImport_FindExtension", name).note("the module was initialised before"));
                        m.dict_mut().extend(copy);
                        self.step(|| TraceStep::outcome("dict.update(m_copy): deleted names are back, overwritten ones reverted", name));
                    }
                    None => {
                        self.run_module_code(m, false)?;
                    }
                }
            }
            Loader::Source | Loader::Frozen => {
                self.step(|| TraceStep::new("load_source_module", name).note("the module's code runs again in the same dict"));
                self.run_module_code(m, true)?;
                self.step(|| TraceStep::outcome("every name the code defines is set again; other names stay", name));
            }
        }
        Ok(self.sys_get(name).unwrap_or(Value::Module(m.clone())))
    }
}

/// A module a module's code binds: the object, or a start-up module created when the dict
/// is first used.
enum Bound {
    Now(Value),
    Startup(&'static str),
}

/// The state of one replay of import-time reads: the modules whose code is running (the
/// importing one first) and those fully imported, in order.
struct ReadsRun {
    running: Vec<String>,
    done: Vec<String>,
}

impl ReadsRun {
    fn knows(&self, name: &str) -> bool {
        self.running.iter().chain(&self.done).any(|n| n == name)
    }
}

/// A recorded read that fails: the module read, the name it lacks, whether it was
/// `from module import attr`, and the frames from the importing module's code down to it.
struct ReadFailure {
    module: Rc<Module>,
    attr: String,
    from: bool,
    frames: Vec<ReadFrame>,
}

/// Whether `module` is a submodule of `package`, at any depth (`a.b.c` of `a.b` and `a`).
fn is_within(module: &str, package: &str) -> bool {
    module.len() > package.len() && module.starts_with(package) && module.as_bytes()[package.len()] == b'.'
}

/// For a `sys.modules` key that holds a module of another name, the real name: the name in
/// the module's spec (`os.path` is `posixpath`; 3.x `importlib._bootstrap` is
/// `_frozen_importlib`, which importlib's code renames and puts in `sys.modules` under both
/// names; 3.13 `collections.abc` is `_collections_abc`), or for 2.7, which has no specs, the
/// key the catalogue found holding the same object. A module whose `__name__` merely differs
/// from its key (`_io` says it is `io`) is a module of its own.
pub(crate) fn alias_target(key: &str, entry: &ModuleEntry) -> Option<String> {
    match entry.spec_name {
        Some(spec) => (spec != key).then(|| spec.to_string()),
        None => entry.alias_of.filter(|a| *a != key).map(String::from),
    }
}

/// A catalogue path with the user's prefix (and, for 3.4/3.5, that version's directory and
/// extension suffix).
pub(crate) fn catalogue_path(profile: &Profile, prefix: &str, p: &str) -> String {
    let mut s = String::with_capacity(p.len() + prefix.len());
    let mut rest = p;
    while let Some(k) = rest.find("{prefix}") {
        s.push_str(&rest[..k]);
        s.push_str(prefix);
        rest = &rest[k + "{prefix}".len()..];
    }
    s.push_str(rest);
    if let Some(own) = profile.own_library_dir(&s) {
        s = own;
        if let Some(stem) = s.strip_suffix(".so") {
            if let Some(i) = stem.find(".cpython-") {
                s = format!("{}{}", &stem[..i], profile.ext_suffix);
            }
        }
    }
    s
}

/// An object of the catalogue as a value: a literal, a function or class, the module it
/// names (`module_ref`, looked up by `sys_get`), or an object known by its repr.
pub(crate) fn materialize_with(
    profile: &'static Profile,
    prefix: &str,
    module: &str,
    attr: &str,
    e: &AttrEntry,
    sys_get: impl FnOnce(&str) -> Option<Value>,
) -> Value {
    if let Some(v) = e.value() {
        if let Some(x) = super::repr::parse_literal(v) {
            return match x {
                Value::Str(s) if s.contains("{prefix}") => Value::str(&catalogue_path(profile, prefix, &s)),
                x => x,
            };
        }
    }
    if e.callable() || e.is_class() {
        let native = super::builtins::native_for(profile, module, attr, e);
        return Value::Func(Rc::new(Function::from_entry(e, native)));
    }
    if let Some(r) = e.module_ref() {
        if let Some(v) = sys_get(r) {
            return v;
        }
    }
    if module == "sys" && attr == "modules" {
        return Value::SysModules;
    }
    Value::Opaque(Rc::new(Opaque {
        type_name: e.type_name().into(),
        type_module: e.type_module().map(Text::from),
        repr: e.repr().map(Text::from),
        str: e.str().map(Text::from),
    }))
}

#[cfg(test)]
mod tests {
    use crate::profile::PyVersion;
    use crate::runtime::Value;
    use crate::session::{Options, Session, Style};
    use std::rc::Rc;

    /// The output of each cell of a session.
    fn outputs(v: PyVersion, style: Style, cells: &[&str]) -> Vec<String> {
        let mut s = Session::new(Options::new(v, style)).unwrap();
        cells.iter().flat_map(|c| s.feed(c)).map(|r| r.output).collect()
    }

    /// The start-up modules a session has created so far.
    fn created(s: &Session) -> Vec<String> {
        let mut v: Vec<String> = s.interp.startup_objects.borrow().keys().cloned().collect();
        v.sort();
        v
    }

    #[test]
    fn a_start_up_module_is_created_without_those_it_refers_to() {
        let mut s = Session::new(Options::new(PyVersion(3, 6), Style::Ipython)).unwrap();
        s.feed("import importlib");
        assert_eq!(created(&s), ["importlib"], "importlib's code binds _bootstrap, sys, types, warnings, ...");
        // Using its dict creates those it names (its code's imports and the submodules the
        // front end bound to it), and only those: not `_thread` or `_weakref`, which
        // `_bootstrap` names. `importlib._bootstrap` is the `_frozen_importlib` object (and
        // `_bootstrap_external` the `_frozen_importlib_external` one), under both names.
        s.feed("importlib.reload");
        let names = ["_frozen_importlib", "_frozen_importlib_external", "_imp", "importlib", "importlib._bootstrap"];
        let more = ["importlib._bootstrap_external", "importlib.abc", "importlib.machinery", "importlib.util", "sys", "types", "warnings"];
        assert_eq!(created(&s), names.iter().chain(&more).map(|n| n.to_string()).collect::<Vec<_>>());
        let objects = s.interp.startup_objects.borrow();
        let same = |a: &str, b: &str| match (&objects[a], &objects[b]) {
            (Value::Module(x), Value::Module(y)) => Rc::ptr_eq(x, y),
            _ => false,
        };
        assert!(same("importlib._bootstrap", "_frozen_importlib") && same("importlib._bootstrap_external", "_frozen_importlib_external"));
    }

    #[test]
    fn a_named_start_up_module_keeps_its_identity_when_its_entry_goes() {
        let out = outputs(
            PyVersion(3, 6),
            Style::Python,
            &[
                "import sys, importlib",
                "sys.modules['types'] = 5",
                "del sys.modules['importlib._bootstrap']",
                "importlib.types",
                "b = importlib._bootstrap",
                "b.__name__, b is sys.modules.get('importlib._bootstrap')",
                "import importlib._bootstrap",
                "importlib._bootstrap is b, sys.modules['importlib._bootstrap'] is b",
            ],
        );
        assert_eq!(out[3], "<module 'types' from '/usr/local/lib/python3.6/types.py'>\n");
        assert_eq!(out[5], "('importlib._bootstrap', False)\n");
        assert_eq!(out[7], "(False, False)\n");
    }

    #[test]
    fn an_import_time_read_of_a_deleted_name_fails_with_the_stdlib_frames() {
        let out = outputs(
            PyVersion(3, 6),
            Style::Python,
            &[
                "import sys, itertools",
                "del itertools.count",
                "import importlib",
                "'importlib' in sys.modules, 'weakref' in sys.modules, 'collections' in sys.modules",
            ],
        );
        assert_eq!(
            out[2],
            "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n  \
             File \"/usr/local/lib/python3.6/importlib/__init__.py\", line 57, in <module>\n    import types\n  \
             File \"/usr/local/lib/python3.6/types.py\", line 171, in <module>\n    import functools as _functools\n  \
             File \"/usr/local/lib/python3.6/functools.py\", line 23, in <module>\n    from weakref import WeakKeyDictionary\n  \
             File \"/usr/local/lib/python3.6/weakref.py\", line 498, in <module>\n    class finalize:\n  \
             File \"/usr/local/lib/python3.6/weakref.py\", line 519, in finalize\n    _index_iter = itertools.count()\n\
             AttributeError: module 'itertools' has no attribute 'count'\n"
        );
        // The modules whose code failed are gone; those imported before the failure stay.
        assert_eq!(out[3], "(False, False, True)\n");
    }

    #[test]
    fn a_from_import_of_a_deleted_name_raises_import_error() {
        let out = outputs(PyVersion(3, 6), Style::Python, &["import itertools", "del itertools.groupby", "import statistics"]);
        assert!(out[2].contains("  File \"/usr/local/lib/python3.6/statistics.py\", line 92, in <module>\n    from itertools import groupby, chain\n"), "{}", out[2]);
        assert!(out[2].ends_with("ImportError: cannot import name 'groupby'\n"), "{}", out[2]);
        // 3.7+ names the module and where it is.
        let out = outputs(PyVersion(3, 8), Style::Python, &["import itertools", "del itertools.groupby", "import statistics"]);
        assert!(out[2].ends_with("ImportError: cannot import name 'groupby' from 'itertools' (unknown location)\n"), "{}", out[2]);
    }

    #[test]
    fn nothing_fails_when_the_read_names_are_there_or_the_reader_is_loaded() {
        // Untouched modules: the recorded reads all succeed.
        let out = outputs(PyVersion(3, 6), Style::Python, &["import itertools", "import importlib", "import statistics"]);
        assert!(out.iter().all(|o| o.is_empty()), "{out:?}");
        // IPython imported weakref at start-up: its class body does not run again.
        let out = outputs(PyVersion(3, 6), Style::Ipython, &["import itertools", "del itertools.count", "import importlib"]);
        assert!(out[2].is_empty(), "{}", out[2]);
        // A name no module's code reads at import time.
        let out = outputs(PyVersion(3, 6), Style::Python, &["import itertools", "del itertools.accumulate", "import importlib"]);
        assert!(out[2].is_empty(), "{}", out[2]);
    }
}
