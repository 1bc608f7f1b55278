//! The trace of what the import machinery did, recorded as it runs, for `--explain`. Steps are
//! named as CPython names them (`importlib/_bootstrap.py`, `Python/import.c`), so a reader can
//! look each one up.

use crate::profile::PyVersion;

/// One step the import machinery took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceStep {
    /// CPython's name for the step: `_bootstrap._exec`, `_imp.exec_dynamic`, …
    pub name: String,
    /// What the step did here, in a few words ("single-phase module, nothing to execute").
    pub note: Option<String>,
    /// The module the step worked on.
    pub module: String,
    /// Whether this step is the outcome for the user's question (a name restored or kept
    /// deleted, a new module object, …) rather than a mechanism.
    pub outcome: bool,
}

impl TraceStep {
    pub fn new(name: impl Into<String>, module: &str) -> TraceStep {
        TraceStep { name: name.into(), note: None, module: module.to_string(), outcome: false }
    }
    pub fn note(mut self, note: impl Into<String>) -> TraceStep {
        self.note = Some(note.into());
        self
    }
    pub fn outcome(name: impl Into<String>, module: &str) -> TraceStep {
        TraceStep { name: name.into(), note: None, module: module.to_string(), outcome: true }
    }
}

/// CPython's name, in version `v`, for a step the runtime records under its 3.5+ name
/// (`importlib/_bootstrap.py` since PEP 451 and PEP 489). Python 2.7 imports in C
/// (`Python/import.c`: `import_submodule`, `find_module`, `_PyImport_LoadDynamicModule`,
/// `_PyImport_FixupExtension`); 3.4 has specs but runs them through `_SpecMethods`, and its
/// builtin and extension loaders have `load_module` only, so the init function does
/// everything and there is no separate exec step. `None`: the step does not exist in `v`.
pub fn era_name(name: &str, v: PyVersion) -> Option<&str> {
    let py2 = v.0 == 2;
    let py34 = v == PyVersion(3, 4);
    if !py2 && !py34 {
        return Some(name);
    }
    Some(match name {
        "_find_and_load" | "PyImport_ImportModuleLevelObject" if py2 => "import_submodule",
        "PathFinder.find_spec" | "BuiltinImporter.find_spec" | "FrozenImporter.find_spec" if py2 => "find_module",
        "module_from_spec" if py2 => "PyImport_AddModule",
        "module_from_spec" => "_SpecMethods.create",
        "_imp.create_dynamic" if py2 => "_PyImport_LoadDynamicModule",
        "_imp.create_dynamic" => "ExtensionFileLoader.load_module → _imp.load_dynamic",
        "_imp.create_builtin" if py2 => "init_builtin",
        "_imp.create_builtin" => "BuiltinImporter.load_module → _imp.init_builtin",
        "_PyImport_FixupExtensionObject" if py2 => "_PyImport_FixupExtension",
        "ExtensionFileLoader.exec_module → _imp.exec_dynamic" | "BuiltinImporter.exec_module → _imp.exec_builtin" => {
            return None;
        }
        "SourceFileLoader.exec_module" if py2 => "PyImport_ExecCodeModuleEx",
        "_init_module_attrs" if py34 => "_SpecMethods.init_module_attrs",
        "_init_module_attrs(override=True)" if py34 => "_SpecMethods.init_module_attrs(_override=True)",
        "_bootstrap._exec" if py34 => "_SpecMethods.exec",
        "importlib.import_module → _bootstrap._gcd_import" if py2 => "importlib.import_module → __import__",
        other => other,
    })
}

impl TraceStep {
    /// This step as version `v` names it ([`era_name`]); `None` when `v` has no such step.
    pub fn for_version(mut self, v: PyVersion) -> Option<TraceStep> {
        let n = era_name(&self.name, v)?;
        if n != self.name {
            self.name = n.to_string();
        }
        if v.0 == 2 {
            // 2.7's C names in notes: `_PyImport_FindExtension`, `initmath`.
            if let Some(note) = &mut self.note {
                *note = note.replace("_PyImport_FindExtensionObject", "_PyImport_FindExtension").replace("PyInit_", "init");
            }
        }
        Some(self)
    }
}

/// Writes a trace as `a → b: note → c`, one line per module operation.
pub fn format_trace(steps: &[TraceStep]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for s in steps {
        let item = match &s.note {
            Some(n) => format!("{}: {}", s.name, n),
            None => s.name.clone(),
        };
        if s.outcome {
            if cur.is_empty() {
                cur = item;
            } else {
                cur.push_str(" → ");
                cur.push_str(&item);
            }
            lines.push(std::mem::take(&mut cur));
            continue;
        }
        if !cur.is_empty() {
            cur.push_str(" → ");
        }
        cur.push_str(&item);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_take_the_names_of_their_era() {
        let v27 = PyVersion(2, 7);
        let v34 = PyVersion(3, 4);
        let v36 = PyVersion(3, 6);
        assert_eq!(era_name("_find_and_load", v27), Some("import_submodule"));
        assert_eq!(era_name("_find_and_load", v36), Some("_find_and_load"));
        assert_eq!(era_name("_bootstrap._exec", v34), Some("_SpecMethods.exec"));
        assert_eq!(era_name("_imp.create_dynamic", v27), Some("_PyImport_LoadDynamicModule"));
        assert_eq!(era_name("ExtensionFileLoader.exec_module → _imp.exec_dynamic", v34), None);
        let exec = "ExtensionFileLoader.exec_module → _imp.exec_dynamic";
        assert_eq!(era_name(exec, v36), Some(exec));
        let s = TraceStep::new("PathFinder.find_spec", "math").note("x").for_version(v27).unwrap();
        assert_eq!((s.name.as_str(), s.note.as_deref()), ("find_module", Some("x")));
        let s = TraceStep::new("_imp.create_dynamic", "math").note("PyInit_math: single-phase init").for_version(v27).unwrap();
        assert_eq!(s.note.as_deref(), Some("initmath: single-phase init"));
    }
}
