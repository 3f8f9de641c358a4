"""docs/lowering_rules.md: every aten overload the compiler lowers, with its rules in the order they are tried.

The rules come from the C++ rule table (``_ttnn.compiler.lowering_rules()``: overload, ttnn op, family, flags,
guard); each rule's line is where its overload is named in ``cpp/compiler/lowering/<family>.cpp`` (the k-th
mention for the overload's k-th rule there), so the table says which rule fires first and where to read it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

# The C++ sources, beside the package in a checkout (the docs command may run elsewhere: a test's folder).
SOURCE_ROOT = Path(__file__).resolve().parents[3]
LOWERING = "cpp/compiler/lowering"


def has_sources(root: Path = SOURCE_ROOT) -> bool:
    return (root / LOWERING / "families.def").exists()


def _files_of(root: Path, family: str) -> list[str]:
    """Where a family's rules are written: its own file first, then the files it adds parts from."""
    own = f"{LOWERING}/{family}.cpp"
    others = sorted(
        str(p.relative_to(root)) for p in (root / LOWERING).glob("*.cpp") if str(p.relative_to(root)) != own
    )
    return [own, *others]


def _where(root: Path, rules: list[dict]) -> list[str]:
    """file:line of each rule, in the order of ``rules``: the k-th rule of an overload in a family is the k-th
    mention of the overload in the family's files (its own file first)."""
    lines_of: dict[str, list[str]] = {}
    seen: dict[tuple[str, str], int] = defaultdict(int)
    out = []
    for rule in rules:
        hits = []
        for path in _files_of(root, rule["family"]):
            if path not in lines_of:
                lines_of[path] = (root / path).read_text().splitlines()
            hits += [f"{path}:{i + 1}" for i, line in enumerate(lines_of[path]) if f'"{rule["aten"]}"' in line]
        k = seen[(rule["family"], rule["aten"])]
        seen[(rule["family"], rule["aten"])] += 1
        if k >= len(hits):
            raise ValueError(
                f"docs: rule {k + 1} of {rule['aten']} is added by the {rule['family']} family, whose files name "
                f"the overload {len(hits)} time(s); name it as a string literal once per rule so the rule table can "
                "point at it"
            )
        out.append(hits[k])
    return out


def rule_table(root: Path) -> str:
    from ttnn import _ttnn

    rules = _ttnn.compiler.lowering_rules()
    where = _where(root, rules)
    by_overload: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    for rule, place in zip(rules, where, strict=True):
        by_overload[rule["aten"]].append((rule, place))
    lines = [
        "# Lowering rules",
        "",
        "Generated from the C++ rule table (`cpp/compiler/lowering`, `torch-ttnn docs`). Each aten overload with "
        "its rules in the order they are tried: the first whose flags and guard hold and whose rewrite succeeds "
        "lowers the node; when none does, it runs on the host. Flags are the declarative parts of "
        "`lowering/rule.hpp` that the wrapper applies: conditions and choices (`RuleFlag`) and the operands of "
        "int-to-float promotion (`to_float`); a guard is the rule's own condition, in its file.",
        "",
        f"{len(rules)} rules for {len(by_overload)} overloads.",
        "",
        "| aten overload | # | ttnn op | flags | guard | rule |",
        "|---|---|---|---|---|---|",
    ]
    for aten in sorted(by_overload):
        for i, (rule, place) in enumerate(by_overload[aten], start=1):
            op = f"`{rule['ttnn']}`" if rule["ttnn"] else "(none)"
            guard = "yes" if rule["guard"] else ""
            lines.append(f"| `{aten}` | {i} | {op} | {rule['flags']} | {guard} | {place} |")
    return "\n".join(lines) + "\n"
