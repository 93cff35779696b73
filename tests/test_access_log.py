"""The access log `make serve` writes carries no response size: a size that followed a
ballot's choice would put how someone voted in a log beside their address and the time."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

from gunicorn.app.wsgiapp import WSGIApplication
from gunicorn.glogging import Logger

ROOT = Path(__file__).resolve().parent.parent
SIZE = 48_317  # a response size no other atom of the line could print


def _serve_config(monkeypatch):
    """gunicorn's configuration as `make serve` gives it: the recipe's own options."""
    recipe = (ROOT / "Makefile").read_text().split("\nserve:", 1)[1].split("\n\n", 1)[0]
    options = re.search(r"gunicorn config\.wsgi (.*)", recipe.replace("\\\n", " ")).group(1)
    options = (options.replace("$(HOST):$(PORT)", "127.0.0.1:8000")
               .replace("$${WEB_CONCURRENCY:-3}", "3"))
    argv = ["gunicorn", "config.wsgi", *options.split()]
    monkeypatch.setattr("sys.argv", argv)
    return WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").cfg


def _line(cfg, path: str) -> str:
    response = SimpleNamespace(status="200 OK", sent=SIZE,
                               headers=[("Content-Length", str(SIZE))])
    request = SimpleNamespace(headers=[("USER-AGENT", "phone")])
    environ = {"REQUEST_METHOD": "POST", "RAW_URI": path, "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "192.0.2.7", "PATH_INFO": path, "QUERY_STRING": ""}
    atoms = Logger(cfg).atoms(response, request, environ, datetime.timedelta(seconds=0))
    return cfg.access_log_format % atoms


def test_make_serve_logs_access_without_the_response_size(monkeypatch):
    cfg = _serve_config(monkeypatch)
    assert cfg.accesslog == "-"
    for atom in ("%(b)s", "%(B)s", "{content-length}o"):
        assert atom not in cfg.access_log_format.lower()
    for path in ("/o/commonweal/polls/7/vote/", "/o/commonweal/meetings/3/do/vote/",
                 "/api/o/commonweal/divisions/9/vote"):
        line = _line(cfg, path)
        assert path in line and " 200 " in line and str(SIZE) not in line


def test_gunicorns_default_format_would_log_the_size(monkeypatch):
    # The control: with gunicorn's own default the same line shows the size.
    cfg = _serve_config(monkeypatch)
    cfg.set("access_log_format", cfg.settings["access_log_format"].default)
    assert str(SIZE) in _line(cfg, "/o/commonweal/polls/7/vote/")
