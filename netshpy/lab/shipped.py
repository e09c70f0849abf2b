"""Lab files: a path, or the name of a lab shipped with netshpy, and where a lab runs by default."""

from __future__ import annotations

from pathlib import Path

from ..host import default_state_dir
from ..resources import data_dir


def find_lab_file(name: str) -> Path:
    """*name* as a path, else a shipped lab (``labs/<name>.toml``)."""
    path = Path(name)
    if path.is_file():
        return path
    try:
        shipped = data_dir("labs")
    except FileNotFoundError:
        return path
    stem = path.name.removesuffix(".toml")
    for candidate in (shipped / f"{stem}.toml", shipped / f"lab-{stem}.toml"):
        if candidate.is_file():
            return candidate
    return path


def shipped_labs() -> list[Path]:
    """Every lab file shipped with netshpy."""
    try:
        return sorted(data_dir("labs").glob("*.toml"))
    except FileNotFoundError:
        return []


def default_lab_root(lab_file: Path) -> Path:
    """``<netshpy data>/labs/<lab file stem>``."""
    return default_state_dir().parent / "labs" / lab_file.stem
