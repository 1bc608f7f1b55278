#!/usr/bin/env python3
"""Generate reloadlab's module catalogue from the REAL interpreters.

    python3 tools/catalogue/gen_catalogue.py [--versions 3.6,3.7] [--out data/catalogue]

Reads the pyenv builds ($PYENV_ROOT/versions/<X.Y.Z>/bin/python) and the
IPython venvs ($ORACLE_VENVS/<X.Y>[-ipyN]) and writes data/catalogue/pyX.Y.json
(schema: data/catalogue/SCHEMA.md).  See tools/catalogue/README.md.
"""

import argparse
import concurrent.futures
import glob
import importlib.util
import json
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import fcntl
import termios

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PROBE = os.path.join(HERE, "probe.py")
PYENV_ROOT = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
VENV_ROOT = os.environ.get("ORACLE_VENVS") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "reloadlab-oracle")
ORACLE_DIR = os.environ.get("RELOADLAB_ORACLE_DIR") or "/work/shared/oracle"
GOLDEN_SESSIONS = os.environ.get("RELOADLAB_GOLDEN_SESSIONS") or "/work/shared/golden/sessions"

VERSIONS = ["2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]
FULL = {"2.7": "2.7.18", "3.6": "3.6.15", "3.7": "3.7.16", "3.8": "3.8.18",
        "3.9": "3.9.18", "3.10": "3.10.13", "3.11": "3.11.7", "3.12": "3.12.1",
        "3.13": "3.13.0"}
# IPython venvs expected per version: venv dir name -> expected IPython X.Y
VENVS = {
    "2.7": ["2.7", "2.7-ipy5.10"],
    "3.6": ["3.6", "3.6-ipy6.5", "3.6-ipy7.16"],
    "3.7": ["3.7"], "3.8": ["3.8"], "3.9": ["3.9"], "3.10": ["3.10"],
    "3.11": ["3.11", "3.11-ipy9"], "3.12": ["3.12", "3.12-ipy9"],
    "3.13": ["3.13", "3.13-ipy9"],
}

MODULE_LIST = """sys builtins os os.path posixpath math cmath json re time datetime random
collections collections.abc itertools functools string array struct importlib
importlib.util imp types operator copy pickle io abc heapq bisect decimal
fractions statistics textwrap glob shutil tempfile pathlib subprocess socket
select zlib hashlib base64 binascii unicodedata errno gc marshal pwd platform
warnings weakref enum typing dataclasses logging argparse csv sqlite3 threading
inspect pprint traceback queue uuid secrets contextlib codecs locale signal
atexit fnmatch shlex difflib calendar numbers keyword dis ast posix _struct
_json _datetime _heapq _bisect _random _csv _pickle _io _socket fcntl resource
mmap zipimport""".split()

GOLDEN_MODULES = ["math", "cmath", "json", "os", "os.path", "sys", "itertools",
                  "importlib", "imp", "types"]

SITES = [
    ("reload_not_module", ["import importlib", "importlib.reload(5)"]),
    ("reload_not_module_str", ["import importlib", "importlib.reload('math')"]),
    ("reload_not_in_sys_modules", ["import sys, importlib, math",
                                   "del sys.modules['math']", "importlib.reload(math)"]),
    ("reload_function", ["import importlib, math", "importlib.reload(math.cos)"]),
    ("reload_nameless", ["import importlib, math", "del math.__spec__",
                         "del math.__name__", "importlib.reload(math)"]),
    ("import_module_missing", ["import importlib", "importlib.import_module('nosuch')"]),
    ("import_module_missing_sub", ["import importlib",
                                   "importlib.import_module('nosuch.sub')"]),
    ("import_module_not_package", ["import importlib",
                                   "importlib.import_module('math.nosub')"]),
    ("import_module_relative", ["import importlib", "importlib.import_module('.x')"]),
    ("import_module_empty", ["import importlib", "importlib.import_module('')"]),
    ("import_module_not_str", ["import importlib", "importlib.import_module(5)"]),
    ("import_module_dotted_missing", ["import importlib", "importlib.import_module('json.nosuch')"]),
    ("imp_reload_not_module", ["import imp", "imp.reload(5)"]),
    ("imp_reload_not_in_sys_modules", ["import sys, imp, math", "del sys.modules['math']",
                                       "imp.reload(math)"]),
    ("reload_py2_not_in_sys_modules", ["import sys, math", "del sys.modules['math']",
                                       "reload(math)"]),
]
PY2_ONLY_SITES = {"reload_py2_not_in_sys_modules"}

MAXREPR = 300
SIZE_LIMIT = 3 * 1024 * 1024


def log(msg):
    sys.stderr.write("[catalogue] %s\n" % msg)
    sys.stderr.flush()


class Fatal(Exception):
    pass


# ---------------------------------------------------------------------------
# environment
def clean_env(home, venv=None, hashseed=None):
    env = {
        "PATH": ((venv + "/bin:") if venv else "") + "/usr/local/bin:/usr/bin:/bin",
        "HOME": home, "USER": "user", "LOGNAME": "user",
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "dumb",
        "COLUMNS": "80", "LINES": "24",
        "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1", "PYTHONIOENCODING": "utf-8",
        "NO_COLOR": "1", "PYTHON_COLORS": "0", "PYTHON_BASIC_REPL": "1",
        "TMPDIR": os.path.dirname(home),
    }
    if hashseed is not None:
        env["PYTHONHASHSEED"] = str(hashseed)
    return env


class Sandbox(object):
    """A fresh temp dir with home/user (HOME and cwd) and ipythondir."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="catalogue-run-")
        self.home = os.path.join(self.root, "home", "user")
        self.ipydir = os.path.join(self.root, "ipythondir")
        os.makedirs(self.home)
        os.makedirs(self.ipydir)

    def env(self, venv=None, hashseed=None):
        e = clean_env(self.home, venv, hashseed)
        e["IPYTHONDIR"] = self.ipydir
        return e

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)


def hashseed_for(ver):
    # 3.x: fixed seed with hash randomisation still "on" (sys.flags as usual);
    # 2.7: randomisation is off by default, so leave it unset.
    return None if ver == "2.7" else 1


def venv_ipython_version(venv):
    pats = glob.glob(os.path.join(venv, "lib", "python*", "site-packages",
                                  "ipython-*.dist-info"))
    pats += glob.glob(os.path.join(venv, "lib", "python*", "site-packages",
                                   "ipython-*.egg-info"))
    for p in sorted(pats):
        m = re.match(r"ipython-(\d+)\.(\d+)", os.path.basename(p))
        if m:
            return "%s.%s" % (m.group(1), m.group(2))
    py = os.path.join(venv, "bin", "python")
    out = subprocess.run([py, "-c", "import IPython; print(IPython.__version__)"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         universal_newlines=True).stdout.strip()
    m = re.match(r"(\d+)\.(\d+)", out)
    if not m:
        raise Fatal("cannot tell the IPython version of %s" % venv)
    return "%s.%s" % (m.group(1), m.group(2))


class Target(object):
    def __init__(self, ver):
        self.ver = ver
        self.full = FULL[ver]
        self.prefix = os.path.join(PYENV_ROOT, "versions", self.full)
        self.python = os.path.join(self.prefix, "bin", "python")
        self.venvs = []   # (dir name, venv path, "X.Y", variant suffix or None)
        self.missing_venvs = []

    def check(self):
        if not os.path.exists(self.python):
            raise Fatal("Python %s: interpreter not found: looked for %s "
                        "(install it with pyenv, or set PYENV_ROOT)" % (self.ver, self.python))
        for name in VENVS[self.ver]:
            venv = os.path.join(VENV_ROOT, name)
            if not (os.path.exists(os.path.join(venv, "bin", "ipython"))
                    and os.path.exists(os.path.join(venv, "bin", "python"))):
                self.missing_venvs.append(venv)
                log("WARNING: Python %s: IPython venv missing: %s (run "
                    "/work/shared/oracle/setup.sh); its IPython parts are skipped"
                    % (self.ver, venv))
                continue
            variant = name.split("-ipy", 1)[1] if "-ipy" in name else None
            self.venvs.append((name, venv, venv_ipython_version(venv), variant))

    def path_reps(self, extra=()):
        reps = []
        for p in {self.prefix, os.path.realpath(self.prefix)}:
            reps.append((p, "{prefix}"))
        for _, venv, _, _ in self.venvs:
            for p in {venv, os.path.realpath(venv)}:
                reps.append((p, "{prefix}"))
        reps.extend(extra)
        return sorted(reps, key=lambda ab: -len(ab[0]))


# ---------------------------------------------------------------------------
# running things
def run(argv, env, cwd, stdin_data=None, timeout=600):
    p = subprocess.run(argv, input=stdin_data, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, env=env, cwd=cwd, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def request_files(sb, names, out_name):
    """A probe's files in a sandbox: the request (the module names, one a line),
    written, and the path its output goes to."""
    req = os.path.join(sb.root, "request.txt")
    with open(req, "w") as f:
        f.write("\n".join(names) + "\n")
    return req, os.path.join(sb.root, out_name)


def run_catalogue_probe(t, names):
    sb = Sandbox()
    try:
        req, out = request_files(sb, names, "catalogue.json")
        # one REPL input line; nothing is bound in __main__ (exec with own dicts)
        boot = ("f=open(%r,'rb');c=compile(f.read(),%r,'exec');f.close();"
                "exec(c,{'__name__':'__probe__','PROBE_ARGS':['catalogue',%r,%r]})"
                % (PROBE, PROBE, out, req))
        line = "exec(%r, {})\n" % boot
        argv = [t.python, "-u", "-s", "-i"] + ([] if t.ver == "2.7" else ["-q"])
        rc, text = run(argv, sb.env(hashseed=hashseed_for(t.ver)), sb.home,
                       line.encode())
        if not os.path.exists(out):
            raise Fatal("catalogue probe failed on %s (rc=%s):\n%s" % (t.ver, rc, text))
        with open(out) as f:
            data = json.load(f)
        return data, sb
    except Exception:
        sb.close()
        raise


SINGLE_PRELUDE = """import sys
_BEFORE=list(sys.modules)
try:
    __import__(%r)
    _ERR=None
except BaseException as _e:
    _ERR='%%s: %%s' %% (type(_e).__name__, _e)
_AFTER=list(sys.modules)
_AFTERMODS=dict((_k, sys.modules[_k] is not None) for _k in _AFTER)
PROBE_ARGS=['single', %r]
exec(compile(open(%r,'rb').read(),%r,'exec'))
"""


def run_single(t, name, nosite=True):
    """Facts of `import name` in a fresh `python -S -s -c` process.  If that
    lone import fails (e.g. genericpath on 3.6: circular import through os
    without site), it is retried once with site enabled (`python -s -c`)."""
    sb = Sandbox()
    try:
        code = SINGLE_PRELUDE % (name, name, PROBE, PROBE)
        rc, text = run([t.python] + (["-S"] if nosite else []) + ["-s", "-c", code],
                       sb.env(hashseed=hashseed_for(t.ver)), sb.home, b"")
        m = re.search(r"^@@SINGLE@@(.*)$", text, re.M)
        if not m:
            raise Fatal("single probe of %s on %s failed (rc=%s):\n%s" % (name, t.ver, rc, text))
        rec = json.loads(m.group(1))
        rec["_home"] = sb.home
        rec["_root"] = sb.root
        rec["_site"] = not nosite
    finally:
        sb.close()
    if rec.get("error") and nosite:
        again = run_single(t, name, nosite=False)
        again["_nosite_error"] = rec["error"]
        return again
    return rec


READS_PRELUDE = """PROBE_ARGS=['reads', %r, %r]
exec(compile(open(%r,'rb').read(),%r,'exec'))
"""


def run_reads_probe(t, names):
    """The import-time attribute reads (probe.py `reads` mode): one fresh
    `python -S -s -c` process that imports every name in turn."""
    sb = Sandbox()
    try:
        req, out = request_files(sb, names, "reads.json")
        code = READS_PRELUDE % (out, req, PROBE, PROBE)
        rc, text = run([t.python, "-S", "-s", "-c", code],
                       sb.env(hashseed=hashseed_for(t.ver)), sb.home, b"")
        if not os.path.exists(out):
            raise Fatal("import-reads probe failed on %s (rc=%s):\n%s" % (t.ver, rc, text[-3000:]))
        with open(out) as f:
            return json.load(f), sb.home, sb.root
    finally:
        sb.close()


def build_import_reads(raw, known, targets, norm):
    """{module: [EVENT]} for the `import_reads` key of MODULE (see SCHEMA.md) from the
    probe's raw events: only catalogued owners; only reads of the modules in `targets`
    (builtin and extension modules: what a user edits, and what keeps the data small);
    `from m import x` of a submodule `m.x` dropped (the import system binds it); an
    import keeps its frames
    only when what it imports reads something, directly or through its own imports,
    and is dropped when it imports nothing catalogued."""
    events = {}
    for owner, evs in raw["events"].items():
        if owner not in known:
            continue
        out = []
        for ev in evs:
            ev = dict(ev)
            for fr in ev["frames"]:
                fr["file"] = norm(fr["file"])
            if "import" in ev:
                ev["import"] = [x for x in ev["import"] if x in known]
                if ev["import"]:
                    out.append(ev)
            elif ev["module"] in targets and not (
                    ev.get("from") and "%s.%s" % (ev["module"], ev["attr"]) in known):
                out.append(ev)
        events[owner] = out
    # which modules read something when their code runs (transitively)
    reads = set(o for o, evs in events.items() if any("module" in e for e in evs))
    changed = True
    while changed:
        changed = False
        for o, evs in events.items():
            if o not in reads and any(x in reads for e in evs for x in e.get("import", [])):
                reads.add(o)
                changed = True
    result = {}
    for o in sorted(events):
        if o not in reads:
            continue
        evs = []
        for e in events[o]:
            if "import" in e and not any(x in reads for x in e["import"]):
                e = {"import": e["import"]}
            evs.append(e)
        result[o] = evs
    return result


def run_ipython_pretty(t, venv, request):
    sb = Sandbox()
    try:
        req = os.path.join(sb.root, "request.json")
        out = os.path.join(sb.root, "pretty.json")
        with open(req, "w") as f:
            json.dump(request, f)
        py = os.path.join(venv, "bin", "python")
        rc, text = run([py, "-s", PROBE, "ipython", out, req],
                       sb.env(venv, hashseed_for(t.ver)), sb.home, b"")
        if not os.path.exists(out):
            raise Fatal("IPython pretty probe failed in %s (rc=%s):\n%s" % (venv, rc, text))
        with open(out) as f:
            return json.load(f)
    finally:
        sb.close()


MARK_CODE = "print('@@'+'MODS@@'+repr(sorted(__import__('sys').modules)))"


def parse_mods(text, what):
    m = re.search(r"@@MODS@@(\[.*?\])", text.replace("\r", ""), re.S)
    if not m:
        raise Fatal("no module list in the output of %s:\n%s" % (what, text[-3000:]))
    import ast
    return ast.literal_eval(m.group(1).replace("\n", ""))


def ipython_startup(t, venv):
    sb = Sandbox()
    try:
        argv = [os.path.join(venv, "bin", "python"), "-u", "-s",
                os.path.join(venv, "bin", "ipython"),
                "--colors=NoColor", "--simple-prompt", "--no-banner",
                "--HistoryManager.enabled=False",
                "--TerminalInteractiveShell.confirm_exit=False",
                "--TerminalInteractiveShell.term_title=False"]
        rc, text = run(argv, sb.env(venv), sb.home, (MARK_CODE + "\n").encode())
        return parse_mods(text, venv)
    finally:
        sb.close()


def pyrepl_startup(t, timeout=30.0):
    """3.13's new REPL exists only on a terminal: run it on a pty."""
    sb = Sandbox()
    master = None
    p = None
    try:
        env = sb.env()
        env["TERM"] = "xterm"
        for k in ("COLUMNS", "LINES", "PYTHONUNBUFFERED", "NO_COLOR", "PYTHON_BASIC_REPL"):
            env.pop(k, None)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 250, 0, 0))
        p = subprocess.Popen([t.python, "-q", "-s"], stdin=slave, stdout=slave,
                             stderr=slave, env=env, cwd=sb.home,
                             start_new_session=True, close_fds=True)
        os.close(slave)
        buf = bytearray()

        def pump(until, limit):
            end = time.time() + limit
            while time.time() < end:
                r, _, _ = select.select([master], [], [], 0.05)
                if r:
                    try:
                        data = os.read(master, 65536)
                    except OSError:
                        return False
                    if not data:
                        return False
                    buf.extend(data)
                    if until(bytes(buf)):
                        return True
            return False

        if not pump(lambda b: b">>> " in b, timeout):
            raise Fatal("pyrepl: no prompt: %r" % bytes(buf[-500:]))
        time.sleep(0.3)
        pump(lambda b: False, 0.2)
        start = len(buf)
        os.write(master, MARK_CODE.encode() + b"\r")
        ok = pump(lambda b: re.search(rb"@@MODS@@\[[^\]]*\]", b[start:]) is not None, timeout)
        text = bytes(buf[start:]).decode("utf-8", "replace")
        if not ok:
            raise Fatal("pyrepl: no module list: %r" % text[-500:])
        if "_pyrepl.unix_console" not in text:
            raise Fatal("pyrepl: the new REPL did not start? %r" % text[-500:])
        os.write(master, b"\x04")
        return parse_mods(text, "pyrepl")
    finally:
        if p is not None:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(5)
        if master is not None:
            os.close(master)
        sb.close()


# ---------------------------------------------------------------------------
# traceback probes ("frames")
_RT = None


def rt():
    """The oracle's real_transcript.py, loaded as a module."""
    global _RT
    if _RT is None:
        path = os.path.join(ORACLE_DIR, "real_transcript.py")
        if not os.path.exists(path):
            raise Fatal("oracle harness not found: %s (set RELOADLAB_ORACLE_DIR)" % path)
        spec = importlib.util.spec_from_file_location("reloadlab_real_transcript", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        _RT = mod
    return _RT


def transcript(ver, cells, style, variant=None):
    """Normalised transcript (install prefix -> /usr/local) of a session."""
    r = rt()
    try:
        text, warnings, tmp, ver_full, venv = r.run_session(
            [[c] for c in cells], ver, style, variant, timeout=120.0)
    except SystemExit as e:
        raise Fatal("oracle harness failed for %s %s %s: %s" % (ver, style, variant, e))
    try:
        out = r.normalize(text, ver_full, venv, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for w in warnings:
        log("warning (%s %s %s): %s" % (ver, style, variant, w))
    bad = r.check_clean(out)
    if bad:
        raise Fatal("machine paths left in a transcript: %s\n%s" % (bad, out))
    return out


def split_last_output(text, style, cells):
    """(text before the last cell's echo, output of the last cell)."""
    last = cells[-1]
    if style == "python":
        echo = ">>> " + last + "\n"
        i = text.rfind(echo)
        if i < 0:
            raise Fatal("cannot find the last cell in:\n" + text)
        return text[:i], text[i + len(echo):]
    m = None
    for m in re.finditer(r"In \[\d+\]: " + re.escape(last) + "\n", text):
        pass
    if m is None:
        raise Fatal("cannot find the last cell in:\n" + text)
    return text[:m.start()], text[m.end():]


CHAIN_SEPS = {
    "During handling of the above exception, another exception occurred:\n": "context",
    "The above exception was the direct cause of the following exception:\n": "cause",
}
PY_FRAME_RE = re.compile(r'^  File "(?P<file>.*)", line (?P<lineno>\d+), in (?P<name>.*)\n$')


def split_exc_line(msg_lines):
    text = "".join(msg_lines).rstrip("\n")
    if ": " in text.split("\n", 1)[0]:
        t, m = text.split(": ", 1)
    else:
        t, m = text, ""
    return t, m


def parse_python_tb(out):
    lines = out.splitlines(True)
    excs = []
    i = 0
    chain = None
    while i < len(lines):
        if lines[i] != "Traceback (most recent call last):\n":
            i += 1
            continue
        i += 1
        frames = []
        while i < len(lines) and lines[i].startswith("  File "):
            block = [lines[i]]
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                block.append(lines[i])
                i += 1
            m = PY_FRAME_RE.match(block[0])
            if not m:
                raise Fatal("cannot parse frame line %r" % block[0])
            frames.append({"file": m.group("file"), "lineno": int(m.group("lineno")),
                           "name": m.group("name"),
                           "user": m.group("file") in ("<stdin>",) or
                           m.group("file").startswith("<python-input-"),
                           "text": "".join(block)})
        msg = []
        nxt = None
        while i < len(lines):
            if (lines[i] == "\n" and i + 1 < len(lines) and lines[i + 1] in CHAIN_SEPS):
                nxt = CHAIN_SEPS[lines[i + 1]]
                i += 3   # blank, separator, blank
                break
            msg.append(lines[i])
            i += 1
        t, m = split_exc_line(msg)
        excs.append({"exc_type": t, "message": m, "chain": chain, "frames": frames})
        chain = nxt
    return excs


IPY_HDR_RE = re.compile(r"^(?P<type>\S+)\s+Traceback \(most recent call last\)\n$")
IPY8_FRAME_RE = re.compile(r"^File (?P<file>.+):(?P<lineno>\d+), in (?P<name>[^\s(]+)")
IPY_OLD_FRAME_RE = re.compile(r"^(?P<file>.+?) in (?P<name>[^\s(]+)")
IPY_ARROW_RE = re.compile(r"^-+> ?(?P<lineno>\d+)")


def ipy_frame(block):
    head = block[0]
    user = head.startswith("<ipython-input-") or head.startswith("Cell In[")
    f = {"user": user, "text": "".join(block), "file": None, "lineno": None, "name": None}
    if user:
        return f
    m = IPY8_FRAME_RE.match(head)
    if m:
        f.update(file=m.group("file"), lineno=int(m.group("lineno")), name=m.group("name"))
        return f
    m = IPY_OLD_FRAME_RE.match(head)
    if not m:
        raise Fatal("cannot parse IPython frame header %r" % head)
    f.update(file=m.group("file"), name=m.group("name"))
    for l in block[1:]:
        a = IPY_ARROW_RE.match(l)
        if a:
            f["lineno"] = int(a.group("lineno"))
    return f


def is_ipy_frame_head(line):
    return (line.startswith("File ") or line.startswith("Cell In[")
            or line.startswith("<ipython-input-") or line.startswith("<frozen ")
            or line.startswith("/") or line.startswith("~")) and (
                " in " in line or line.startswith("Cell In["))


def parse_ipython_tb(out):
    lines = out.splitlines(True)
    excs = []
    i = 0
    chain = None
    while i < len(lines):
        h = IPY_HDR_RE.match(lines[i])
        if not h:
            i += 1
            continue
        i += 1
        frames = []
        msg = []
        nxt = None
        while i < len(lines):
            if lines[i] == "\n":
                i += 1
                continue
            if is_ipy_frame_head(lines[i]):
                block = []
                while i < len(lines) and lines[i] != "\n":
                    block.append(lines[i])
                    i += 1
                frames.append(ipy_frame(block))
                continue
            # the exception message, up to a chain separator or the end
            while i < len(lines):
                if (lines[i] == "\n" and i + 1 < len(lines) and lines[i + 1] in CHAIN_SEPS):
                    nxt = CHAIN_SEPS[lines[i + 1]]
                    i += 3
                    break
                msg.append(lines[i])
                i += 1
            break
        t, m = split_exc_line(msg)
        if t != h.group("type"):
            log("warning: IPython header type %r != message type %r" % (h.group("type"), t))
        excs.append({"exc_type": t, "message": m.rstrip("\n"), "chain": chain, "frames": frames})
        chain = nxt
    return excs


def canon_file(path):
    """A comparable module-ish key for a frame's file."""
    if path is None:
        return None
    m = re.match(r"^<frozen (.+)>$", path)
    if m:
        return m.group(1)
    m = re.search(r"/lib/python\d\.\d+/(.+?)\.pyc?$", path)
    if m:
        p = m.group(1).replace("/", ".")
        if p.endswith(".__init__"):
            p = p[:-len(".__init__")]
        return p
    return path


def frames_match(a, b):
    if a["user"] or b["user"]:
        return a["user"] and b["user"]
    if a["name"] != b["name"] or canon_file(a["file"]) != canon_file(b["file"]):
        return False
    return a["lineno"] is None or b["lineno"] is None or a["lineno"] == b["lineno"]


def merge_frames(merged, frames, style_key):
    """LCS-merge `frames` (one style) into `merged` (list of dicts with 'texts')."""
    n, m = len(merged), len(frames)
    L = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if frames_match(merged[i], frames[j]):
                L[i][j] = L[i + 1][j + 1] + 1
            else:
                L[i][j] = max(L[i + 1][j], L[i][j + 1])
    out = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and frames_match(merged[i], frames[j]):
            merged[i]["texts"][style_key] = frames[j]["text"]
            if merged[i]["lineno"] is None:
                merged[i]["lineno"] = frames[j]["lineno"]
            out.append(merged[i])
            i += 1
            j += 1
        elif j < m and (i >= n or L[i][j + 1] >= L[i + 1][j]):
            f = dict(frames[j])
            f["texts"] = {style_key: f.pop("text")}
            out.append(f)
            j += 1
        else:
            out.append(merged[i])
            i += 1
    return out


def py_file_to_field(path):
    if path is None:
        return None
    if path.startswith("/usr/local/"):
        return "{prefix}" + path[len("/usr/local"):]
    return path


def merge_site(parsed):
    """parsed: list of (style_key, [exceptions]); style_key 'python' or 'ipy:X.Y'.
    Returns the list of CHAINED_EXCEPTION records."""
    n = max(len(excs) for _, excs in parsed)
    result = []
    for k in range(n):
        merged = []
        exc = None
        msgs = {}
        for style_key, excs in parsed:
            idx = len(excs) - n + k      # aligned from the end
            if idx < 0:
                continue
            e = excs[idx]
            if exc is None:
                exc = {"exc_type": e["exc_type"], "chain": e["chain"]}
            elif exc["exc_type"] != e["exc_type"]:
                log("warning: exception types differ between styles: %s vs %s"
                    % (exc["exc_type"], e["exc_type"]))
            msgs[style_key] = e["message"]
            merged = merge_frames(merged, e["frames"], style_key)
        ipy_msgs = [v for s, v in msgs.items() if s != "python"]
        message = ipy_msgs[0] if ipy_msgs else msgs.get("python", "")
        rec = {"exc_type": exc["exc_type"], "message": message}
        if "python" in msgs and msgs["python"] != message:
            rec["python_message"] = msgs["python"]
        if k > 0:
            rec["chain"] = exc["chain"]
        frames = []
        for f in merged:
            fr = {"file": py_file_to_field(f["file"]), "lineno": f["lineno"],
                  "name": f["name"], "user": bool(f["user"])}
            if fr["lineno"] is None:
                fr["lineno"] = 0        # no style printed a line number
            if f["user"]:
                # rendered by the Rust side; file/lineno as the plain REPL names them
                fr["file"] = "<stdin>"
                fr["name"] = "<module>"
                fr["lineno"] = f["lineno"] or 1
            else:
                if "python" in f["texts"]:
                    fr["python"] = f["texts"]["python"]
                ip = dict((s[4:], t) for s, t in f["texts"].items() if s.startswith("ipy:"))
                if ip:
                    fr["ipython"] = dict(sorted(ip.items(), key=lambda kv: vkey(kv[0])))
            frames.append(fr)
        rec["frames"] = frames
        result.append(rec)
    return result


def vkey(v):
    return tuple(int(x) for x in v.split("."))


def api_missing(excs):
    """The last cell failed only because the API does not exist."""
    if not excs:
        return True
    e = excs[-1]
    return (len(excs) == 1 and e["exc_type"] in ("AttributeError", "NameError")
            and all(f["user"] for f in e["frames"]))


def probe_site(t, site, cells, pool):
    """Returns (CHAINED_EXCEPTION list, {ipy X.Y: verbatim fallback output})
    or (None, reason why the site is skipped)."""
    if site in PY2_ONLY_SITES and t.ver != "2.7":
        return None, "2.7 only"
    text = transcript(t.ver, cells, "python")
    before, out = split_last_output(text, "python", cells)
    if "Traceback (most recent call last)" in before:
        first = [l for l in before.splitlines()
                 if re.match(r"^[A-Za-z_][\w.]*(Error|Exception)\b", l)]
        return None, "an earlier cell raised (API absent): " + (first[0] if first else "?")
    pexcs = parse_python_tb(out)
    if not pexcs:
        return None, "the last cell raised no exception"
    if api_missing(pexcs):
        return None, "API absent: %s: %s" % (pexcs[-1]["exc_type"], pexcs[-1]["message"])
    parsed = [("python", pexcs)]
    futs = []
    for name, venv, ipyver, variant in t.venvs:
        futs.append((ipyver, pool.submit(transcript, t.ver, cells, "ipython", variant)))
    fallback = {}
    for ipyver, fut in sorted(futs, key=lambda x: vkey(x[0])):
        itext = fut.result()
        ibefore, iout = split_last_output(itext, "ipython", cells)
        if not iout.startswith("-" * 20):
            # IPython's own traceback formatter crashed (inspect on a module
            # without __name__): it printed an internal error or "Unexpected
            # exception formatting exception" and a standard traceback
            # instead.  Kept verbatim (see SCHEMA.md, frames_fallback).
            log("note: %s %s: IPython %s fell back to the standard traceback"
                % (t.ver, site, ipyver))
            fallback[ipyver] = iout
            continue
        iexcs = parse_ipython_tb(iout)
        if not iexcs:
            raise Fatal("IPython %s on %s printed no traceback for %s:\n%s"
                        % (ipyver, t.ver, site, itext))
        if len(iexcs) != len(pexcs):
            log("note: %s %s: IPython %s prints %d chained exceptions, python %d"
                % (t.ver, site, ipyver, len(iexcs), len(pexcs)))
        parsed.append(("ipy:" + ipyver, iexcs))
    return merge_site(parsed), fallback


# ---------------------------------------------------------------------------
# normalisation
def make_normaliser(reps):
    reps = sorted(set(reps), key=lambda ab: -len(ab[0]))

    def norm(s):
        if s is None:
            return None
        for a, b in reps:
            if a in s:
                s = s.replace(a, b)
        return s
    return norm


def sandbox_reps(home, root):
    out = []
    for h in {home, os.path.realpath(home)}:
        out.append((h, "/home/user"))
    for r in {root, os.path.realpath(root)}:
        out.append((r, "/tmp"))
    return out


ADDR_FORMS = [
    (re.compile(r"0x[0-9a-fA-F]{6,16}\b"), "0xADDR"),           # 0x7f3a...
    (re.compile(r"\bhandle [0-9a-f]{6,16}\b"), "handle ADDR"),   # ctypes CDLL
    (re.compile(r"\bat [0-9a-f]{8,16}>"), "at ADDR>"),           # 2.7 ctypes: %x
    (re.compile(r"\bat [0-9]{12,20}>"), "at ADDR>"),             # 2.7: id() in decimal
]


def addr(s):
    """Object addresses in reprs -> ADDR (0x... -> 0xADDR)."""
    if not isinstance(s, str):
        return s
    for rx, rep in ADDR_FORMS:
        s = rx.sub(rep, s)
    return s


ATTR_KEYS = ["type", "type_module", "repr", "str", "value", "module_ref", "name",
             "qualname", "obj_module", "signature", "callable", "is_class",
             "ipython", "calls"]


def build_attr(raw, norm, pretty):
    """raw: the probe's record.  pretty: {X.Y: text} or None."""
    is_const = "value" in raw
    fix = (lambda s: norm(s)) if is_const else (lambda s: addr(norm(s)))
    rec = {}
    rec["type"] = raw["type"]
    rec["type_module"] = raw.get("type_module")
    full_repr = raw.get("repr")
    r = fix(full_repr) if full_repr is not None else None
    rec["repr"] = r if (r is not None and len(r) <= MAXREPR) else None
    if raw.get("str") is not None:
        st = fix(raw["str"])
        if len(st) <= MAXREPR and st != r:
            rec["str"] = st
    if is_const:
        rec["value"] = norm(raw["value"])
    if "module_ref" in raw:
        rec["module_ref"] = raw["module_ref"]
    callable_ = bool(raw.get("callable"))
    is_class = bool(raw.get("is_class"))
    if callable_ or is_class:
        for k in ("name", "qualname", "obj_module", "signature"):
            v = raw.get(k)
            rec[k] = norm(v) if isinstance(v, str) else None
        if rec["signature"] is not None:
            rec["signature"] = addr(rec["signature"])
    rec["callable"] = callable_
    rec["is_class"] = is_class
    if (rec["callable"] or rec["is_class"]) and pretty:
        rec["ipython"] = pretty
    if raw.get("calls") is not None:
        calls = {}
        for a, o in raw["calls"]:
            o = dict(o)
            if "ok" in o:
                o["ok"] = addr(norm(o["ok"]))
            if "message" in o:
                o["message"] = norm(o["message"])
            calls[a] = o
        rec["calls"] = calls
    return rec


def module_key_sort(k):
    return k


def is_listed(name, ver):
    base = "__builtin__" if (ver == "2.7" and name == "builtins") else name
    listed = set(MODULE_LIST)
    if ver == "2.7":
        listed.add("__builtin__")
    return base in listed


def build_version(t, args, pool):
    t0 = time.time()
    ver = t.ver
    names = [("__builtin__" if (ver == "2.7" and n == "builtins") else n) for n in MODULE_LIST]
    log("%s: catalogue probe (python -i)" % ver)
    data, sb = run_catalogue_probe(t, names)
    cat_norm = make_normaliser(t.path_reps(sandbox_reps(sb.home, sb.root)))
    sb.close()
    skipped_imports = dict(sorted(data["failed"].items()))
    for n, why in skipped_imports.items():
        log("%s: skipped %s (%s)" % (ver, n, why.strip()))

    mods = data["modules"]
    keys = sorted(k for k, m in mods.items()
                  if not m.get("not_in_sys_modules") and k != "__main__")
    # ---- lone-import facts, one fresh `python -S -s -c` per module
    log("%s: %d modules; lone-import probes, import-time reads" % (ver, len(keys)))
    reads_fut = pool.submit(run_reads_probe, t, keys)
    singles = dict(zip(keys, pool.map(lambda k: run_single(t, k), keys)))
    reads_raw, rhome, rroot = reads_fut.result()
    for n, why in sorted(reads_raw["failed"].items()):
        log("%s: import-reads probe: import %s failed (%s)" % (ver, n, why.strip()))
    kinds = {}
    for k in keys:
        s = singles.get(k)
        ok = s is not None and s.get("error") is None and "kind" in s
        kinds[k] = s["kind"] if ok else mods[k]["kind"]
    import_reads = build_import_reads(
        reads_raw, set(keys), set(k for k in keys if kinds[k] in ("builtin", "extension")),
        make_normaliser(t.path_reps(sandbox_reps(rhome, rroot))))

    # ---- IPython
    startup = {"python": data["startup"]}
    pretty = {}      # ipyver -> {modkey: {attr: text}}
    if not args.no_ipython:
        req = []
        for k in sorted(mods):
            if mods[k].get("not_in_sys_modules"):
                continue
            want = [a for a, r in mods[k]["attrs"] if r.get("callable") or r.get("is_class")]
            if want:
                req.append([k, want])
        want = [a for a, r in data["builtins"] if r.get("callable") or r.get("is_class")]
        req.append(["@builtins", want])
        futs = {}
        for name, venv, ipyver, variant in t.venvs:
            log("%s: IPython %s (%s): startup modules and pretty()" % (ver, ipyver, name))
            futs[ipyver] = (pool.submit(ipython_startup, t, venv),
                            pool.submit(run_ipython_pretty, t, venv, req))
        for ipyver in sorted(futs, key=vkey):
            startup["ipython-" + ipyver] = futs[ipyver][0].result()
            pretty[ipyver] = futs[ipyver][1].result()
    if ver == "3.13" and not args.no_pyrepl:
        try:
            log("%s: pyrepl startup modules (pty)" % ver)
            startup["pyrepl"] = pyrepl_startup(t)
        except Exception as e:
            log("WARNING: %s: could not read the pyrepl startup modules: %s" % (ver, e))
    # order: python, pyrepl, ipython-* by version
    st_sorted = {"python": startup["python"]}
    if "pyrepl" in startup:
        st_sorted["pyrepl"] = startup["pyrepl"]
    for k in sorted((k for k in startup if k.startswith("ipython-")), key=lambda k: vkey(k[8:])):
        st_sorted[k] = startup[k]

    def pretty_for(modkey, attr):
        out = {}
        for ipyver in sorted(pretty, key=vkey):
            s = pretty[ipyver].get(modkey, {}).get(attr)
            if s is not None:      # None: not computable (e.g. held a thread ident)
                out[ipyver] = addr(cat_norm(s))
        return out or None

    # ---- modules
    obj_names = {}
    for k in keys:
        obj_names.setdefault(mods[k]["obj_id"], []).append(k)
    modules = {}
    notes = []
    for k in sorted(mods):
        m = mods[k]
        s = singles.get(k)
        lone_ok = s is not None and s.get("error") is None and "kind" in s
        if s is not None and not lone_ok:
            notes.append("%s: lone import failed (%s): facts from the combined process"
                         % (k, s.get("error")))
        if lone_ok and s.get("_nosite_error"):
            notes.append("%s: lone import under -S failed (%s); measured with site enabled "
                         "(python -s -c)" % (k, s["_nosite_error"]))
        if lone_ok:
            snorm = make_normaliser(t.path_reps(sandbox_reps(s["_home"], s["_root"])))
            src, nrm = s, snorm
        else:
            src, nrm = m, cat_norm
        rec = {}
        rec["kind"] = src["kind"]
        rec["init"] = m["init"]
        rec["m_size"] = m["m_size"]
        rec["has_state"] = bool(m["has_state"])
        if m.get("reimport_same") is not None:
            rec["reimport_same"] = m["reimport_same"]
        rec["file"] = nrm(src["file"])
        rec["cached"] = nrm(src["cached"])
        rec["origin"] = None if ver == "2.7" else nrm(src["origin"])
        rec["has_location"] = None if ver == "2.7" else src["has_location"]
        rec["loader"] = addr(nrm(src["loader"])) if src["loader"] else None
        rec["path"] = [nrm(p) for p in src["path"]] if src["path"] is not None else None
        if m.get("submodules") is not None:
            rec["submodules"] = m["submodules"]
        rec["package"] = src["package"]
        rec["repr"] = addr(nrm(src["repr"]))
        rec["imports"] = s["imports"] if lone_ok else []
        if k in import_reads:
            rec["import_reads"] = import_reads[k]
        if not lone_ok and k != "__main__":
            rec["imports_unknown"] = True
        if k == "__main__":
            rec["imports"] = []     # always present; facts as at the REPL's first prompt
        rec["doc_first_line"] = src["doc_first_line"]
        # extras (documented in SCHEMA.md)
        mname = m.get("module_name")
        if mname and mname != k and mname in mods and mods[mname]["obj_id"] == m["obj_id"]:
            rec["alias_of"] = mname
        if m.get("not_in_sys_modules"):
            rec["not_in_sys_modules"] = True
        attrs = {}
        for a, r in m["attrs"]:
            attrs[a] = build_attr(r, cat_norm, pretty_for(k, a))
            if "module_ref" in r:
                ref = r["module_ref"]
                if ref is None or ref not in mods:
                    notes.append("%s.%s: module_ref %r is not catalogued" % (k, a, ref))
        rec["attrs"] = attrs
        modules[k] = rec

    builtins = {}
    for a, r in data["builtins"]:
        builtins[a] = build_attr(r, cat_norm, pretty_for("@builtins", a))

    # ---- frames
    frames = {}
    frames_fallback = {}
    frames_skipped = {}
    if not args.no_frames:
        for site, cells in SITES:
            log("%s: frames: %s" % (ver, site))
            res, extra = probe_site(t, site, cells, pool)
            if res is None:
                frames_skipped[site] = extra
                log("%s: frames: %s skipped: %s" % (ver, site, extra))
                continue
            frames[site] = res
            if extra:
                frames_fallback[site] = dict(sorted(extra.items(), key=lambda kv: vkey(kv[0])))

    out = {
        "version": ver,
        "full_version": data["full_version"],
        "builtin_module_names": data["builtin_module_names"],
        "stdlib_module_names": data["stdlib_module_names"],
        "startup_modules": st_sorted,
        "type_dirs": data["type_dirs"],
        "module_type_doc": data.get("module_type_doc"),
        "builtins": builtins,
        "modules": modules,
        "frames": frames,
        "frames_fallback": frames_fallback,
        "importable": data["importable"],
        "meta": {
            "generator": "tools/catalogue/gen_catalogue.py",
            "ipython": dict((ipyver, name) for name, _, ipyver, _ in t.venvs),
            "missing_ipython_venvs": [os.path.basename(v) for v in t.missing_venvs],
            "skipped_imports": skipped_imports,
            "frames_skipped": frames_skipped,
            "size_reductions": [],
            "notes": sorted(set(notes)),
        },
    }
    if data["full_version"] != t.full:
        raise Fatal("%s reports version %s, expected %s" % (t.python, data["full_version"], t.full))
    reduce_size(out, ver)
    check_clean(out, t)
    log("%s: done in %.1fs" % (ver, time.time() - t0))
    return out


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def reduce_size(out, ver):
    def size():
        return len(dump(out).encode("utf-8"))
    if size() <= SIZE_LIMIT:
        return
    for k, m in out["modules"].items():
        if is_listed(k, ver):
            continue
        for a, r in m["attrs"].items():
            r.pop("calls", None)
            r.pop("str", None)
    out["meta"]["size_reductions"].append(
        "dropped 'calls' and 'str' of attributes of modules not in the requested list")
    if size() <= SIZE_LIMIT:
        return
    for k, m in out["modules"].items():
        if is_listed(k, ver) or not k.split(".")[-1].startswith("_"):
            continue
        m["attrs"] = {}
        m["attrs_dropped"] = True
    out["meta"]["size_reductions"].append(
        "dropped 'attrs' ({} with attrs_dropped: true) of private modules not in the "
        "requested list")
    if size() > SIZE_LIMIT:
        log("WARNING: %s: catalogue still %d bytes after the size reductions" % (ver, size()))


def check_clean(out, t):
    text = dump(out)
    bad = []
    for s in [PYENV_ROOT, os.path.realpath(PYENV_ROOT), VENV_ROOT, ".pyenv",
              "catalogue-run-", "oracle-run-", os.path.expanduser("~") + "/", HERE, REPO]:
        if s and s not in ("/",) and s in text:
            i = text.find(s)
            bad.append("%r (e.g. ...%s...)" % (s, text[max(0, i - 80):i + 80]))
    if bad:
        raise Fatal("machine-specific paths left in the %s catalogue: %s" % (t.ver, "; ".join(bad)))


# ---------------------------------------------------------------------------
# validation
def golden_modules():
    names = set()
    for p in glob.glob(os.path.join(GOLDEN_SESSIONS, "*.session")):
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.startswith("##"):
                    continue
                for m in re.finditer(r"\b(?:import|from)\s+([\w.]+(?:\s*,\s*[\w.]+)*)", line):
                    for n in m.group(1).split(","):
                        names.add(n.strip())
    return names


def validate(out, ver, have_ipython=True):
    problems = []
    mods = out["modules"]
    gm = set(GOLDEN_MODULES)
    found = golden_modules()
    for n in sorted(gm | (found & set(MODULE_LIST))):
        n2 = "__builtin__" if (ver == "2.7" and n == "builtins") else n
        exists = n2 in mods or n2 in out["meta"]["skipped_imports"]
        if n2 in out["meta"]["skipped_imports"]:
            continue   # does not exist on this version
        if not exists:
            problems.append("module %s missing" % n2)
    for n in ("math", "cmath"):
        for a, r in (mods[n]["attrs"] or {}).items():
            if r["type"] == "builtin_function_or_method" and "calls" not in r:
                problems.append("%s.%s has no calls" % (n, a))
    if ver != "2.7":
        fr = out["frames"].get("reload_not_module")
        if not fr:
            problems.append("frames.reload_not_module missing")
        else:
            last = fr[-1]
            ok_py = any("python" in f for f in last["frames"] if not f["user"])
            ok_ipy = any("ipython" in f for f in last["frames"] if not f["user"])
            if not ok_py or (have_ipython and not ok_ipy):
                problems.append("frames.reload_not_module lacks python or ipython texts")
    for k, m in mods.items():
        if m.get("imports_unknown") and not m.get("not_in_sys_modules"):
            problems.append("%s: no lone-import facts" % k)
        for a, r in (m["attrs"] or {}).items():
            if "module_ref" in r and r["module_ref"] not in mods:
                problems.append("%s.%s -> module %r not catalogued" % (k, a, r["module_ref"]))
    return problems


# ---------------------------------------------------------------------------
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--versions", default=",".join(VERSIONS),
                    help="comma separated, e.g. 3.6,3.7 (default: all)")
    ap.add_argument("--out", default=os.path.join(REPO, "data", "catalogue"))
    ap.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 2))
    ap.add_argument("--no-ipython", action="store_true", help="(debug) skip IPython parts")
    ap.add_argument("--no-frames", action="store_true", help="(debug) skip traceback probes")
    ap.add_argument("--no-pyrepl", action="store_true", help="(debug) skip the 3.13 pty probe")
    args = ap.parse_args(argv)
    vers = [v.strip() for v in args.versions.split(",") if v.strip()]
    for v in vers:
        if v not in FULL:
            sys.stderr.write("gen_catalogue: unknown version %s (known: %s)\n"
                             % (v, ", ".join(VERSIONS)))
            return 2
    t_start = time.time()
    targets = []
    try:
        for v in vers:
            t = Target(v)
            t.check()
            targets.append(t)
    except Fatal as e:
        sys.stderr.write("gen_catalogue: ERROR: %s\n" % e)
        return 1
    os.makedirs(args.out, exist_ok=True)
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for t in targets:
            try:
                out = build_version(t, args, pool)
            except Fatal as e:
                sys.stderr.write("gen_catalogue: ERROR (%s): %s\n" % (t.ver, e))
                failures += 1
                continue
            problems = validate(out, t.ver, bool(t.venvs) and not args.no_ipython)
            for p in problems:
                log("VALIDATION (%s): %s" % (t.ver, p))
            if problems:
                failures += 1
            path = os.path.join(args.out, "py%s.json" % t.ver)
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                f.write(dump(out))
                f.write("\n")
            os.replace(path + ".tmp", path)
            log("wrote %s (%d bytes)" % (path, os.path.getsize(path)))
    log("total time %.1fs" % (time.time() - t_start))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
