"""The Streamlit side of DL Playground, one module per concern; ``pages/`` stays thin
(layout only) and ``dlcore`` never imports from here.

- ``shell.py``: navigation and sidebar (the script app.py serves)
- ``language.py``: the session's language, ``t`` / ``fmt``, notice boxes, the live switch
- ``form.py``: config fields bound to widgets and to the URL; loading a preset or upload
- ``widgets.py``: config-bound widgets drawn from the schema (``dlcore/schema.py``)
- ``controls.py``: trainer lifecycle, Play / Step / Reset, the fragment-loop fallback,
  the run's session keys (``Keys``)
- ``presets.py``: the preset box; ``share.py``: config / weights / code; ``presenter.py``:
  presenter mode; ``lecture_bar.py``: lecture mode's bar
- ``live.py``, ``live_js.py``, ``surface.py``, ``routes.py``: the live view and its route
"""
