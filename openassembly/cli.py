"""The `openassembly` command.

Pure commands (counting, analysis) run without Django so that anyone can re-count a
published ballot file with nothing but this package installed; every other command is
a Django management command and runs against the configured database.
"""

from __future__ import annotations

import importlib
import os
import sys

# Each pure sub-command names the module whose `main(argv) -> int` handles it;
# argv[0] is the sub-command's own name.
PURE_COMMANDS = {
    "count": "openassembly.counting.cli",
    "compare": "openassembly.counting.cli",
    "apportion": "openassembly.counting.apportion_cli",
    "pact": "openassembly.analysis.cli",
    # A member watching an install runs this on their own machine, without its database.
    "witness": "openassembly.ledger.witness",
    # A party to a sortition makes its secret value on its own machine, never the server's.
    "sortition-secret": "openassembly.counting.seed",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[args[0]])
        return int(module.main(args) or 0)
    if args and not args[0].startswith("-"):
        # People type `openassembly verify-ledger`; Django's command modules use underscores.
        args = [args[0].replace("-", "_"), *args[1:]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openassembly", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
