"""Database settings from the environment: SQLite by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


def database_from_environment(sqlite_path: Path) -> dict[str, Any]:
    """``DATABASE_URL=postgres://user:password@host:port/name``, ``sqlite:////absolute/path.sqlite3``,
    or without it a SQLite file at ``sqlite_path``."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": sqlite_path}
    parts = urlsplit(url)
    if parts.scheme == "sqlite" and parts.path:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": Path("/" + unquote(parts.path).lstrip("/"))}
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must start with postgres:// or sqlite:/// (got {parts.scheme}://)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }
