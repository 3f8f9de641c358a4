"""torch-ttnn: a PyTorch 2 compiler onto TT-NN.

``torch.compile(model, backend=torch_ttnn.backend, options=torch_ttnn.TorchTtnnOption(device=device))``
compiles the model's aten graphs with the C++ core (cpp/compiler) and runs them on the ttnn device; see
docs/compiler.md. The ``torch-ttnn`` command line is torch_ttnn.cli.
"""

from torch_ttnn.backend import backend
from torch_ttnn.options import TorchTtnnOption

__all__ = ["backend", "TorchTtnnOption"]
