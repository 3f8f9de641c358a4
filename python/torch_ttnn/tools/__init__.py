"""The seed's tools and workflows, as ``torch-ttnn`` commands and entry points.

- ``sources``: MODEL arguments (a save_pretrained folder, a transformers model type, a torchvision name,
  ``file.py:function``) into a models.ModelCase.
- ``run``: ``torch-ttnn run MODEL``, one model's row of the report (backends torch_ttnn and torch_stat).
- ``stat``: the ``torch_stat`` backend, which runs eager and records every aten node's inputs and outputs.
- ``trace``: ``torch-ttnn trace``, the seed's stat/ folder (node counts, size distributions, Chrome traces).
- ``bisect``: ``torch-ttnn bisect``, which aten node of a compiled graph loses the accuracy.
"""
