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


@golden("tilize")
def tilize(input_tensor, memory_config=None, dtype=None, use_multicore=None):
    return input_tensor.clone()


@golden("untilize")
def untilize(input_tensor, memory_config=None, use_multicore=None, use_pack_untilize=None):
    return input_tensor.clone()


@golden("tilize_with_val_padding")
def tilize_with_val_padding(
    input_tensor, output_tensor_shape, pad_value, memory_config=None, dtype=None, use_multicore=None
):
    """The logical values: the input, grown to output_tensor_shape with pad_value unless that shape is only the
    input's tile padding (then the logical shape stays the input's and pad_value sits in the tile padding)."""
    import torch

    shape = list(input_tensor.shape)
    tiled = shape[:-2] + [-(-n // 32) * 32 for n in shape[-2:]]
    if len(shape) >= 2 and list(output_tensor_shape) == tiled:
        return input_tensor.clone()
    padding = [p for dim in reversed(range(len(shape))) for p in (0, output_tensor_shape[dim] - shape[dim])]
    return torch.nn.functional.pad(input_tensor, padding, value=pad_value)


@golden("tilize_with_zero_padding")
def tilize_with_zero_padding(input_tensor, memory_config=None, dtype=None, use_multicore=None):
    return input_tensor.clone()


@golden("untilize_with_unpadding")
def untilize_with_unpadding(
    input_tensor, output_tensor_end, memory_config=None, use_multicore=None, use_pack_untilize=None
):
    return input_tensor[tuple(slice(0, end + 1) for end in output_tensor_end)].clone()


@golden("fill_implicit_tile_padding")
def fill_implicit_tile_padding(input_tensor, fill_value, memory_config=None):
    return input_tensor.clone()


@golden("to_memory_config")
def to_memory_config(input_tensor, memory_config=None, dtype=None):
    return input_tensor.clone()


@golden("interleaved_to_sharded")
def interleaved_to_sharded(input_tensor, sharded_memory_config=None, output_dtype=None):
    return input_tensor.clone()


@golden("sharded_to_interleaved")
def sharded_to_interleaved(input_tensor, memory_config=None, output_dtype=None):
    return input_tensor.clone()
