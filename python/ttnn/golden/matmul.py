"""Goldens of the matmul family: fp32 products of the stored inputs at the compute config's math fidelity.

The device rounds once (on output); the harness applies that rounding. Math fidelity and bf16 partial sums
(fp32_dest_acc_en=False) are emulated here the same way the C++ documents it (matmul_operand.cpp).
"""

from __future__ import annotations

import torch

from ttnn.golden import golden

_ACTIVATIONS = {
    None: lambda x: x,
    "": lambda x: x,
    "relu": torch.relu,
    "gelu": torch.nn.functional.gelu,
    "silu": torch.nn.functional.silu,
    "sigmoid": torch.sigmoid,
}


def _keep_mantissa(x: torch.Tensor, bits: int) -> torch.Tensor:
    mask = ~((1 << (23 - bits)) - 1) & 0xFFFFFFFF
    mask = mask - (1 << 32) if mask >= 1 << 31 else mask
    return (x.float().view(torch.int32) & mask).view(torch.float32)


def _fidelity_product(a: torch.Tensor, b: torch.Tensor, config) -> torch.Tensor:
    """a @ b at TT's math fidelity: in0 (a) is srcB (hi = 6 explicit bits), in1 (b) is srcA (hi = 4)."""
    import ttnn

    fidelity = getattr(config, "math_fidelity", None) if config is not None else None
    if fidelity is None or fidelity == ttnn.MathFidelity.HiFi4:
        return torch.matmul(a.double(), b.double()).float()
    a_hi = _keep_mantissa(a, 6)
    if fidelity == ttnn.MathFidelity.LoFi:
        return torch.matmul(a_hi.double(), _keep_mantissa(b, 4).double()).float()
    if fidelity == ttnn.MathFidelity.HiFi2:
        return torch.matmul(a_hi.double(), _keep_mantissa(b, 9).double()).float()
    a_lo = _keep_mantissa(a, 10) - a_hi
    return (
        torch.matmul(a_hi.double(), _keep_mantissa(b, 9).double())
        + torch.matmul(a_lo.double(), _keep_mantissa(b, 4).double())
    ).float()


def _bf16_partials(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """fp32_dest_acc_en=False: the running sum is rounded to bf16 after every 32-deep K step."""
    k = a.shape[-1]
    acc = None
    for k0 in range(0, k, 32):
        part = torch.matmul(a[..., k0 : k0 + 32].double(), b[..., k0 : k0 + 32, :].double())
        acc = part if acc is None else acc + part
        acc = acc.float().to(torch.bfloat16).double()
    return acc.float()


def _product(a, b, transpose_a, transpose_b, config):
    if transpose_a and a.dim() >= 2:
        a = a.transpose(-1, -2)
    if transpose_b and b.dim() >= 2:
        b = b.transpose(-1, -2)
    if config is not None and not config.fp32_dest_acc_en and a.shape[-1] > 0 and a.dim() >= 2 and b.dim() >= 2:
        return _bf16_partials(a, b)
    return _fidelity_product(a, b, config)


@golden("matmul")
def matmul(
    input_tensor_a,
    input_tensor_b,
    transpose_a=False,
    transpose_b=False,
    memory_config=None,
    dtype=None,
    compute_kernel_config=None,
    activation=None,
    program_config=None,
    core_grid=None,
):
    out = _product(input_tensor_a, input_tensor_b, transpose_a, transpose_b, compute_kernel_config)
    return _ACTIVATIONS[_fused(activation, program_config)](out)


def _fused(activation, program_config):
    """The activation to apply: the argument's, else a program config's fused_activation."""
    fused = program_config._ttnn_arg() if program_config is not None else ""
    return str(activation) if activation else (fused or None)


@golden("linear")
def linear(
    input_tensor_a,
    input_tensor_b,
    bias=None,
    transpose_a=False,
    transpose_b=False,
    memory_config=None,
    dtype=None,
    activation=None,
    compute_kernel_config=None,
    program_config=None,
    core_grid=None,
):
    out = _product(input_tensor_a, input_tensor_b, transpose_a, transpose_b, compute_kernel_config)
    if bias is not None:
        out = out + bias.reshape(-1).float()
    return _ACTIVATIONS[_fused(activation, program_config)](out)


@golden("prepare_linear_weight")
def prepare_linear_weight(weight, transpose_b=False, compute_kernel_config=None):
    return weight.clone()
