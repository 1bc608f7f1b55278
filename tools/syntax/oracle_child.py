# Runs inside each real interpreter (Python 2.7 and 3.x alike): reads a JSON list of cell
# sources on stdin and prints, for each, what compile() does in both of reloadlab's modes.
# Called by gen_syntax_cases.py; not meant to be run by hand.
import json
import sys
import ast

PY2 = sys.version_info[0] == 2


def run(src, filename, mode):
    # The cell is handed over with one trailing newline, as the REPL reads the line and
    # IPython's input transformers leave the cell.
    code = src + "\n"
    if PY2:
        code = code.encode("utf-8")
    try:
        compile(code, filename, mode, 0, 1)
    except SyntaxError as e:
        text = e.text
        if PY2 and isinstance(text, str):
            text = text.decode("utf-8", "replace")
        return {
            "exc_type": type(e).__name__,
            "msg": e.msg,
            "lineno": e.lineno,
            "offset": e.offset,
            "end_offset": getattr(e, "end_offset", None),
            "text": text,
        }
    except Exception as e:  # MemoryError, RecursionError, ValueError (NUL bytes)...
        return {"other": type(e).__name__, "str": str(e)}
    return "ok"


def main():
    cases = json.loads(sys.stdin.read())
    out = []
    for src in cases:
        out.append({
            "single": run(src, "<stdin>", "single"),
            "exec": run(src, "<ipython-input-1-0123456789ab>", "exec"),
        })
    sys.stdout.write(json.dumps(out))


main()
