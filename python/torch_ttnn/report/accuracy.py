"""Accuracy of compiled outputs against eager ones: PCC (the seed's metric) plus absolute errors."""

from __future__ import annotations


def pcc(expected, actual) -> float:
    """Pearson correlation of two tensors; 1.0 when both are constant and equal."""
    import torch

    a = expected.detach().double().flatten()
    b = actual.detach().double().flatten()
    if a.numel() == 0:
        return 1.0
    if a.numel() == 1 or a.std() == 0 or b.std() == 0:
        return 1.0 if torch.allclose(a, b, rtol=1e-2, atol=1e-2) else 0.0
    return float(torch.corrcoef(torch.stack([a, b]))[0, 1])


def compare(expected: list, actual: list) -> dict:
    """PCC (mean over output tensors, percent), max and mean absolute error, top-1 agreement of logits."""
    if len(expected) != len(actual):
        raise ValueError(f"compare: {len(actual)} compiled outputs, {len(expected)} eager outputs")
    scores, max_err, mean_err = [], 0.0, []
    for e, a in zip(expected, actual, strict=True):
        if e.shape != a.shape:
            raise ValueError(f"compare: output shape {tuple(a.shape)}, eager gave {tuple(e.shape)}")
        diff = (e.detach().double() - a.detach().double()).abs()
        scores.append(pcc(e, a))
        if diff.numel():
            max_err = max(max_err, float(diff.max()))
            mean_err.append(float(diff.mean()))
    top1 = None
    first_e, first_a = expected[0], actual[0]
    if first_e.dim() >= 2 and first_e.shape[-1] > 1:
        top1 = float((first_e.argmax(-1) == first_a.argmax(-1)).double().mean())
    return {
        "pcc_percent": 100.0 * sum(scores) / max(len(scores), 1),
        "max_abs_error": max_err,
        "mean_abs_error": sum(mean_err) / max(len(mean_err), 1),
        "top1_agreement": top1,
    }


def worst_gradient_error(grads: list, reference: list) -> float:
    """Largest ``|g - g_ref| / |g_ref|`` over parameters (norms), ``|g_ref|`` floored at 1 % of the largest
    reference gradient norm: a gradient that is zero in exact arithmetic (a bias a following norm removes, an
    attention key bias) is rounding noise in eager, and its relative error would mean nothing. PCC alone says
    little for gradients, so training rows report this."""
    pairs = [(g.double(), r.double()) for g, r in zip(grads, reference, strict=True) if r is not None]
    if not pairs:
        return 0.0
    floor = 0.01 * max(float(r.norm()) for _, r in pairs)
    return max(float((g - r).norm()) / max(float(r.norm()), floor, 1e-30) for g, r in pairs)
