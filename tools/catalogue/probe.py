# -*- coding: utf-8 -*-
"""Probe that runs INSIDE a real interpreter (CPython 2.7 and 3.6+).

Driven by gen_catalogue.py; never run by hand.  Three modes:

* catalogue: exec'd as the first input line of a real `python -i` REPL
  (globals PROBE_ARGS = ["catalogue", OUT_JSON, REQUEST_JSON]).  Snapshots the
  startup modules, then imports the requested module list one name at a time,
  snapshotting every module as soon as it appears in sys.modules (before
  anything else can mutate it), then writes the raw catalogue.
* single: exec'd from `python -S -s -c` right after a lone import of one module
  (globals PROBE_ARGS = ["single", NAME], _BEFORE / _AFTER / _ERR set by the
  -c prelude).  Writes one JSON line on stdout: the per-module facts.
* ipython: run inside an IPython venv's python (PROBE_ARGS = ["ipython", OUT,
  REQUEST]); IPython.lib.pretty.pretty() of the requested module attributes.

Everything written is raw (machine paths are not normalised here; the driver
does that).  Output strings are ASCII-safe JSON.
"""
from __future__ import print_function

import sys

PY2 = sys.version_info[0] == 2
if PY2:
    text_type = unicode  # noqa: F821
    string_types = (str, unicode)  # noqa: F821
    int_types = (int, long)  # noqa: F821
else:
    text_type = str
    string_types = (str,)
    int_types = (int,)

MAXREPR = 300
MAXVALUE = 20000

# reprs that hold machine / run specific data: written as null
DENY_REPR = set([
    ("os", "environ"), ("os", "environb"), ("posix", "environ"),
    ("sys", "path"), ("sys", "argv"), ("sys", "orig_argv"),
    ("sys", "path_importer_cache"), ("sys", "modules"),
    # times, thread idents, C addresses, dlopen handles
    ("logging", "_startTime"), ("threading", "_active"),
    ("threading", "_main_thread"), ("ctypes", "pythonapi"),
    ("linecache", "cache"),     # 3.13 REPL: holds the typed input lines
])
_SIMPLE_KEYS = (str, int, float, bool, type(None)) + int_types + string_types


def denied(modname, name, obj):
    if (modname, name) in DENY_REPR:
        return True
    if PY2 and modname == "decimal" and type(obj).__name__ == "Context":
        return True     # 2.7: the traps list follows dict (hash) order
    if modname in ("ctypes", "_ctypes") and name.endswith("_addr"):
        return True     # C function addresses as ints
    if PY2 and type(obj) is dict:
        # 2.7 dict order follows the hashes: address based for objects
        try:
            if not all(type(k) in _SIMPLE_KEYS for k in obj):
                return True
        except Exception:
            return True
    return False


def _thread_ident():
    try:
        if PY2:
            import thread
        else:
            import _thread as thread
        return str(thread.get_ident())
    except Exception:
        return None

CALL_ARGS = ["()", "('x',)", "(1.0,)", "(2,)", "(0,)", "(-1,)", "(1.0, 2.0)",
             "(1.0, 2.0, 3.0, 4.0, 5.0)"]


def to_text(s):
    """A JSON-safe unicode string (no lone surrogates)."""
    if s is None:
        return None
    if PY2:
        if isinstance(s, str):
            s = s.decode("utf-8", "replace")
        return s
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "backslashreplace").decode("utf-8")


def safe_repr(obj):
    try:
        if type(obj) in (set, frozenset):
            # element order depends on hashes (addresses): sort the elements
            items = sorted(repr(x) for x in obj)
            if not items:
                return repr(obj)
            body = ", ".join(items)
            if type(obj) is set:
                return ("set([%s])" % body) if PY2 else ("{%s}" % body)
            return "frozenset({%s})" % body if not PY2 else "frozenset([%s])" % body
        return repr(obj)
    except Exception as e:  # pragma: no cover
        return None


def safe_str(obj):
    try:
        s = str(obj)
    except Exception:
        return None
    return s


CONST_TYPES = (bool, float, complex, type(None), bytes) + int_types + string_types


def is_const(obj):
    return type(obj) in CONST_TYPES


def quick(modname, name, obj):
    """What must be captured right away (before later imports can mutate)."""
    t = type(obj)
    rec = {"type": t.__name__, "type_module": getattr(t, "__module__", None)}
    if denied(modname, name, obj):
        rec["repr"] = None
        rec["denied"] = True
        return rec
    r = safe_repr(obj)
    rec["repr"] = r
    if is_const(obj):
        rec["value"] = r
    if t not in (set, frozenset):
        s = safe_str(obj)
        if s is not None and s != r:
            rec["str"] = s
    return rec


def snapshot(modname, mod):
    try:
        d = mod.__dict__
    except Exception:
        return None
    out = []
    for k, v in list(d.items()):
        out.append((k, v, quick(modname, k, v)))
    return out


# ---------------------------------------------------------------------------
def dict_get(mod, key):
    try:
        return mod.__dict__.get(key)
    except Exception:
        return None


def loader_class_name(mod):
    loader = None
    spec = dict_get(mod, "__spec__")
    if spec is not None:
        loader = getattr(spec, "loader", None)
    if loader is None:
        loader = dict_get(mod, "__loader__")
    if loader is None:
        return None
    if isinstance(loader, type):
        return loader.__name__
    return type(loader).__name__


def module_kind(mod):
    d = mod.__dict__
    lname = loader_class_name(mod)
    name = d.get("__name__")
    f = d.get("__file__")
    if lname == "BuiltinImporter":
        return "builtin"
    if lname == "FrozenImporter":
        return "frozen"
    if lname == "ExtensionFileLoader":
        return "extension"
    if lname is None and name in sys.builtin_module_names and f is None:
        return "builtin"
    if isinstance(f, string_types) and (f.endswith(".so") or f.endswith(".pyd")):
        return "extension"
    if "__path__" in d:
        return "package"
    return "source"


def module_facts(mod):
    d = mod.__dict__
    f = d.get("__file__")
    spec = d.get("__spec__")
    out = {
        "kind": module_kind(mod),
        "file": to_text(f) if isinstance(f, string_types) else None,
        "cached": None,
        "origin": None,
        "has_location": None,
        "loader": None,
        "path": None,
        "package": None,
        "repr": to_text(safe_repr(mod)),
        "doc_first_line": None,
        "module_name": to_text(d.get("__name__")) if isinstance(d.get("__name__"), string_types) else None,
    }
    c = d.get("__cached__")
    if isinstance(c, string_types):
        out["cached"] = to_text(c)
    if spec is not None:
        o = getattr(spec, "origin", None)
        out["origin"] = to_text(o) if isinstance(o, string_types) else None
        try:
            out["has_location"] = bool(spec.has_location)
        except Exception:
            out["has_location"] = None
    if "__loader__" in d and d["__loader__"] is not None:
        out["loader"] = to_text(safe_repr(d["__loader__"]))
    if "__path__" in d:
        try:
            out["path"] = [to_text(p) for p in d["__path__"]]
        except Exception:
            out["path"] = None
    p = d.get("__package__")
    if isinstance(p, string_types):
        out["package"] = to_text(p)
    doc = d.get("__doc__")
    if isinstance(doc, string_types):
        out["doc_first_line"] = to_text(doc.split("\n")[0])
    return out


def init_facts(mod, kind):
    """PEP 489 style read with ctypes (layout of PyModuleObject/PyModuleDef)."""
    if kind not in ("builtin", "extension"):
        return {"init": None, "m_size": None, "has_state": False}
    if PY2:
        return {"init": "single", "m_size": -1, "has_state": False}
    import ctypes
    P = ctypes.c_void_p
    ptr = ctypes.sizeof(P)
    base = id(mod)
    # PyObject_HEAD (ob_refcnt, ob_type), md_dict, md_def, md_state
    md_def = P.from_address(base + 3 * ptr).value
    md_state = P.from_address(base + 4 * ptr).value
    if not md_def:
        return {"init": None, "m_size": None, "has_state": bool(md_state)}
    # PyModuleDef: m_base (PyObject_HEAD, m_init, m_index, m_copy) = 5 ptrs,
    # m_name, m_doc, m_size, m_methods, m_slots
    m_size = ctypes.c_ssize_t.from_address(md_def + 7 * ptr).value
    m_slots = P.from_address(md_def + 9 * ptr).value
    out = {"init": "multi" if m_slots else "single", "m_size": m_size,
           "has_state": bool(md_state)}
    if not m_slots and m_size >= 0:
        out["reimport_same"] = reimport_same(mod)
    return out


def package_contents(mod):
    """The names of the modules and subpackages a package's __path__ holds (pkgutil)."""
    path = getattr(mod, "__path__", None)
    if not isinstance(path, list):
        try:
            path = list(path) if path is not None else None
        except Exception:
            path = None
    if not path:
        return None
    import pkgutil
    try:
        return sorted(set(to_text(name) for _, name, _ in pkgutil.iter_modules(path)))
    except Exception:
        return None


def reimport_same(mod):
    """Whether `del sys.modules[n]; import n` gives back the same object: single-phase
    modules whose init function returns PyState_FindModule()'s module do."""
    name = getattr(mod, "__name__", None)
    if name in (None, "sys", "builtins", "_imp", "_warnings", "_thread", "_io", "marshal",
                "posix", "_signal", "_tracemalloc", "faulthandler", "readline", "atexit"):
        return None
    if sys.modules.get(name) is not mod:
        return None
    try:
        del sys.modules[name]
        try:
            new = __import__(name)
        except Exception:
            return None
        return new is mod
    finally:
        sys.modules[name] = mod


# ---------------------------------------------------------------------------
def call_outcome(fn, argstr):
    import warnings
    args = eval(argstr)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            res = fn(*args)
            out = {"ok": to_text(safe_repr(res))}
        except Exception as e:
            out = {"error": type(e).__name__, "message": to_text(safe_str(e))}
    if w:
        out["warning"] = to_text("%s: %s" % (w[0].category.__name__, w[0].message))
    return out


def attr_record(modname, name, obj, q, inspect):
    rec = dict(q)
    rec.pop("denied", None)
    if isinstance(obj, type(sys)):
        n = dict_get(obj, "__name__")
        rec["module_ref"] = to_text(n) if isinstance(n, string_types) else None
        rec["module_obj_id"] = id(obj)
    is_cls = bool(inspect.isclass(obj))
    try:
        is_call = bool(callable(obj))
    except Exception:
        is_call = False
    rec["callable"] = is_call
    rec["is_class"] = is_cls
    if is_call or is_cls:
        for key, attr in (("name", "__name__"), ("qualname", "__qualname__"),
                          ("obj_module", "__module__")):
            try:
                v = getattr(obj, attr, None)
            except Exception:
                v = None
            rec[key] = to_text(v) if isinstance(v, string_types) else None
        if PY2:
            rec.pop("qualname")
        sig = None
        if not PY2:
            try:
                sig = str(inspect.signature(obj))
            except Exception:
                sig = None
        rec["signature"] = to_text(sig)
    for k in ("repr", "str", "value"):
        if k in rec:
            rec[k] = to_text(rec[k])
    tid = THREAD_IDENT[0]
    if tid and any(isinstance(rec.get(k), text_type) and tid in rec[k]
                   for k in ("repr", "str", "value")):
        rec["repr"] = None      # holds the (run specific) thread ident
        rec.pop("str", None)
        rec.pop("value", None)
    return rec


THREAD_IDENT = [None]


def catalogue(out_path, req_path):
    # 0. startup state, before anything is imported
    startup = sorted(sys.modules)
    snaps = {}      # key -> (module object, snapshot)
    order = []

    def snap_new(include_main=False):
        for k in sorted(sys.modules):
            m = sys.modules[k]
            if m is None or k in snaps or (k == "__main__" and not include_main):
                continue
            if not isinstance(m, type(sys)):
                continue
            snaps[k] = (m, snapshot(k, m))
            order.append(k)

    snap_new(include_main=True)     # __main__ as the REPL has it at the first prompt
    f = open(req_path, "rb")
    req_text = f.read().decode("ascii")
    f.close()
    # poor man's JSON (json may not be imported yet): a list of names, one per line
    names = [l.strip() for l in req_text.splitlines() if l.strip()]
    failed = {}
    for n in names:
        try:
            __import__(n)
        except BaseException as e:  # noqa
            failed[n] = "%s: %s" % (type(e).__name__, e)
        snap_new()
    final_keys = [k for k in sorted(sys.modules)
                  if sys.modules[k] is not None and (k != "__main__" or k in snaps)
                  and isinstance(sys.modules[k], type(sys))]
    # ---- helpers may be imported from here on
    import inspect
    import json
    import warnings
    warnings.simplefilter("ignore")

    THREAD_IDENT[0] = _thread_ident()
    bname = "__builtin__" if PY2 else "builtins"
    modules = {}
    for k in final_keys:
        if k not in snaps:   # cannot happen, but be safe
            snaps[k] = (sys.modules[k], snapshot(k, sys.modules[k]))
        mod, snap = snaps[k]
        facts = module_facts(mod)
        facts.update(init_facts(mod, facts["kind"]))
        facts["submodules"] = package_contents(mod)
        attrs = []
        for an, obj, q in snap or []:
            rec = attr_record(k, an, obj, q, inspect)
            if k in ("math", "cmath") and type(obj).__name__ == "builtin_function_or_method":
                calls = []
                for a in CALL_ARGS:
                    calls.append([a, call_outcome(obj, a)])
                rec["calls"] = calls
            attrs.append([to_text(an), rec])
        facts["attrs"] = attrs
        facts["obj_id"] = id(mod)
        modules[k] = facts

    # modules referenced by attributes but not in sys.modules under their name
    extra = {}
    for k in final_keys:
        for an, obj, q in snaps[k][1] or []:
            if isinstance(obj, type(sys)):
                n = dict_get(obj, "__name__")
                if isinstance(n, string_types) and n not in modules and n not in extra:
                    facts = module_facts(obj)
                    facts.update(init_facts(obj, facts["kind"]))
                    facts["attrs"] = [[to_text(a), attr_record(n, a, o, qq, inspect)]
                                      for a, o, qq in snapshot(n, obj)]
                    facts["obj_id"] = id(obj)
                    facts["not_in_sys_modules"] = True
                    extra[n] = facts
    modules.update(extra)

    import types
    tdirs = {}
    for tn, t in (("int", int), ("float", float), ("str", str), ("bool", bool),
                  ("NoneType", type(None)), ("tuple", tuple), ("list", list),
                  ("dict", dict), ("module", types.ModuleType),
                  ("builtin_function_or_method", types.BuiltinFunctionType),
                  ("function", types.FunctionType), ("type", type)):
        tdirs[tn] = [to_text(x) for x in dir(t)]

    bmod = sys.modules[bname]
    bsnap = dict((a, (o, q)) for a, o, q in snaps[bname][1])
    binfo = []
    for a in dir(bmod):
        if a in bsnap:
            o, q = bsnap[a]
        else:
            o = getattr(bmod, a)
            q = quick(bname, a, o)
        binfo.append([to_text(a), attr_record(bname, a, o, q, inspect)])

    out = {
        "importable": importable(),
        "full_version": "%d.%d.%d" % sys.version_info[:3],
        "builtin_module_names": sorted(sys.builtin_module_names),
        "stdlib_module_names": sorted(getattr(sys, "stdlib_module_names", [])),
        "startup": startup,
        "failed": failed,
        "modules": modules,
        "builtins": binfo,
        "type_dirs": tdirs,
        "module_type_doc": type(sys).__doc__,
    }
    with open(out_path, "w") as f:
        json.dump(out, f)


def importable():
    """Top-level module names importable on this install: builtins plus what
    pkgutil finds on sys.path (stdlib, lib-dynload, site-packages), without
    the REPL's cwd entry."""
    import pkgutil
    import os
    names = set(sys.builtin_module_names)
    paths = [p for p in sys.path if p and os.path.isabs(p) and os.path.isdir(p)]
    for mi in pkgutil.iter_modules(paths):
        names.add(mi[1])
    return sorted(n for n in names if n != "__main__")


def single(name):
    g = globals()
    import json
    before = set(g["_BEFORE"])
    after = g["_AFTER"]
    out = {"name": name, "error": g.get("_ERR")}
    if out["error"] is None:
        am = set(after)
        out["imports"] = sorted(k for k in am - before if g["_AFTERMODS"].get(k))
        mod = sys.modules.get(name)
        if isinstance(mod, type(sys)):
            out.update(module_facts(mod))
    sys.stdout.write("@@SINGLE@@" + json.dumps(out) + "\n")


def ipython_pretty(out_path, req_path):
    import json
    with open(req_path) as f:
        req = json.load(f)
    from IPython.lib.pretty import pretty
    tid = _thread_ident()
    res = {}
    for modkey, attrs in req:
        if modkey == "@builtins":
            mod = sys.modules["__builtin__" if PY2 else "builtins"]
        else:
            try:
                __import__(modkey)
                mod = sys.modules[modkey]
            except BaseException:
                continue
        d = mod.__dict__
        r = {}
        for a in attrs:
            if a not in d:
                continue
            try:
                s = pretty(d[a])
            except Exception:
                continue
            if tid and tid in s:
                s = None        # holds the (run specific) thread ident
            r[a] = to_text(s)
        res[modkey] = r
    with open(out_path, "w") as f:
        json.dump(res, f)


# ---------------------------------------------------------------------------
# import-time attribute reads
READ_OPS = {"LOAD_ATTR": "attr", "LOAD_METHOD": "attr", "IMPORT_FROM": "from"}
# exception handler names that catch what a failed read raises
CATCHERS = {"attr": ("AttributeError", "Exception", "BaseException", "StandardError"),
            "from": ("ImportError", "Exception", "BaseException", "StandardError")}


def _handler_catches(h, kind):
    t = h.type
    if t is None:
        return True         # bare except
    import ast
    elts = t.elts if isinstance(t, ast.Tuple) else [t]
    for e in elts:
        n = e.id if isinstance(e, ast.Name) else getattr(e, "attr", None)
        if n in CATCHERS[kind]:
            return True
    return False


def import_reads(out_path, req_path):
    """Imports every requested module in a fresh `python -S -s` process and
    records, per module whose code ran (its "owner"), in order:

    * the attribute reads of its code (`m.attr`, `from m import attr`) on
      other modules (3.x: every module object, traced from the start or from
      when an import statement first returned it; 2.7: builtin and extension
      modules, through proxies in sys.modules);
    * the modules its import statements bring in (the first time each);

    each with the stack from the owner's module-level frame down to the
    reading (or importing) frame.  While the imports run nothing but `sys` is
    used (so that no module is imported early by the probe itself); the
    filtering (opcode, `try:` handlers that would catch the failure, first
    read of each name) and the traceback texts come afterwards."""
    if PY2:
        import __builtin__ as bmod
    else:
        import builtins as bmod
    f = open(req_path, "rb")
    names = [l.strip() for l in f.read().decode("ascii").splitlines() if l.strip()]
    f.close()
    ModuleType = type(sys)
    getframe = sys._getframe
    modules = sys.modules
    state = {"on": False, "busy": False}
    raw = []            # (owner, kind, payload, chain) in order
    raw_seen = set()
    REAL = {}           # 2.7: id(proxy) -> real module

    def module_dict(m):
        return ModuleType.__getattribute__(REAL.get(id(m), m), "__dict__")

    def owner_of(frame):
        f = frame
        while f is not None:
            if f.f_code.co_name == "<module>":
                n = f.f_globals.get("__name__")
                m = modules.get(n) if isinstance(n, string_types) else None
                if isinstance(m, ModuleType) and module_dict(m) is f.f_globals:
                    return n, f
            f = f.f_back
        return None, None

    def chain(frame, top):
        out = []
        f = frame
        while f is not None:
            c = f.f_code
            if not c.co_filename.startswith("<frozen"):
                out.append((c, f.f_lineno, f.f_lasti))
            if f is top:
                break
            f = f.f_back
        out.reverse()
        return tuple(out)

    def key_of(m):
        try:
            n = module_dict(m).get("__name__")
        except Exception:
            n = None
        if isinstance(n, string_types) and modules.get(n) is m:
            return n
        for k, v in list(modules.items()):
            if v is m:
                return k
        return None

    def on_read(m, name, f):
        if name.startswith("__") and name.endswith("__"):
            return
        code = f.f_code
        if code.co_filename.startswith("<frozen"):
            return
        i = f.f_lasti
        op = code.co_code[i] if 0 <= i < len(code.co_code) else None
        if PY2 and op is not None:
            op = ord(op)
        owner, top = owner_of(f)
        if owner is None or owner == "__main__":
            return
        target = key_of(m)
        if target is None or target == owner:
            return
        ch = chain(f, top)
        k = (owner, target, name, op, tuple((c.co_filename, l) for c, l, _ in ch))
        if k in raw_seen:
            return
        raw_seen.add(k)
        raw.append((owner, "read", (target, name, op), ch))

    def note_read(m, name, frame):
        # reads made while a read is being noted are the probe's own
        if state["on"] and not state["busy"]:
            state["busy"] = True
            try:
                on_read(m, name, frame)
            finally:
                state["busy"] = False

    if PY2:
        class Traced(ModuleType):
            def __getattribute__(self, name):
                real = REAL[id(self)]
                note_read(self, name, getframe(1))
                return getattr(real, name)

            def __setattr__(self, name, value):
                setattr(REAL[id(self)], name, value)

            def __delattr__(self, name):
                delattr(REAL[id(self)], name)

        def trace(k, m):
            # 2.7 cannot change a module's class: a proxy takes its sys.modules entry
            p = Traced(k)
            REAL[id(p)] = m
            modules[k] = p
            return p
    else:
        class Traced(ModuleType):
            def __getattribute__(self, name):
                note_read(self, name, getframe(1))
                return ModuleType.__getattribute__(self, name)

        def trace(k, m):
            m.__class__ = Traced
            return m

    traced = set()

    def trace_new():
        for k, m in list(modules.items()):
            if m is None or id(m) in traced or type(m) is not ModuleType:
                continue
            if PY2:
                d = module_dict(m)
                fn = d.get("__file__")
                builtin = k in sys.builtin_module_names and fn is None
                ext = isinstance(fn, string_types) and fn.endswith(".so")
                if not (builtin or ext):
                    continue     # 2.7: builtin and extension modules only
            try:
                p = trace(k, m)
            except Exception:
                continue
            traced.add(id(m))
            traced.add(id(p))

    orig_import = bmod.__import__

    def traced_import(name, globals=None, locals=None, fromlist=(), level=-1 if PY2 else 0):
        if not state["on"] or state["busy"]:
            return orig_import(name, globals, locals, fromlist, level)
        caller = getframe(1)
        rv = orig_import(name, globals, locals, fromlist, level)
        state["busy"] = True
        try:
            owner, top = owner_of(caller)
            if owner is not None and owner != "__main__" \
                    and not caller.f_code.co_filename.startswith("<frozen"):
                # the key it was imported as (3.13 `_collections_abc` is named
                # `collections.abc`); relative imports: the module's own key
                if level in (0, -1) and fromlist and modules.get(name) is rv:
                    base = name
                elif level in (0, -1) and not fromlist \
                        and modules.get(name.split(".")[0]) is rv:
                    base = name.split(".")[0]
                else:
                    base = key_of(rv)
                targets = []
                if base is not None:
                    if fromlist:
                        parts = base.split(".")
                        targets = [".".join(parts[:i + 1]) for i in range(len(parts))]
                        for x in fromlist:
                            sub = "%s.%s" % (base, x)
                            if x != "*" and modules.get(sub) is not None:
                                targets.append(sub)
                    else:
                        # `import a.b.c` returns a: the chain a, a.b, a.b.c
                        rest = name.split(".")[1:] if level in (0, -1) else []
                        parts = [base] + rest
                        targets = [".".join(parts[:i + 1]) for i in range(len(parts))]
                    targets = [t for t in targets if modules.get(t) is not None and t != owner]
                if targets:
                    raw.append((owner, "import", targets, chain(caller, top)))
            trace_new()
        finally:
            state["busy"] = False
        return rv

    before = sorted(k for k, m in modules.items() if m is not None)
    trace_new()
    bmod.__import__ = traced_import
    failed = {}
    for n in names:
        state["on"] = True
        try:
            __import__(n)
        except BaseException as e:  # noqa
            failed[n] = "%s: %s" % (type(e).__name__, e)
        state["on"] = False
        state["busy"] = True
        trace_new()
        state["busy"] = False
    bmod.__import__ = orig_import

    # ---- afterwards: filter, dedupe, format
    import ast
    import dis
    import json
    import linecache
    import traceback
    trees = {}

    def tries(filename):
        if filename in trees:
            return trees[filename]
        out = []
        try:
            src = "".join(linecache.getlines(filename))
            tree = ast.parse(src) if src else None
        except Exception:
            tree = None
        for node in (ast.walk(tree) if tree is not None else []):
            handlers = getattr(node, "handlers", None)
            if handlers and type(node).__name__ in ("Try", "TryExcept", "TryStar"):
                out.append((node.lineno, handlers[0].lineno - 1, handlers))
        trees[filename] = out
        return out

    def catches(ch, kind):
        for c, ln, _ in ch:
            for a, b, handlers in tries(c.co_filename):
                if a <= ln <= b and any(_handler_catches(h, kind) for h in handlers):
                    return True
        return False

    def texts(ch):
        if sys.version_info >= (3, 11):
            gen = ((c, ln, traceback._get_code_position(c, lasti)) for c, ln, lasti in ch)

            class F(object):      # what _extract_from_extended_frame_gen reads of a frame
                def __init__(self, c, ln):
                    self.f_code = c
                    self.f_lineno = ln
                    self.f_globals = {}
                    self.f_locals = {}
            ss = traceback.StackSummary._extract_from_extended_frame_gen(
                ((F(c, ln), pos) for c, ln, pos in gen))
            lines = ss.format()
        elif PY2:
            lines = traceback.format_list([
                (c.co_filename, ln, c.co_name,
                 linecache.getline(c.co_filename, ln).strip() or None) for c, ln, _ in ch])
        else:
            lines = traceback.format_list([
                traceback.FrameSummary(c.co_filename, ln, c.co_name) for c, ln, _ in ch])
        if len(lines) != len(ch):
            raise RuntimeError("traceback formatting merged frames")
        out = []
        for (c, ln, _), text in zip(ch, lines):
            head, _, rest = text.partition("\n")
            want = '  File "%s", line %d, in %s' % (c.co_filename, ln, c.co_name)
            if head != want:
                raise RuntimeError("unexpected frame header %r" % head)
            out.append({"file": to_text(c.co_filename), "lineno": ln,
                        "name": to_text(c.co_name), "text": to_text(rest)})
        return out

    events = {}
    seen_reads = set()
    seen_imports = set()
    for owner, kind, payload, ch in raw:
        if kind == "read":
            target, name, op = payload
            rk = READ_OPS.get(dis.opname[op]) if op is not None else None
            if rk is None or (owner, target, name) in seen_reads or catches(ch, rk):
                continue
            seen_reads.add((owner, target, name))
            ev = {"module": target, "attr": to_text(name), "frames": texts(ch)}
            if rk == "from":
                ev["from"] = True
        else:
            new = [t for t in payload if (owner, t) not in seen_imports]
            if not new:
                continue
            for t in new:
                seen_imports.add((owner, t))
            ev = {"import": new, "frames": texts(ch)}
            c = [k for k in ("attr", "from") if catches(ch, k)]
            if c:
                ev["catches"] = c
        events.setdefault(owner, []).append(ev)
    with open(out_path, "w") as f:
        json.dump({"events": events, "before": before, "failed": failed}, f)


def _main():
    args = globals().get("PROBE_ARGS") or sys.argv[1:]
    mode = args[0]
    if mode == "catalogue":
        catalogue(args[1], args[2])
    elif mode == "single":
        single(args[1])
    elif mode == "ipython":
        ipython_pretty(args[1], args[2])
    elif mode == "reads":
        import_reads(args[1], args[2])
    else:
        raise SystemExit("probe: unknown mode %r" % mode)


_main()
