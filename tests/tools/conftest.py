"""Fixtures of the tools tests: models the suite does not contain, saved as a user would have them.

- ``electra_folder``: a tiny ELECTRA classifier written by ``save_pretrained`` with its WordPiece tokenizer;
- ``convnext_folder``: a tiny ConvNeXt classifier with an image processor's preprocessor_config.json;
- ``model_file``: a file.py whose ``build()`` returns (model, inputs), with one op (logcumsumexp) no rule lowers.
The commands open device 0 themselves, so tests that run them take ``no_open_device``.
"""

import json

import pytest

WORDS = [
    "the",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "lazy",
    "dog",
    "while",
    "cat",
    "sleeps",
    "on",
    "a",
    "warm",
    "mat",
    "by",
    "door",
]

MODEL_FILE = """
import torch


class SortedMLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = torch.nn.Linear(16, 32), torch.nn.Linear(32, 8)

    def forward(self, x):
        hidden = torch.relu(self.fc1(x))
        return self.fc2(torch.logcumsumexp(hidden, dim=-1))


def build():
    return SortedMLP(), (torch.randn(4, 16, generator=torch.Generator().manual_seed(0)),)


def build_dict():
    return SortedMLP(), {"x": torch.randn(2, 16, generator=torch.Generator().manual_seed(0))}


def not_a_pair():
    return torch.nn.Linear(2, 2)
"""


@pytest.fixture(scope="session")
def electra_folder(tmp_path_factory):
    import torch
    from transformers import BertTokenizer, ElectraConfig, ElectraForSequenceClassification

    folder = tmp_path_factory.mktemp("electra-tiny")
    vocab = {word: i for i, word in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS])}
    BertTokenizer(vocab=vocab).save_pretrained(folder)
    config = ElectraConfig(
        vocab_size=5 + len(WORDS),
        embedding_size=32,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        num_labels=3,
    )
    torch.manual_seed(3)
    ElectraForSequenceClassification(config).save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def convnext_folder(tmp_path_factory):
    import torch
    from transformers import ConvNextConfig, ConvNextForImageClassification

    folder = tmp_path_factory.mktemp("convnext-tiny")
    config = ConvNextConfig(num_stages=2, depths=[1, 1], hidden_sizes=[16, 32], image_size=32, num_labels=5)
    torch.manual_seed(4)
    ConvNextForImageClassification(config).save_pretrained(folder)
    settings = {"do_normalize": True, "do_rescale": True, "rescale_factor": 1 / 255, "image_mean": [0.5] * 3}
    settings["image_std"] = [0.25] * 3
    (folder / "preprocessor_config.json").write_text(json.dumps(settings))
    return folder


@pytest.fixture(scope="session")
def model_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("user") / "my_models.py"
    path.write_text(MODEL_FILE)
    return path
