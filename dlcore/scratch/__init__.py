"""The lecture's formulas from scratch in NumPy: the reference maths.

Each module is checked against PyTorch (``torch.autograd``, ``torch.nn``) in the
tests; pages show these values, PyTorch is the oracle.
"""
