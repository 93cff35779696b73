"""The tamper-evident ledger: canonical JSON, event and checkpoint hashes, Merkle proofs,
verification, the export file and salted commitments. Pure Python, no Django.

See docs/ledger.md for the design and the guarantees it gives.
"""

from openassembly.ledger.canonical import canonical_json
from openassembly.ledger.chain import (
    CHECKPOINT_FIELDS,
    EVENT_FIELDS,
    ZERO_HASH,
    checkpoint_hash,
    event_hash,
    iso_utc,
    make_event,
    seal,
    seal_with_hashes,
)
from openassembly.ledger.commitments import commit, new_salt, verify_commitment
from openassembly.ledger.export import read_export, verify_export, write_export
from openassembly.ledger.lines import ExportError
from openassembly.ledger.merkle import inclusion_proof, merkle_root, verify_inclusion
from openassembly.ledger.verify import Anchor, Report, verify

__all__ = [
    "CHECKPOINT_FIELDS",
    "EVENT_FIELDS",
    "ZERO_HASH",
    "Anchor",
    "ExportError",
    "Report",
    "canonical_json",
    "checkpoint_hash",
    "commit",
    "event_hash",
    "inclusion_proof",
    "iso_utc",
    "make_event",
    "merkle_root",
    "new_salt",
    "read_export",
    "seal",
    "seal_with_hashes",
    "verify",
    "verify_commitment",
    "verify_export",
    "verify_inclusion",
    "write_export",
]
