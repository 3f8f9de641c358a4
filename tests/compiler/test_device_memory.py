"""Device memory of compiled CNNs: no parameter, and no value folded from parameters, lives in a layout that
pads it several-fold. A 1x1 conv weight [256, 96, 1, 1] in TILE would hold 1024 times its values; the
compiler uploads it in conv's prepared form [O, I/groups*kh*kw], folds BatchNorm into it in that form, and
keeps only the folded weight (not the uploaded one and not the fold's intermediate steps)."""

import torch
from torch import nn

from tests.compiler.conftest import check, compile_fn


def pointwise_cnn():
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(3, 96, 3, padding=1, bias=False),
        nn.BatchNorm2d(96),
        nn.ReLU(),
        nn.Conv2d(96, 96, 3, padding=1, groups=96, bias=False),  # depthwise: OIHW [96, 1, 3, 3]
        nn.BatchNorm2d(96),
        nn.Conv2d(96, 256, 1),
        nn.BatchNorm2d(256),
        nn.ReLU(),
    ).eval()
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
    return model


def parameter_bytes_bf16(model):
    return 2 * sum(t.numel() for t in (*model.parameters(), *model.buffers()) if t.is_floating_point())


def test_cnn_parameters_stay_near_their_size_on_device(device):
    model, x = pointwise_cnn(), torch.randn(1, 3, 16, 16)
    compiled, option = compile_fn(model, device)
    start = device.memory_stats()["DRAM"]["in_use"]
    device.reset_peak_memory()
    try:
        with torch.no_grad():
            check(compiled(x), model(x))
            check(compiled(x), model(x))
        (m,) = option.metrics()
        assert m["fusions"].get("conv_batch_norm") == 3, m["fusions"]
        assert m["runtime"]["derived_hits"] > 0, m["runtime"]
        stats = device.memory_stats()["DRAM"]
        params = parameter_bytes_bf16(model)
        activation = 2 * 256 * 16 * 16
        # Kept between calls: the folded weights and biases (a bank-aligned page each row), not the uploads.
        assert stats["in_use"] - start <= 2 * params, (stats, params)
        # In TILE the 1x1 weight alone would take 256 * 96 * 32 * 32 * 2 bytes = 48 MiB.
        assert stats["peak"] - start <= 2 * (params + 4 * activation), (stats, params)
    finally:
        option.release()
    assert device.memory_stats()["DRAM"]["in_use"] == start


def test_conv_weight_is_uploaded_in_its_prepared_form(device):
    torch.manual_seed(0)
    model = nn.Conv2d(8, 40, 1).eval()
    compiled, option = compile_fn(model, device)
    try:
        x = torch.randn(2, 8, 5, 7)
        with torch.no_grad():
            check(compiled(x), model(x))
            check(compiled(x), model(x))
        (m,) = option.metrics()
        # The reshape to [40, 8] runs on the host as part of the upload: no device reshape per call.
        assert "reshape" not in m["program_ops"], m["program_ops"]
        assert m["runtime"]["param_uploads"] == 2 and m["runtime"]["param_hits"] == 2, m["runtime"]
    finally:
        option.release()


class StdConv(nn.Conv2d):
    """BiT's weight-standardized conv: the weight is standardized as [1, O, I*kh*kw] and reshaped back to OIHW."""

    def forward(self, x):
        flat = self.weight.reshape(1, self.out_channels, -1)
        w = nn.functional.batch_norm(flat, None, None, training=True, momentum=0.0, eps=1e-6).reshape_as(self.weight)
        return nn.functional.conv2d(x, w, self.bias)


def test_values_derived_from_parameters_take_no_bloating_layout(device):
    torch.manual_seed(0)
    model, x = StdConv(96, 256, 1).eval(), torch.randn(1, 96, 8, 8)
    compiled, option = compile_fn(model, device)
    start = device.memory_stats()["DRAM"]["in_use"]
    device.reset_peak_memory()
    try:
        with torch.no_grad():
            check(compiled(x), model(x), {"atol": 0.25, "rtol": 0.05}, min_pcc=0.999)
        (m,) = option.metrics()
        assert m["ops_remaining"] == {}, m["ops_remaining"]
        # The standardized weight [256, 96, 1, 1] in TILE would take 256 * 96 * 32 * 32 * 2 bytes = 48 MiB.
        params, activations = parameter_bytes_bf16(model), m["activation_peak_bytes"]
        assert 0 < activations < m["peak_device_bytes"] <= 4 * (params + activations), m
        assert device.memory_stats()["DRAM"]["peak"] - start <= 2 * (params + activations), (params, activations)
    finally:
        option.release()


def test_folded_chain_keeps_only_its_result(device):
    # arange -> reshape -> mul -> add -> transpose folds at compile time; only the last step is read per call.
    compiled, option = compile_fn(lambda x: x + (torch.arange(4096.0).reshape(64, 64) * 2 + 1).t(), device)
    try:
        x = torch.randn(64, 64)
        check(compiled(x), x + (torch.arange(4096.0).reshape(64, 64) * 2 + 1).t(), {"atol": 64.0, "rtol": 1e-2})
        (record,) = option._records
        assert record.compiled.program().splitlines()[0].endswith(", 1 constants) {"), record.compiled.program()
    finally:
        option.release()


def block(width):
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(width, width), nn.LayerNorm(width), nn.Linear(width, width), nn.GELU()).eval()


def test_small_model_adds_its_vectors_apart_within_the_memory_target(device):
    # In TILE each [64] bias or norm vector would take a [32, 64] slab, a 2 KiB page in each of 12 DRAM banks:
    # as much as a [64, 64] weight. Apart, an add or mul reads it in ROW_MAJOR (one 128-byte page per bank).
    model, x = block(64), torch.randn(1, 8, 64)
    compiled, option = compile_fn(model, device)
    start = device.memory_stats()["DRAM"]["in_use"]
    device.reset_peak_memory()
    try:
        with torch.no_grad():
            check(compiled(x), model(x), {"atol": 0.05, "rtol": 0.05})
            check(compiled(x), model(x), {"atol": 0.05, "rtol": 0.05})
        (m,) = option.metrics()
        ops = m["program_ops"]
        # Two biases and the norm's bias added, its weight multiplied; the fused GELU follows its bias.
        assert ops.get("add") == 3 and ops.get("mul") == 1 and ops.get("gelu") == 1, ops
        stats, tile_weight = device.memory_stats()["DRAM"], 12 * 2048
        assert stats["in_use"] - start < 2 * tile_weight + tile_weight // 2, stats
        params, activations = parameter_bytes_bf16(model), m["activation_peak_bytes"]
        assert stats["peak"] - start <= 2 * (params + activations), (stats, params, activations)
    finally:
        option.release()


def test_large_model_keeps_its_vectors_fused(device):
    # A [512] bias beside a [512, 512] weight, or a norm weight beside 128 tokens, is a few percent of them.
    model, x = block(512), torch.randn(1, 128, 512)
    compiled, option = compile_fn(model, device)
    try:
        with torch.no_grad():
            check(compiled(x), model(x), {"atol": 0.1, "rtol": 0.05})
        (m,) = option.metrics()
        assert "add" not in m["program_ops"] and "mul" not in m["program_ops"], m["program_ops"]
    finally:
        option.release()
