"""The wheel built from the repo carries templates, static files and migrations."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_contains_templates_static_and_migrations(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("ankle_education-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ankle_education/templates/ankle_education/base.html" in names
    assert "ankle_education/static/ankle_education/ankle_education.css" in names
    assert "ankle_education/migrations/0001_initial.py" in names
    assert "ankle_education/py.typed" in names
    assert not any(name.startswith(("tests/", "example_project/")) for name in names)
