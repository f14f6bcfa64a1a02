"""DL Playground engine: data, models, training, probes, reference maths, figures.

Nothing in this package imports streamlit; the pages are thin layers over it.
"""

__version__ = "0.1.0"
