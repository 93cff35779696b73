"""The slow tests (`make test-slow`): real gunicorn servers on loopback against PostgreSQL.

Each test runs one of the harnesses under bench/ in its own process (each sets up Django with
the production settings on its own database, which pytest-django's test database is not) and
checks what it reports. The database is migrated once, into a template both copy.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
TEMPLATE = "oa_slow_template"


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the slow tests need PostgreSQL: set DATABASE_URL (make test-slow does)")
    return url


@pytest.fixture(scope="session")
def template() -> str:
    """A freshly migrated database for the harnesses to copy; dropped at the end."""
    import divisions

    admin_url, db_url = divisions._database_urls(server_url(), TEMPLATE)
    divisions._fresh_database(admin_url, TEMPLATE)
    env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=900,
    )
    yield TEMPLATE
    divisions._drop_database(admin_url, TEMPLATE)


def run_harness(script: str, *args: str, timeout: float) -> tuple[dict, str]:
    """Run bench/SCRIPT; (its RESULT line as a dict of numbers, everything it printed)."""
    server_url()
    done = subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"bench/{script} reported nothing (exit {done.returncode}):\n{output[-4000:]}"
    result = {}
    for pair in lines[-1].split()[1:]:
        key, _, value = pair.partition("=")
        result[key] = float(value) if "." in value else int(value)
    result["exit"] = done.returncode
    return result, output
