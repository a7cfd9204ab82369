"""The review desk end to end in a real headless Chromium (Selenium + the system chromium-driver):
`auditor check` twice with a fix in between, `auditor serve` started as a user starts it, then in
the browser: the runs page, a run, an article with its finding marked, a waiver with a reason,
the sign-off; then the next `auditor check` treats the finding as waived.

Screenshots go to $AUDITOR_SCREENSHOTS when set (docs/review.md's pictures come from here:
AUDITOR_SCREENSHOTS=docs/img pytest tests/web/test_browser.py), else to the test's temp dir.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import web_support as ws

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--window-size=1360,1000", "--lang=en-US"]

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"auditor serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("auditor serve did not start listening")


@pytest.fixture()
def browser():  # type: ignore[no-untyped-def]
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
        pytest.skip("needs Debian chromium and chromium-driver (.ci/run installs them)")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _shot(driver, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = Path(os.environ.get("AUDITOR_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(folder / f"{name}.png"))


def test_review_desk_in_chromium(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    def follow(element) -> None:  # type: ignore[no-untyped-def]
        """Click what leads to another page and wait until the old page is gone."""
        page = d.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(d, 30).until(lambda _d: gone(page))

    def gone(page) -> bool:  # type: ignore[no-untyped-def]
        # ec.staleness_of, plus the other way Chromium says it under load (mid-navigation the old
        # node "does not belong to the document" instead of being stale)
        try:
            return bool(ec.staleness_of(page)(d))
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return True
            raise

    root = ws.make_project(tmp_path / "newsroom")
    ws.check(root)
    ws.insert_notice(root, ws.REMOVED)
    _code, second, console = ws.check(root)
    assert "0 new, 1 fixed" in console
    finding = ws.finding_of(second, ws.MISPLACED)

    d = browser
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "auditor.cli", "serve", "--port", str(port), "--reviewer", "anna"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for_port(port, proc)
        base = f"http://127.0.0.1:{port}"
        d.get(base + "/")
        rows = d.find_elements(By.CSS_SELECTOR, "tr[data-run]")
        assert [r.get_attribute("data-run") for r in rows] == ["2", "1"]
        assert rows[0].find_element(By.CSS_SELECTOR, "td.new").text == "0"
        assert rows[0].find_element(By.CSS_SELECTOR, "td.fixed").text == "1"
        _shot(d, "review-runs", tmp_path)

        follow(d.find_element(By.LINK_TEXT, "#2"))
        assert "Sign-off is blocked: 1 error finding(s) are undecided" in d.page_source
        assert d.find_element(By.ID, "signoff-button").get_attribute("disabled") is not None
        _shot(d, "review-run", tmp_path)

        follow(d.find_element(By.PARTIAL_LINK_TEXT, "notice misplaced"))
        mark = d.find_element(By.CSS_SELECTOR, f"mark#f-{finding['fingerprint'][:12]}")
        assert "sev-error" in mark.get_attribute("class")
        assert mark.text.split() == finding["evidence"].split()  # the highlighted span is the misplaced notice
        card = d.find_element(By.ID, f"card-{finding['fingerprint'][:12]}")
        d.execute_script("arguments[0].scrollIntoView({block: 'start'})", mark)
        _shot(d, "review-article", tmp_path)

        Select(card.find_element(By.NAME, "action")).select_by_value("waive")
        card.find_element(By.NAME, "reason").send_keys("Archive copy from 2016, kept as published")
        follow(card.find_element(By.CSS_SELECTOR, "button"))
        card = d.find_element(By.ID, f"card-{finding['fingerprint'][:12]}")
        assert card.find_element(By.CSS_SELECTOR, ".status").text == "waived"
        d.execute_script("arguments[0].scrollIntoView({block: 'start'})", card)
        _shot(d, "review-waived", tmp_path)

        follow(d.find_element(By.LINK_TEXT, "run #2"))
        d.find_element(By.NAME, "note").send_keys("checked with counsel")
        follow(d.find_element(By.ID, "signoff-button"))
        assert "Signed off by anna" in d.find_element(By.CSS_SELECTOR, "p.signed").text
        _shot(d, "review-signed-off", tmp_path)
    finally:
        proc.terminate()
        proc.wait(30)

    waivers = (root / "waivers.yaml").read_text(encoding="utf-8")
    assert "reason: Archive copy from 2016, kept as published" in waivers and "approved_by: anna" in waivers
    code, third, console = ws.check(root)
    waived = ws.finding_of(third, ws.MISPLACED)
    assert waived["suppressed"] and waived["suppression"]["by"] == "waiver"
    assert code == 0
