import enum
import re
from collections import OrderedDict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openassembly.ledger import canonical_json

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def test_sorted_compact_utf8():
    assert canonical_json({"b": [1, True, None], "a": "Łódź"}) == (
        '{"a":"Łódź","b":[1,true,null]}'.encode()
    )


def test_nested_keys_sorted_by_code_point():
    assert canonical_json({"é": 1, "z": {"b": 2, "B": 3}}) == '{"z":{"B":3,"b":2},"é":1}'.encode()


def test_subclasses_encode_as_their_base_type():
    class Kind(enum.StrEnum):
        JOINED = "member.joined"

    class Number(enum.IntEnum):
        SEVEN = 7

    value = OrderedDict(z=Kind.JOINED, a=[Number.SEVEN, True])
    assert canonical_json(value) == b'{"a":[7,true],"z":"member.joined"}'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"a": [1, 2.5]}, "$.a[1]: floats are not allowed"),
        ({"a": float("nan")}, "$.a: NaN and infinity are not allowed"),
        ([float("inf")], "$[0]: NaN and infinity are not allowed"),
        ({1: "x"}, "$: key 1 (int) is not a string"),
        ({"a": (1, 2)}, "$.a: tuple is not allowed"),
        ({"a": {"b": b"x"}}, "$.a.b: bytes is not allowed"),
        ({"a": "\ud800"}, "$.a: string is not valid Unicode"),
        ({"\udc00": 1}, "is not valid Unicode"),
        (OrderedDict(a=1.5), "$.a: floats are not allowed"),
        ({"a": ["ok", {"b": None, "c": {1.0}}]}, "$.a[1].c: set is not allowed"),
        ({"a": {"ok": [1]}, "b": [True, "x"], "c": 1.5}, "$.c: floats are not allowed"),
    ],
)
def test_refuses_with_path(value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        canonical_json(value)


@given(json_values)
def test_round_trips_and_is_stable(value):
    import json

    encoded = canonical_json(value)
    assert canonical_json(json.loads(encoded)) == encoded
