"""The lowering rule table as a whole: every rule can fire (its ttnn op is registered), an overload's rules
live in one family file so the order they are tried in is visible there, and docs/lowering_rules.md, which
lists them, is generated from the table (`torch-ttnn docs --check` keeps the committed copy current)."""

from collections import defaultdict
from pathlib import Path

from torch_ttnn.report.rule_table import rule_table
from ttnn import _ttnn

RULES = _ttnn.compiler.lowering_rules()


def test_every_rule_targets_a_registered_op():
    missing = sorted({(r["aten"], r["ttnn"]) for r in RULES if not r["available"]})
    assert not missing, f"rules whose ttnn op is not in the registry, so they can never fire: {missing}"


def test_an_overloads_rules_live_in_one_family():
    families = defaultdict(set)
    for rule in RULES:
        families[rule["aten"]].add(rule["family"])
    spread = {aten: sorted(f) for aten, f in families.items() if len(f) > 1}
    assert not spread, f"overloads with rules in several lowering/<family>.cpp files (keep them together): {spread}"


def test_rule_table_points_at_each_rule():
    root = Path(__file__).resolve().parents[2]
    table = rule_table(root)
    assert f"{len(RULES)} rules" in table
    add = next(line for line in table.splitlines() if line.startswith("| `aten.add.Tensor` |"))
    assert "alpha_is_one" in add and "cpp/compiler/lowering/eltwise.cpp:" in add
    line = int(add.rsplit(":", 1)[1].strip(" |"))
    assert '"aten.add.Tensor"' in (root / "cpp/compiler/lowering/eltwise.cpp").read_text().splitlines()[line - 1]


def test_rule_table_shows_the_declarative_flags():
    table = rule_table(Path(__file__).resolve().parents[2])
    row = {line.split("|")[1].strip(" `"): line for line in table.splitlines() if line.startswith("| `aten.")}
    assert "alpha_is_one, int_to_float(self, other)" in row["aten.add.Tensor"]
    assert "int_to_float(self, min, max)" in row["aten.clamp.default"]
    assert "bool_as_logical" in row["aten.bitwise_or.Tensor"]
