"""The model suite's definitions: all 19 build and run eager at test size; the re-implemented torchvision
architectures have torchvision's parameter counts; the digits data has MNIST's shape."""

import pytest
import torch
from torch_ttnn import models
from torch_ttnn.models.mnist import digits
from torch_ttnn.models.vision import mobilenet_v2, resnet18


def test_the_seed_models_are_all_registered_in_order():
    assert models.names()[:19] == list(models.ORDER)
    assert len(models.ORDER) == 19


@pytest.mark.parametrize("name", models.ORDER)
def test_model_builds_and_runs_eager_at_test_size(name):
    case = models.build(name, "test")
    with torch.set_grad_enabled(case.train):
        out = case.model(*case.inputs, **case.kwargs)
    tensors = models.output_tensors(case, out)
    assert tensors and all(torch.isfinite(t).all() for t in tensors)
    if case.train:
        case.loss(out, case.targets).backward()


def test_build_is_deterministic():
    a, b = models.build("BERT", "test"), models.build("BERT", "test")
    for pa, pb in zip(a.model.parameters(), b.model.parameters(), strict=True):
        assert torch.equal(pa, pb)


@pytest.mark.parametrize(("builder", "count"), [(resnet18, 11_689_512), (mobilenet_v2, 3_504_872)])
def test_torchvision_architectures_have_published_parameter_counts(builder, count):
    assert sum(p.numel() for p in builder().parameters()) == count


def test_digits_are_mnist_shaped_and_split_disjointly():
    train_x, train_y = digits("train")
    test_x, test_y = digits("test")
    assert train_x.shape[1:] == (1, 28, 28) and test_x.shape[1:] == (1, 28, 28)
    assert len(train_y) + len(test_y) == 1797
    assert set(train_y.tolist()) == set(range(10))


def test_unknown_model_and_size_are_rejected_with_the_choices():
    with pytest.raises(KeyError, match="unknown model 'nope'"):
        models.build("nope")
    with pytest.raises(ValueError, match="size must be one of"):
        models.build("BERT", "huge")
