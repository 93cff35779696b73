from hashlib import sha256

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openassembly.ledger import inclusion_proof, merkle_root, verify_inclusion
from openassembly.ledger.merkle import EMPTY_ROOT, leaf_hash, node_hash

# The test vectors of the Certificate Transparency reference implementation (RFC 6962).
CT_LEAVES = [
    bytes.fromhex(x)
    for x in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
              "606162636465666768696a6b6c6d6e6f"]
]  # fmt: skip
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_PATH_0_OF_8 = [
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
]


def rfc_root(leaves):
    """MTH exactly as RFC 6962 section 2.1 writes it, recursively."""
    if not leaves:
        return sha256(b"").digest()
    if len(leaves) == 1:
        return leaf_hash(leaves[0])
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(rfc_root(leaves[:k]), rfc_root(leaves[k:]))


def test_ct_vectors():
    for n, expected in enumerate(CT_ROOTS, 1):
        assert merkle_root(CT_LEAVES[:n]).hex() == expected
    assert [p.hex() for p in inclusion_proof(CT_LEAVES, 0)] == CT_PATH_0_OF_8


def test_empty_tree():
    assert merkle_root([]) == EMPTY_ROOT == sha256(b"").digest()


leaf_lists = st.lists(st.binary(min_size=32, max_size=32), min_size=1, max_size=40)


@given(st.lists(st.binary(max_size=8), max_size=70))
def test_matches_the_recursive_definition(leaves):
    assert merkle_root(leaves) == rfc_root(leaves)


@given(leaf_lists)
def test_every_index_proves(leaves):
    root = merkle_root(leaves)
    for index, leaf in enumerate(leaves):
        proof = inclusion_proof(leaves, index)
        assert verify_inclusion(leaf, index, len(leaves), proof, root)


@given(leaf_lists, st.data())
def test_wrong_leaf_index_size_or_root_fails(leaves, data):
    root = merkle_root(leaves)
    n = len(leaves)
    index = data.draw(st.integers(0, n - 1))
    proof = inclusion_proof(leaves, index)
    other = data.draw(st.binary(min_size=32, max_size=32).filter(lambda b: b != leaves[index]))
    assert not verify_inclusion(other, index, n, proof, root)
    wrong = data.draw(st.integers(0, n - 1).filter(lambda i: leaves[i] != leaves[index]))
    if leaves[wrong] != leaves[index]:
        assert not verify_inclusion(leaves[index], wrong, n, proof, root)
    if proof:
        # A proof's length fixes the tree's shape; the size itself comes from the checkpoint.
        assert not verify_inclusion(leaves[index], 0, 1, proof, root)
    assert not verify_inclusion(leaves[index], index, n, proof, sha256(root).digest())
    assert not verify_inclusion(leaves[index], index, n, [*proof, root], root)
    if proof:
        assert not verify_inclusion(leaves[index], index, n, proof[:-1], root)


def test_index_out_of_range():
    leaves = CT_LEAVES[:3]
    with pytest.raises(ValueError, match="index 3 is outside a tree of 3 leaves"):
        inclusion_proof(leaves, 3)
    assert not verify_inclusion(leaves[0], 3, 3, [], merkle_root(leaves))
    assert not verify_inclusion(leaves[0], -1, 3, [], merkle_root(leaves))


def test_single_leaf_has_empty_proof():
    assert inclusion_proof(CT_LEAVES[:1], 0) == []
    assert verify_inclusion(CT_LEAVES[0], 0, 1, [], merkle_root(CT_LEAVES[:1]))
