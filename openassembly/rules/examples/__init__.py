"""Example constitutions shipped with openassembly; ``commonweal`` is the demo organisation's."""

from __future__ import annotations

from importlib import resources


def names() -> list[str]:
    """The example constitutions available, by name (the file name without .toml)."""
    return sorted(entry.name.removesuffix(".toml") for entry in resources.files(__name__).iterdir()
                  if entry.name.endswith(".toml"))


def read(name: str) -> str:
    """The TOML text of an example constitution, e.g. ``read("commonweal")``."""
    if name not in names():
        raise KeyError(f"no example constitution {name!r}; there are: {', '.join(names())}")
    return resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
