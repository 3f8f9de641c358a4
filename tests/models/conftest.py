"""The model tests use the compiler tests' device fixture: a fresh device per test, dynamo's caches cleared
before the check that device memory is back to zero."""

from tests.compiler.conftest import device  # noqa: F401  (the fixture, re-exported for this folder)
