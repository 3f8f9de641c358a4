"""torch-ttnn: a PyTorch 2 compiler onto TT-NN.

The compiler (``torch_ttnn.backend``) is built on the ``ttnn`` device package; until it lands this package
carries the command line (``torch-ttnn``), whose ``demo`` runs the device end to end.
"""
