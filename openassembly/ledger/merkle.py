"""Merkle trees as defined in RFC 6962 (Certificate Transparency), section 2.1.

Each checkpoint's root commits to its whole batch, and an audit path of about log2(n)
hashes lets a member check that one event (a ballot receipt, say) is in a published
checkpoint without downloading the other events. The 0x00/0x01 prefixes keep a leaf from
ever being passed off as an interior node.
"""

from __future__ import annotations

from collections.abc import Sequence
from hashlib import sha256

EMPTY_ROOT = sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    return sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right).digest()


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """The RFC 6962 tree head of ``leaves`` (raw bytes, e.g. the 32 bytes of an event hash)."""
    if not leaves:
        return EMPTY_ROOT
    # Pairing level by level and carrying an odd last node up unchanged builds exactly the
    # RFC's tree (split at the largest power of two below n) without recursion.
    level = [sha256(b"\x00" + leaf).digest() for leaf in leaves]
    while len(level) > 1:
        paired = [
            sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
        ]
        if len(level) & 1:
            paired.append(level[-1])
        level = paired
    return level[0]


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path for ``leaves[index]``, bottom first (RFC 6962 PATH(m, D[n]))."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"index {index} is outside a tree of {len(leaves)} leaves")
    proof: list[bytes] = []
    lo, hi = 0, len(leaves)
    # Walk down from the root, then reverse so the path reads leaf-to-root.
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            proof.append(merkle_root(leaves[lo + k : hi]))
            hi = lo + k
        else:
            proof.append(merkle_root(leaves[lo : lo + k]))
            lo = lo + k
    proof.reverse()
    return proof


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """True if ``proof`` shows ``leaf`` at ``index`` in the tree of ``size`` with ``root``.

    The algorithm of RFC 9162, section 2.1.3.2, which needs nothing but the proof.
    """
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    node = leaf_hash(leaf)
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            node = node_hash(node, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and node == root
