import sys

from openassembly.ledger.cli import main

sys.exit(main(sys.argv[1:]))
