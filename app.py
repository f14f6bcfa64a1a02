"""DL Playground — the server: Streamlit's app (ui/shell.py) plus the live route.

``streamlit run app.py`` finds ``app`` below and serves it: the pages through
Streamlit, and the live route (ui/routes.py) that playing pages fetch their frames
from, through Streamlit's public ``st.App(script, routes=...)``.
"""

import streamlit as st

from ui import routes

app = st.App(
    "ui/shell.py",
    routes=routes.routes(st.get_option("server.baseUrlPath")),
    lifespan=routes.lifespan,
)
