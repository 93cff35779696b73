from openassembly.core import authority_doc
from openassembly.core.management.generated_page import GeneratedPageCommand


class Command(GeneratedPageCommand):
    help = ("Write docs/authority.md from the registry of acts and the authority each accepts "
            "(--check: only say whether it is up to date).")
    source = "registry"
    command = "authority-catalogue"
    default_path = staticmethod(authority_doc.doc_path)
    render = staticmethod(authority_doc.render)
