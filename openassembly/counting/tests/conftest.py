from pathlib import Path

import pytest

from openassembly.counting import read_blt

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def load():
    def _load(name: str):
        return read_blt((FIXTURES / name).read_bytes())

    return _load
