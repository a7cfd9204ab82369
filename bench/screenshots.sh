#!/usr/bin/env bash
# Rebuild docs/img/*.png from a real run over examples/ (needs chromium and poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
.venv/bin/auditor check examples/ --rules caucasian-knot --as-of 2026-11-28 --no-history --no-cache -q \
  -f html -f pdf --output-dir "$out" >/dev/null || true
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$out/chrome" --hide-scrollbars \
  --window-size=1280,1500 --screenshot=docs/img/html-report.png "file://$out/audit.html" 2>/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$out/audit.pdf" docs/img/pdf-first-page
rm -rf "$out"
echo "wrote docs/img/html-report.png and docs/img/pdf-first-page.png"
