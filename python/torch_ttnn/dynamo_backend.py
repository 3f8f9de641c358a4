"""``torch.compile(model, backend="ttnn", options={...})``: torch_ttnn through torch's backend registry.

The package declares this function under the ``torch_dynamo_backends`` entry point (pyproject.toml), so torch
finds it by name once the package is installed, with no import. ``options`` is a ``TorchTtnnOption`` or a
dict of its fields, where ``dtype`` and ``math_fidelity`` may be given by name ("float32", "HiFi2"). Without
a device, device 0 is opened on first use and shared by every such compile.

All graphs of one ``torch.compile`` share one ``TorchTtnnOption`` (one parameter cache, one set of metrics);
``option_for(options)`` returns it for a dict, to read its metrics.
"""

from __future__ import annotations

import atexit
import dataclasses

_device = None
# id(options dict) -> (the dict, kept alive so its id stays unique; its TorchTtnnOption)
_options: dict[int, tuple[dict, object]] = {}


def default_device():
    """Device 0, opened on first use and closed at exit."""
    import ttnn

    global _device
    if _device is None or not _device.is_open():
        _device = ttnn.open_device(device_id=0)
        atexit.register(_close)
    return _device


def _close() -> None:
    if _device is not None and _device.is_open():
        import ttnn

        ttnn.close_device(_device)


def _by_name(enum, value, field: str):
    if not isinstance(value, str):
        return value
    members = {name.lower(): member for name, member in enum.__members__.items()}
    if value.lower() not in members:
        raise ValueError(f"torch.compile(backend='ttnn'): unknown {field} {value!r}; expected one of {sorted(members)}")
    return members[value.lower()]


def make_option(options):
    """A TorchTtnnOption from None, a dict of its fields or a TorchTtnnOption (given a device if it has none)."""
    import ttnn

    from torch_ttnn.options import TorchTtnnOption

    if isinstance(options, TorchTtnnOption):
        option = options
    elif options is None or isinstance(options, dict):
        values = dict(options or {})
        fields = {f.name for f in dataclasses.fields(TorchTtnnOption)}
        unknown = sorted(set(values) - fields)
        if unknown:
            raise ValueError(f"torch.compile(backend='ttnn'): unknown option(s) {unknown}; expected {sorted(fields)}")
        if "dtype" in values:
            values["dtype"] = _by_name(ttnn.DataType, values["dtype"], "dtype")
        if "math_fidelity" in values:
            values["math_fidelity"] = _by_name(ttnn.MathFidelity, values["math_fidelity"], "math_fidelity")
        option = TorchTtnnOption(**values)
    else:
        raise TypeError(f"torch.compile(backend='ttnn'): options must be a dict or TorchTtnnOption; got {options!r}")
    if option.device is None:
        option.device = default_device()
    return option


def option_for(options):
    """The TorchTtnnOption that ``torch.compile(..., backend="ttnn", options=options)`` compiles with."""
    if options is None or isinstance(options, dict):
        key = id(options)
        if key not in _options:
            _options[key] = (options, make_option(options))
        return _options[key][1]
    return make_option(options)


def ttnn_backend(gm, example_inputs, options=None):
    """The registered backend: ``torch_ttnn.backend`` with ``options`` made into a TorchTtnnOption."""
    from torch_ttnn.backend import backend

    return backend(gm, example_inputs, options=option_for(options))
