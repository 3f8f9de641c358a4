"""Goldens of the conversion ops: values are unchanged (dtype rounding is applied by the test harness)."""

from ttnn.golden import golden


@golden("to_layout")
def to_layout(tensor, layout=None, dtype=None, memory_config=None):
    return tensor.clone()


@golden("typecast")
def typecast(input_tensor, dtype=None, memory_config=None):
    """torch's cast from the stored values (float32 or int64); integers come back as int64 holding the
    unsigned value for uint16/uint32, floats as float32 (the harness rounds them to ``dtype``)."""
    import torch

    import ttnn

    integer = {ttnn.int32: torch.int32, ttnn.uint32: torch.uint32, ttnn.uint16: torch.uint16, ttnn.uint8: torch.uint8}
    if dtype in integer:
        return input_tensor.to(integer[dtype]).long()
    return input_tensor.float()


@golden("reshape")
def reshape(input_tensor, shape):
    return input_tensor.reshape(list(shape))


@golden("clone")
def clone(input_tensor, memory_config=None, dtype=None):
    return input_tensor.clone()
