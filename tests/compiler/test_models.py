"""Whole models from the model suite (test sizes): BERT's encoder and the MNIST CNN compile with zero host
ops (MNIST training keeps only its dropout on the host: torch's RNG stream), match eager, and a compiled
call runs no Python between device ops."""

import sys

import pytest
import torch
import torch_ttnn
from torch_ttnn import models

from tests.compiler.conftest import check, needs_ops

DENSE = ("linear", "matmul", "layer_norm", "softmax", "embedding", "gelu", "add", "mul", "reshape", "permute")
CNN = ("conv2d", "max_pool2d", "relu", "linear", "log_softmax", "permute", "reshape")


def compile_case(name, device):
    case = models.build(name, "test")
    option = torch_ttnn.TorchTtnnOption(device=device, verify=True)
    return case, torch.compile(case.model, backend=torch_ttnn.backend, options=option), option


@pytest.mark.parametrize(("name", "ops"), [("BERT", DENSE), ("Mnist (Eval)", CNN)])
def test_inference_model_has_no_host_ops(name, ops, device):
    needs_ops(*ops)
    case, compiled, option = compile_case(name, device)
    try:
        with torch.no_grad():
            out = models.output_tensors(case, compiled(*case.inputs, **case.kwargs))
            ref = models.output_tensors(case, case.model(*case.inputs, **case.kwargs))
        check(out[0], ref[0], tol={"atol": 5e-2, "rtol": 5e-2}, min_pcc=0.99)
        (m,) = option.metrics()
        assert m["ops_remaining"] == {}, m["host_reasons"]
    finally:
        option.release()


def test_mnist_training_step_keeps_only_dropout_on_host(device):
    needs_ops(*CNN, "nll_loss", "nll_loss_backward", "max_pool2d_with_indices", "conv2d_backward_input")
    case, compiled, option = compile_case("Mnist (Train)", device)
    try:
        loss = case.loss(compiled(*case.inputs), case.targets)
        loss.backward()
        forward, backward = option.metrics()
        assert set(forward["ops_remaining"]) <= {"aten.native_dropout.default"}, forward["host_reasons"]
        assert backward["ops_remaining"] == {}, backward["host_reasons"]
        assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in case.model.parameters())
    finally:
        option.release()


def test_no_python_runs_between_device_ops(device):
    needs_ops(*CNN)
    case, compiled, option = compile_case("Mnist (Eval)", device)
    try:
        with torch.no_grad():
            compiled(*case.inputs)  # compile outside the profiled call
            seen = []

            def profile(frame, event, arg):
                if event == "call":
                    seen.append(frame.f_code.co_filename)

            sys.setprofile(profile)
            try:
                compiled(*case.inputs)
            finally:
                sys.setprofile(None)
        # Every op ran inside the one C++ call: no ttnn Python op wrapper and no host callback ran.
        assert not [f for f in seen if f.endswith(("ttnn/operations.py", "torch_ttnn/frontend.py"))]
        assert option.metrics()[0]["runtime"]["host_calls"] == 0
    finally:
        option.release()
