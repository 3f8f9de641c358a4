"""The model report: run models eager and compiled, collect their metrics, render tables and docs.

- ``run_model``: one model, eager vs compiled, into a metrics dict (written as metrics/<model>.json).
- ``tables``: the console/README table from a set of metrics.
- ``docs``: README's generated section, docs/models/*.md, docs/operations/*.md and the plot.
"""
