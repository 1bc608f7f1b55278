//! `--explain`: the steps the emulator's import machinery took in a cell, named as CPython
//! names them, and what they mean for the names the user deleted earlier in the session.
//!
//! Everything here is computed from two things the runtime hands over: the cell's trace
//! ([`CellRun::trace`], recorded by `runtime::import` as it runs) and the session's state
//! after the cell (`sys.modules`, the user's namespace, the module dicts). No text is chosen
//! per session or per cell: the step names and notes come from the runtime, and the
//! consequence ("so 'cos' stays deleted") from looking up the deleted names afterwards.

use crate::runtime::{Module, ModuleCode, TraceStep, Value};
use crate::session::{CellRun, Session};
use crate::syntax::{Expr, ExprKind, Mode, Stmt, StmtKind, parse_cell, quote_str};
use std::rc::Rc;

/// The trace of one cell as lines `a → b: note → c`, one per module operation (a chunk of
/// steps ending in an outcome). No consequence: see [`Explainer`] for that.
pub fn format(run: &CellRun) -> Vec<String> {
    chunks(&run.trace).into_iter().map(|c| c.line).collect()
}

/// A run of steps ending with an outcome step (or the end of the trace).
struct Chunk {
    line: String,
    /// The modules the chunk's steps worked on, in order, without repeats.
    modules: Vec<String>,
    /// A module's code ran in its existing dict (reload of a `.py` module).
    code_reran: Vec<String>,
}

/// The steps that begin an operation the user asked for: an import, a reload, a
/// `del sys.modules[...]` (in each era's names, see `runtime::trace::era_name`).
const ENTRIES: &[&str] = &[
    "_find_and_load",
    "import_submodule",
    "PyImport_ImportModuleLevelObject",
    "importlib.reload",
    "imp.reload → importlib.reload",
    "reload",
    "importlib.import_module → _bootstrap._gcd_import",
    "importlib.import_module → __import__",
];

fn is_entry(s: &TraceStep) -> bool {
    ENTRIES.contains(&s.name.as_str()) || s.name.starts_with("del sys.modules[")
}

/// Splits a trace into lines: a line begins at each operation's first step, and after an
/// outcome unless the next step goes on with the same module.
fn chunks(steps: &[TraceStep]) -> Vec<Chunk> {
    let mut ranges: Vec<&[TraceStep]> = Vec::new();
    let mut begin = 0;
    for k in 1..steps.len() {
        let prev = &steps[k - 1];
        if is_entry(&steps[k]) || (prev.outcome && steps[k].module != prev.module) {
            ranges.push(&steps[begin..k]);
            begin = k;
        }
    }
    if begin < steps.len() {
        ranges.push(&steps[begin..]);
    }
    ranges
        .into_iter()
        .map(|r| {
            let mut modules: Vec<String> = Vec::new();
            let mut code_reran: Vec<String> = Vec::new();
            for s in r {
                if !s.module.is_empty() && !modules.contains(&s.module) {
                    modules.push(s.module.clone());
                }
                let runs_code = s.name.ends_with("exec_module")
                    || s.name == "load_source_module"
                    || s.name == "PyImport_ExecCodeModuleEx";
                if runs_code && s.note.as_deref().is_some_and(|n| n.contains("code runs")) && !code_reran.contains(&s.module) {
                    code_reran.push(s.module.clone());
                }
            }
            let items: Vec<String> = r
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    let name = if k == 0 { call(s, modules.first()) } else { s.name.clone() };
                    match &s.note {
                        Some(n) => format!("{name}: {n}"),
                        None => name,
                    }
                })
                .collect();
            Chunk { line: items.join(" → "), modules, code_reran }
        })
        .collect()
}

/// The first step of a line, written as the call it is: `_find_and_load('json')` (a name),
/// `importlib.reload(math)` (a module object, whose name the later steps give). Steps whose
/// name already shows what they work on (`del sys.modules['x']`) are left as they are.
fn call(s: &TraceStep, first_module: Option<&String>) -> String {
    if s.name.contains('(') || s.name.contains('[') || s.name.contains(' ') {
        return s.name.clone();
    }
    match (s.module.as_str(), first_module) {
        ("", Some(m)) => format!("{}({m})", s.name),
        ("", None) => s.name.clone(),
        (m, _) => format!("{}({})", s.name, quote_str(m)),
    }
}

/// A name the user deleted from a module earlier in the session.
#[derive(Clone, Debug)]
struct Deletion {
    /// The module's name (its `__name__` when the name was deleted).
    module: String,
    attr: String,
    /// The module object it was deleted from.
    object: Rc<Module>,
}

/// Follows one session and explains each cell: the trace, plus the consequence for the
/// names deleted earlier (whether they are back), for stale references to a module that
/// `sys.modules` no longer holds, and for names a re-run module's code no longer defines.
/// Feed it every run of the session, in order, right after the run.
#[derive(Default)]
pub struct Explainer {
    /// Deleted names not seen back yet.
    deleted: Vec<Deletion>,
    /// Every name deleted in the session, back or not.
    history: Vec<Deletion>,
}

impl Explainer {
    pub fn new() -> Explainer {
        Explainer::default()
    }

    /// The explanation lines for `run`, which `session` has just run. Empty when the cell did
    /// not go through the import machinery.
    pub fn observe(&mut self, session: &Session, run: &CellRun) -> Vec<String> {
        self.record_deletions(session, run);
        let chunks = chunks(&run.trace);
        let mut lines: Vec<String> = Vec::new();
        let mut explained: Vec<String> = Vec::new();
        for (i, c) in chunks.iter().enumerate() {
            let mut line = c.line.clone();
            let mut said = Vec::new();
            for m in &c.modules {
                // Explain a module once, on the last chunk that concerns it.
                if explained.contains(m) || chunks[i + 1..].iter().any(|later| later.modules.contains(m)) {
                    continue;
                }
                explained.push(m.clone());
                said.extend(self.consequence(session, m, c.code_reran.contains(m)));
            }
            if !said.is_empty() {
                line.push_str(", so ");
                line.push_str(&said.join("; "));
            }
            lines.push(line);
        }
        // A name that is back in the module it was deleted from is no longer "deleted".
        self.deleted.retain(|d| !d.object.dict().contains_key(d.attr.as_str()));
        lines
    }

    /// The names deleted earlier in the session that are back now in the module object they
    /// were deleted from, as `'cos'`. Compare uses this to say "restored".
    pub fn back(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for d in &self.history {
            let q = quote_str(&d.attr);
            if d.object.dict().contains_key(d.attr.as_str()) && !out.contains(&q) {
                out.push(q);
            }
        }
        out
    }

    /// What the state after the cell means for module `name`.
    fn consequence(&self, session: &Session, name: &str, code_reran: bool) -> Vec<String> {
        let interp = &session.interp;
        let current = match interp.sys_get(name) {
            Some(Value::Module(m)) => Some(m),
            _ => None,
        };
        let mut out = Vec::new();
        let dels: Vec<&Deletion> = self.deleted.iter().filter(|d| d.module == name).collect();
        let mut stale_objects: Vec<Rc<Module>> = Vec::new();
        for d in &dels {
            let attr = quote_str(&d.attr);
            match &current {
                Some(cur) if Rc::ptr_eq(cur, &d.object) => {
                    if cur.dict().contains_key(d.attr.as_str()) {
                        out.push(format!("{attr} is back"));
                    } else {
                        out.push(format!("{attr} stays deleted"));
                    }
                }
                Some(cur) => {
                    let has = cur.dict().contains_key(d.attr.as_str());
                    out.push(format!(
                        "sys.modules[{}] is a new module object, which {} {attr}",
                        quote_str(name),
                        if has { "has" } else { "lacks" }
                    ));
                    if !stale_objects.iter().any(|o| Rc::ptr_eq(o, &d.object)) {
                        stale_objects.push(d.object.clone());
                    }
                }
                None => {
                    if !stale_objects.iter().any(|o| Rc::ptr_eq(o, &d.object)) {
                        stale_objects.push(d.object.clone());
                    }
                }
            }
        }
        // Names in the user's namespace bound to a module of this name that is not (or no
        // longer) sys.modules[name].
        let mut stale: Vec<(String, Rc<Module>)> = Vec::new();
        for (k, v) in interp.main.dict().iter() {
            if k.starts_with('_') {
                continue;
            }
            if let Value::Module(m) = v {
                let is_current = current.as_ref().is_some_and(|c| Rc::ptr_eq(c, m));
                if !is_current && m.name().as_deref() == Some(name) {
                    stale.push((k.to_string(), m.clone()));
                }
            }
        }
        if !stale.is_empty() {
            let names: Vec<String> = stale.iter().map(|(k, _)| format!("`{k}`")).collect();
            let what = if current.is_some() { "the old module object" } else { "the module sys.modules no longer holds" };
            let mut s = format!("{} still {} {what}", names.join(", "), if names.len() == 1 { "names" } else { "name" });
            let missing: Vec<String> = dels
                .iter()
                .filter(|d| stale.iter().any(|(_, m)| Rc::ptr_eq(m, &d.object)))
                .filter(|d| !d.object.dict().contains_key(d.attr.as_str()))
                .map(|d| quote_str(&d.attr))
                .collect();
            if !missing.is_empty() {
                s.push_str(&format!(", where {} stays deleted", missing.join(", ")));
            }
            out.push(s);
        }
        if code_reran && let Some(cur) = &current {
            let left = leftover_names(session, cur);
            if !left.is_empty() {
                let quoted: Vec<String> = left.iter().map(|n| quote_str(n)).collect();
                let file = match &cur.code {
                    ModuleCode::UserFile(p) => p.rsplit('/').next().unwrap_or(p).to_string(),
                    _ => "the module's code".into(),
                };
                out.push(format!(
                    "{} {} no longer in {file} but {} in the module",
                    quoted.join(", "),
                    if quoted.len() == 1 { "is" } else { "are" },
                    if quoted.len() == 1 { "stays" } else { "stay" }
                ));
            }
        }
        out
    }

    /// Records `del m.attr` and `delattr(m, 'attr')` in the cell that left `attr` missing
    /// from a module.
    fn record_deletions(&mut self, session: &Session, run: &CellRun) {
        // (Only a cell that says `del` can hold a deletion: no parse for the others.)
        if run.source.trim_start().starts_with('%') || !run.source.contains("del") {
            return;
        }
        let stmts = match parse_cell(&run.source, &session.profile().dialect, Mode::Exec) {
            Ok(s) => s,
            Err(_) => return,
        };
        for (obj, attr) in deletion_targets(&stmts) {
            let Some(Value::Module(m)) = resolve(session, obj) else { continue };
            if m.dict().contains_key(attr.as_str()) {
                continue; // the del failed, or the cell set it again
            }
            let Some(name) = m.name() else { continue };
            let d = Deletion { module: name, attr, object: m };
            if !self.deleted.iter().any(|x| x.attr == d.attr && Rc::ptr_eq(&x.object, &d.object)) {
                self.deleted.push(d.clone());
            }
            if !self.history.iter().any(|x| x.attr == d.attr && Rc::ptr_eq(&x.object, &d.object)) {
                self.history.push(d);
            }
        }
    }
}

/// `(object expression, attribute)` for each `del x.a` and `delattr(x, 'a')` statement.
fn deletion_targets(stmts: &[Stmt]) -> Vec<(&Expr, String)> {
    let mut out = Vec::new();
    for s in stmts {
        match &s.kind {
            StmtKind::Delete(targets) => {
                for t in targets {
                    if let ExprKind::Attribute { value, attr } = &t.kind {
                        out.push((value.as_ref(), attr.clone()));
                    }
                }
            }
            StmtKind::Expr(e) => {
                if let ExprKind::Call { func, args, keywords } = &e.kind
                    && matches!(&func.kind, ExprKind::Name(n) if n == "delattr")
                    && keywords.is_empty()
                    && args.len() == 2
                    && let ExprKind::Str(a) = &args[1].kind
                {
                    out.push((&args[0], a.clone()));
                }
            }
            _ => {}
        }
    }
    out
}

/// The value a name or dotted attribute path refers to in the user's namespace now.
fn resolve(session: &Session, e: &Expr) -> Option<Value> {
    match &e.kind {
        ExprKind::Name(n) => session.interp.main.get(n),
        ExprKind::Attribute { value, attr } => match resolve(session, value)? {
            Value::Module(m) => m.get(attr),
            _ => None,
        },
        _ => None,
    }
}

/// For a user module whose code just ran again: the names in its dict that its file no
/// longer binds at top level (they survive the reload).
fn leftover_names(session: &Session, m: &Rc<Module>) -> Vec<String> {
    let ModuleCode::UserFile(path) = &m.code else { return vec![] };
    let Some(src) = session.interp.vfs.borrow().get(path).cloned() else { return vec![] };
    let Ok(stmts) = parse_cell(&src, &session.profile().dialect, Mode::Exec) else { return vec![] };
    let mut bound: Vec<String> = Vec::new();
    for s in &stmts {
        match &s.kind {
            StmtKind::Assign { targets, .. } => {
                for t in targets {
                    collect_names(t, &mut bound);
                }
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    bound.push(a.asname.clone().unwrap_or_else(|| a.name.split('.').next().unwrap_or("").to_string()));
                }
            }
            StmtKind::ImportFrom { names: crate::syntax::ImportNames::Names(ns), .. } => {
                for a in ns {
                    bound.push(a.asname.clone().unwrap_or_else(|| a.name.clone()));
                }
            }
            StmtKind::ImportFrom { .. } => return vec![], // `import *`: cannot tell
            _ => {}
        }
    }
    m.dict()
        .keys()
        .filter(|k| !(k.starts_with("__") && k.ends_with("__")))
        .filter(|k| !bound.iter().any(|b| b.as_str() == &***k))
        .map(|k| k.to_string())
        .collect()
}

fn collect_names(e: &Expr, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::Name(n) => out.push(n.clone()),
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().for_each(|i| collect_names(i, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(name: &str, module: &str) -> TraceStep {
        TraceStep::new(name, module)
    }

    #[test]
    fn chunks_end_at_outcomes_and_keep_their_modules() {
        let steps = vec![
            step("importlib.reload", ""),
            step("_bootstrap._exec", "math"),
            step("ExtensionFileLoader.exec_module → _imp.exec_dynamic", "math")
                .note("single-phase module, nothing to execute (PEP 489)"),
            TraceStep::outcome("the module dict is kept as it is", "math"),
            step("_find_and_load", "json"),
        ];
        let c = chunks(&steps);
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0].line,
            "importlib.reload(math) → _bootstrap._exec → ExtensionFileLoader.exec_module → _imp.exec_dynamic: \
             single-phase module, nothing to execute (PEP 489) → the module dict is kept as it is"
        );
        assert_eq!(c[1].line, "_find_and_load('json')");
        assert_eq!(c[0].modules, vec!["math"]);
        assert_eq!(c[1].modules, vec!["json"]);
        assert!(c[0].code_reran.is_empty());
    }

    #[test]
    fn each_operation_gets_its_own_line() {
        let steps = vec![
            step("_find_and_load", "json"),
            step("PathFinder.find_spec", "json"),
            step("_find_and_load", "math"),
            step("_imp.create_dynamic", "math"),
            TraceStep::outcome("new module, dict.update(m_copy)", "math"),
            step("_init_module_attrs", "math"),
            TraceStep::outcome("PyImport_ImportModuleLevelObject", "sys").note("in sys.modules already"),
        ];
        let lines: Vec<String> = chunks(&steps).into_iter().map(|c| c.line).collect();
        assert_eq!(
            lines,
            vec![
                "_find_and_load('json') → PathFinder.find_spec",
                "_find_and_load('math') → _imp.create_dynamic → new module, dict.update(m_copy) → _init_module_attrs",
                "PyImport_ImportModuleLevelObject('sys'): in sys.modules already",
            ]
        );
    }

    #[test]
    fn a_source_module_rerun_is_noticed() {
        let steps = vec![
            step("SourceFileLoader.exec_module", "json").note("exec(code, module.__dict__): the module's code runs"),
            TraceStep::outcome("every name the code defines is set again; other names stay", "json"),
        ];
        assert_eq!(chunks(&steps)[0].code_reran, vec!["json"]);
    }
}
