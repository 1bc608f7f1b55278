#!/usr/bin/env python3
"""Records what the real CPython interpreters say about a list of cells.

For every interpreter under ~/.pyenv/versions (2.7, 3.6 to 3.13) and every cell in CASES,
runs compile(cell + "\\n", "<stdin>", "single") (the plain REPL) and
compile(cell + "\\n", "<ipython-input-…>", "exec") (IPython) and writes the SyntaxError's
attributes (or "ok") to tests/data/syntax/<major.minor>.json.  The Rust tests read those
files, so they never need the interpreters.

    python3 tools/syntax/gen_syntax_cases.py            # regenerate all versions
    python3 tools/syntax/gen_syntax_cases.py --show 'del'   # print one cell's results

Why "+ \\n": the REPL reads the line with its newline; IPython's input transformers end the
cell with one.  (The REPL prints the caret one column left when the offset points just past
the newline; that is the printer's business, the exception holds the same attributes.)
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "tests", "data", "syntax")
VERSIONS = ["2.7.18", "3.6.15", "3.7.16", "3.8.18", "3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0"]

GOLDEN_SESSION = "/work/shared/golden/sessions/syntax_errors.session"

CASES = [
    # --- the golden session (kept first, byte for byte) ---
    "del", "import", "math.", "math cos", "import 'math'", "del 5", "math.cos = ",
    # --- near misses ---
    "import math,", "from math import", "from math import (cos", "from math import (cos,",
    "from math import (cos))", "from math import cos,", "from math import *, cos",
    "from math import (*)", "from math import cos as", "from math import cos as 5",
    "from math cos", "from math", "from", "from . import", "from .", "from .. import x",
    "from ... import x", "from .... import x", "from .m import x", "from .m.n import x as y",
    "from . import x", "from .import x", "from math import (cos, sin,)", "from math import (cos, sin)",
    "from math import (\n    cos,\n    sin,\n)",
    "math.cos(", "math.cos(0", ")", "]", "}", "(]", "(1, 2]", "[1, 2)", "x = = 1", "del math.cos()",
    "del f()", "del f(), g", "del (f())", "math.cos = 5 =", "1 = x", "None = 1", "True = 1",
    "x = None = 1", "f() = 1", "a.b() = 1", "x + 1 = 2", "'a' = 1", "(a, 1) = x", "[a, f()] = x",
    "a, b = 1", "a, b = c, d = 1, 2", "(a) = 1", "(a.b) = 1", "a[0] = 1", "a[0], a.b = 1, 2",
    "import math.", "import .math", "import math..cos", "import math as", "import a as b.c",
    "import a.b as c", "import a as b, c as d", "import a, b.c, d", "import (a)",
    "import a as 5", "import 5", "import a b", "import a.5",
    "'abc", '"abc', "'''abc", "'abc\\", "del (", "del ()", "del []", "del (a, b)", "del [a, b]",
    "del (a), [b, c]", "del a,", "del a, b,", "del a.b[1], c", "del x[0]", "del (1)",
    "del a + b", "del not a", "del -a", "del a and b", "del a == b", "del None", "del 'x'",
    "del a.b.c", "del a[b][c]", "del (a, (b, c))",
    "a b c", "x.1", "5 5", "print 'x'", "print x", "print", "print x,", "print x, y",
    "print(x)", "print(a, b)", "print()", "print >>f, x", "print 1 2", "print,",
    "import a as", "del a,,b", "math..cos", "[1, 2", "f(a=1, 2)", "f(**)", "f(*)", "f(a, *b)",
    "f(a=1, a=2)", "f(1=2)", "f(a.b=1)", "f(a b)", "f(a,, b)", "f(,)", "f(a,)", "f(a=1,)",
    "f(a)(b)(c)", "f(a)[0].b", "f(\n1,\n2)",
    " import math", "  x = 1", "\timport math", "x = 1\n  y = 2", "x = 1\n\ty = 2",
    "if x:\n\ty = 1\n        z = 2",
    "x = (\n1,\n2", "x = '''abc\ndef", "x = 1\ny = '''abc\ndef\nghi", '"""unterminated\n\nmore',
    "x = 1\ny = 2\nz = ", "x = 1\n)\n", "x = 1;", "x = 1;;", ";", "x = 1; y = 2", "x = 1 ; del x",
    "x = 1 \\\n + 2", "x = \\\n 1", "\\", "x = 1 \\", "x = (1 +\n 2)",
    "# just a comment", "", "   ", "x  # comment", "\n\nx\n\n",
    "pass", "pass; pass", "pass x", "None", "True", "False", "...",
    "a.b.c", "a[0]", "a['k']", "a[0][1]", "f()", "f(a, b=1)", "f(a)(b)", "(a)", "((a))",
    "()", "(1,)", "(1, 2)", "[]", "[1]", "[1, 2,]", "1, 2", "1,", "x = 1, 2", "x = [1, 2]",
    "'a' 'b'", "'a' \"b\"", "r'\\d'", "u'x'", "b'x'", "br'x'", "rb'x'", "ur'x'", "f'x'", "'\\x41\\n'",
    "'''a\nb'''", '"""doc"""', "'a' b'c'",
    "0", "007", "0o17", "0x1F", "0b101", "1_000", "1__000", "1_", "0777", "10L", "0xfL", "1.5",
    "1e10", "1.5e-3", ".5", "5.", "1j", "1.5j", "1e5J", "0_0", "1.__class__", "1 .real",
    "x == 1", "a is not b", "a not in b", "a in b", "a < b < c", "a <> b", "not a", "a and b or c",
    "-1", "+x", "- - 1", "not not a", "a is not", "a not b", "a ==", "not", "a and", "a or or b",
    "x = not", "a < ", "-", "1 +", "a !", "a ! b", "$", "a $ b", "`a`", "a?", "€", "x€ = 1",
    "ñ = 1", "café", "x = 'ñ' +", "'ñ' b",
    "for x in y: pass", "for x in y:", "while x: pass", "if x: pass", "if x:", "if x",
    "def f(): pass", "def f():", "def f", "class A: pass", "class A", "with a: pass", "try: pass",
    "try:\n    pass\nexcept:\n    pass", "lambda: 1", "lambda x: x", "[x for x in y]", "{x for x in y}",
    "(x for x in y)", "{}", "{1: 2}", "{1, 2}", "a + b", "a * b", "a - b", "a / b", "a // b",
    "a % b", "a ** b", "a @ b", "a | b", "a & b", "a ^ b", "~a", "a << b", "a >> b",
    "x += 1", "x -= 1", "x: int = 1", "x: int", "global x", "nonlocal x", "return", "return 1",
    "yield", "yield x", "break", "continue", "raise", "raise E", "assert x", "assert x, 'm'",
    "@dec\ndef f(): pass", "@dec", "async def f(): pass", "await x", "*a = 1", "*a, b = 1",
    "a, *b = c", "(x := 1)", "x := 1", "a[1:2]", "a[::2]", "a[1, 2]", "f(*a)", "f(**k)",
    "x if y else z", "x if y", "exec 'x'", "exec", "async", "await", "match x:\n    case 1: pass",
    "match = 1", "case = 1", "type X = int", "type = 1", "print(x, file=f)",
    "x = yield", "del x; y", "import a; from b import c",
    "a = 1\nb = 2\nc = 3", "del x\ndel", "import math\nmath cos", "x = 1\n\n\ny = (",
    "f(a for a in b)", "f(a for a in b, c)", "f(x=1, *a)", "f(**k, *a)", "f(**k, a)",
    "f(a=1, b)", "f(x, y=1, z)", "f(a)=1", "x.y.z = f(1)(2)[3]",
    "a.b c", "a.b.c d", "import a.b c", "from a import b c", "del a b",
    "x = 1 2", "[1 2]", "(1 2)", "f(1 2)", "x y = 1", "1 2 3", "'a' 'b' c", "None None",
    "True = 1", "__debug__ = 1", "del __debug__", "f(__debug__=1)", "import __debug__",
    "def = 1", "class = 1", "import def", "x.def", "del def", "None.x", "x.None",
    "if = 1", "else", "elif x:", "except", "finally:", "in", "is", "and", "or x",
    "=", "= 1", "x =", ".", "..", "...x", "@", "->", "x.", "x.(", "x[", "x[]", "x[1",
    "x(1)(", "x = [", "x = {", "{", "(", "[", "((", "x = ((1)", "(a, b", "x = (1, [2, (3",
]

# Deep nesting: CPython ≤ 3.8 overflow the LL(1) parser stack, 3.9+ stop at 200 brackets.
DEPTHS = (20, 50) + tuple(range(88, 101)) + (150, 199, 200, 201, 1000)
for depth in DEPTHS:
    CASES.append("(" * depth + "1" + ")" * depth)
for depth in DEPTHS:
    CASES.append("x = " + "[" * depth + "1" + "]" * depth)
CASES.append("f" + "(" * 1000)
for depth in (80, 85, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98):
    CASES.append("f" + "(" * depth + "x" + ")" * depth)
CASES.append("x = " + "(" * 300)
CASES.append("-" * 1000 + "1")
CASES.append("not " * 300 + "x")


def golden_lines():
    try:
        with open(GOLDEN_SESSION) as f:
            return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("## ")]
    except OSError:
        return []


def run(version, cases):
    exe = os.path.expanduser("~/.pyenv/versions/%s/bin/python" % version)
    child = os.path.join(HERE, "oracle_child.py")
    p = subprocess.run([exe, child], input=json.dumps(cases).encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, cwd="/tmp")
    if p.returncode != 0:
        raise SystemExit("%s failed: %s" % (version, p.stderr.decode()))
    return json.loads(p.stdout.decode())


def main():
    cases = list(CASES)
    for g in golden_lines():
        if g not in cases:
            cases.insert(0, g)
    seen = set()
    cases = [c for c in cases if not (c in seen or seen.add(c))]
    if len(sys.argv) > 2 and sys.argv[1] == "--show":
        for v in VERSIONS:
            r = run(v, [sys.argv[2]])[0]
            print(v, "single", r["single"])
            print(v, "exec  ", r["exec"])
        return
    os.makedirs(OUT, exist_ok=True)
    for v in VERSIONS:
        results = run(v, cases)
        short = ".".join(v.split(".")[:2])
        data = {"version": short, "interpreter": v,
                "cases": [{"src": s, "single": r["single"], "exec": r["exec"]}
                          for s, r in zip(cases, results)]}
        with open(os.path.join(OUT, short + ".json"), "w") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(short, len(cases), "cases")


if __name__ == "__main__":
    main()
