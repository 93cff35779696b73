"""What each counting method is, where its rule is written, and how to re-count it elsewhere.

One ``MethodInfo`` per name in the registry (``METHOD_INFO`` in ``counting/__init__.py``;
a test keeps the two in step). Result pages and the command line read it to say which rule
variant counted an election, cite the text the rule comes from, and print one command per
trusted counter that can re-count the published ballot file by the same rule.

Command templates use ``{file}`` for the ballot file and ``{seats}`` for the number of
places; ``commands()`` fills them, quoting for a POSIX shell. A counter is listed only where
its rule is the same rule (same quota, transfers and precision), not merely a similar one;
``note`` says what may still differ, such as how it breaks a tie by lot.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class MethodInfo:
    """A counting method's title, rule source and equivalent invocations of other counters."""

    name: str  # the registry key, as given to ``openassembly count --method``
    title: str  # what a member reads: "Scottish STV (weighted inclusive Gregory)"
    family: str  # plurality | majority | stv | condorcet | apportionment
    source: str  # short citation of the rule text the module follows
    source_url: str = ""  # a public copy of that text; "" when none is public
    droop: str = ""  # droop (Droop.py) command template; "" when droop has no such rule
    openstv: str = ""  # OpenSTV runElection.py command template; "" when it has none
    note: str = ""  # what another counter may do differently (ties, seats it accepts)
    checked_against: str = ""  # the published reference counts it was checked against

    def commands(self, *, file: str, seats: int, seed: str = "") -> list[tuple[str, str]]:
        """``(counter, command line)`` pairs: ours first, then droop and OpenSTV if they apply.

        The published ballot files carry receipts in comments (``1 prefs 0  # RECEIPT``),
        which droop and OpenSTV both skip, so each program reads the file as it is.
        """
        f = shlex.quote(file)
        ours = f"openassembly count {f} --method {self.name} --seats {seats}"
        if seed:
            ours += f" --seed {shlex.quote(seed)}"
        out = [("openassembly", ours)]
        if self.droop:
            out.append(("droop", self.droop.format(file=f, seats=seats)))
        if self.openstv:
            out.append(("OpenSTV", self.openstv.format(file=f, seats=seats)))
        return out


_LOTS = ("A tie broken by lot here is drawn by our published procedure; another counter "
         "draws its own way, so compare figures up to the first lot.")

INFO: tuple[MethodInfo, ...] = (
    MethodInfo(
        name="fptp", title="First past the post", family="plurality",
        source="Representation of the People Act 1983, Schedule 1 (Parliamentary Elections "
               "Rules), rule 49: most votes elected, an equality decided by lot",
        source_url="https://www.legislation.gov.uk/ukpga/1983/2/schedule/1",
        openstv="python runElection.py -s {seats} SNTV {file}",
        note="OpenSTV's SNTV counts first preferences, which is first past the post. " + _LOTS,
    ),
    MethodInfo(
        name="block", title="Block vote", family="plurality",
        source="Local Elections (Principal Areas) (England and Wales) Rules 2006 "
               "(SI 2006/3304): each voter marks up to as many candidates as there are "
               "places; the candidates with most votes are elected",
        source_url="https://www.legislation.gov.uk/uksi/2006/3304/contents/made",
    ),
    MethodInfo(
        name="approval", title="Approval voting", family="plurality",
        source="S. J. Brams and P. C. Fishburn, Approval Voting (Birkhauser, 1983), "
               "chapter 1: one vote for every candidate marked",
        openstv="python runElection.py -s {seats} Approval {file}",
        note="OpenSTV's Approval plugin counts every ranked candidate once. " + _LOTS,
    ),
    MethodInfo(
        name="irv", title="Alternative vote (instant run-off)", family="majority",
        source="Parliamentary Voting System and Constituencies Act 2011, Schedule 10 "
               "(the alternative vote rules)",
        source_url="https://www.legislation.gov.uk/ukpga/2011/1/schedule/10",
        droop="python irv.py {file}",
        openstv="python runElection.py -s 1 IRV {file}",
        note="droop's irv.py and OpenSTV's IRV break an equality at the bottom their own way "
             "(OpenSTV by lot unless given -w backward). " + _LOTS,
    ),
    MethodInfo(
        name="ers97", title="ERS97 STV", family="stv",
        source="Electoral Reform Society, How to conduct an election by the Single "
               "Transferable Vote, 3rd edition (1997), section 5",
        openstv="python runElection.py -s {seats} ERS97STV {file}",
        note="droop has no ERS97 rule. " + _LOTS,
        checked_against="the ERS97 model election's quota, transfer value and "
                        "non-transferable figures",
    ),
    MethodInfo(
        name="scottish", title="Scottish STV (weighted inclusive Gregory)", family="stv",
        source="Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1, "
               "rules 45-52",
        source_url="https://www.legislation.gov.uk/ssi/2007/42/schedule/1",
        droop="python Droop.py scotland {file}",
        openstv="python runElection.py -s {seats} ScottishSTV {file}",
        note=_LOTS,
        checked_against="droop's scotland reference reports (*-scotland-fixed-p5-d5), "
                        "stage by stage: the 2005 GPUS election, Wichmann's M135, a "
                        "Glasgow 2007 ward and droop's tie tests",
    ),
    MethodInfo(
        name="meek", title="Meek STV (New Zealand rules)", family="stv",
        source="Local Electoral Regulations 2001 (New Zealand, SR 2001/145), Schedule 1A, "
               "Part 1; I. D. Hill, B. A. Wichmann and D. R. Woodall, Algorithm 123, "
               "Computer Journal 30(3) (1987)",
        source_url="https://www.legislation.govt.nz/regulation/public/2001/0145/latest/"
                   "whole.html",
        openstv="python runElection.py -s {seats} MeekNZSTV {file}",
        note="droop's meek rules are not the New Zealand rule. " + _LOTS,
        checked_against="B. A. Wichmann, Voting matters 12 (2000), precision example",
    ),
    MethodInfo(
        name="schulze", title="Schulze (winning votes)", family="condorcet",
        source="M. Schulze, A new monotonic, clone-independent, reversal symmetric, and "
               "Condorcet-consistent single-winner election method, Social Choice and "
               "Welfare 36 (2011) 267-303",
        source_url="https://doi.org/10.1007/s00355-010-0475-4",
        openstv="python runElection.py Condorcet {file}",
        note="OpenSTV's Condorcet (Schwartz sequential dropping, its default completion) "
             "gives the same single winner; it elects one only and prints no ranking. "
             + _LOTS,
    ),
    MethodInfo(
        name="ranked-pairs", title="Ranked pairs (Tideman, winning votes)", family="condorcet",
        source="T. N. Tideman, Independence of clones as a criterion for voting rules, Social "
               "Choice and Welfare 4 (1987) 185-206; T. M. Zavist and T. N. Tideman, Complete "
               "independence of clones in the ranked pairs rule, Social Choice and Welfare 6 "
               "(1989) 167-173",
        source_url="https://doi.org/10.1007/BF00433944",
        note="Neither droop nor OpenSTV counts ranked pairs.",
    ),
    MethodInfo(
        name="minimax", title="Minimax (Simpson-Kramer, winning votes)", family="condorcet",
        source="P. B. Simpson, On defining areas of voter choice, Quarterly Journal of "
               "Economics 83 (1969) 478-490; G. H. Kramer, A dynamical model of political "
               "equilibrium, Journal of Economic Theory 16 (1977) 310-334",
        source_url="https://doi.org/10.2307/1880533",
        note="Neither droop nor OpenSTV counts minimax.",
    ),
)

# The STV variants the parallel 'stv' work registers (meek-nz, meek-prf, wigm, warren), with
# the droop invocations whose reference reports they were checked against. They join
# METHOD_INFO once their names are in METHODS (see counting/__init__.py), so a name is
# never described without being countable.
STV_VARIANTS: tuple[MethodInfo, ...] = (
    # The same count as "meek", under the name that says which Meek it is.
    replace(next(i for i in INFO if i.name == "meek"), name="meek-nz"),
    MethodInfo(
        name="meek-prf", title="Meek STV (PR Foundation reference rule)", family="stv",
        source="Proportional Representation Foundation, Reference Meek Rule (fixed point, "
               "nine places, omega 0.000001)",
        droop="python Droop.py meek-prf {file}",
        note=_LOTS,
        checked_against="droop's meek-prf reference reports (*-meek-prf-o6-fixed-p9-d9)",
    ),
    MethodInfo(
        name="wigm", title="STV, weighted inclusive Gregory method (exact)", family="stv",
        source="droop's generic WIGM rule with exact rational arithmetic",
        droop="python Droop.py wigm rational dp=12 {file}",
        note=_LOTS,
        checked_against="droop's wigm reference reports (*-wigm-rational-d12)",
    ),
    MethodInfo(
        name="warren", title="Warren STV (exact)", family="stv",
        source="C. H. E. Warren, Counting in STV elections, Voting matters 1 (1994), as "
               "droop's warren rule with exact rational arithmetic, omega 10^-10",
        droop="python Droop.py warren rational omega=10 dp=12 {file}",
        note=_LOTS,
        checked_against="droop's warren reference reports (*-warren-o10-rational-d12)",
    ),
)
