//! The version profiles: every behaviour that differs between Python versions (and between
//! IPython eras) is one named field here, and each version is one constant. To answer "what
//! differs in 3.6?", read `PY36`.
//!
//! 3.4 and 3.5 have no interpreter on our machines; their fields follow CPython's sources of
//! those tags (`Lib/importlib/_bootstrap.py`, `Python/import.c`, `Python/importdl.c`) and
//! `../shared/spec/semantics.md`, as the comments on `PY34` and `PY35` say.

use crate::syntax::Dialect;
use std::fmt;

/// A Python version, `major.minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PyVersion(pub u8, pub u8);

impl fmt::Display for PyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

impl PyVersion {
    pub fn parse(s: &str) -> Option<PyVersion> {
        let (a, b) = s.trim().split_once('.')?;
        Some(PyVersion(a.parse().ok()?, b.parse().ok()?))
    }
}

/// What `reload` does to a builtin or extension module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReloadExtension {
    /// 2.7 `PyImport_ReloadModule` → `_PyImport_LoadDynamicModule` → `_PyImport_FindExtension`:
    /// `PyDict_Update(module.__dict__, m_copy)`. Deleted names come back as the identical
    /// objects, overwritten names are reverted, added names are kept.
    CopySnapshot,
    /// 3.4 `_SpecMethods.exec` → `load_module` → `_imp.load_dynamic` →
    /// `_PyImport_FindExtensionObject`: with `m_size == -1` the `m_copy` snapshot is copied back
    /// as in 2.7; with `m_size >= 0` the init function runs again and its new module replaces
    /// `sys.modules[name]`.
    SnapshotOrReinit,
    /// PEP 489 (3.5+): `_bootstrap._exec` → `_init_module_attrs(override=True)` →
    /// `exec_module` → `_imp.exec_dynamic` / `exec_builtin`, which returns at once for a
    /// single-phase module and for a module that already has state. Only the import dunders
    /// are re-set; deleted names stay deleted.
    ResetDunders,
}

/// How `reload` checks its argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReloadArgCheck {
    /// 2.7 C `reload()`: `PyModule_Check`, "reload() argument must be module".
    CModule,
    /// 3.4–3.9 `importlib.reload`: `isinstance(module, types.ModuleType)`, message
    /// "reload() argument must be a module" (3.4/3.5: "must be module", `_bootstrap` of 3.4).
    IsInstance(&'static str),
    /// 3.10+: duck typing: `module.__spec__.name`, then `module.__name__`, then TypeError,
    /// each failure chained to the next.
    DuckTyped,
}

/// The `imp` module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Imp {
    /// 2.7: `imp` is a C module; `imp.reload` is the builtin reload. No warning.
    Builtin,
    /// 3.4/3.5: a PendingDeprecationWarning, hidden by the default filters.
    PendingDeprecation,
    /// 3.6–3.11: DeprecationWarning with this message.
    Deprecated(&'static str),
    /// 3.12+: removed.
    Removed,
}

/// How the plain REPL shows a DeprecationWarning raised by code run from `__main__`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningDisplay {
    /// ≤ 3.6: DeprecationWarning is ignored by default (PEP 565 came in 3.7).
    Hidden,
    /// 3.7: shown; the file name is the module name: `__main__:1: ...`.
    MainModuleName,
    /// 3.8+: shown with the code's file name: `<stdin>:1: ...`.
    FileName,
}

/// The wording of `AttributeError` for a missing module attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleAttrWording {
    /// 2.7, 3.4: `'module' object has no attribute 'x'`.
    Generic,
    /// 3.5+ (`module_getattro`, bpo-8297): `module 'math' has no attribute 'x'`.
    Named,
}

/// The wording of `del m.x` / `delattr(m, 'x')` when `x` is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DelAttrWording {
    /// ≤ 3.10: `AttributeError: x` (the KeyError's argument).
    Bare,
    /// 3.11+: `'module' object has no attribute 'x'`.
    Generic,
}

/// How import failures read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportWording {
    /// 2.7: `ImportError: No module named x` (last component only for `a.b`).
    Py2,
    /// 3.4/3.5: `ImportError: No module named 'x'` (`_ERR_MSG` in 3.4's `_bootstrap`).
    Quoted,
    /// 3.6+: `ModuleNotFoundError: No module named 'x'`.
    NotFound,
}

/// How `from m import missing` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FromImportWording {
    /// 2.7: `cannot import name x`.
    Bare,
    /// 3.4–3.6: `cannot import name 'x'`.
    Quoted,
    /// 3.7+: `cannot import name 'x' from 'm' (/path)` or `(unknown location)`.
    WithLocation,
}

/// How a module's repr is built (`moduleobject.c` / `_bootstrap._module_repr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleRepr {
    /// 2.7 C: `__name__` (or '?') and `__file__`, else `(built-in)`.
    Py2,
    /// 3.4–3.9: `loader.module_repr()` first (Builtin/FrozenImporter), then the spec.
    LoaderFirst,
    /// 3.10–3.11: the spec first, then `loader.module_repr()`.
    SpecFirst,
    /// 3.12+: `module_repr` is gone; spec, then `__file__`, then the loader's repr.
    SpecOnly,
}

/// Which "Did you mean" hints the plain REPL's exception display adds (IPython never does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hints {
    /// 3.10+: AttributeError / NameError suggestions (`Python/suggestions.c`).
    pub suggestions: bool,
    /// 3.12+: `Did you forget to import 'sys'?` for stdlib module names.
    pub forgot_import: bool,
    /// 3.12+: suggestions for `from m import x` ImportErrors.
    pub from_import: bool,
    /// 3.13: `del m.x` also carries `name`/`obj`, so it gets a suggestion too.
    pub del_attr: bool,
    /// 3.12+ joins locals, globals and builtins into one candidate list; 3.10/3.11 search
    /// each list on its own.
    pub joined_name_candidates: bool,
    /// 3.13: attribute suggestions leave out `_private` names unless the wrong name starts
    /// with `_` (`traceback._compute_suggestion_error`).
    pub hide_private: bool,
}

/// How the plain REPL prints the frame of the typed line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StdinSource {
    /// ≤ 3.12: `<stdin>` has no source to quote.
    Hidden,
    /// 3.13: the REPL keeps the input, so the line is quoted, with 3.11+ carets.
    Quoted,
}

/// How the plain REPL draws the caret under a SyntaxError (`print_error_text` in
/// `Python/pythonrun.c`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxCaret {
    /// ≤ 3.8: an offset pointing at the trailing newline is moved back one, then the caret
    /// goes under column `offset - 1`.
    Legacy,
    /// 3.9: the offset is clipped to the line's length; one caret.
    Clipped,
    /// 3.10+: as 3.9, with `^` repeated up to `end_offset`.
    Range,
}

/// Everything that differs between Python versions.
#[derive(Clone, Copy, Debug)]
pub struct Profile {
    pub version: PyVersion,
    /// The release whose behaviour this profile follows (the one our golden corpus used).
    pub full_version: &'static str,
    /// The catalogue this version reads (3.4 and 3.5 borrow 3.6's, see `ext_suffix`).
    pub catalogue: &'static str,
    /// The suffix of extension module files, e.g. `.cpython-36m-x86_64-linux-gnu.so`.
    pub ext_suffix: &'static str,
    pub dialect: Dialect,
    /// The builtins module's name (`__builtin__` in 2.7).
    pub builtins_name: &'static str,
    /// 2.7's builtin `reload()`.
    pub builtin_reload: bool,
    /// `importlib.reload` exists (3.4+).
    pub importlib_reload: bool,
    pub imp: Imp,
    pub reload_extension: ReloadExtension,
    pub reload_arg_check: ReloadArgCheck,
    /// The message when the module is not (or no longer) `sys.modules[name]`.
    pub reload_not_in_sys_modules: &'static str,
    /// 3.4+: reload re-finds the spec and assigns a new (equal) `__spec__`.
    pub reload_new_spec: bool,
    pub warnings: WarningDisplay,
    pub module_attr: ModuleAttrWording,
    pub del_attr: DelAttrWording,
    pub import_wording: ImportWording,
    pub from_import: FromImportWording,
    pub module_repr: ModuleRepr,
    pub hints: Hints,
    pub stdin_source: StdinSource,
    pub syntax_caret: SyntaxCaret,
    /// `type(x)` prints `<type 'x'>` (2.7) rather than `<class 'x'>`.
    pub type_word: &'static str,
    /// 2.7's `str(float)` keeps 12 significant digits (`print(math.pi)` → 3.14159265359).
    pub float_str_12: bool,
    /// `True`/`False` are names in 2.7 but keywords in 3.x; 2.7 prints `math.floor` as a float.
    pub floor_returns_float: bool,
    /// The IPython this Python's sessions use by default.
    pub default_ipython: IpyVersion,
    /// The other IPython versions reloadlab emulates on this Python (`--ipython X.Y`): those
    /// the golden corpus was also recorded with.
    pub other_ipythons: &'static [IpyVersion],
    /// 3.13's new interactive REPL (`--style pyrepl`) exists.
    pub pyrepl: bool,
    /// `from . import x` where there is no parent package (`__main__`); `{name}` stands for
    /// the first imported name.
    pub relative_import_error: (&'static str, &'static str),
    /// 2.7: ints beyond the machine word are `long`, whose repr ends in `L`.
    pub long_suffix: bool,
    /// 2.7: `complex.__repr__` drops the real part whenever it equals 0, whatever its sign
    /// (`-1j`); 3.x keeps a negative zero (`(-0-1j)`).
    pub complex_ignores_zero_sign: bool,
    /// 3.13: setting an attribute on an object without `__dict__` says so.
    pub setattr_no_dict_note: bool,
    /// 3.x: unpacking errors give the expected count ("too many values to unpack
    /// (expected 2)"); 2.7 says "too many values to unpack" / "need more than 1 value".
    /// From 3.7 a non-iterable reads "cannot unpack non-iterable int object".
    pub unpack_counts_expected: bool,
    /// 3.7+: unpacking a non-iterable reads "cannot unpack non-iterable int object"
    /// (before: "'int' object is not iterable").
    pub unpack_non_iterable_wording: bool,
    /// 3.7+: `_bootstrap._exec` pops the module and re-inserts it at the end of `sys.modules`.
    pub reload_moves_to_end: bool,
}

impl Profile {
    /// The profile of a version, if reloadlab knows it.
    pub fn get(v: PyVersion) -> Option<&'static Profile> {
        ALL.iter().copied().find(|p| p.version == v)
    }
    /// Every known version, oldest first.
    pub fn all() -> &'static [&'static Profile] {
        ALL
    }
    pub fn is_py2(&self) -> bool {
        self.version.0 == 2
    }

    /// `text` with the library directory of the catalogue this version borrows (3.4 and 3.5
    /// read 3.6's) renamed to this version's: `lib/python3.6/` → `lib/python3.4/`; `None`
    /// when the catalogue is this version's own.
    pub fn own_library_dir(&self, text: &str) -> Option<String> {
        let (a, b) = self.catalogue.split_once('.')?;
        let own = a.parse() == Ok(self.version.0) && b.parse() == Ok(self.version.1);
        (!own).then(|| text.replace(&format!("python{}", self.catalogue), &format!("python{}", self.version)))
    }
}

/// The versions reloadlab emulates, oldest first.
pub static ALL: &[&Profile] = &[&PY27, &PY34, &PY35, &PY36, &PY37, &PY38, &PY39, &PY310, &PY311, &PY312, &PY313];



const NO_HINTS: Hints = Hints {
    suggestions: false,
    forgot_import: false,
    from_import: false,
    del_attr: false,
    joined_name_candidates: false,
    hide_private: false,
};

const IMP_DEPRECATED: &str =
    "the imp module is deprecated in favour of importlib; see the module's documentation for alternative uses";
const IMP_DEPRECATED_310: &str = "the imp module is deprecated in favour of importlib and slated for removal in Python 3.12; see the module's documentation for alternative uses";

pub const PY27: Profile = Profile {
    version: PyVersion(2, 7),
    full_version: "2.7.18",
    catalogue: "2.7",
    ext_suffix: ".so",
    dialect: Dialect::for_version(2, 7),
    builtins_name: "__builtin__",
    builtin_reload: true,
    importlib_reload: false,
    imp: Imp::Builtin,
    reload_extension: ReloadExtension::CopySnapshot,
    reload_arg_check: ReloadArgCheck::CModule,
    reload_not_in_sys_modules: "reload(): module {} not in sys.modules",
    reload_new_spec: false,
    warnings: WarningDisplay::Hidden,
    module_attr: ModuleAttrWording::Generic,
    del_attr: DelAttrWording::Bare,
    import_wording: ImportWording::Py2,
    from_import: FromImportWording::Bare,
    module_repr: ModuleRepr::Py2,
    hints: NO_HINTS,
    stdin_source: StdinSource::Hidden,
    syntax_caret: SyntaxCaret::Legacy,
    type_word: "type",
    float_str_12: true,
    floor_returns_float: true,
    default_ipython: IpyVersion(5, 4),
    other_ipythons: &[IpyVersion(5, 10)],
    pyrepl: false,
    reload_moves_to_end: false,
    relative_import_error: ("ValueError", "Attempted relative import in non-package"),
    setattr_no_dict_note: false,
    long_suffix: true,
    complex_ignores_zero_sign: true,
    unpack_counts_expected: false,
    unpack_non_iterable_wording: false,
};

/// 3.4, from source (tag v3.4.10): `importlib/_bootstrap.py` (magic 3310) has
/// `_SpecMethods.exec` with `init_module_attrs(_override=True)` and loaders without
/// `exec_module`; `Python/import.c` `_PyImport_FindExtensionObject` copies `m_copy` back for
/// `m_size == -1`. `module_getattro` still says `'module' object has no attribute` (the
/// named wording is bpo-8297, 3.5). `_ERR_MSG = 'No module named {!r}'` with plain
/// ImportError (ModuleNotFoundError is 3.6). `importlib.reload` checks
/// `isinstance(module, types.ModuleType)` and says "reload() argument must be module".
pub const PY34: Profile = Profile {
    version: PyVersion(3, 4),
    full_version: "3.4.10",
    catalogue: "3.6",
    ext_suffix: ".cpython-34m.so",
    dialect: Dialect::for_version(3, 4),
    builtins_name: "builtins",
    builtin_reload: false,
    importlib_reload: true,
    imp: Imp::PendingDeprecation,
    reload_extension: ReloadExtension::SnapshotOrReinit,
    reload_arg_check: ReloadArgCheck::IsInstance("reload() argument must be module"),
    reload_not_in_sys_modules: "module {} not in sys.modules",
    reload_new_spec: true,
    warnings: WarningDisplay::Hidden,
    module_attr: ModuleAttrWording::Generic,
    del_attr: DelAttrWording::Bare,
    import_wording: ImportWording::Quoted,
    from_import: FromImportWording::Quoted,
    module_repr: ModuleRepr::LoaderFirst,
    hints: NO_HINTS,
    stdin_source: StdinSource::Hidden,
    syntax_caret: SyntaxCaret::Legacy,
    type_word: "class",
    float_str_12: false,
    floor_returns_float: false,
    default_ipython: IpyVersion(6, 1),
    other_ipythons: &[IpyVersion(6, 5), IpyVersion(7, 16)],
    pyrepl: false,
    reload_moves_to_end: false,
    // 3.4/3.5 `_bootstrap._sanity_check` / `_calc___package__`: the parent '' is not loaded.
    relative_import_error: ("SystemError", "Parent module '' not loaded, cannot perform relative import"),
    setattr_no_dict_note: false,
    long_suffix: false,
    complex_ignores_zero_sign: false,
    unpack_counts_expected: true,
    unpack_non_iterable_wording: false,
};

/// 3.5, from source (tag v3.5.10): PEP 489 landed (`_imp.exec_dynamic`,
/// `exec_builtin_or_dynamic` returns early for single-phase modules), so reload only re-sets
/// the dunders; `module_getattro` uses the module's name (bpo-8297).
pub const PY35: Profile = Profile {
    version: PyVersion(3, 5),
    full_version: "3.5.10",
    ext_suffix: ".cpython-35m-x86_64-linux-gnu.so",
    dialect: Dialect::for_version(3, 5),
    reload_extension: ReloadExtension::ResetDunders,
    module_attr: ModuleAttrWording::Named,
    ..PY34
};

pub const PY36: Profile = Profile {
    version: PyVersion(3, 6),
    full_version: "3.6.15",
    catalogue: "3.6",
    ext_suffix: ".cpython-36m-x86_64-linux-gnu.so",
    dialect: Dialect::for_version(3, 6),
    imp: Imp::Deprecated(IMP_DEPRECATED),
    reload_arg_check: ReloadArgCheck::IsInstance("reload() argument must be a module"),
    import_wording: ImportWording::NotFound,
    // 3.6's `_handle_fromlist` finds no parent and reports the name itself.
    relative_import_error: ("ImportError", "cannot import name '{name}'"),
    ..PY35
};

pub const PY37: Profile = Profile {
    version: PyVersion(3, 7),
    full_version: "3.7.16",
    catalogue: "3.7",
    ext_suffix: ".cpython-37m-x86_64-linux-gnu.so",
    dialect: Dialect::for_version(3, 7),
    warnings: WarningDisplay::MainModuleName,
    from_import: FromImportWording::WithLocation,
    default_ipython: IpyVersion(7, 34),
    other_ipythons: &[],
    reload_moves_to_end: true,
    relative_import_error: ("ImportError", "attempted relative import with no known parent package"),
    unpack_non_iterable_wording: true,
    ..PY36
};

pub const PY38: Profile = Profile {
    version: PyVersion(3, 8),
    full_version: "3.8.18",
    catalogue: "3.8",
    ext_suffix: ".cpython-38-x86_64-linux-gnu.so",
    dialect: Dialect::for_version(3, 8),
    warnings: WarningDisplay::FileName,
    default_ipython: IpyVersion(8, 12),
    ..PY37
};

pub const PY39: Profile = Profile {
    version: PyVersion(3, 9),
    full_version: "3.9.18",
    catalogue: "3.9",
    ext_suffix: ".cpython-39-x86_64-linux-gnu.so",
    dialect: Dialect::for_version(3, 9),
    syntax_caret: SyntaxCaret::Clipped,
    default_ipython: IpyVersion(8, 18),
    ..PY38
};

pub const PY310: Profile = Profile {
    version: PyVersion(3, 10),
    full_version: "3.10.13",
    catalogue: "3.10",
    ext_suffix: ".cpython-310-x86_64-linux-gnu.so",
    dialect: Dialect::for_version(3, 10),
    imp: Imp::Deprecated(IMP_DEPRECATED_310),
    reload_arg_check: ReloadArgCheck::DuckTyped,
    module_repr: ModuleRepr::SpecFirst,
    syntax_caret: SyntaxCaret::Range,
    hints: Hints { suggestions: true, ..NO_HINTS },
    default_ipython: IpyVersion(8, 39),
    ..PY39
};

pub const PY311: Profile = Profile {
    version: PyVersion(3, 11),
    full_version: "3.11.7",
    catalogue: "3.11",
    ext_suffix: ".cpython-311-x86_64-linux-gnu.so",
    dialect: Dialect::for_version(3, 11),
    del_attr: DelAttrWording::Generic,
    other_ipythons: &[IpyVersion(9, 18)],
    ..PY310
};

pub const PY312: Profile = Profile {
    version: PyVersion(3, 12),
    full_version: "3.12.1",
    catalogue: "3.12",
    ext_suffix: ".cpython-312-x86_64-linux-gnu.so",
    dialect: Dialect::for_version(3, 12),
    imp: Imp::Removed,
    module_repr: ModuleRepr::SpecOnly,
    hints: Hints { suggestions: true, forgot_import: true, from_import: true, joined_name_candidates: true, ..NO_HINTS },
    ..PY311
};

pub const PY313: Profile = Profile {
    version: PyVersion(3, 13),
    full_version: "3.13.0",
    catalogue: "3.13",
    ext_suffix: ".cpython-313-x86_64-linux-gnu.so",
    dialect: Dialect::for_version(3, 13),
    hints: Hints {
        suggestions: true,
        forgot_import: true,
        from_import: true,
        del_attr: true,
        joined_name_candidates: true,
        hide_private: true,
    },
    stdin_source: StdinSource::Quoted,
    setattr_no_dict_note: true,
    pyrepl: true,
    ..PY312
};

/// An IPython version, `major.minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IpyVersion(pub u8, pub u8);

impl fmt::Display for IpyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

impl IpyVersion {
    pub fn parse(s: &str) -> Option<IpyVersion> {
        let mut it = s.trim().split('.');
        let a = it.next()?.parse().ok()?;
        let b = it.next().map(|b| b.parse().ok()).unwrap_or(Some(0))?;
        Some(IpyVersion(a, b))
    }
}

/// The digest that names a cell in `<ipython-input-N-HASH>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellHash {
    /// IPython ≤ 5.4 and 6.0–6.1: md5.
    Md5,
    /// IPython 5.5+ and 6.2+: sha1.
    Sha1,
}

/// How IPython names the typed cell in a traceback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellHeader {
    /// ≤ 7.x: `<ipython-input-4-05b06e378197> in <module>()` (`()` up to 6.x).
    InputFile { hash: CellHash, parens: bool },
    /// 8+: `Cell In[4], line 1`.
    CellIn,
}

/// Where IPython's DeprecationWarning for a cell appears to come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpyWarning {
    /// 5.x/6.x: `__main__` is IPython's, and the warning filter hides it.
    Hidden,
    /// 7.x on Python ≤ 3.7: the launcher script, line 1 (`/usr/local/bin/ipython:1:`).
    Launcher,
    /// 8+: the cell: `<ipython-input-N-HASH>:1:` followed by the quoted line.
    Cell,
}

/// Everything that differs between IPython eras.
#[derive(Clone, Copy, Debug)]
pub struct IpythonEra {
    pub version: IpyVersion,
    pub header: CellHeader,
    pub warning: IpyWarning,
    /// 6.5+: function reprs carry `inspect.signature` where CPython has one.
    pub signatures: bool,
    /// How many empty `   ...: ` lines end a `%%writefile` cell (7+ needs two Enters).
    pub cell_magic_blank_lines: usize,
    /// What `%%writefile` appends to the cell body: nothing on 5.x/6.x, `\n\n` from 7.0
    /// (the cell text keeps the empty lines that ended it).
    pub writefile_suffix: &'static str,
    /// 6+: tracebacks shorten the home directory to `~`.
    pub tilde_home: bool,
    /// 6.x: a multi-line Python cell runs only after an empty line, even when complete
    /// (5.x and 7+ run it as soon as it is complete).
    pub multiline_needs_blank: bool,
    /// Stack frames of library code: ultratb's `file in func(args)` with 5 lines of context
    /// (≤ 7) or stack_data's `File path:line, in func(args)` (8+).
    pub modern_frames: bool,
}

impl IpythonEra {
    /// The era of an IPython version, if reloadlab knows it.
    pub fn get(v: IpyVersion) -> Option<IpythonEra> {
        let hash = if v < IpyVersion(5, 5) || (v >= IpyVersion(6, 0) && v < IpyVersion(6, 2)) {
            CellHash::Md5
        } else {
            CellHash::Sha1
        };
        let (header, warning, modern) = match v.0 {
            5 | 6 => (CellHeader::InputFile { hash, parens: true }, IpyWarning::Hidden, false),
            7 => (CellHeader::InputFile { hash, parens: false }, IpyWarning::Launcher, false),
            8 | 9 => (CellHeader::CellIn, IpyWarning::Cell, true),
            _ => return None,
        };
        Some(IpythonEra {
            version: v,
            header,
            warning,
            signatures: v >= IpyVersion(6, 5),
            cell_magic_blank_lines: if v.0 >= 7 { 2 } else { 1 },
            multiline_needs_blank: v.0 == 6,
            writefile_suffix: if v.0 >= 7 { "\n\n" } else { "" },
            tilde_home: v.0 >= 6,
            modern_frames: modern,
        })
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_borrowed_catalogue_s_library_directory_is_renamed() {
        let p = Profile::get(PyVersion(3, 4)).unwrap();
        assert_eq!(p.own_library_dir("/usr/local/lib/python3.6/os.py").as_deref(), Some("/usr/local/lib/python3.4/os.py"));
        assert_eq!(Profile::get(PyVersion(3, 6)).unwrap().own_library_dir("/usr/local/lib/python3.6/os.py"), None);
    }

    use super::*;

    #[test]
    fn every_version_has_one_profile() {
        for p in ALL {
            assert_eq!(Profile::get(p.version).unwrap().version, p.version);
        }
        assert!(Profile::get(PyVersion(3, 3)).is_none());
    }

    #[test]
    fn pep_489_starts_in_35() {
        assert_eq!(PY34.reload_extension, ReloadExtension::SnapshotOrReinit);
        assert_eq!(PY35.reload_extension, ReloadExtension::ResetDunders);
        assert_eq!(PY27.reload_extension, ReloadExtension::CopySnapshot);
    }

    #[test]
    fn ipython_hash_eras() {
        let h = |a, b| match IpythonEra::get(IpyVersion(a, b)).unwrap().header {
            CellHeader::InputFile { hash, .. } => Some(hash),
            CellHeader::CellIn => None,
        };
        assert_eq!(h(5, 4), Some(CellHash::Md5));
        assert_eq!(h(5, 10), Some(CellHash::Sha1));
        assert_eq!(h(6, 1), Some(CellHash::Md5));
        assert_eq!(h(6, 5), Some(CellHash::Sha1));
        assert_eq!(h(8, 39), None);
    }
}
