//! The trace of what the import machinery did, recorded as it runs, for `--explain`. Steps are
//! named as CPython names them (`importlib/_bootstrap.py`, `Python/import.c`), so a reader can
//! look each one up.

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
