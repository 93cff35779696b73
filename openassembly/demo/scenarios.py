"""The demo's saved electoral pact analysis, on the shipped 2015 results, made through the real
services (so it is on the ledger and on the pact analyses page like any other)."""

from __future__ import annotations

from openassembly.analysis import Scenario
from openassembly.core.models import Organisation
from openassembly.members.models import Member
from openassembly.scenarios import services

# The pact the domain brief's reports discuss: the parties of the left and centre standing one
# candidate between them in England and Wales.
PACT = Scenario(alliance=("Lab", "LD", "Green", "PC"), nations=("England", "Wales"))


def load_scenarios_demo(organisation: Organisation, *, by: Member) -> None:
    results = services.upload_results(by, organisation=organisation,
                                      name="General election 2015, England and Wales",
                                      dataset="ge2015")
    services.save_analysis(by, results_set=results, scenario=PACT,
                           title="A progressive pact at the 2015 general election")
