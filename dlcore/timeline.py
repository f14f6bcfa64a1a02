"""Data of the history chapter: the lecture's milestones and its GLUE table.

Texts are i18n keys (``history.ms.<id>.title`` / ``.what``) so this module stays
language-free; people's names are the same in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Milestone:
    """One dot on the timeline."""

    id: str
    year: int
    who: str
    track: str  # one of TRACKS
    pages: tuple[str, ...]  # pages of this app that play with it, best first (may not exist yet)

    @property
    def title_key(self) -> str:
        return f"history.ms.{self.id}.title"

    @property
    def what_key(self) -> str:
        return f"history.ms.{self.id}.what"


TRACKS: tuple[str, ...] = ("neuron", "learning", "vision", "sequence", "scale", "impact")

MILESTONES: tuple[Milestone, ...] = (
    Milestone(
        "mcculloch_pitts", 1943, "Warren McCulloch, Walter Pitts", "neuron", ("pages/neuron.py",)
    ),
    Milestone("perceptron", 1958, "Frank Rosenblatt", "neuron", ("pages/neuron.py",)),
    Milestone("kelley", 1960, "Henry J. Kelley", "learning", ("pages/gd.py", "pages/backprop.py")),
    Milestone(
        "werbos", 1974, "Paul J. Werbos", "learning", ("pages/backprop.py", "pages/backprop_mlp.py")
    ),
    Milestone(
        "neocognitron", 1980, "Kunihiko Fukushima", "vision", ("pages/conv.py", "pages/cnn.py")
    ),
    Milestone("hopfield", 1982, "John Hopfield", "sequence", ("pages/rnn.py",)),
    Milestone(
        "backprop",
        1986,
        "David E. Rumelhart, Geoffrey E. Hinton, Ronald J. Williams",
        "learning",
        ("pages/backprop_mlp.py", "pages/ff.py"),
    ),
    Milestone("lenet", 1989, "Yann LeCun et al.", "vision", ("pages/cnn.py",)),
    Milestone(
        "lstm",
        1997,
        "Sepp Hochreiter, Jürgen Schmidhuber",
        "sequence",
        ("pages/rnn_inside.py", "pages/rnn.py"),
    ),
    Milestone("imagenet", 2009, "Jia Deng, Fei-Fei Li et al.", "scale", ("pages/cnn.py",)),
    Milestone(
        "gpu_ilsvrc",
        2012,
        "Alex Krizhevsky, Ilya Sutskever, Geoffrey E. Hinton",
        "scale",
        ("pages/cnn.py",),
    ),
    Milestone("gan", 2014, "Ian Goodfellow et al.", "vision", ("pages/gan.py", "pages/ae.py")),
    Milestone(
        "alphago",
        2016,
        "David Silver et al. (DeepMind)",
        "impact",
        ("pages/ff.py", "pages/cnn.py"),
    ),
    Milestone("bert", 2018, "Jacob Devlin et al. (Google)", "sequence", ()),
    Milestone("turing", 2018, "Yoshua Bengio, Geoffrey Hinton, Yann LeCun", "impact", ()),
)


def milestone(mid: str) -> Milestone:
    """The milestone with id ``mid`` (KeyError if unknown)."""
    for m in MILESTONES:
        if m.id == mid:
            return m
    raise KeyError(mid)


# -- GLUE (BERT paper, Table 1, as printed in the lecture) -------------------------------------

# task → training examples; MNLI has two test sets (matched / mismatched) sharing one training set.
GLUE_TASKS: tuple[str, ...] = (
    "MNLI-m",
    "MNLI-mm",
    "QQP",
    "QNLI",
    "SST-2",
    "CoLA",
    "STS-B",
    "MRPC",
    "RTE",
)
GLUE_TRAIN_SIZE: dict[str, int] = {
    "MNLI-m": 392_000,
    "MNLI-mm": 392_000,
    "QQP": 363_000,
    "QNLI": 108_000,
    "SST-2": 67_000,
    "CoLA": 8_500,
    "STS-B": 5_700,
    "MRPC": 3_500,
    "RTE": 2_500,
}
GLUE_SYSTEMS: tuple[str, ...] = (
    "Pre-OpenAI SOTA",
    "BiLSTM+ELMo+Attn",
    "OpenAI GPT",
    "BERT-base",
    "BERT-large",
)
# system → scores in GLUE_TASKS order, then the table's Average (which excludes WNLI).
GLUE_SCORES: dict[str, tuple[float, ...]] = {
    "Pre-OpenAI SOTA": (80.6, 80.1, 66.1, 82.3, 93.2, 35.0, 81.0, 86.0, 61.7),
    "BiLSTM+ELMo+Attn": (76.4, 76.1, 64.8, 79.8, 90.4, 36.0, 73.3, 84.9, 56.8),
    "OpenAI GPT": (82.1, 81.4, 70.3, 87.4, 91.3, 45.4, 80.0, 82.3, 56.0),
    "BERT-base": (84.6, 83.4, 71.2, 90.5, 93.5, 52.1, 85.8, 88.9, 66.4),
    "BERT-large": (86.7, 85.9, 72.1, 92.7, 94.9, 60.5, 86.5, 89.3, 70.1),
}
GLUE_AVERAGE: dict[str, float] = {
    "Pre-OpenAI SOTA": 74.0,
    "BiLSTM+ELMo+Attn": 71.0,
    "OpenAI GPT": 75.1,
    "BERT-base": 79.6,
    "BERT-large": 82.1,
}

GLUE_SORTS: tuple[str, ...] = ("lecture", "size", "gain", "score")


def glue_matrix() -> np.ndarray:
    """Scores as a float32 array (systems × tasks), rows in GLUE_SYSTEMS order."""
    return np.array([GLUE_SCORES[s] for s in GLUE_SYSTEMS], dtype=np.float32)


def glue_task_order(sort: str = "lecture", system: str = "BERT-large") -> list[str]:
    """Task order for the chart: the lecture's, by training-set size (small first), by
    BERT-large's gain over the pre-OpenAI state of the art (largest first), or by ``system``'s score."""
    tasks = list(GLUE_TASKS)
    m = glue_matrix()
    col = {t: i for i, t in enumerate(tasks)}
    if sort == "size":
        return sorted(tasks, key=lambda t: (GLUE_TRAIN_SIZE[t], t))
    if sort == "gain":
        gain = m[GLUE_SYSTEMS.index("BERT-large")] - m[GLUE_SYSTEMS.index("Pre-OpenAI SOTA")]
        return sorted(tasks, key=lambda t: -float(gain[col[t]]))
    if sort == "score":
        row = m[GLUE_SYSTEMS.index(system) if system in GLUE_SYSTEMS else -1]
        return sorted(tasks, key=lambda t: -float(row[col[t]]))
    return tasks


def glue_rows(system: str = "System", average: str = "Average") -> list[dict[str, object]]:
    """The lecture's table as rows (MNLI as "m/mm"), first row the training-set sizes.

    ``system`` and ``average`` name those two columns (translated by the page).
    """

    def size(n: int) -> str:
        return f"{n / 1000:g}k"

    header = ["MNLI-(m/mm)", "QQP", "QNLI", "SST-2", "CoLA", "STS-B", "MRPC", "RTE", average]
    sizes = [size(GLUE_TRAIN_SIZE["MNLI-m"])] + [size(GLUE_TRAIN_SIZE[t]) for t in GLUE_TASKS[2:]]
    rows: list[dict[str, object]] = [{system: "", **dict(zip(header, [*sizes, "-"], strict=True))}]
    for s in GLUE_SYSTEMS:
        v = GLUE_SCORES[s]
        cells = [f"{v[0]:.1f}/{v[1]:.1f}", *(f"{x:.1f}" for x in v[2:]), f"{GLUE_AVERAGE[s]:.1f}"]
        rows.append({system: s, **dict(zip(header, cells, strict=True))})
    return rows
