"""Small hand-made result sets, written out as the files a user would give."""

from __future__ import annotations

from openassembly.analysis import ResultSet, parse_results


def long_csv(seats: dict[str, tuple[str, dict[str, int]]], *, valid: bool = False) -> str:
    header = "constituency,area,party,votes" + (",valid_votes" if valid else "")
    lines = [header]
    for name, (area, votes) in seats.items():
        total = sum(votes.values())
        for party, n in votes.items():
            lines.append(f"{name},{area},{party},{n}" + (f",{total}" if valid else ""))
    return "\n".join(lines) + "\n"


# Each seat is built to exercise one rule; the comments give the arithmetic.
SEATS = {
    # gap 20 (Con 100 - Lab 80); LD 30 > 20 alone: gain for Lab, attributed LD, margin 10
    "Alpha": ("North", {"Con": 100, "Lab": 80, "LD": 30, "Green": 5}),
    # gap 10 (Con - LD); Lab 15 and Green 12 both flip alone; Lab has the larger margin
    "Bravo": ("North", {"Con": 100, "LD": 90, "Lab": 15, "Green": 12}),
    # gap 30; LD 20, Green 15: neither alone, together 35 > 30
    "Charlie": ("North", {"Con": 100, "Lab": 70, "LD": 20, "Green": 15}),
    # gap 10; LD 10 lands exactly level: a dead heat, not a gain
    "Delta": ("North", {"Con": 100, "Lab": 90, "LD": 10}),
    # already Labour: not a gain whatever happens
    "Echo": ("South", {"Lab": 100, "Con": 90, "LD": 50}),
    # no alliance party stood
    "Foxtrot": ("South", {"Con": 100, "UKIP": 50}),
    # gap 40; partners together 10: unchanged
    "Golf": ("South", {"Con": 100, "Lab": 60, "LD": 10}),
    # gap 20; LD 25 and Green 25 tie on margin: alphabetical order gives Green
    "Hotel": ("South", {"Con": 100, "Lab": 80, "LD": 25, "Green": 25}),
    # Wales: gap 5, PC 6 flips alone
    "India": ("Wales", {"Con": 50, "Lab": 45, "PC": 6, "LD": 1}),
}


def sample(seats=None) -> ResultSet:
    return parse_results(long_csv(seats or SEATS, valid=True), name="sample.csv")


HOCL_HEADER = (
    "ons_id,ons_region_id,constituency_name,county_name,region_name,country_name,"
    "constituency_type,declaration_time,result,first_party,second_party,electorate,"
    "valid_votes,invalid_votes,majority,con,lab,ld,ukip,green,snp,pc,dup,sf,sdlp,uup,"
    "alliance,other"
)


def hocl_row(code, name, region, country, first, second, valid, majority, votes) -> str:
    """votes: con, lab, ld, ukip, green, snp, pc, dup, sf, sdlp, uup, alliance, other."""
    cells = [code, "R1", name, "County", region, country, "County", "", f"{first} hold"]
    cells += [first, second, "1000", str(valid), "3", str(majority), *map(str, votes)]
    return ",".join(cells)


def hocl_csv(*rows: str) -> str:
    return "\n".join([HOCL_HEADER, *rows]) + "\n"
