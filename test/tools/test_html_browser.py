"""The HTML report in headless Chromium (selenium + chromium-driver), offline.

It renders, logs no console error, has one row per scenario and its
images load; it names no external URL.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FAKE_RUNNER, REGRESS, write_scenario

webdriver = pytest.importorskip("selenium.webdriver")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture
def report(suite_dir: Path, tmp_path: Path) -> Path:
    """The suite's page with two passes and one failure (a changed golden)."""
    golden = tmp_path / "golden"
    base = ["/usr/bin/python3", str(REGRESS), "--runner", str(FAKE_RUNNER), "--no-progress",
            "--scenarios", str(suite_dir), "--golden", str(golden)]
    assert subprocess.run([*base, "--update"], capture_output=True, check=False).returncode == 0
    write_scenario(suite_dir, "gamma", ["slow"], packets=31)
    page = tmp_path / "report.html"
    res = subprocess.run([*base, "--html", str(page)], capture_output=True, text=True, check=False)
    assert res.returncode == 1, res.stdout
    return page


def test_page_is_self_contained(report: Path) -> None:
    text = report.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", text)
    assert "<script" not in text and 'src="data:image/png;base64,' in text


def test_page_in_headless_chromium(report: Path) -> None:
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("chromium and chromium-driver are not installed")
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--disable-background-networking"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        driver.get(report.as_uri())
        assert driver.title == "pfhooks regression"
        assert driver.find_element(By.ID, "summary").text == "2 of 3 passed, 1 failed"
        rows = driver.find_elements(By.CSS_SELECTOR, "#scenarios tbody tr.scenario")
        assert [r.find_element(By.TAG_NAME, "td").text for r in rows] == ["alpha", "beta", "gamma"]
        assert [r.get_attribute("class") for r in rows] == ["scenario pass", "scenario pass", "scenario fail"]
        assert "flows.0.tx: golden 30, actual 31" in rows[2].text
        images = driver.find_elements(By.TAG_NAME, "img")
        # One figure per scenario row, and the overview.
        assert len(images) == 4 and all(r.find_elements(By.TAG_NAME, "img") for r in rows)
        for img in images:
            assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 0
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        assert errors == []
    finally:
        driver.quit()
