"""PyTorch's OpInfo samples for every lowered aten overload, compiled with torch_ttnn.backend
(fullgraph=True, dynamic=False) and compared with eager. A sample may run partly on the host (a node no
rule accepts falls back to PyTorch); what must hold is the value. Expected failures are in
tests/compiler/opinfo_xfail.py (strict: an unexpected pass fails). Needs the `expecttest` package, which
PyTorch's common_methods_invocations imports."""

import functools
import gc
import itertools

import pytest
import torch
from torch.testing._internal.common_methods_invocations import op_db
from torch.utils._pytree import tree_flatten, tree_unflatten
from ttnn import _ttnn

from tests.compiler.conftest import BF16_TOL, compile_fn, pcc
from tests.compiler.opinfo_xfail import ALIASES, CALLABLES, DTYPES, NO_OPINFO, OPTIONS, PICKED, TOLERANCES, XFAIL

SAMPLES_PER_OP = 2  # per OpInfo unless PICKED names the samples
SAMPLES_SCANNED = 400  # the samples chosen from: the generators list their plainest cases first
DTYPE = torch.float32  # unless DTYPES says otherwise


def opinfo_id(op) -> str:
    return f"{op.name}.{op.variant_test_name}" if op.variant_test_name else op.name


OPINFOS = {opinfo_id(op): op for op in op_db if DTYPES.get(opinfo_id(op), DTYPE) in op.supported_dtypes("cpu")}


def lowered_overloads() -> list[str]:
    return sorted({rule["aten"] for rule in _ttnn.compiler.lowering_rules()})


def opinfos_for(overload: str) -> list[str]:
    """OpInfo ids that exercise an overload: those named after its packet, plus ALIASES."""
    packet = overload.split(".")[1]
    names = {packet, packet.lstrip("_"), f"nn.functional.{packet}", f"nn.functional.{packet.lstrip('_')}"}
    found = [key for key, op in OPINFOS.items() if op.name in names]
    return sorted(set(found) | set(ALIASES.get(packet, ())))


def covered_opinfos() -> list[str]:
    return sorted({key for overload in lowered_overloads() for key in opinfos_for(overload)})


@functools.cache
def samples_of(key: str) -> dict:
    """Sample index -> sample: a few of distinct argument kinds, chosen the same way every run (a Python
    number where a tensor was reaches another overload: x == 2 is aten.eq.Scalar, x == y aten.eq.Tensor),
    or the indices PICKED names. They come from the reference inputs where an OpInfo has them (its samples,
    then extremal values and Python-number operands). The generator is called directly: OpInfo's wrapper
    inspects the call stack per sample, seconds over the whole file."""
    torch.manual_seed(0)  # make_tensor draws from the global generator
    op = OPINFOS[key]
    generate = op.reference_inputs_func or op.sample_inputs_func
    pool = list(itertools.islice(generate(op, "cpu", DTYPES.get(key, DTYPE), False), SAMPLES_SCANNED))
    if key in PICKED:
        return {i: pool[i] for i in PICKED[key]}
    chosen, kinds = {}, set()
    for i, sample in enumerate(pool):
        if len(chosen) < SAMPLES_PER_OP and signature(sample) not in kinds:
            chosen[i] = sample
            kinds.add(signature(sample))
    for i, sample in enumerate(pool):
        if len(chosen) < SAMPLES_PER_OP:
            chosen.setdefault(i, sample)
    return dict(sorted(chosen.items()))


def signature(sample) -> tuple:
    def kind(x):
        return "tensor" if isinstance(x, torch.Tensor) else type(x).__name__

    return tuple(map(kind, sample.args)), tuple(sorted((k, kind(v)) for k, v in sample.kwargs.items()))


def cases():
    for key in covered_opinfos():
        for index in samples_of(key) if key in OPINFOS else ():
            reason = XFAIL.get((key, index), XFAIL.get((key, "all")))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(key, index, id=f"{key}-{index}", marks=marks)


def bf16_exact(tensor):
    """Float inputs rounded to values bf16 holds: the device stores bf16, and eager must see the same inputs
    for a floor or a K=10 dot product to be comparable (the ttnn goldens do the same)."""
    return tensor.bfloat16().to(tensor.dtype) if tensor.is_floating_point() else tensor


def as_function(op, sample):
    """The op over the sample's tensors as graph inputs; every other argument is a constant of the graph."""
    leaves, spec = tree_flatten((sample.input, sample.args, sample.kwargs))
    slots = [i for i, leaf in enumerate(leaves) if isinstance(leaf, torch.Tensor)]
    tensors = [bf16_exact(leaves[i]) for i in slots]
    call = CALLABLES.get(opinfo_id(op), op.op)
    constants = [None if isinstance(leaf, torch.Tensor) else leaf for leaf in leaves]

    def fn(*inputs):
        filled = list(constants)
        for i, tensor in zip(slots, inputs, strict=True):
            filled[i] = tensor
        first, args, kwargs = tree_unflatten(filled, spec)
        return call(first, *args, **kwargs)

    return fn, tensors


def compare(actual, expected, tol):
    actual_leaves, _ = tree_flatten(actual)
    expected_leaves, _ = tree_flatten(expected)
    assert len(actual_leaves) == len(expected_leaves)
    for a, e in zip(actual_leaves, expected_leaves, strict=True):
        if isinstance(e, torch.Tensor):
            compare_tensor(a, e, tol)
        else:
            assert a == e, (a, e)


def compare_tensor(actual, expected, tol):
    """allclose with bf16 tolerances plus PCC over the finite values (PCC alone misses scale errors, allclose
    alone misses a permutation of small values); integer and bool outputs must be equal."""
    assert actual.shape == expected.shape and actual.dtype == expected.dtype, (actual, expected)
    if not (expected.is_floating_point() or expected.is_complex()):
        assert torch.equal(actual, expected), (actual, expected)
        return
    allclose, min_pcc = tol
    torch.testing.assert_close(actual, expected, equal_nan=True, **(allclose or BF16_TOL))
    if expected.is_complex():
        return  # only a graph run whole in eager (ttnn holds no complex values) returns one
    finite = expected.isfinite() & actual.isfinite()
    a, e = actual[finite], expected[finite]
    if e.numel() > 1 and e.double().std() > 0:  # a constant has no correlation; allclose has judged it
        assert pcc(a, e) >= min_pcc


# op_db is some 10^5 objects that live until exit; freezing them keeps the device fixture's gc.collect()
# from walking them once per test (a third of a second each).
gc.freeze()

SEEN = {}  # OpInfo id -> aten overloads its compiled graphs held (for the coverage check at the end)


@pytest.mark.parametrize(("key", "index"), list(cases()))
def test_opinfo_sample(device, key, index):
    op = OPINFOS[key]
    seen = SEEN.setdefault(key, set())
    fn, tensors = as_function(op, samples_of(key)[index])
    compiled, option = compile_fn(fn, device, **OPTIONS.get(key, {}))
    try:
        with torch.no_grad():
            torch.manual_seed(0)  # a random op on the host (dropout) then draws what eager draws
            expected = fn(*[t.clone() for t in tensors])
            torch.manual_seed(0)
            actual = compiled(*tensors)
        seen.update(o for m in option.metrics() for o in m["ops_before"])
        compare(actual, expected, TOLERANCES.get(key, (None, 0.99)))
    finally:
        option.release()


def test_every_lowered_overload_is_covered_or_exempt():
    missing = [o for o in lowered_overloads() if o not in NO_OPINFO and not opinfos_for(o)]
    assert not missing, f"lowered overloads with no OpInfo: add an ALIASES or NO_OPINFO entry for {missing}"
    stale = [o for o in NO_OPINFO if o not in lowered_overloads()]
    assert not stale, f"NO_OPINFO names overloads no rule lowers: {stale}"
    unknown = [k for k in covered_opinfos() if k not in OPINFOS]
    assert not unknown, f"ALIASES names OpInfos op_db lacks (or without float32): {unknown}"
    stale_xfail = [k for k in XFAIL if k[0] not in OPINFOS or k[0] not in covered_opinfos()]
    assert not stale_xfail, f"XFAIL entries for OpInfos this test does not run: {stale_xfail}"


def test_covered_overloads_appear_in_their_graphs():
    """Run after the samples: each covered overload must appear in a graph one of its OpInfos compiled, so a
    name match that does not actually reach the overload is caught."""
    if set(SEEN) != {k for k in covered_opinfos() if samples_of(k)}:
        pytest.skip("needs every OpInfo sample of this file to have run in this session")
    unreached = [
        o for o in lowered_overloads() if o not in NO_OPINFO and not any(o in SEEN.get(k, ()) for k in opinfos_for(o))
    ]
    assert not unreached, f"no OpInfo sample traced to: {unreached}; fix ALIASES or add NO_OPINFO reasons"
