"""README's tools section and `--help` agree with the parser: every `torch-ttnn` example in the section parses,
and each command's help names its options."""

import shlex
from pathlib import Path

import pytest
from torch_ttnn.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def _examples() -> list[list[str]]:
    section = README.read_text().split("## Tools and workflows", 1)[1].split("\n## ", 1)[0]
    blocks = [block.split("```", 1)[0] for block in section.split("```bash\n")[1:]]
    commands = []
    for line in "\n".join(blocks).splitlines():
        for part in line.split("&&"):
            words = shlex.split(part.strip())
            if words[:1] == ["torch-ttnn"]:
                commands.append(words[1:])
    return commands


def test_the_section_shows_each_tool():
    assert {c[0] for c in _examples()} >= {"run", "trace", "bisect", "docs"}


@pytest.mark.parametrize("argv", _examples(), ids=lambda a: " ".join(a))
def test_readme_examples_parse(argv):
    args = build_parser().parse_args(argv)
    assert args.command == argv[0]


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("run", ["--backend", "--batch", "--seq", "--image", "--task", "--dtype", "--small", "--config"]),
        ("trace", ["--backward", "--profile", "--out", "--batch"]),
        ("bisect", ["--pcc", "--atol", "--rtol", "--dtype"]),
        ("report", ["--batch", "--size"]),
    ],
)
def test_help_names_every_option(command, options, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert all(option in text for option in options), text
    if command != "report":
        assert "save_pretrained folder" in text and "file.py:function" in text
