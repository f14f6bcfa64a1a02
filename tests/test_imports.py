"""The house's import order: no cycles in dlcore/, ui/, pages/ (module-level and
function-level imports both), dlcore never imports streamlit nor the UI, the layers
of ``dlcore/catalog.py``'s docstring only import downwards, and checking a URL value
does not import torch."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

PACKAGES = ("dlcore", "ui", "pages")

# dlcore's layers, leaves first (dlcore/catalog.py): a module may import its own layer
# or a lower one, never a higher one. Modules not named here are held by the cycle test.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("dlcore.registry", "dlcore.safejson", "dlcore.heads", "dlcore.scratch*"),
    ("dlcore.activations", "dlcore.losses", "dlcore.optimizers", "dlcore.scratch.backprop"),
    ("dlcore.config",),
    ("dlcore.data*", "dlcore.limits"),
    ("dlcore.objectives",),
    ("dlcore.models*",),
    ("dlcore.train",),
    ("dlcore.experiments", "dlcore.batch"),
    ("dlcore.catalog",),
    ("dlcore.live",),
    ("dlcore.live_train",),
    ("ui*", "pages*"),
)


def _modules() -> dict[str, tuple[ast.Module, bool]]:
    """Every module of the three packages: dotted name → (parsed source, is a package)."""
    out = {}
    for top in PACKAGES:
        for path in (ROOT / top).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_pkg = parts[-1] == "__init__"
            if is_pkg:
                parts = parts[:-1]
            out[".".join(parts)] = (ast.parse(path.read_text(encoding="utf-8")), is_pkg)
    return out


def _imports(name: str, tree: ast.Module, is_pkg: bool, known: set[str]) -> set[str]:
    """The modules of ``known`` (and any third-party top names) that ``name`` imports,
    wherever the import statement is (module level, in a function, under TYPE_CHECKING)."""

    def resolve(dotted: str) -> str:
        probe = dotted
        while probe and probe not in known:
            probe = probe.rpartition(".")[0]
        return probe or dotted.partition(".")[0]

    pkg = name if is_pkg else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {resolve(a.name) for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = pkg
                for _ in range(node.level - 1):
                    up = up.rpartition(".")[0]
                base = f"{up}.{base}" if base else up
            for a in node.names:  # ``from pkg import submodule`` is an edge to the submodule
                full = f"{base}.{a.name}"
                out.add(full if full in known else resolve(base))
    out.discard(name)
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {m: _imports(m, tree, pkg, known) for m, (tree, pkg) in mods.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _layer(module: str) -> int | None:
    """The layer naming ``module`` exactly, else the first whose pattern ``x*`` matches."""
    for i, names in enumerate(LAYERS):
        if module in names:
            return i
    for i, names in enumerate(LAYERS):
        for pat in names:
            if module == pat or (pat.endswith("*") and module.startswith(pat[:-1])):
                return i
    return None


def test_the_graph_is_read_from_every_module():
    graph = _graph()
    assert {"dlcore.config", "dlcore.train", "dlcore.catalog", "ui.shell", "pages.ff"} <= set(graph)
    assert "dlcore.objectives" in graph["dlcore.models.mlp"]  # a module-level import
    assert "dlcore.activations" in graph["dlcore.config"]  # a function-level import


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_dlcore_never_imports_streamlit_nor_the_ui():
    bad = {
        (m, dep)
        for m, deps in _graph().items()
        if m.startswith("dlcore")
        for dep in deps
        if dep.partition(".")[0] in ("streamlit", "ui", "pages")
    }
    assert not bad


def test_layers_only_import_downwards():
    upward = []
    for m, deps in _graph().items():
        lm = _layer(m)
        if lm is None:
            continue
        for dep in deps:
            ld = _layer(dep)
            if ld is not None and ld > lm:
                upward.append(f"{m} (layer {lm}) imports {dep} (layer {ld})")
    assert not upward


def test_models_do_not_import_the_trainer():
    graph = _graph()
    assert not {
        m for m, deps in graph.items() if m.startswith("dlcore.models") and "dlcore.train" in deps
    }


def test_checking_a_url_value_does_not_import_torch():
    code = textwrap.dedent(
        """
        import sys
        from dlcore import config
        cfg, notices = config.from_query({
            "d.name": "moons", "d.features": "x1,x2,x1sq", "m.family": "mlp",
            "m.activation": "relu", "m.init": "he", "t.loss": "bce", "t.optimizer": "sgd",
            "m.hidden": "4,4", "t.lr": "0.1",
        })
        assert (cfg.data.name, cfg.model.activation, cfg.model.init) == ("moons", "relu", "he")
        assert (cfg.train.loss, cfg.train.optimizer) == ("bce", "sgd"), cfg.train
        assert not notices, notices
        bad, notices = config.from_query({"m.activation": "swish", "d.name": "mnist"})
        assert sorted(n.field for n in notices) == ["d.name", "m.activation"], notices
        print("torch" in sys.modules)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("reg", ["DATASETS", "FEATURES", "INITS", "FAMILIES"])
def test_the_catalog_fills_every_declared_name(reg):
    from dlcore import catalog, registry

    r = getattr(registry, reg)
    assert r.declared and r.names() == list(r.declared), catalog.unfilled()
