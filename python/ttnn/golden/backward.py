"""Goldens of the backward ops: the aten backward ops themselves, in fp32 on the stored inputs."""

import torch

from ttnn.golden import golden

aten = torch.ops.aten
_REDUCTION = {"none": 0, "mean": 1, "sum": 2}


@golden("threshold_bw")
def threshold_bw(grad_tensor, input_tensor, threshold, value=None, memory_config=None):
    return [aten.threshold_backward(grad_tensor, input_tensor, threshold)]


@golden("gelu_bw")
def gelu_bw(grad_tensor, input_tensor, approximate="none", memory_config=None):
    return [aten.gelu_backward(grad_tensor, input_tensor, approximate=approximate or "none")]


@golden("tanh_backward")
def tanh_backward(grad_output, output, memory_config=None):
    return aten.tanh_backward(grad_output, output)


@golden("sigmoid_backward")
def sigmoid_backward(grad_output, output, memory_config=None):
    return aten.sigmoid_backward(grad_output, output)


@golden("softmax_backward")
def softmax_backward(grad_output, output, dim, memory_config=None):
    return aten._softmax_backward_data(grad_output, output, dim, torch.float32)


@golden("log_softmax_backward")
def log_softmax_backward(grad_output, output, dim, memory_config=None):
    return aten._log_softmax_backward_data(grad_output, output, dim, torch.float32)


@golden("layer_norm_backward")
def layer_norm_backward(
    grad_output, input_tensor, normalized_shape, mean, rstd, weight=None, bias=None, memory_config=None
):
    # aten returns None for the gradient of an absent weight; the op always returns all three, and the weight
    # gradient does not depend on the weight, so the golden supplies ones and zeros.
    # The sums over rows cancel heavily; float64 gives the exact reference the kernel's fp64 sums approach.
    weight = torch.ones(normalized_shape) if weight is None else weight
    bias = torch.zeros(normalized_shape) if bias is None else bias
    args = [t.double() for t in (grad_output, input_tensor, mean, rstd, weight, bias)]
    grads = aten.native_layer_norm_backward(args[0], args[1], normalized_shape, *args[2:], [True, True, True])
    return [g.float() for g in grads]


@golden("batch_norm_backward")
def batch_norm_backward(grad_output, input_tensor, weight=None, eps=None, memory_config=None):
    # Batch statistics from the input, in float64 as the kernel's sums (the op does not read saved ones).
    eps = 1e-5 if eps is None else eps
    x, g = input_tensor.double(), grad_output.double()
    dims = [0, *range(2, x.dim())]
    mean = x.mean(dims)
    invstd = (x.var(dims, unbiased=False) + eps).rsqrt()
    w = torch.ones(x.shape[1], dtype=torch.float64) if weight is None else weight.double()
    if x.numel() == 0:  # aten's kernel divides by the zero count (a floating point exception)
        return [torch.zeros(x.shape), torch.zeros(x.shape[1]), torch.zeros(x.shape[1])]
    grads = aten.native_batch_norm_backward(g, x, w, None, None, mean, invstd, True, eps, [True, True, True])
    return [t.float() for t in grads]


@golden("embedding_backward")
def embedding_backward(
    grad_output, indices, num_weights, padding_idx=None, scale_grad_by_freq=None, memory_config=None
):
    padding_idx = -1 if padding_idx is None else padding_idx
    return aten.embedding_dense_backward(
        grad_output, indices.long(), num_weights, padding_idx, bool(scale_grad_by_freq)
    )


@golden("nll_loss")
def nll_loss(input_tensor, target, weight=None, reduction="mean", ignore_index=None, memory_config=None):
    ignore_index = -100 if ignore_index is None else ignore_index
    return list(
        aten.nll_loss_forward(input_tensor, target.long(), weight, _REDUCTION[reduction or "mean"], ignore_index)
    )


@golden("nll_loss_backward")
def nll_loss_backward(
    grad_output,
    input_tensor,
    target,
    total_weight,
    weight=None,
    reduction="mean",
    ignore_index=None,
    memory_config=None,
):
    ignore_index = -100 if ignore_index is None else ignore_index
    reduction = _REDUCTION[reduction or "mean"]
    return aten.nll_loss_backward(
        grad_output, input_tensor, target.long(), weight, reduction, ignore_index, total_weight
    )
