"""Figure builders: pure functions from data (arrays, history) to ``plotly`` Figures.

Arrays go to Plotly as float32 NumPy arrays (never lists of lists: ~25× faster
to serialise). No figure reads global state; labels are passed in already
translated, so every function is testable on ``fig.data``.
"""

from dlcore.figures.common import (  # noqa: F401
    PALETTE,
    base_layout,
    finite,
    grad_norm_figure,
    layer_bar_figure,
    loss_figure,
)
