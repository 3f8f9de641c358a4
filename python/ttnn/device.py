"""Device helpers that TT-NN offers in Python."""

from collections.abc import Iterator
from contextlib import contextmanager

from ttnn._ttnn import Device, open_device


@contextmanager
def manage_device(device_id: int = 0, **options) -> Iterator[Device]:
    """Opens a device for the ``with`` block and closes it after, as TT-NN's ``ttnn.manage_device``.

    >>> import ttnn
    >>> with ttnn.manage_device(device_id=0) as device:
    ...     device.compute_with_storage_grid_size()
    CoreCoord(x=8, y=8)
    """
    device = open_device(device_id=device_id, **options)
    try:
        yield device
    finally:
        device.__exit__(None, None, None)
