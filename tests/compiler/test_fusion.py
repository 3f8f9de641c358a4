"""The fusion rules (cpp/compiler/passes/fusion*.cpp): per rule, small modules that produce its pattern as
aot_autograd lowers it, checked for the rule's counter (metrics "fusions"), the fused ttnn op, no host op and
eager's result; and cases just outside each guard, where the rule must refuse and the result stay right.
Add a case by appending a Fused to FUSED or a Refused to REFUSED."""

import math

import pytest
import torch
import torch.nn.functional as F

from tests.compiler.conftest import check, compile_fn, needs_ops

SDPA = "transformer.scaled_dot_product_attention"


class Fused:
    def __init__(self, name, fn, shapes, fusion, op, gone=()):
        self.name, self.fn, self.shapes, self.fusion, self.op, self.gone = name, fn, shapes, fusion, op, gone

    def __repr__(self):
        return self.name


class Refused(Fused):
    """The pattern with one guard broken: `fusion` must not fire (another rule may)."""


def run(case, device):
    needs_ops(case.op)
    torch.manual_seed(0)
    inputs = [torch.randn(*s) if isinstance(s, tuple) else s() for s in case.shapes]
    compiled, option = compile_fn(case.fn, device)
    try:
        with torch.no_grad():
            actual = compiled(*inputs)
            expected = case.fn(*inputs)
        check(actual, expected)
        m = option.metrics()[-1]
        assert m["ops_remaining"] == {}, m["host_reasons"]
        return m
    finally:
        option.release()


def attention(q, k, v, mask):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]) + mask
    return torch.softmax(scores, dim=-1) @ v


def attention_bmm(q, k, v):
    return torch.bmm(torch.softmax(torch.bmm(q, k.transpose(1, 2)) * 0.125, dim=-1), v)


def bloom_attention(alibi, q, k, v, mask):
    """BloomAttention: ALiBi through baddbmm on [B*H, S, D], the causal mask added on [B, H, S, S]."""
    scores = alibi.baddbmm(batch1=q, batch2=k.transpose(-1, -2), beta=1.0, alpha=0.25).view(1, 4, 8, 8) + mask
    return torch.bmm(F.softmax(scores, dim=-1, dtype=torch.float32).view(4, 8, 8), v)


class RMSNorm(torch.nn.Module):
    """LlamaRMSNorm, casts included."""

    def __init__(self, n, weight=True):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.rand(n) + 0.5) if weight else None

    def forward(self, x):
        dtype = x.dtype
        x = x.to(torch.float32)
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6)
        return x.to(dtype) if self.weight is None else self.weight * x.to(dtype)


def new_gelu(x):
    """GPT-2's NewGELUActivation."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def bloom_gelu(x):
    """Bloom's bloom_gelu_forward."""
    return x * 0.5 * (1.0 + torch.tanh(0.79788456 * x * (1 + 0.044715 * x * x)))


def erf_gelu(x):
    return x * 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0)))


def causal(*shape):
    return lambda: torch.full(shape, -1e9).triu(1)


torch.manual_seed(0)
RMS, RMS_PLAIN = RMSNorm(33), RMSNorm(64, weight=False)
QKV = ((2, 3, 8, 16),) * 3

FUSED = [
    Fused("sdpa_div_mask", attention, (*QKV, (2, 1, 1, 8)), "attention_sdpa", SDPA, ["softmax", "matmul"]),
    Fused("sdpa_causal_mask", attention, (*QKV, causal(8, 8)), "attention_sdpa", SDPA, ["softmax"]),
    Fused("sdpa_bmm_scale", attention_bmm, ((6, 7, 16), (6, 9, 16), (6, 9, 5)), "attention_sdpa", SDPA, ["softmax"]),
    Fused(
        "sdpa_bloom_alibi",
        bloom_attention,
        ((4, 1, 8), (4, 8, 16), (4, 8, 16), (4, 8, 16), causal(1, 1, 8, 8)),
        "attention_sdpa",
        SDPA,
        ["softmax", "matmul"],
    ),
    Fused(
        "softmax_scale_mask",
        lambda x, m: torch.softmax(x * 0.3 + m, -1),
        ((2, 4, 7, 33), (2, 1, 1, 33)),
        "scale_mask_softmax",
        "scale_mask_softmax",
        ["softmax", "mul", "add"],
    ),
    Fused(
        "softmax_div_mask",
        lambda x, m: torch.softmax(x / 4.0 + m, -1),
        ((3, 7, 45), (7, 45)),
        "scale_mask_softmax",
        "scale_mask_softmax",
        ["softmax", "div"],
    ),
    Fused(
        "softmax_scale", lambda x: torch.softmax(x * 0.5, -1), ((5, 65),), "scale_mask_softmax", "scale_mask_softmax"
    ),
    Fused(
        "softmax_mask",
        lambda x, m: torch.softmax(x + m, dim=-1),
        ((2, 8, 8), causal(8, 8)),
        "scale_mask_softmax",
        "scale_mask_softmax",
        ["softmax", "add"],
    ),
    Fused("rms_norm_llama", RMS, ((2, 7, 33),), "rms_norm", "rms_norm", ["rsqrt", "mean", "pow"]),
    Fused("rms_norm_no_weight", RMS_PLAIN, ((3, 64),), "rms_norm", "rms_norm", ["rsqrt", "mul"]),
    Fused(
        "rms_norm_square_by_mul",
        lambda x, w: w * (x * torch.rsqrt((x * x).mean(-1, keepdim=True) + 1e-5)),
        ((4, 16), (16,)),
        "rms_norm",
        "rms_norm",
        ["rsqrt"],
    ),
    Fused("gelu_gpt2_new_gelu", new_gelu, ((3, 7, 65),), "gelu", "gelu", ["tanh", "pow", "mul", "add"]),
    Fused("gelu_bloom", bloom_gelu, ((2, 33),), "gelu", "gelu", ["tanh", "mul", "add"]),
    Fused("gelu_erf_by_hand", erf_gelu, ((5, 40),), "gelu", "gelu", ["erf", "mul", "add"]),
    Fused(
        "gelu_after_linear",
        lambda x, w, b: new_gelu(F.linear(x, w, b)),
        ((4, 32), (48, 32), (48,)),
        "gelu",
        "gelu",
        ["tanh", "pow"],
    ),
    Fused(
        "weight_transpose", lambda x, w: x @ w.t(), ((5, 33), (17, 33)), "matmul_transpose_b", "matmul", ["transpose"]
    ),
    # Rows 2, 5 and 8: a negative start, then a step, composed into one slice.
    Fused("slice_of_slice", lambda x: x[-8:][1::3], ((9, 33),), "slice_pair", "slice"),
]


def slice_too(x):
    y = x[1:8]
    return y[2:6], y


def scores_too(s):
    return torch.softmax(s, -1), s


def rsqrt_too(x, eps):
    r = torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)
    return x * r, r


def probs_too(q, k, v, mask):
    p = torch.softmax(q @ k.transpose(-2, -1) * 0.25 + mask, dim=-1)
    return p @ v, p


def gelu_and_tanh(x):
    t = torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0)))
    return 0.5 * x * (1.0 + t), t


REFUSED = [
    # Not gelu: another coefficient in the cubic term.
    Refused(
        "gelu_other_coefficient",
        lambda x: 0.5 * x * (1.0 + torch.tanh(0.8 * (x + 0.05 * torch.pow(x, 3.0)))),
        ((3, 33),),
        "gelu",
        "tanh",
    ),
    # The tanh is also returned, so it must be computed.
    Refused("gelu_tanh_returned", gelu_and_tanh, ((3, 33),), "gelu", "tanh"),
    # A second tensor enters the formula.
    Refused("gelu_second_tensor", lambda x, y: 0.5 * y * (1.0 + torch.tanh(x)), ((3, 33), (3, 33)), "gelu", "tanh"),
    # The softmax is also returned: attention must keep it (scale_mask_softmax may still take the softmax).
    Refused("sdpa_probs_returned", probs_too, (*QKV, (2, 1, 1, 8)), "attention_sdpa", "matmul"),
    # Scaled after the mask: the mask would be scaled too, which sdpa does not do.
    Refused(
        "sdpa_scale_after_mask",
        lambda q, k, v, m: torch.softmax((q @ k.transpose(-2, -1) + m) * 0.25, -1) @ v,
        (*QKV, (2, 1, 1, 8)),
        "attention_sdpa",
        "matmul",
    ),
    # k is not transposed: q kᵀ is not what the product computes.
    Refused(
        "sdpa_no_transpose",
        lambda q, k, v: torch.softmax(q @ k * 0.25, -1) @ v,
        ((2, 8, 8), (2, 8, 8), (2, 8, 4)),
        "attention_sdpa",
        "matmul",
    ),
    # The scores are also returned, so they must be computed: nothing before the softmax may fold into it.
    Refused(
        "softmax_scores_returned",
        lambda x, m: scores_too(x * 0.3 + m),
        ((4, 33), (33,)),
        "scale_mask_softmax",
        "softmax",
    ),
    Refused("softmax_not_last_dim", lambda x: torch.softmax(x * 0.3, 0), ((4, 33),), "scale_mask_softmax", "softmax"),
    # Both operands broadcast into a bigger shape: neither is the scores the fused op would keep the shape of.
    Refused(
        "softmax_add_grows_both",
        lambda x, m: torch.softmax(x + m, -1),
        ((7, 1), (1, 33)),
        "scale_mask_softmax",
        "softmax",
    ),
    Refused(
        "softmax_tensor_scale",
        lambda x, s: torch.softmax(x * s, -1),
        ((4, 33), (4, 33)),
        "scale_mask_softmax",
        "softmax",
    ),
    # The first slice is also returned, so it must be computed.
    Refused("slice_inner_returned", slice_too, ((9, 33),), "slice_pair", "slice"),
    Refused("rms_norm_rsqrt_returned", lambda x: rsqrt_too(x, 1e-6), ((3, 64),), "rms_norm", "rsqrt"),
    Refused(
        "rms_norm_mean_over_rows",
        lambda x: x * torch.rsqrt(x.pow(2).mean(0, keepdim=True) + 1e-6),
        ((3, 64),),
        "rms_norm",
        "rsqrt",
    ),
]


@pytest.mark.parametrize("case", FUSED, ids=repr)
def test_fusion_fires(case, device):
    m = run(case, device)
    assert m["fusions"].get(case.fusion) == 1, m["fusions"]
    assert case.op in m["ttnn_ops"], m["ttnn_ops"]
    for op in case.gone:
        assert op not in m["ttnn_ops"], (op, m["ttnn_ops"])


@pytest.mark.parametrize("case", REFUSED, ids=repr)
def test_fusion_refuses_outside_its_guard(case, device):
    m = run(case, device)
    assert case.fusion not in m["fusions"], m["fusions"]
    assert case.op in m["ttnn_ops"], m["ttnn_ops"]


def test_rms_norm_in_bfloat16_keeps_the_casts_outside(device):
    """LlamaRMSNorm on a bf16 model: the fp32 casts around it are float copies and fuse with it."""
    torch.manual_seed(0)
    norm = RMSNorm(64).to(torch.bfloat16)
    x = torch.randn(2, 5, 64, dtype=torch.bfloat16)
    m = run(Fused("bf16", norm, (lambda: x,), "rms_norm", "rms_norm"), device)
    assert m["fusions"].get("rms_norm") == 1


def test_rms_norm_leaves_a_weight_per_element(device):
    """A weight per element, not per channel: rms_norm cannot hold it, so its mul stays after the norm."""
    fn = lambda x, w: w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6))  # noqa: E731
    m = run(Fused("full_weight", fn, ((3, 64), (3, 64)), "rms_norm", "rms_norm"), device)
    assert m["fusions"] == {"rms_norm": 1} and m["ttnn_ops"].get("mul") == 1, m["ttnn_ops"]


def conv_bn_model(affine: bool, conv_bias: bool) -> torch.nn.Module:
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1, bias=conv_bias),
        torch.nn.BatchNorm2d(8, affine=affine),
        torch.nn.ReLU(),
        torch.nn.Conv2d(8, 8, 3, groups=8),
        torch.nn.BatchNorm2d(8),
    )
    for bn in (model[1], model[4]):  # statistics and affine terms far from the identity
        bn.running_mean.uniform_(-1, 1)
        bn.running_var.uniform_(0.5, 2)
        if bn.affine:
            bn.weight.data.uniform_(0.5, 1.5)
            bn.bias.data.uniform_(-1, 1)
    return model.eval()


@pytest.mark.parametrize(("affine", "conv_bias"), [(True, True), (False, False)])
def test_conv_batch_norm_folds_into_the_conv(affine, conv_bias, device):
    model, x = conv_bn_model(affine, conv_bias), torch.randn(1, 3, 9, 10)
    compiled, option = compile_fn(model, device)
    try:
        with torch.no_grad():
            for _ in range(2):
                check(compiled(x), model(x))
        m = option.metrics()[-1]
        assert m["fusions"]["conv_batch_norm"] == 2, m["fusions"]
        assert "batch_norm" not in m["program_ops"], m["program_ops"]
        # The folded weights and biases depend on parameters alone: computed on the first call only.
        assert m["runtime"]["derived_hits"] > 0, m["runtime"]
        model[1].running_var.mul_(4.0)  # a new statistic: the fold is computed again
        with torch.no_grad():
            check(compiled(x), model(x))
    finally:
        option.release()


def test_conv_batch_norm_in_training_is_not_folded(device):
    model, x = conv_bn_model(True, True).train(), torch.randn(2, 3, 9, 10)
    compiled, option = compile_fn(model, device)
    try:
        out = compiled(x)
        assert all("conv_batch_norm" not in m["fusions"] for m in option.metrics())
        check(out.detach(), conv_bn_model(True, True).train()(x).detach())
    finally:
        option.release()
