"""The commit-reveal seed: a test vector any other implementation can check itself against."""

import hashlib

import pytest

from openassembly.counting import draw_sortition
from openassembly.counting.lots import pool_digest
from openassembly.counting.seed import (
    SEED_VERSION,
    Party,
    SeedError,
    commitment,
    derive_seed,
    fallback,
    main,
    matches,
    new_value,
)

ADA, BRAM, CY = "0" * 64, "1" * 64, "ab" * 32
POOL = ["Ann (member 1)", "Bob (member 2)", "Cat (member 3)", "Dai (member 4)"]


def test_vector():
    # Published on docs/sortition.md: a checker in any language must get these digests.
    assert commitment(ADA) == "60e05bd1b195af2f94112fa7197a5c88289058840ce7c6df9693756bc6250f55"
    assert commitment(BRAM) == "3138bb9bc78df27c473ecfd1410f7bd45ebac1f59cf3ff9cfe4db77aab7aedd3"
    assert commitment(CY) == "271a413bd339c5709fdceaec41f14f11e9fbfb5042d72d331c65f32b284cd09a"
    pool = pool_digest(POOL)
    assert pool == "0286af67f40abddf855e37e374a79be84bca1d59d8216767c7b5595c28aeb5dd"
    parties = [Party(commitment(ADA), ADA), Party(commitment(BRAM), BRAM),
               Party(commitment(CY), None)]
    seed = derive_seed(pool, parties)
    assert seed == "a298809785695b348e51b326103a4b6c9594d214c546345be1d0670326cae15a"
    assert draw_sortition(POOL, 2, seed=seed).selected == ["Bob (member 2)", "Dai (member 4)"]


def test_derivation_is_the_published_text():
    pool = pool_digest(POOL)
    c = {v: commitment(v) for v in (ADA, BRAM, CY)}
    # Step 5 of SEED_PROCEDURE written out by hand: ordered by commitment, CY withheld.
    lines = [SEED_VERSION, pool, f"{c[CY]} withheld:{c[CY]}", f"{c[BRAM]} {BRAM}",
             f"{c[ADA]} {ADA}"]
    by_hand = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    assert by_hand == derive_seed(pool, [Party(c[ADA], ADA), Party(c[CY]), Party(c[BRAM], BRAM)])
    assert hashlib.sha256(ADA.encode()).hexdigest() == c[ADA]


def test_order_of_parties_given_does_not_matter_but_every_value_does():
    pool = pool_digest(POOL)
    a, b = Party(commitment(ADA), ADA), Party(commitment(BRAM), BRAM)
    assert derive_seed(pool, [a, b]) == derive_seed(pool, [b, a])
    assert derive_seed(pool, [a, b]) != derive_seed(pool, [a, Party(commitment(BRAM))])
    assert derive_seed(pool, [a, b]) != derive_seed(pool_digest(POOL[:3]), [a, b])


def test_a_value_that_does_not_match_its_commitment_is_refused():
    pool = pool_digest(POOL)
    with pytest.raises(SeedError, match="does not match"):
        derive_seed(pool, [Party(commitment(ADA), BRAM)])
    with pytest.raises(SeedError, match="listed twice"):
        derive_seed(pool, [Party(commitment(ADA), ADA), Party(commitment(ADA))])
    assert not matches("ZZ", commitment(ADA)) and not matches(CY.upper(), commitment(CY))
    with pytest.raises(SeedError):
        commitment("short")
    with pytest.raises(SeedError, match="at least one party"):
        derive_seed(pool, [])


def test_new_values_are_fresh_and_well_formed():
    values = {new_value() for _ in range(50)}
    assert len(values) == 50 and all(matches(v, commitment(v)) for v in values)
    assert fallback("c" * 64) == "withheld:" + "c" * 64


def test_the_command_prints_a_value_and_its_commitment(capsys):
    assert main(["sortition-secret"]) == 0
    out = capsys.readouterr().out
    value = out.split("value:")[1].split()[0]
    assert f"commitment: {commitment(value)}" in out
    assert main(["sortition-secret", "extra"]) == 2
