"""Goldens of the conversion ops: values are unchanged (dtype rounding is applied by the test harness)."""

from ttnn.golden import golden


@golden("to_layout")
def to_layout(tensor, layout=None, dtype=None, memory_config=None):
    return tensor.clone()


@golden("typecast")
def typecast(input_tensor, dtype=None, memory_config=None):
    import torch

    import ttnn

    integer = {ttnn.int32: torch.int32, ttnn.uint32: torch.int64, ttnn.uint16: torch.int32, ttnn.uint8: torch.uint8}
    if dtype in integer:
        return input_tensor.to(integer[dtype])
    return input_tensor.clone()


@golden("reshape")
def reshape(input_tensor, shape):
    return input_tensor.reshape(list(shape))


@golden("clone")
def clone(input_tensor, memory_config=None, dtype=None):
    return input_tensor.clone()
