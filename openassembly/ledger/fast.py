"""The fast path of verify_export, for event lines exactly as write_export writes them.

Parsing each line and re-encoding the event to canonical JSON costs several times more
than hashing it, and a verifier should run within a small factor of bare SHA-256. So
write_export ends each event line with the event's canonical JSON verbatim, and this path
hashes that slice of the line without parsing it.

Why that is sound: the slice must hash to the stored hash; the stored hash is committed to
by a checkpoint's Merkle root, and the checkpoints are chained (checked in full afterwards,
as on the slow path). For a ledger whose checkpoints are the organisation's own, the stored
hash was made by event_hash over canonical JSON, and SHA-256 is preimage-resistant, so a
matching slice IS that canonical JSON: seq, org and data read from it are the event's own.
Everything in the line outside the slice (type, checkpoint number, hash) is checked
byte for byte. For a ledger whose checkpoints were forged wholesale no verifier can say
more than "consistent" until the checkpoint hashes are compared with the published ones.

Any line that does not fit the pattern exactly (a checkpoint, an unsealed event, a hash
that does not match, an event from another organisation, a line written by some other
tool) goes to the slow path, which parses it fully and names what is wrong.
"""

from __future__ import annotations

from binascii import hexlify
from collections.abc import Callable
from hashlib import sha256
from typing import IO

from openassembly.ledger.canonical import canonical_json
from openassembly.ledger.verify import Verifier

_HEAD = b'{"type":"event","checkpoint":'
_TAIL = b',"v":1}\n'
_HASH = b',"hash":"'
_SEQ = b',"seq":'
_CHUNK_BYTES = 1 << 22


def verify_lines(
    fp: IO[bytes],
    verifier: Verifier,
    slow: Callable[[int, bytes], None],
    *,
    org: str,
) -> None:
    """Feed every line after the header to ``verifier``, via ``slow`` where it must."""
    org_mark = b',"org":' + canonical_json(org)
    org_at = len(org_mark)
    batches, seen = verifier.batches, verifier.seen
    line = 1
    for chunk in iter(lambda: fp.readlines(_CHUNK_BYTES), []):
        for raw in chunk:
            line += 1
            if raw.startswith(_HEAD) and raw.endswith(_TAIL):
                h = raw.find(_HASH, 29)
                s = raw.rfind(_SEQ)
                number, seq = raw[29:h], raw[s + 7 : -8]
                if (
                    number.isdigit()
                    and number[0] != 48  # "0": JSON has no leading zeros
                    and seq.isdigit()
                    and raw[h + 73 : h + 75] == b'",'  # the hash is exactly 64 characters
                    and raw[s - org_at : s] == org_mark
                ):
                    digest = sha256(b"{" + raw[h + 75 : -1]).digest()
                    if hexlify(digest) == raw[h + 9 : h + 73]:
                        position = verifier.events
                        verifier.events = position + 1
                        seq_n, number_n = int(seq), int(number)
                        batch = batches.get(number_n)
                        if batch is None or seq_n in seen or seq_n <= batch.last:
                            # First of its batch, a duplicate or out of order: the general path.
                            verifier.hashed(seq_n, org, digest.hex(), number_n, digest, position)
                        else:
                            seen.add(seq_n)
                            batch.last = seq_n
                            batch.digests.append(digest)
                        continue
            slow(line, raw)
