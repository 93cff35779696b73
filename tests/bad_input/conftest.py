# The shared cast lives beside the apps; these tests sit outside them, so they import it.
from openassembly.conftest import _fresh_cache, organisation, secretary  # noqa: F401
