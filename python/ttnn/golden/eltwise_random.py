"""Golden of experimental.dropout (cpp/ttnn/src/ops/eltwise_random.cpp): the same draw per element, a hash of the
seed and the element's row-major index, so the golden gives the mask itself and not only its statistics.

The device adds its id to the seed when use_per_device_seed is set; the tests run on device 0.
"""

import torch

from ttnn.golden import golden

_WORD = 0xFFFFFFFF


def _mix32(h):
    """murmur3's 32-bit finaliser on int64 tensors: products wrap, and the mask keeps their low 32 bits."""
    h = h ^ (h >> 16)
    h = (h * 0x85EBCA6B) & _WORD
    h = h ^ (h >> 13)
    h = (h * 0xC2B2AE35) & _WORD
    return h ^ (h >> 16)


def dropout_mask(shape, seed, probability):
    """True where experimental.dropout keeps an element (device 0)."""
    key = _mix32(torch.tensor(seed & _WORD, dtype=torch.int64))
    index = torch.arange(torch.Size(shape).numel(), dtype=torch.int64)
    draws = _mix32((index + key) & _WORD)
    return (draws.double() >= probability * 2.0**32).reshape(shape)


@golden("experimental.dropout")
def dropout(input_tensor, seed, probability, scale, use_per_device_seed=True, memory_config=None, output_tensor=None):
    keep = dropout_mask(input_tensor.shape, seed, probability)
    return torch.where(keep, input_tensor.double() * scale, 0.0).float()
