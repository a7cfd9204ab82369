"""Memory per character of the normalised text and its offset maps (``auditor.text.normalize``).

Usage: python bench/text_memory.py [--chars N] [--module FILE]

Builds a long generated article text (Cyrillic prose; no corpus needed) in three shapes that take
the three ways through ``normalize``: one to one (the fast path), runs of spaces and NBSPs
collapsed (the fast path with runs), and combining marks (the careful path). For each it prints
the bytes the result keeps beyond the raw text (normalised string + offset maps), per raw
character, and the peak while building it, measured with tracemalloc.

``--module FILE`` measures another version of text.py (e.g. an older one, from
``git show REV:auditor/text.py > old_text.py``), for before/after figures.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sys
import time
import tracemalloc
from types import ModuleType

PARA = ("Москва, 1 декабря 2026 г. Текст статьи о погоде и городе: «довольно длинный» абзац — "
        "чтобы быть телом, с числами 12,5 и 18+ и словами на латинице (Reuters).\n\n")


def shapes(chars: int) -> dict[str, str]:
    plain = (PARA * (chars // len(PARA) + 1))[:chars]
    runs = plain.replace(". ", ".  \u00a0").replace("\n\n", " \n \n ")[:chars]
    marks = plain.replace("о", "о\u0301", 200)  # a few stress marks: the careful path, cluster by cluster
    return {"one to one": plain, "space runs": runs, "combining marks": marks}


def load(path: str | None) -> ModuleType:
    if path is None:
        import auditor.text

        return auditor.text
    spec = importlib.util.spec_from_file_location("text_under_test", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["text_under_test"] = mod
    spec.loader.exec_module(mod)
    return mod


def measure(text_mod: ModuleType, raw: str) -> tuple[float, float, float]:
    """(bytes kept per raw character, peak bytes per raw character, seconds without tracing)."""
    run = getattr(text_mod, "_normalize", None) or (lambda r, *_: text_mod.normalize(r))
    gc.collect()
    t0 = time.perf_counter()
    run(raw, False, False, True)  # the memo is bypassed: each call builds its maps
    took = time.perf_counter() - t0
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    n = run(raw, False, False, True)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(n.starts) == len(n.text)
    return (kept - before) / len(raw), (peak - before) / len(raw), took


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=1_000_000, help="characters of text (default 1,000,000)")
    ap.add_argument("--module", help="a text.py to measure instead of auditor.text")
    args = ap.parse_args()
    mod = load(args.module)
    print(f"{args.module or 'auditor/text.py'}: {args.chars:,} characters")
    print(f"{'text':<16} {'kept B/char':>12} {'peak B/char':>12} {'seconds':>8}")
    for name, raw in shapes(args.chars).items():
        kept, peak, took = measure(mod, raw)
        print(f"{name:<16} {kept:>12.1f} {peak:>12.1f} {took:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
