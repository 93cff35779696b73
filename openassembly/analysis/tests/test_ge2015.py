"""Integrity of the shipped 2015 results, checked from the raw file and through the loader."""

import csv
import hashlib

from openassembly.analysis import Scenario, analyse, dataset_path, load_dataset

PARTY_COLUMNS = (
    "con",
    "lab",
    "ld",
    "ukip",
    "green",
    "snp",
    "pc",
    "dup",
    "sf",
    "sdlp",
    "uup",
    "alliance",
    "other",
)
SHA256 = "6f4e824fc611a739890b798c838250a54ea14974404560f0c38a0b4eb49dc89b"


def raw_rows():
    with dataset_path("ge2015").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_file_is_the_documented_copy():
    assert hashlib.sha256(dataset_path("ge2015").read_bytes()).hexdigest() == SHA256


def test_650_rows_each_adding_up_to_valid_votes():
    rows = raw_rows()
    assert len(rows) == 650
    assert len({r["ons_id"] for r in rows}) == 650
    for row in rows:
        total = sum(int(row[c]) for c in PARTY_COLUMNS)
        assert total == int(row["valid_votes"]), row["constituency_name"]


def test_published_uk_totals():
    rows = raw_rows()
    assert sum(int(r["con"]) for r in rows) == 11_299_609
    assert sum(int(r["lab"]) for r in rows) == 9_347_273
    totals = load_dataset("ge2015").party_totals()
    assert (totals["Con"], totals["Lab"]) == (11_299_609, 9_347_273)


def test_loader_reads_every_seat_with_its_published_winner():
    results = load_dataset("ge2015")
    assert results.sha256 == SHA256 and results.format == "hocl" and len(results) == 650
    counts = {}
    for seat in results.constituencies:
        counts[seat.nation] = counts.get(seat.nation, 0) + 1
    assert counts == {"England": 533, "Wales": 40, "Scotland": 59, "Northern Ireland": 18}
    winners = {}
    for seat in results.constituencies:
        winners[seat.winner] = winners.get(seat.winner, 0) + 1
    # The published result: Conservative 330 seats, Labour 232, SNP 56, LD 8.
    assert (winners["Con"], winners["Lab"], winners["SNP"], winners["LD"]) == (330, 232, 56, 8)
    buckingham = results.find("Buckingham")
    assert (buckingham.winner, buckingham.winner_votes) == ("Spk", 34_617)


def test_issue_scenario_on_2015_matches_hand_checked_seats():
    results = load_dataset("ge2015")
    alliance = ("Lab", "LD", "Green", "PC")
    single = analyse(results, Scenario(alliance=alliance, nations=("England", "Wales")))
    seats = {s.constituency: s for s in single.seats}
    # Gower: Con 15,862, Lab 15,835 (gap 27); Plaid's 3,051 alone overturn it.
    gower = seats["Gower"]
    assert (gower.status, gower.candidate, gower.gap, gower.attributed_to) == (
        "gain",
        "Lab",
        27,
        "PC",
    )
    assert gower.margin == 3_051 - 27
    # Derby North: Con majority 41 over Labour; LD 3,832 and Green 1,618 both suffice,
    # so it goes to the larger, LD.
    assert seats["Derby North"].attributed_to == "LD"
    assert seats["Derby North"].sufficient_alone == ("LD", "Green")
    pooled = analyse(
        results, Scenario(alliance=alliance, nations=("England", "Wales"), mode="pooled")
    )
    assert pooled.totals.gains == single.totals.gains + single.totals.needs_pooled
    # Scotland and Northern Ireland are out of scope.
    assert single.totals.seats_in_scope == 573
