"""Only Streamlit's public API: no private module, flag or garbage-collector search anywhere
(they break silently on an upgrade); the live route comes from ``st.App`` in app.py."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

PUBLIC = {"streamlit", "streamlit.testing.v1", "streamlit.errors", "streamlit.components.v2"}
FORBIDDEN_NAMES = {
    "PagesManager",
    "uses_pages_directory",
    "get_script_run_ctx",
    "get_referrers",
    "leave_v1_pages_mode",
    "ForwardMsg",
}


def sources() -> list:
    out = [ROOT / "app.py"]
    for d in ("ui", "pages", "dlcore", "bench", "tests"):
        out += sorted((ROOT / d).rglob("*.py"))
    return [p for p in out if p.name != "test_public_api.py"]


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_streamlit_names(path):
    tree = ast.parse(path.read_text())
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mods = [node.module or ""]
        else:
            mods = []
        for m in mods:
            if m.startswith("streamlit") and m not in PUBLIC:
                bad.append(f"{node.lineno}: import {m}")
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in FORBIDDEN_NAMES or (name.startswith("_") and _on_streamlit(node)):
                bad.append(f"{node.lineno}: {name}")
    assert bad == []


def _on_streamlit(node) -> bool:
    """``st._something`` / ``streamlit._something``: a private attribute of the package."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("st", "streamlit")
    )


def test_dlcore_never_imports_streamlit():
    for path in sorted((ROOT / "dlcore").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] in ("streamlit", "ui", "pages") for n in names), path


def test_app_serves_the_shell_through_st_app():
    """app.py is an ``st.App`` (what ``streamlit run`` detects) of ui/shell.py with the
    live route; the shell sits where no legacy ``pages/`` folder is beside it."""
    tree = ast.parse((ROOT / "app.py").read_text())
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "App"
    ]
    assert len(calls) == 1
    script = calls[0].args[0].value
    assert script == "ui/shell.py" and (ROOT / script).is_file()
    assert not (ROOT / "ui" / "pages").exists()
    assert {k.arg for k in calls[0].keywords} >= {"routes"}


def test_the_client_view_library_parses(tmp_path):
    """The live view's JavaScript is one module: a syntax error would blank every page."""
    import shutil
    import subprocess

    from ui.live_js import JS

    node = shutil.which("node")
    assert node, "node (Debian's nodejs) checks the live view's JavaScript"
    src = tmp_path / "live.mjs"
    src.write_text(JS)
    out = subprocess.run([node, "--check", str(src)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
