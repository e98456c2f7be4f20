"""The wheel built from the repo carries exactly the app's templates, static files and migrations."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parent.parent


def source_files() -> list[str]:
    """The working tree's files as git sees them, committed or not, without ignored ones such as build/."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO, check=True, capture_output=True, text=True,
    ).stdout.split("\0")
    # --cached still lists files deleted from the working tree but not yet from the index.
    return sorted(name for name in listed if name and (REPO / name).is_file())


def packaged(names: list[str] | set[str]) -> set[str]:
    """The names that must ship: templates/** and static/** of the app, and its migrations/*.py."""
    return {
        name
        for name in names
        if name.startswith(("ankle_education/templates/", "ankle_education/static/", "ankle_education/locale/"))
        or PurePosixPath(name).match("ankle_education/migrations/*.py")
    }


def test_wheel_contains_exactly_the_templates_static_and_migrations(tmp_path):
    # A clean copy: building in the working tree would reuse a stale build/lib, whose
    # leftovers (templates since deleted) would hide a wrong package_data.
    source = tmp_path / "source"
    files = source_files()
    for name in files:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    completed = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    (wheel,) = (tmp_path / "dist").glob("ankle_education-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    expected = packaged(files)
    assert "ankle_education/templates/ankle_education/base.html" in expected
    assert "ankle_education/static/ankle_education/ankle_education.css" in expected
    assert "ankle_education/migrations/0001_initial.py" in expected
    assert "ankle_education/locale/en_GB/LC_MESSAGES/django.mo" in expected
    assert packaged(names) == expected
    assert "ankle_education/py.typed" in names
    assert not any(name.startswith(("tests/", "example_project/", "bench/")) for name in names)
    dist_info = next(name for name in names if name.endswith(".dist-info/METADATA"))
    requirements = zipfile.ZipFile(wheel).read(dist_info).decode()
    # The shared page cache's Redis client installs with the package: pip install "ankle-education[redis]".
    assert "Provides-Extra: redis" in requirements
    assert "Requires-Dist: redis>=5; extra == \"redis\"" in requirements
    assert "Requires-Dist: markdown-it-py" in requirements
