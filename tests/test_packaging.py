"""The sdist and wheel built from the repo: exactly the app's templates, static files and migrations, and
the metadata the package index shows."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

import pytest

import ankle_education

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


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The sdist and the wheel, built as a release is: the sdist first, then the wheel from the sdist."""
    tmp_path = tmp_path_factory.mktemp("packaging")
    # A clean copy: building in the working tree would reuse a stale build/lib, whose
    # leftovers (templates since deleted) would hide a wrong package_data.
    source = tmp_path / "source"
    for name in source_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    completed = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    (sdist,) = (tmp_path / "dist").glob("ankle_education-*.tar.gz")
    (wheel,) = (tmp_path / "dist").glob("ankle_education-*.whl")
    return sdist, wheel


def wheel_metadata(wheel: Path) -> str:
    names = zipfile.ZipFile(wheel).namelist()
    return zipfile.ZipFile(wheel).read(next(name for name in names if name.endswith(".dist-info/METADATA"))).decode()


def test_wheel_contains_exactly_the_templates_static_and_migrations(built):
    _, wheel = built
    names = set(zipfile.ZipFile(wheel).namelist())

    expected = packaged(source_files())
    assert "ankle_education/templates/ankle_education/base.html" in expected
    assert "ankle_education/static/ankle_education/ankle_education.css" in expected
    assert "ankle_education/migrations/0001_initial.py" in expected
    assert "ankle_education/locale/en_GB/LC_MESSAGES/django.mo" in expected
    assert packaged(names) == expected
    assert "ankle_education/py.typed" in names
    assert not any(name.startswith(("tests/", "example_project/", "bench/")) for name in names)
    requirements = wheel_metadata(wheel)
    # The shared page cache's Redis client installs with the package: pip install "ankle-education[redis]".
    assert "Provides-Extra: redis" in requirements
    assert 'Requires-Dist: redis>=5; extra == "redis"' in requirements
    assert "Requires-Dist: markdown-it-py" in requirements


def test_metadata_is_ready_for_the_index(built):
    """What PyPI shows: the name, version, licence, Python versions, links and the README as its page."""
    _, wheel = built
    metadata = wheel_metadata(wheel)
    lines = set(metadata.splitlines())
    assert {
        "Name: ankle-education",
        f"Version: {ankle_education.__version__}",
        "Summary: Patient education about ankle pain after running, for Django clinic sites.",
        "License-Expression: BSD-3-Clause",
        "License-File: LICENSE",
        "Requires-Python: >=3.10",
        "Description-Content-Type: text/markdown",
        "Classifier: Framework :: Django :: 5.2",
        "Classifier: Typing :: Typed",
        "Provides-Extra: test",
        "Provides-Extra: lint",
    } <= lines
    urls = {line.split(": ", 1)[1].split(", ")[0] for line in lines if line.startswith("Project-URL: ")}
    assert urls == {"Homepage", "Documentation", "Changelog", "Issues"}
    assert "## Add it to an existing site" in metadata  # the README is the project's page
    assert f"ankle_education-{ankle_education.__version__}.dist-info/licenses/LICENSE" in zipfile.ZipFile(wheel).namelist()


def test_sdist_carries_the_licence_and_the_readme(built):
    sdist, _ = built
    with tarfile.open(sdist) as archive:
        names = {member.name.partition("/")[2] for member in archive.getmembers() if member.isfile()}
    assert {"LICENSE", "README.md", "pyproject.toml", "ankle_education/py.typed"} <= names
    assert packaged(names) == packaged(source_files())
