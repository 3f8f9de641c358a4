"""as_strided lowers when its input is dense (lowering/strided.cpp): contiguous strides as a reshape (with a
storage offset, a slice first), any other strides (overlapping windows, repeats, transposed strides) as a
gather of the flattened input. A permuted view of a dense tensor is permuted back into storage order first;
a strided view of a slice reads storage the IR does not hold, so it stays on the host."""

import pytest
import torch

from tests.compiler.conftest import Case, randn, run_case

CASES = [
    Case("reshape_like", lambda x: torch.as_strided(x, (6, 4), (4, 1)), randn(3, 8), ["reshape"]),
    Case("offset_slice", lambda x: torch.as_strided(x, (2, 5), (5, 1), 7), randn(4, 5), ["slice"]),
    Case("sliding_windows", lambda x: torch.as_strided(x, (7, 3), (1, 1)) * 2, randn(9), ["index"]),
    Case("frames_hop", lambda x: torch.as_strided(x, (2, 4, 5), (33, 7, 1), 1), randn(2, 33), ["index"]),
    Case("transposed_strides", lambda x: torch.as_strided(x, (5, 3), (1, 5)), randn(3, 5), ["index"]),
    Case("repeat_stride0", lambda x: torch.as_strided(x, (4, 3, 1), (0, 1, 9)), randn(3, 3), ["index"]),
    Case("of_permuted", lambda x: torch.as_strided(x.t(), (2, 2), (1, 2)), randn(3, 4), ["permute", "index"]),
    # Longformer's chunks: overlapping windows of a transposed [batch, heads, seq, dim] tensor.
    Case("of_permuted_windows", lambda x: torch.as_strided(x.transpose(1, 2), (2, 3, 2, 8, 5), (100, 5, 20, 5, 1)),
         lambda: (torch.randn(2, 10, 2, 5),), ["permute", "index"]),
    Case("of_slice_host", lambda x: torch.as_strided(x[1:], (2, 2), (1, 2)), randn(3, 4), [],
         host=["aten.as_strided.default"]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_as_strided_lowering(case, device):
    run_case(case, device)
