"""What constant folding leaves the program to hold (passes/constant_fold.cpp): equal folded constants are held
once, and a constant that holds one value throughout becomes a number where the op takes one. Longformer's
layers each build the same window masks and an expanded -inf fill from aranges; before, the program held a
TILE copy of each per layer."""

import torch

from tests.compiler.conftest import check, compile_fn


def window_masks(x):
    """Two layers' worth of the same masked_fill with a mask built from aranges (as Longformer's
    _mask_invalid_locations does), each against a different input."""
    rows, cols = x.shape[-2], x.shape[-1]
    mask = torch.arange(cols)[None, :] > torch.arange(rows)[:, None]
    fill = torch.full((rows, cols), -float("inf"))
    first = torch.where(mask, fill, x)
    second = torch.where(torch.arange(cols)[None, :] > torch.arange(rows)[:, None], fill, x * 2)
    return first.softmax(-1) + second.softmax(-1)


def _constants(option) -> list[str]:
    program = option._records[-1].compiled.program()
    return [line for line in program.splitlines() if line.strip().startswith("const %")]


def test_equal_masks_are_held_once_and_a_uniform_fill_is_a_number(device):
    x = torch.randn(3, 40, 70)
    compiled, option = compile_fn(window_masks, device)
    try:
        with torch.no_grad():
            check(compiled(x), window_masks(x))
        constants = _constants(option)
        # one [40, 70] mask; the -inf fill is where's true_value as a number
        assert len(constants) == 1 and "[40, 70]" in constants[0], constants
        assert "true_value=-inf" in option._records[-1].compiled.program()
    finally:
        option.release()


def test_a_fill_that_decides_the_output_shape_stays_a_tensor(device):
    # where(mask [1, 5], fill [4, 5], x [5]): the fill's rows make the output [4, 5], so it cannot be a number.
    def f(x):
        mask = torch.arange(5)[None, :] > 2
        return torch.where(mask, torch.full((4, 5), 3.0), x)

    x = torch.randn(5)
    compiled, option = compile_fn(f, device)
    try:
        with torch.no_grad():
            check(compiled(x), f(x))
    finally:
        option.release()
