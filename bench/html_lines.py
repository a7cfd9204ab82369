"""How exactly, and at what cost, HTML spans are placed in the page source (Document.source_map).

Reads every page of the development corpus (../shared/corpus next to the repository, or the folder
given as the first argument) with the HTML reader and prints:
- blocks whose first character maps exactly: the source at the mapped offset, with tags and
  comments dropped and entities decoded, begins with the block's first four letters or digits
  (all blocks, then blocks that are not page chrome);
- sampled letters inside blocks (every 37th character) whose mapped source character is that
  letter, or an entity for it;
- the time to read all pages with the source map and with it replaced by an empty one (the
  reader before source maps), best of ``--rounds`` (default 3) interleaved rounds.
"""

from __future__ import annotations

import re
import sys
import time
from html import unescape
from pathlib import Path
from typing import Any

_TAGS = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


def default_corpus() -> Path:
    return Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def _alnum(text: str, n: int = 4) -> str:
    return "".join(c for c in text if c.isalnum())[:n]


def accuracy(docs: list[Any]) -> dict[str, tuple[int, int]]:
    counts = {"blocks": [0, 0], "article blocks": [0, 0], "letters": [0, 0]}
    for doc in docs:
        sm = doc.source_map
        src = sm.source
        for seg in doc.segments:
            pos = sm.source_offset(seg.start)
            ok = _alnum(unescape(_TAGS.sub("", src[pos : pos + 3000]))) == _alnum(doc.text[seg.start : seg.start + 80])
            for key in ("blocks",) if seg.kind == "chrome" else ("blocks", "article blocks"):
                counts[key][0] += ok
                counts[key][1] += 1
            for t in range(seg.start, seg.end, 37):
                c = doc.text[t]
                if not c.isalnum():
                    continue
                s = sm.source_offset(t)
                ent = src[s] == "&" and unescape(src[s : s + 12].split(";")[0] + ";")[:1] == c
                counts["letters"][0] += src[s] == c or ent
                counts["letters"][1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


def main(argv: list[str]) -> int:
    from auditor.model import SourceMap
    from auditor.readers import ReaderOptions
    from auditor.readers import html as reader

    args = [a for a in argv if not a.startswith("--")]
    rounds = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--rounds=")), 3)
    corpus = Path(args[0]) if args else default_corpus()
    pages = sorted((corpus / "articles").glob("*.html"))
    if not pages:
        print(f"no corpus at {corpus} (articles/*.html missing)", file=sys.stderr)
        return 2
    data = [(p.name, p.read_bytes()) for p in pages]
    options = ReaderOptions(notice_markers=["НАСТОЯЩИЙ МАТЕРИАЛ", "ДАННОЕ СООБЩЕНИЕ"])
    docs = [reader.read(raw, name, options)[0] for name, raw in data]
    for key, (ok, total) in accuracy(docs).items():
        print(f"{key:<16} mapped exactly {ok}/{total} = {100 * ok / total:.2f}%")
    real = reader.source_map

    def empty(html: str, texts: Any, blocks: Any) -> SourceMap:
        return SourceMap(html, [])

    best = {"with source map": float("inf"), "without": float("inf")}
    for _ in range(rounds):
        for label, fn in (("with source map", real), ("without", empty)):
            reader.source_map = fn  # type: ignore[assignment]
            t0 = time.perf_counter()
            for name, raw in data:
                reader.read(raw, name, options)
            best[label] = min(best[label], time.perf_counter() - t0)
    reader.source_map = real  # type: ignore[assignment]
    w, wo = best["with source map"], best["without"]
    print(f"read {len(data)} pages: {w:.2f} s with source map, {wo:.2f} s without (+{100 * (w - wo) / wo:.1f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
