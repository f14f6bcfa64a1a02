"""Lecture mode's path: the registered chapter pages in the lecture's order, with presets.

The path is computed from the shell's (ui/shell.py) ``PAGES`` (parsed, not imported) each time,
so chapter pages join it as soon as they are registered and their file exists.
Curated steps give a page one or more presets (URL queries the page's ``Form``
reads) and a sentence on what to notice; any other page gets one step with its
chapter's sentence.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# page file → [(preset query, i18n key of what to notice)], in the order to show them.
CURATED: dict[str, list[tuple[dict[str, str], str]]] = {
    "pages/history.py": [({}, "lecture.s.history")],
    "pages/neuron.py": [({}, "lecture.s.neuron")],
    "pages/gan.py": [({}, "lecture.s.gan")],  # the default GAN config is the healthy preset
    "pages/activations.py": [({}, "lecture.s.activations")],
    "pages/ff.py": [
        (
            {"d.name": "circle", "m.hidden": "4", "m.activation": "tanh", "t.lr": "0.03"},
            "lecture.s.ff_circle",
        ),
        ({"d.name": "xor", "m.hidden": "2", "m.activation": "tanh"}, "lecture.s.ff_xor"),
        (
            {
                "d.name": "spiral",
                "d.noise": "0",
                "m.hidden": "24,24",
                "m.activation": "tanh",
                "t.optimizer": "adam",
                "t.lr": "0.03",
                "t.batch_size": "0",  # full batch: examples/ff_spiral.json, as the class bench
            },
            "lecture.s.ff_spiral",
        ),
    ],
    "pages/losses.py": [({}, "lecture.s.losses")],
    "pages/gd.py": [({}, "lecture.s.gd")],
    "pages/backprop.py": [({}, "lecture.s.backprop")],
    "pages/backprop_mlp.py": [({}, "lecture.s.backprop_mlp")],
    "pages/gradflow.py": [({}, "lecture.s.gradflow")],
    "pages/conv.py": [({}, "lecture.s.conv")],
    "pages/conv_props.py": [({}, "lecture.s.conv_props")],
    "pages/cnn.py": [({}, "lecture.s.cnn")],
    "pages/cnn_shift.py": [({}, "lecture.s.cnn_shift")],
    "pages/rnn.py": [({}, "lecture.s.rnn")],
    "pages/rnn_inside.py": [({}, "lecture.s.rnn_inside")],
    "pages/rnn_gradients.py": [({}, "lecture.s.rnn_gradients")],
    "pages/ae.py": [({}, "lecture.s.ae")],
    "pages/ae_pca.py": [({}, "lecture.s.ae_pca")],
}

# Pages that are not lecture steps (the shell's own).
SKIP = frozenset({"pages/home.py", "pages/lecture.py"})


@dataclass(frozen=True)
class Step:
    """One step of the path: a page (file, title key, icon) with a preset and a sentence."""

    chapter: str  # "ff", "training", …
    page: str  # "pages/ff.py"
    title_key: str
    icon: str
    url_path: str
    note_key: str
    query: dict[str, str] = field(default_factory=dict)


def registered_pages(
    app_py: Path = ROOT / "ui" / "shell.py",
) -> dict[str, list[tuple[str, str, str, str]]]:
    """``PAGES`` from the shell (ui/shell.py), read with ``ast`` (empty dict if unreadable)."""
    try:
        tree = ast.parse(app_py.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return {}
    for node in tree.body:
        target = None
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            target, value = node.target.id, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            t = node.targets[0]
            target, value = (t.id if isinstance(t, ast.Name) else None), node.value
        if target == "PAGES" and value is not None:
            try:
                pages = ast.literal_eval(value)
            except ValueError:
                return {}
            return {
                sec: [tuple(p) for p in lst if isinstance(p, tuple | list) and len(p) == 4]
                for sec, lst in pages.items()
            }
    return {}


def steps(root: Path = ROOT) -> list[Step]:
    """The lecture path: every registered chapter page whose file exists, in order."""
    out: list[Step] = []
    for section, pages in registered_pages(root / "ui" / "shell.py").items():
        if not section.startswith("chapter."):
            continue
        chapter = section.removeprefix("chapter.")
        for file, title_key, icon, url_path in pages:
            if file in SKIP or not (root / file).is_file():
                continue
            presets = CURATED.get(file) or [({}, f"lecture.chapter.{chapter}")]
            for query, note in presets:
                out.append(Step(chapter, file, title_key, icon, url_path, note, dict(query)))
    return out


def parse_step(raw: str | None, n_steps: int) -> tuple[int, bool]:
    """(0-based index, ok) from a ``?step=N`` value (1-based); bad values → (0, False)."""
    if raw is None or raw == "":
        return 0, True
    try:
        n = int(str(raw).strip())
    except ValueError:
        return 0, False
    if n_steps == 0 or not 1 <= n <= n_steps:
        return 0, False
    return n - 1, True
