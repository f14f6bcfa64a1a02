"""The Streamlit side of DL Playground: the shell (navigation, sidebar), the live route
and the client view library that every playing page shares. ``pages/`` stays thin;
``dlcore`` never imports from here."""
