from openassembly.core import events_doc
from openassembly.core.management.generated_page import GeneratedPageCommand


class Command(GeneratedPageCommand):
    help = ("Write docs/ledger-events.md from the catalogue of ledger event kinds "
            "(--check: only say whether it is up to date).")
    source = "catalogue"
    command = "ledger-catalogue"
    default_path = staticmethod(events_doc.doc_path)
    render = staticmethod(events_doc.render)
