"""Golden comparison: left-out fields, canonical bytes, the field-by-field diff."""

import json

from pfhooks_tools.golden import IGNORED_FIELDS, Difference, canonical_json, diff, flatten, format_diff, normalize


def test_normalize_drops_exactly_the_ignored_fields() -> None:
    report = {"meta": {"wall_seconds": 1.5, "command_line": "x", "seed": 3},
              "scenario": {"file": "/tmp/a.yaml", "name": "a"}, "modules": [{"path": "/x.so", "name": "pamp"}]}
    assert normalize(report) == {"meta": {"seed": 3}, "scenario": {"name": "a"}, "modules": [{"name": "pamp"}]}
    assert "meta.wall_seconds" in IGNORED_FIELDS


def test_canonical_json_is_key_order_independent() -> None:
    assert canonical_json({"b": 1, "a": [1.5, 2]}) == canonical_json({"a": [1.5, 2], "b": 1})
    assert canonical_json({"a": 1}).endswith("}\n")
    text = canonical_json({"k": [{"b": 2, "a": 1}, {"c": []}], "r": [1, 2], "e": {}})
    assert text == '{\n  "e": {},\n  "k": [\n    {"a": 1, "b": 2},\n    {"c": []}\n  ],\n  "r": [1, 2]\n}\n'
    assert json.loads(text) == {"k": [{"b": 2, "a": 1}, {"c": []}], "r": [1, 2], "e": {}}


def test_diff_names_paths_and_both_values() -> None:
    golden = {"flows": [{"rx": 9, "tx": 10}], "kstats": [1, 2], "x": 1}
    actual = {"flows": [{"rx": 10, "tx": 10}], "kstats": [1], "y": 2, "x": 1.0}
    got = diff(golden, actual)
    assert got == [
        Difference("flows.0.rx", 9, 10),
        Difference("kstats.1", 2, Difference.MISSING),
        Difference("x", 1, 1.0),
        Difference("y", Difference.MISSING, 2),
    ]
    text = format_diff(got)
    assert "flows.0.rx: golden 9, actual 10" in text
    assert "kstats.1: golden 2, actual <missing>" in text


def test_diff_of_equal_documents_is_empty_and_limit_counts_the_rest() -> None:
    assert diff({"a": [1, {"b": None}]}, {"a": [1, {"b": None}]}) == []
    many = [Difference(str(i), 0, 1) for i in range(60)]
    assert format_diff(many, limit=5).endswith("... and 55 more")


def test_flatten_paths() -> None:
    assert flatten({"a": [{"b": 1}, 2], "c": {}}) == {"a.0.b": 1, "a.1": 2}
