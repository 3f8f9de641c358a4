"""Matmul, normalisation, embedding, convolution and pooling rules, and their fusions: each lowers with no
host op and matches eager. Add a case by appending to CASES."""

import pytest
import torch
import torch.nn.functional as F

from tests.compiler.conftest import Case, check, compile_fn, pcc, randn, run_case


def tensors(*shapes):
    return lambda: tuple(torch.randn(*s) for s in shapes)


def module(m):
    torch.manual_seed(0)
    return m.eval()


LINEAR = module(torch.nn.Linear(33, 17))
# Wide enough that the bias stays fused (a smaller weight's bias is added apart: passes/vector_apart.cpp).
LINEAR_RELU = module(torch.nn.Sequential(torch.nn.Linear(160, 160), torch.nn.ReLU()))
LINEAR_GELU = module(torch.nn.Sequential(torch.nn.Linear(160, 200), torch.nn.GELU()))
LINEAR_GELU_TANH = module(torch.nn.Sequential(torch.nn.Linear(160, 200), torch.nn.GELU(approximate="tanh")))
LAYER_NORM = module(torch.nn.LayerNorm(33))
BATCH_NORM = module(torch.nn.BatchNorm2d(3))
EMBEDDING = module(torch.nn.Embedding(10, 16))
CONV = module(torch.nn.Conv2d(3, 4, 3, padding=1))
# wav2vec2's first feature-extractor layer (kernel 10, stride 5), and a grouped, dilated, padded conv1d.
CONV1D_SPEECH = module(torch.nn.Conv1d(1, 16, 10, stride=5, bias=False))
CONV1D_GROUPED = module(torch.nn.Conv1d(6, 9, 3, stride=2, padding=2, dilation=2, groups=3))
# Transposed: output_padding, dilation and groups; a 1-D one with no bias; output_padding past the padding.
CONV_T_GROUPED = module(torch.nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, dilation=2, groups=2))
CONV_T_1D = module(torch.nn.ConvTranspose1d(6, 3, 5, stride=3, padding=2, groups=3, bias=False))
CONV_T_PAD = module(torch.nn.ConvTranspose2d(2, 3, (2, 3), stride=(3, 2), padding=(0, 1), output_padding=(2, 0)))
BATCH_NORM.running_mean.uniform_(-1, 1)
BATCH_NORM.running_var.uniform_(0.5, 2)

CASES = [
    Case("mm", torch.mm, tensors((3, 33), (33, 7)), ["matmul"]),
    Case("bmm", torch.bmm, tensors((2, 3, 33), (2, 33, 7)), ["matmul"]),
    Case("linear", LINEAR, randn(5, 33), ["linear"]),
    Case("linear_relu", LINEAR_RELU, randn(4, 160), ["linear"]),
    # Exact (erf) gelu runs in linear's epilogue; the tanh form keeps its own op.
    Case("linear_gelu", LINEAR_GELU, randn(4, 160), ["linear"]),
    Case("linear_gelu_3d", LINEAR_GELU, randn(2, 5, 160), ["linear"]),  # gelu after the product's reshape
    Case("linear_gelu_tanh", LINEAR_GELU_TANH, randn(4, 160), ["linear", "gelu"]),
    Case(
        "baddbmm", lambda b, x, y: torch.baddbmm(b, x, y), tensors((2, 3, 7), (2, 3, 5), (2, 5, 7)), ["matmul", "add"]
    ),
    Case(
        "sdpa",
        F.scaled_dot_product_attention,
        tensors((1, 2, 8, 16), (1, 2, 8, 16), (1, 2, 8, 16)),
        ["transformer.scaled_dot_product_attention"],
    ),
    Case("layer_norm", LAYER_NORM, randn(3, 33), ["layer_norm"]),
    Case("batch_norm", BATCH_NORM, randn(2, 3, 5, 5), [("batch_norm", "rsqrt")]),
    Case("embedding", EMBEDDING, lambda: (torch.randint(0, 10, (2, 5)),), ["embedding"]),
    Case("index_rows", lambda w, i: w[i], lambda: (torch.randn(10, 8), torch.randint(0, 10, (4,))), ["index"]),
    Case(
        "index_rows_negative",
        lambda w, i: w[i - 10],
        lambda: (torch.randn(10, 8), torch.randint(0, 10, (4,))),
        ["index"],
    ),
    Case("conv2d", CONV, randn(2, 3, 8, 8), ["conv2d"]),
    Case("conv_relu_pool", lambda x: F.max_pool2d(torch.relu(CONV(x)), 2), randn(1, 3, 8, 8), ["conv2d", "max_pool2d"]),
    Case("global_avg_pool", lambda x: F.adaptive_avg_pool2d(x, 1), randn(2, 3, 5, 5), ["mean"]),
    Case("conv1d_speech", CONV1D_SPEECH, randn(2, 1, 403), ["conv2d"]),
    Case("conv1d_grouped", CONV1D_GROUPED, randn(1, 6, 33), ["conv2d"]),
    Case(
        "conv_transpose", module(torch.nn.ConvTranspose2d(3, 2, 3, stride=2)), randn(1, 3, 5, 5), ["conv_transpose2d"]
    ),
    Case("conv_transpose_op_groups", CONV_T_GROUPED, randn(2, 4, 5, 6), ["conv_transpose2d"]),
    Case("conv_transpose1d", CONV_T_1D, randn(1, 6, 17), ["conv_transpose2d"]),
    Case("conv_transpose_pad", CONV_T_PAD, randn(1, 2, 3, 4), ["conv_transpose2d"]),
    Case("adaptive_avg_pool", lambda x: F.adaptive_avg_pool2d(x, (3, 2)), randn(2, 3, 7, 5), ["adaptive_avg_pool2d"]),
    Case("adaptive_max_pool", lambda x: F.adaptive_max_pool2d(x, (2, 3)), randn(1, 4, 6, 9), ["max_pool2d"]),
    # Deformable attention's sampling (RT-DETR): 300 queries x 4 points into each feature level, and nearest.
    # The points are ones bf16 holds: a bf16 grid moves a point by up to 1/256 of the image.
    Case(
        "grid_sample",
        lambda x, g: F.grid_sample(x, g, align_corners=False),
        lambda: (torch.randn(4, 16, 14, 14), (torch.rand(4, 300, 4, 2) * 2.2 - 1.1).bfloat16().float()),
        ["grid_sample"],
    ),
    Case(
        "grid_sample_nearest_corners",
        lambda x, g: F.grid_sample(x, g, mode="nearest", align_corners=True),
        lambda: (torch.randn(1, 3, 7, 9), (torch.rand(1, 5, 6, 2) * 2 - 1).bfloat16().float()),
        ["grid_sample"],
    ),
    Case(
        "adaptive_max_pool_uneven",
        lambda x: F.adaptive_max_pool2d(x, (4, 3)),
        randn(1, 2, 7, 5),
        ["adaptive_max_pool2d"],
    ),
    Case("avg_pool", lambda x: F.avg_pool2d(x, 3, 2, 1), randn(2, 3, 9, 8), ["avg_pool2d"]),
    Case(
        "avg_pool_ceil_exclude_pad",
        lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
        randn(1, 5, 10, 7),
        ["avg_pool2d"],
    ),
    Case("avg_pool_divisor", lambda x: F.avg_pool2d(x, 2, divisor_override=3), randn(1, 2, 6, 6), ["avg_pool2d"]),
    # EfficientNet's head: with ceil_mode a kernel larger than the map is one window over all of it.
    Case(
        "avg_pool_ceil_kernel_over_input",
        lambda x: F.avg_pool2d(x, 20, ceil_mode=True),
        randn(1, 6, 7, 5),
        ["avg_pool2d"],
    ),
    # BiT's weight standardization: batch statistics with no running ones.
    Case(
        "batch_norm_no_stats",
        lambda w: F.batch_norm(w.reshape(1, 4, -1), None, None, training=True, momentum=0.0, eps=1e-8),
        randn(4, 3, 3, 3),
        ["batch_norm_with_stats"],
    ),
    # F.normalize (Swin v2's cosine attention) and ConvNeXt v2's global response norm.
    Case("normalize", lambda x: F.normalize(x, dim=-1), randn(2, 3, 17), ["sqrt", "clamp"]),
    Case(
        "vector_norm_l1_dims",
        lambda x: torch.linalg.vector_norm(x, 1, dim=(1, 2), keepdim=True),
        randn(2, 5, 7, 3),
        ["abs", "sum"],
    ),
    Case("vector_norm_all", torch.linalg.vector_norm, randn(3, 9), ["sqrt"]),
    Case("clamp_max", lambda x: torch.clamp_max(x, 0.25), randn(3, 9), ["clamp"]),
    # nn.Unfold: ConvBERT's keys ([N, C, L, 1], kernel 9x1), and a strided, dilated, padded 2-D window.
    Case("unfold_convbert", lambda x: F.unfold(x, (9, 1), padding=(4, 0)), randn(1, 6, 16, 1), ["concat"]),
    Case(
        "unfold_2d",
        lambda x: F.unfold(x, (2, 3), dilation=(2, 1), padding=(1, 0), stride=(2, 2)),
        randn(2, 3, 9, 8),
        ["concat"],
    ),
    Case("unfold_one_tap", lambda x: F.unfold(x, 1), randn(1, 3, 4, 5), []),
    # Outside the guards: layer norm over two dims stays on the host.
    Case(
        "layer_norm_2d_host",
        lambda x: F.layer_norm(x, (4, 5)),
        randn(3, 4, 5),
        [],
        host=["aten.native_layer_norm.default"],
    ),
    Case(
        "vector_norm_inf_host",
        lambda x: torch.linalg.vector_norm(x, float("inf"), dim=-1),
        randn(3, 9),
        [],
        host=["aten.linalg_vector_norm.default"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_dense_lowering(case, device):
    m = run_case(case, device)
    if case.name in ("linear_relu", "linear_gelu", "linear_gelu_3d"):
        assert m["fusions"].get("linear_activation") == 1
        assert not {"relu", "gelu"} & set(m["ttnn_ops"])
    if case.name == "linear_gelu_tanh":
        assert "linear_activation" not in m["fusions"]
    if case.name == "conv_relu_pool":
        assert m["fusions"].get("permute_pair", 0) >= 1


class BoxHead(torch.nn.Module):
    """YOLOS's box head in small: boxes near 0.5 from a sigmoid, closer together than a bfloat16 step."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.proj = torch.nn.Linear(64, 4)
        with torch.no_grad():
            self.proj.weight.mul_(0.02)
            self.proj.bias.mul_(0.01)

    def forward(self, x):
        return self.proj(x).sigmoid().reshape(1, -1, 4)


@pytest.mark.parametrize("rows", [10, 300])  # the bias apart (passes/vector_apart.cpp) and fused
def test_float32_output_is_computed_in_float32(rows, device):
    model, x = BoxHead().eval(), torch.randn(rows, 64)
    compiled, option = compile_fn(model, device)
    try:
        with torch.no_grad():
            expected, actual = model(x), compiled(x)
        # Rounded to bfloat16, the boxes keep little of their spread: the op that makes them writes float32.
        assert pcc(expected.bfloat16(), expected) < 0.99
        check(actual, expected, {"atol": 1e-3, "rtol": 1e-3}, min_pcc=0.999)
    finally:
        option.release()
