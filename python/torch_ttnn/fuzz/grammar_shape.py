"""Grammar rules that move data or change shapes: views, permutes, slices, concats, splits, indexing,
matmuls, convolutions and pools. Each returns (expression, exact) or None (see grammar.py)."""

from __future__ import annotations

from torch_ttnn.fuzz.grammar import _slice


def _any(g):
    return g.operand(("float", "int", "bool"))


def permute(g):
    x = _any(g)
    if x is None or x.tensor.dim() < 2:
        return None
    n = x.tensor.dim()
    order = list(range(n))
    for i in range(n - 1, 0, -1):  # a Fisher-Yates shuffle from the draws
        j = g.d.int(0, i)
        order[i], order[j] = order[j], order[i]
    choice = g.d.int(0, 2)
    if choice == 1:
        return f"{x.name}.transpose({order[0]}, {order[1]})", x.exact
    if choice == 2 and n == 2:
        return f"{x.name}.t()", x.exact
    return f"{x.name}.permute({tuple(order)})", x.exact


def reshape(g):
    x = _any(g)
    if x is None:
        return None
    shape = list(x.tensor.shape)
    choice = g.d.int(0, 4)
    if choice == 0 and len(shape) >= 2:
        i = g.d.int(0, len(shape) - 2)
        shape[i : i + 2] = [shape[i] * shape[i + 1]]
    elif choice == 1:
        shape.insert(g.d.int(0, len(shape)), 1)
    elif choice == 2:
        shape = [-1]
    elif choice == 3 and shape:
        i = g.d.int(0, len(shape) - 1)
        factor = next((f for f in (2, 3, 5, 16, 32) if shape[i] % f == 0 and shape[i] > f), None)
        if factor is None:
            return None
        shape[i : i + 1] = [factor, shape[i] // factor]
    else:
        d = g.dim(x)
        return (f"{x.name}.unsqueeze({d})" if g.d.coin() else f"{x.name}.squeeze()"), x.exact
    method = g.d.pick(("reshape", "view", "flatten"))
    if method == "flatten":
        return f"{x.name}.flatten({g.d.int(0, max(x.tensor.dim() - 1, 0))})", x.exact
    return f"{x.name}.{method}({tuple(shape)})", x.exact


def slicing(g):
    x = _any(g)
    if x is None or x.tensor.dim() == 0:
        return None
    n = x.tensor.dim()
    choice = g.d.int(0, 3)
    d = g.d.int(0, n - 1)
    size = x.tensor.shape[d]
    if choice == 1 and size:
        return f"{x.name}.select({d}, {g.d.int(-size, size - 1)})", x.exact
    if choice == 2:
        start = g.d.int(0, size)
        return f"{x.name}.narrow({d}, {start}, {g.d.int(0, size - start)})", x.exact
    if choice == 3:
        return f"{x.name}[..., {_slice(g, x.tensor.shape[-1])}]", x.exact
    return f"{x.name}[{', '.join([':'] * d + [_slice(g, size)])}]", x.exact


def expand(g):
    x = _any(g)
    if x is None:
        return None
    shape = [g.d.pick((3, 2, 33)) if s == 1 else s for s in x.tensor.shape]
    if g.d.coin() or not shape:
        shape.insert(0, g.d.pick((2, 1)))
    if g.d.coin(3):
        reps = [g.d.pick((1, 2, 3)) for _ in x.tensor.shape]
        return (f"{x.name}.repeat({tuple(reps)})" if reps else None), x.exact
    return f"{x.name}.expand({tuple(shape)})", x.exact


def concat(g):
    x = _any(g)
    if x is None or x.tensor.dim() == 0:
        return None
    d = g.d.int(0, x.tensor.dim() - 1)
    if g.d.coin(3):
        return f"torch.stack([{x.name}, {x.name}.clone()], {g.d.int(0, x.tensor.dim())})", x.exact
    shape = list(x.tensor.shape)
    shape[d] = g.d.pick((3, 1, 0, 32, 7))
    other = g.operand((x.family,), pred=lambda t: t.dim() == len(shape) and _same_but(t.shape, shape, d))
    if other is None or g.d.coin():
        dtype = str(x.tensor.dtype).removeprefix("torch.") if x.family == "int" else ""
        other = g.new_input(shape, x.family, dtype)
    parts = [x.name, other.name] + ([x.name] if g.d.coin(4) else [])
    return f"torch.cat([{', '.join(parts)}], {d})", x.exact and other.exact


def split(g):
    x = _any(g)
    if x is None or x.tensor.dim() == 0:
        return None
    d = g.d.int(0, x.tensor.dim() - 1)
    size = x.tensor.shape[d]
    choice = g.d.int(0, 2)
    if choice == 1 and 0 < size <= 4:
        return f"{x.name}.unbind({d})", x.exact
    if choice == 2 and size >= 2:
        first = g.d.int(1, size - 1)
        return f"{x.name}.split([{first}, {size - first}], {d})", x.exact
    chunk = g.d.pick((2, 3, 32))
    if size > 4 * chunk or size == 0:
        return None
    return f"{x.name}.split({chunk}, {d})", x.exact


def indexing(g):
    x = g.operand(("float", "int"))
    if x is None or x.tensor.dim() == 0 or 0 in x.tensor.shape:
        return None
    d = g.d.int(0, x.tensor.dim() - 1)
    bound = x.tensor.shape[d]
    choice = g.d.int(0, 3)
    if choice == 0:
        shape = [min(s, g.d.pick((s, 1, 2))) for s in x.tensor.shape]
        shape[d] = g.d.pick((2, 5, 1))
        return f"torch.gather({x.name}, {d}, {g.index_input(shape, bound).name})", x.exact
    if choice == 1:
        return f"{x.name}.index_select({d}, {g.index_input((g.d.pick((3, 1, 7)),), bound).name})", x.exact
    if choice == 2:
        idx = g.index_input((g.d.pick((4, 1, 2)),), x.tensor.shape[0])
        shift = f" - {x.tensor.shape[0]}" if g.d.coin(3) else ""  # torch counts negative indices from the end
        return f"{x.name}[{idx.name}{shift}]", x.exact
    if x.family != "float" or x.tensor.dim() != 2:
        return None
    idx = g.index_input(g.shape(g.d.int(1, 2)), x.tensor.shape[0])
    return f"F.embedding({idx.name}, {x.name})", x.exact


def matmul(g):
    x = g.operand(("float",), pred=lambda t: t.dim() >= 1)
    if x is None:
        return None
    k, n = x.tensor.shape[-1], g.d.pick((5, 32, 1, 33, 64))
    batch = list(x.tensor.shape[:-2])
    choice = g.d.int(0, 3)
    if choice == 1 and x.tensor.dim() == 2:
        w = g.new_input((n, k))
        bias = g.new_input((n,)).name if g.d.coin() else None
        return f"F.linear({x.name}, {w.name}, {bias})", False
    if choice == 2 and x.tensor.dim() == 2:
        w, b = g.new_input((k, n)), g.new_input(g.d.pick(((n,), (1, n), (x.tensor.shape[0], n))))
        return f"torch.addmm({b.name}, {x.name}, {w.name})", False
    if choice == 3 and x.tensor.dim() == 3:
        w = g.new_input((*batch, k, n))
        return f"torch.bmm({x.name}, {w.name})", False
    w_batch = batch[g.d.int(0, len(batch)) :] if batch else []
    w = g.new_input((*w_batch, k, n))
    return f"{x.name} @ {w.name}", False


def conv_pool(g):
    x = g.operand(("float",), pred=lambda t: t.dim() == 4 and min(t.shape) > 0)
    if x is None:
        x = g.new_input((g.d.pick((1, 2)), g.d.pick((3, 1, 8)), g.d.pick((8, 7, 16)), g.d.pick((8, 9, 5))))
    c, h = x.tensor.shape[1], min(x.tensor.shape[2:])
    choice = g.d.int(0, 3)
    if choice == 0:
        kernel = g.d.pick((3, 1, 2))
        if kernel > h:
            return None
        w = g.new_input((g.d.pick((4, 1, 16)), c, kernel, kernel))
        stride, pad = g.d.pick((1, 2)), g.d.pick((0, 1))
        return f"F.conv2d({x.name}, {w.name}, None, {stride}, {pad})", False
    if choice == 1 and h >= 2:
        return f"F.max_pool2d({x.name}, 2, {g.d.pick((2, 1))})", x.exact
    if choice == 2:
        return f"F.adaptive_avg_pool2d({x.name}, 1)", False
    return None


def _same_but(a, b, d) -> bool:
    return all(s == t for i, (s, t) in enumerate(zip(a, b, strict=True)) if i != d)


RULES = (permute, reshape, slicing, concat, expand, split, indexing, matmul, conv_pool)
