"""Show the code: an experiment config → a standalone PyTorch script (text).

The script is written the way pytorch/examples writes ``mnist/main.py``: the data
built inline (the same maths as ``dlcore/data``, copied from its source so the
numbers are identical), the model as an ``nn.Module`` one layer a line, the
training loop, the seed. It never imports dlcore. Run with ``--steps N`` it prints
one JSON line of final metrics; same config + seed → the numbers of
``python -m dlcore run CONFIG.json --steps N`` (float32, CPU).

Equality needs the same random-number consumption as :class:`dlcore.train.Trainer`:
the data generators' own NumPy generators, ``torch.manual_seed(seed)`` right before
the model is built (default init, then the page's initialisation, module by module),
a separate ``torch.Generator`` seeded with the seed for the batch order (a new
permutation per epoch), and the global generator for dropout and denoising noise.
"""

from __future__ import annotations

import inspect
import textwrap
from typing import Any

import torch
from torch import nn

from dlcore import catalog  # noqa: F401  (fills the registries read below)
from dlcore.activations import ACTIVATIONS, torch_source
from dlcore.config import ExperimentConfig
from dlcore.data import BINARY, MULTICLASS, REGRESSION, Dataset, build_dataset
from dlcore.registry import DATASETS, FAMILIES

# The CLI (``python -m dlcore run``) trains in chunks of this many steps and keeps the
# state at the start of each chunk as "last good": a diverging run is restored to it.
CLI_CHUNK = 500
# The Trainer checks that every parameter is finite at each evaluation.
EVAL_EVERY = 100

# Feature columns of the 2-D toys: the expressions of dlcore.data.toy2d.FEATURE_FNS.
FEATURE_EXPR: dict[str, str] = {
    "x1": "p[:, 0]",
    "x2": "p[:, 1]",
    "x1sq": "p[:, 0] ** 2",
    "x2sq": "p[:, 1] ** 2",
    "x1x2": "p[:, 0] * p[:, 1]",
    "sin_x1": "np.sin(p[:, 0])",
    "sin_x2": "np.sin(p[:, 1])",
}


class CodegenError(ValueError):
    """A config the exporter cannot write a script for (``key``: i18n key)."""

    def __init__(self, key: str, message: str, **kwargs: object) -> None:
        super().__init__(message)
        self.key = key
        self.kwargs = kwargs


def _src(obj: Any) -> str:
    return textwrap.dedent(inspect.getsource(obj)).rstrip() + "\n"


def _const(name: str, value: Any) -> str:
    return f"{name} = {value!r}\n"


# -- data ------------------------------------------------------------------------------
def _split_src() -> str:
    from dlcore import data

    return _src(data.split)


def _toy_src(cfg: ExperimentConfig, task: str) -> tuple[list[str], str]:
    from dlcore.data import toy2d

    d = cfg.data
    fn = getattr(toy2d, d.name)
    parts = [_src(toy2d._u)]
    if d.name == "reg_gauss":
        parts += [_const("_GAUSSIANS", toy2d._GAUSSIANS), _src(toy2d.reg_gauss_label)]
    for helper in getattr(toy2d, "CODEGEN_HELPERS", {}).get(d.name, ()):
        parts.append(_src(getattr(toy2d, helper)))
    parts.append(_src(fn))
    feats = list(d.features) or ["x1", "x2"]
    cols = ", ".join(FEATURE_EXPR[f] for f in feats)
    parts.append(
        f'def features(p):\n    """The input columns {", ".join(feats)} of raw points p (n, 2)."""\n'
        f"    return np.stack([{cols}], 1).astype(np.float32)\n"
    )
    parts.append(_split_src())
    ydt = "np.float32" if task == REGRESSION else "np.int64"
    k = f", {d.n_classes}" if task == MULTICLASS else ""
    body = f"""\
def make_data():
    \"\"\"{d.name}: {d.n_points} points, noise {d.noise}, data seed {d.seed}; split {d.train_ratio}.\"\"\"
    points, labels = {d.name}({d.n_points}, {d.noise!r}, np.random.default_rng([{d.seed}, 0]){k})
    p_tr, y_tr, p_te, y_te = split(points, labels, {d.train_ratio!r}, np.random.default_rng([{d.seed}, 1]))
    return features(p_tr), y_tr.astype({ydt}), features(p_te), y_te.astype({ydt})
"""
    return parts, body


def _digits_src(cfg: ExperimentConfig) -> tuple[list[str], str]:
    from dlcore.data import images

    d = cfg.data
    parts = [_split_src()]
    resize = ""
    if d.image_size != 8:
        parts.insert(0, _src(images.resize_images))
        resize = f"    imgs = resize_images(imgs, {d.image_size})  # bilinear, as the page\n"
    body = f"""\
def make_data():
    \"\"\"scikit-learn's 1797 real 8×8 digits in [0, 1] as (n, 1, {d.image_size}, {d.image_size}); split {d.train_ratio}.\"\"\"
    digits = load_digits()
    imgs = (digits.images / 16.0).astype(np.float32)
    labels = digits.target.astype(np.int64)
{resize}    imgs = imgs[:, None]
    return split(imgs, labels, {d.train_ratio!r}, np.random.default_rng([{d.seed}, 2]))
"""
    return parts, body


def _shapes_src(cfg: ExperimentConfig) -> tuple[list[str], str]:
    from dlcore.data import shapes

    d = cfg.data
    parts = [
        _const("SHAPE_NAMES", shapes.SHAPE_NAMES)
        + _const("N_SHAPES", shapes.N_SHAPES)
        + _const("_SS", shapes._SS),
        _src(shapes._mask),
        _src(shapes.render_shapes),
        _split_src(),
    ]
    body = f"""\
def make_data():
    \"\"\"{shapes.N_SHAPES} generated shapes as (n, 1, {d.image_size}, {d.image_size}) images, balanced classes.\"\"\"
    rng = np.random.default_rng([{d.seed}, 6])
    kinds = np.arange(N_SHAPES, dtype=np.int64) % len(SHAPE_NAMES)
    imgs = render_shapes(kinds, {d.image_size}, rng)[:, None]
    return split(imgs, kinds, {d.train_ratio!r}, rng)
"""
    return parts, body


def _sines_src(cfg: ExperimentConfig, n_waves: int) -> tuple[list[str], str]:
    from dlcore.data import sequences

    d = cfg.data
    if n_waves == 1:
        waves = "    freqs = np.full((n, 1), 0.3)\n    amps = np.ones((n, 1))\n"
    else:
        waves = (
            "    freqs = np.tile(np.array([[0.21, 0.47, 0.83]]), (n, 1))\n"
            "    amps = np.tile(np.array([[0.6, 0.3, 0.2]]), (n, 1))\n"
        )
    body = f"""\
def make_data():
    \"\"\"Windows of T = {d.seq_len} values of a sum of {n_waves} sine(s); the target is value T + 1.\"\"\"
    rng = np.random.default_rng({d.seed})
    n, T = {d.n_points}, {d.seq_len}
{waves}    phases = rng.uniform(0, 2 * np.pi, (n, {n_waves}))
    t = np.arange(T + 1, dtype=np.float64)
    series = _wave(t, freqs, phases, amps)
    series += {d.noise!r} * rng.standard_normal(series.shape)
    x = series[:, :T, None].astype(np.float32)
    y = series[:, T : T + 1].astype(np.float32)
    return split(x, y, {d.train_ratio!r}, rng)
"""
    return [_src(sequences._wave), _split_src()], body


def _adding_src(cfg: ExperimentConfig) -> tuple[list[str], str]:
    d = cfg.data
    body = f"""\
def make_data():
    \"\"\"The adding problem, T = {d.seq_len}: x[:, t] = (u_t, m_t), y = Σ m_t u_t (one marker per half).\"\"\"
    rng = np.random.default_rng({d.seed})
    n, T = {d.n_points}, {d.seq_len}
    vals = rng.uniform(0, 1, (n, T))
    marks = np.zeros((n, T))
    half = max(1, T // 2)
    first = rng.integers(0, half, n)
    second = rng.integers(half, T, n) if T > half else first
    marks[np.arange(n), first] = 1.0
    marks[np.arange(n), second] = 1.0
    x = np.stack([vals, marks], -1).astype(np.float32)
    y = (vals * marks).sum(1, keepdims=True).astype(np.float32)
    return split(x, y, {d.train_ratio!r}, rng)
"""
    return [_split_src()], body


def _order_src(cfg: ExperimentConfig) -> tuple[list[str], str]:
    from dlcore.data import sequences as s

    d = cfg.data
    consts = "".join(_const(k, getattr(s, k)) for k in ("WHO", "VERB", "PLACE", "WHEN", "PAD"))
    parts = [consts, _src(s.order_vocab), _src(s.order_sentence), _split_src()]
    body = f"""\
def make_data():
    \"\"\"One-hot word sequences (pre-padded); label 1 when the time phrase comes first.\"\"\"
    rng = np.random.default_rng({d.seed})
    vocab = order_vocab()
    index = {{w: i for i, w in enumerate(vocab)}}
    sents = [order_sentence(rng) for _ in range({d.n_points})]
    L = max(len(s) for s, _ in sents)
    x = np.zeros((len(sents), L, len(vocab)), np.float32)
    y = np.zeros(len(sents), np.int64)
    for k, (words, label) in enumerate(sents):
        pad = L - len(words)
        x[k, :pad, 0] = 1.0
        for j, w in enumerate(words):
            x[k, pad + j, index[w]] = 1.0
        y[k] = label
    return split(x, y, {d.train_ratio!r}, rng)
"""
    return parts, body


def _text_literal(text: str) -> str:
    lines = text.splitlines(keepends=True)
    inner = "".join(f"    {line!r}\n" for line in lines) or "    ''\n"
    return f"TEXT = (\n{inner})\n"


def _chars_src(cfg: ExperimentConfig, dataset: Dataset) -> tuple[list[str], str]:
    from dlcore.data import text

    d = cfg.data
    body_text = dataset.meta.get("text") or text.load_corpus(d.corpus)
    parts = [_text_literal(body_text), _src(text.vocabulary), _src(text.encode)]
    body = f"""\
def make_data():
    \"\"\"Windows of T characters of TEXT (ids); y is x shifted by one character.\"\"\"
    vocab = vocabulary(TEXT)
    ids = encode(TEXT, vocab)
    T = min({d.seq_len}, max(2, len(ids) // 4))
    cut = int(len(ids) * {d.train_ratio!r})
    cut = min(max(cut, T + 2), len(ids) - T - 2)
    rng = np.random.default_rng({d.seed})

    def windows(lo, hi, n):
        starts = rng.integers(lo, max(lo + 1, hi - T - 1), n)
        idx = starts[:, None] + np.arange(T + 1)[None, :]
        seq = ids[idx]
        return seq[:, :-1].copy(), seq[:, 1:].copy()

    n_test = max(16, int({d.n_points} * (1 - {d.train_ratio!r})))
    x_tr, y_tr = windows(0, cut, {d.n_points})
    x_te, y_te = windows(cut - T // 2, len(ids), n_test)
    return x_tr, y_tr, x_te, y_te
"""
    return parts, body


def _manifold_src(cfg: ExperimentConfig) -> tuple[list[str], str]:
    from dlcore.data import manifold

    d = cfg.data
    fn, salt = {
        "swiss_roll": (manifold.swiss_roll_points, 31),
        "noisy_curve": (manifold.curve_points, 32),
    }[d.name]
    body = f"""\
def make_data():
    \"\"\"{d.n_points} points near a low-dimensional manifold, centred; y = position t ∈ [0, 1].\"\"\"
    rng = np.random.default_rng([{d.seed}, {salt}])
    pts, t = {fn.__name__}({d.n_points}, {d.noise!r}, rng)
    pts = (pts - pts.mean(0)).astype(np.float32)
    return split(pts, t.astype(np.float32), {d.train_ratio!r}, rng)
"""
    return [_src(fn), _split_src()], body


def _data_src(cfg: ExperimentConfig, dataset: Dataset) -> tuple[list[str], str]:
    name = cfg.data.name
    spec = DATASETS[name]
    if spec.group == "toy2d":
        return _toy_src(cfg, spec.task)
    if name == "digits":
        return _digits_src(cfg)
    if name == "shapes":
        return _shapes_src(cfg)
    if name in ("sine", "sines"):
        return _sines_src(cfg, 1 if name == "sine" else 3)
    if name == "adding":
        return _adding_src(cfg)
    if name == "order":
        return _order_src(cfg)
    if name == "chars":
        return _chars_src(cfg, dataset)
    if name in ("swiss_roll", "noisy_curve"):
        return _manifold_src(cfg)
    raise CodegenError("code.error.dataset", f"no exporter for dataset {name!r}", name=name)


# -- model -----------------------------------------------------------------------------


def module_expr(m: nn.Module) -> str:
    """Python source that builds a module equal to ``m`` (same type and sizes)."""
    act = torch_source(m)  # an activation record's module
    if act is not None:
        return act
    if isinstance(m, nn.Flatten):
        return "nn.Flatten()"
    if isinstance(m, nn.Linear):
        return f"nn.Linear({m.in_features}, {m.out_features})"
    if isinstance(m, nn.Conv2d):
        extra = f", stride={m.stride[0]}" if m.stride[0] != 1 else ""
        return f"nn.Conv2d({m.in_channels}, {m.out_channels}, {m.kernel_size[0]}{extra}, padding={m.padding[0]})"
    if isinstance(m, nn.ConvTranspose2d):
        return (
            f"nn.ConvTranspose2d({m.in_channels}, {m.out_channels}, {m.kernel_size[0]}, "
            f"stride={m.stride[0]}, padding={m.padding[0]}, output_padding={tuple(m.output_padding)})"
        )
    if isinstance(m, nn.MaxPool2d):
        return f"nn.MaxPool2d({m.kernel_size})"
    if isinstance(m, nn.AvgPool2d):
        return f"nn.AvgPool2d({m.kernel_size})"
    if isinstance(m, nn.BatchNorm1d | nn.BatchNorm2d):
        return f"nn.{type(m).__name__}({m.num_features})"
    if isinstance(m, nn.LayerNorm):
        return f"nn.LayerNorm({m.normalized_shape[0]})"
    if isinstance(m, nn.Dropout):
        return f"nn.Dropout({m.p!r})"
    raise CodegenError("code.error.module", f"no exporter for {type(m).__name__}")


def _sequential_src(model: nn.Module, doc: str) -> str:
    lines = "".join(
        f'                    ("{name}", {module_expr(m)}),\n'
        for name, m in model.net.named_children()
    )
    return f'''\
class Net(nn.Module):
    """{doc}"""

    def __init__(self):
        super().__init__()
        # named as on the page: the page's weights download (safetensors) loads here
        self.net = nn.Sequential(
            OrderedDict(
                [
{lines}                ]
            )
        )

    def forward(self, x):
        return self.net(x)
'''


def _rnn_src(model: nn.Module) -> str:
    rnn = model.rnn
    cls = type(rnn).__name__
    kw = f', nonlinearity="{rnn.nonlinearity}"' if cls == "RNN" else ""
    onehot = (
        f"        x = F.one_hot(x.long(), {model.vocab}).float()  # character ids → one-hot\n"
        if model.vocab
        else ""
    )
    read = "hs" if model.every_step else "hs[:, -1]"
    what = "every step's hidden state" if model.every_step else "the last hidden state"
    return f'''\
class Net(nn.Module):
    """{cls} (batch first) and a linear read-out of {what}."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.{cls}({rnn.input_size}, {rnn.hidden_size}, {rnn.num_layers}, batch_first=True{kw})
        self.out = nn.Linear({model.out.in_features}, {model.out.out_features})

    def forward(self, x):
{onehot}        hs, _ = self.rnn(x)  # hidden states of the top layer, (B, T, H)
        return self.out({read})
'''


def _mlp_ae_src(model: nn.Module) -> str:
    enc = "".join(f"                {module_expr(m)},\n" for m in model.encoder)
    n = len(model.encoder)
    act = module_expr(model.act)
    encode = ["        h = x.reshape(len(x), -1)\n"]
    for i in range(n):
        if i < n - 1:
            encode.append(f"        h = self.act(self.encoder[{i}](h))\n")
        else:
            encode.append(f"        h = self.encoder[{i}](h)  # the code layer is linear\n")
    decode = []
    for j in range(n):
        if model.tied:
            lin = f"F.linear(h, self.encoder[{n - 1 - j}].weight.t(), self.dec_bias[{j}])"
        else:
            lin = f"self.decoder[{j}](h)"
        decode.append(
            f"        h = self.act({lin})\n"
            if j < n - 1
            else f"        h = {lin}  # linear output\n"
        )
    if model.tied:
        sizes = ", ".join(str(len(b)) for b in model.dec_bias)
        dec = (
            "        # tied: the decoder uses the encoder's transposed weights, its own biases\n"
            "        self.dec_bias = nn.ParameterList(\n"
            f"            nn.Parameter(torch.zeros(b)) for b in ({sizes},)\n"
            "        )\n"
        )
    else:
        lines = "".join(f"                {module_expr(m)},\n" for m in model.decoder)
        dec = f"        self.decoder = nn.ModuleList(\n            [\n{lines}            ]\n        )\n"
    return f'''\
class Autoencoder(nn.Module):
    """Encoder h = f(x) (widths {" → ".join(map(str, model.widths))}), decoder x̂ = g(h) its mirror."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.ModuleList(
            [
{enc}            ]
        )
{dec}        self.act = {act}

    def encode(self, x):
{"".join(encode)}        return h

    def decode(self, h):
{"".join(decode)}        return h.reshape(len(h), *{model.input_shape!r})

    def forward(self, x):
        return self.decode(self.encode(x))
'''


def _conv_ae_src(model: nn.Module) -> str:
    convs = "".join(f"                {module_expr(m)},\n" for m in model.convs)
    deconvs = "".join(f"                {module_expr(m)},\n" for m in model.deconvs)
    nc, nd = len(model.convs), len(model.deconvs)
    enc = "".join(f"        h = self.act(self.convs[{i}](h))\n" for i in range(nc))
    dec = "".join(
        f"        z = self.act(self.deconvs[{i}](z))\n"
        if i < nd - 1
        else f"        z = self.deconvs[{i}](z)  # linear output\n"
        for i in range(nd)
    )
    return f'''\
class Autoencoder(nn.Module):
    """Stride-2 convolutions → linear code h ({model.bottleneck}) → transposed convolutions."""

    def __init__(self):
        super().__init__()
        self.convs = nn.ModuleList(
            [
{convs}            ]
        )
        self.code = {module_expr(model.code)}
        self.uncode = {module_expr(model.uncode)}
        self.deconvs = nn.ModuleList(
            [
{deconvs}            ]
        )
        self.act = {module_expr(model.act)}

    def encode(self, x):
        h = x
{enc}        return self.code(h.reshape(len(h), -1))

    def decode(self, h):
        z = self.act(self.uncode(h)).reshape(len(h), *{model.inner!r})
{dec}        return z

    def forward(self, x):
        return self.decode(self.encode(x))
'''


def _init_src(init: str, act: str) -> str:
    bias = "nn.init.zeros_(m.bias)"
    if init == "zeros":
        w, doc = "nn.init.zeros_(m.weight)", "every weight 0 (symmetry is never broken)"
    elif init == "uniform":
        w, doc = "nn.init.uniform_(m.weight, -0.5, 0.5)", "TF Playground's U(−0.5, 0.5), biases 0.1"
        bias = "nn.init.constant_(m.bias, 0.1)"
    elif init == "small_uniform":
        w, doc = "nn.init.uniform_(m.weight, -0.05, 0.05)", "small U(−0.05, 0.05), biases 0"
    elif init == "normal":
        w, doc = "nn.init.normal_(m.weight, 0.0, 1.0)", "N(0, 1), biases 0"
    elif init == "xavier":
        gain = ACTIVATIONS[act].gain
        w = f"nn.init.xavier_uniform_(m.weight, gain={gain!r})"
        doc = f"Xavier / Glorot uniform (gain {gain:.4g}), biases 0"
    elif init == "he":
        w, doc = 'nn.init.kaiming_normal_(m.weight, nonlinearity="relu")', "He normal, biases 0"
    else:
        raise CodegenError("code.error.init", f"no exporter for init {init!r}", name=init)
    return f'''\
def init_weights(model):
    """The page's initialisation: {doc}."""
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d, nn.ConvTranspose2d)):
            {w}
            if m.bias is not None:
                {bias}
'''


def _build_model(cfg: ExperimentConfig, dataset: Dataset) -> nn.Module:
    """The dlcore model, without touching the caller's random state."""
    with torch.random.fork_rng(devices=[]):
        return FAMILIES[cfg.model.family].build_model(cfg, dataset)


# -- objective -------------------------------------------------------------------------
_OUT = {
    "sigmoid": "torch.sigmoid(z)",
    "softmax": "torch.softmax(z, dim=-1)",
    "tanh": "torch.tanh(z)",
    "linear": "z",
}


def _supervised_src(task: str, output: str, loss: str, n_out: int) -> tuple[str, str]:
    """(criterion source, description) for the feedforward / CNN objective."""
    if loss == "bce":
        body = "    return F.binary_cross_entropy_with_logits(z.reshape(-1), y.to(z.dtype).reshape(-1))\n"
        desc = "binary cross-entropy on a sigmoid output (fused, stable)"
    elif loss == "ce":
        body = "    return F.cross_entropy(z, y.long())\n"
        desc = "cross-entropy on a softmax output (fused, stable)"
    else:
        if output == "softmax":
            target = "    t = F.one_hot(y.long(), pred.shape[-1]).to(pred.dtype)\n"
        elif task != REGRESSION and n_out > 1:
            target = "    t = F.one_hot(y, pred.shape[-1]).to(pred.dtype)  # class → one-hot\n"
            if output == "tanh":
                target += "    t = 2 * t - 1  # 0 / 1 → ±1\n"
        else:
            target = "    t = y.to(pred.dtype).reshape(pred.shape)\n"
            if output == "tanh" and task != REGRESSION:
                target += "    t = 2 * t - 1  # labels 0 / 1 → ±1\n"
        half = "0.5 * " if loss == "mse_half" else ""
        body = (
            f"    pred = {_OUT[output]}\n{target}"
            f"    return {half}((pred - t) ** 2).sum(-1).mean()\n"
        )
        desc = ("½" if half else "") + f"squared error ‖y − ŷ‖² on a {output} output"
    src = f'def criterion(z, y):\n    """The loss: {desc}, averaged over examples."""\n{body}'
    return src, desc


def _predict_src(task: str, output: str, n_out: int) -> str:
    p = _OUT[output]
    if task == BINARY and output == "tanh":
        ret = f"({p}.reshape(-1) + 1) / 2"
    elif task == BINARY and n_out == 2:
        ret = f"{p}[:, 1]"
    elif task == BINARY or (task == REGRESSION and n_out == 1):
        ret = f"{p}.reshape(-1)"
    else:
        ret = p
    return f'def predict(z):\n    """Model output → prediction (probability of class 1, or the value)."""\n    return {ret}\n'


_R2 = '''\
def r2_score(pred, y):
    """R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²."""
    if pred.numel() != y.numel():
        return float("nan")
    y = y.to(pred.dtype).reshape(pred.shape)
    ss_tot = float(((y - y.mean()) ** 2).sum())
    if not ss_tot > 0:
        return float("nan")
    return 1.0 - float(((y - pred) ** 2).sum()) / ss_tot
'''


def _objective_src(cfg: ExperimentConfig, dataset: Dataset, n_out: int) -> tuple[list[str], str]:
    """(function sources, evaluate body) — ``loss_fn(model, xb, yb)`` and ``evaluate``."""
    from dlcore.objectives import resolve_loss, resolve_output

    fam = cfg.model.family
    tc = cfg.train
    if fam in ("mlp", "cnn"):
        output = resolve_output(cfg, dataset)
        loss = resolve_loss(cfg, dataset, output)
        crit, _ = _supervised_src(dataset.task, output, loss, n_out)
        parts = [crit]
        parts.append("def loss_fn(model, xb, yb):\n    return criterion(model(xb), yb)\n")
        ev = ["    z = model(x)\n", '    out = {"loss": float(criterion(z, y))}\n']
        if dataset.task == BINARY:
            parts.append(_predict_src(dataset.task, output, n_out))
            ev.append(
                '    out["acc"] = float(((predict(z) > 0.5).long() == y.long()).float().mean())\n'
            )
        elif dataset.task == MULTICLASS:
            ev.append('    out["acc"] = float((z.argmax(-1) == y).float().mean())\n')
        else:
            parts += [_predict_src(dataset.task, output, n_out), _R2]
            ev.append('    out["r2"] = r2_score(predict(z), y)\n')
        return parts, "".join(ev) + "    return out\n"
    if fam == "rnn":
        if dataset.x_train.ndim == 2:
            parts = [
                "def loss_fn(model, xb, yb):\n"
                '    """Next-character cross-entropy, averaged over every step (nats)."""\n'
                "    z = model(xb)\n"
                "    return F.cross_entropy(z.reshape(-1, z.shape[-1]), yb.reshape(-1).long())\n"
            ]
            ev = (
                "    z = model(x)\n"
                "    flat = z.reshape(-1, z.shape[-1])\n"
                '    out = {"loss": float(F.cross_entropy(flat, y.reshape(-1).long()))}\n'
                '    out["acc"] = float((flat.argmax(-1) == y.reshape(-1)).float().mean())\n'
            )
        elif dataset.task in (BINARY, MULTICLASS):
            parts = [
                "def loss_fn(model, xb, yb):\n"
                '    """Cross-entropy of the class read from the last hidden state."""\n'
                "    return F.cross_entropy(model(xb), yb.long())\n"
            ]
            ev = (
                "    z = model(x)\n"
                '    out = {"loss": float(F.cross_entropy(z, y.long()))}\n'
                '    out["acc"] = float((z.argmax(-1) == y).float().mean())\n'
            )
        else:
            parts = [
                "def loss_fn(model, xb, yb):\n"
                '    """Mean squared error of the prediction made at the last step."""\n'
                "    pred = model(xb)\n"
                "    return F.mse_loss(pred, yb.reshape(pred.shape).to(pred.dtype))\n",
                _R2,
            ]
            ev = (
                "    pred = model(x)\n"
                '    out = {"loss": float(F.mse_loss(pred, y.reshape(pred.shape).to(pred.dtype)))}\n'
                '    out["r2"] = r2_score(pred, y)\n'
            )
        return parts, ev + "    return out\n"
    # autoencoder: L = ‖x − g(f(x̃))‖² + λ Ω(h) + μ ‖h‖₁
    reg = []
    if tc.code_l2 > 0:
        reg.append(
            f"    reg = reg + {tc.code_l2!r} * torch.linalg.vector_norm(h, ord=2, dim=-1).mean()\n"
        )
    if tc.code_l1 > 0:
        reg.append(f"    reg = reg + {tc.code_l1!r} * h.abs().sum(-1).mean()\n")
    parts_fn = (
        "def ae_loss(model, x_in, x_target):\n"
        '    """‖x − x̂‖² per example (+ the penalties on the code h), averaged over the batch."""\n'
        "    h = model.encode(x_in)\n"
        "    x_hat = model.decode(h)\n"
        "    recon = ((x_hat - x_target) ** 2).reshape(len(x_hat), -1).sum(-1).mean()\n"
        + (
            "    reg = torch.zeros((), device=h.device)\n"
            + "".join(reg)
            + "    return recon + reg\n"
            if reg
            else "    return recon\n"
        )
    )
    if tc.input_noise > 0:
        lf = (
            "def loss_fn(model, xb, yb):\n"
            f'    """Denoising: reconstruct the clean x from x̃ = x + {tc.input_noise!r}·ε, ε ~ N(0, I)."""\n'
            f"    return ae_loss(model, xb + {tc.input_noise!r} * torch.randn_like(xb), xb)\n"
        )
    else:
        lf = (
            "def loss_fn(model, xb, yb):\n"
            '    """Unsupervised: the labels yb are never read."""\n'
            "    return ae_loss(model, xb, xb)\n"
        )
    return [parts_fn, lf], '    return {"loss": float(ae_loss(model, x, x))}\n'


_OPTIM = {
    "sgd": "torch.optim.SGD(model.parameters(), lr={lr!r})",
    "momentum": "torch.optim.SGD(model.parameters(), lr={lr!r}, momentum={m!r})",
    "nesterov": "torch.optim.SGD(model.parameters(), lr={lr!r}, momentum={m!r}, nesterov=True)",
    "rmsprop": "torch.optim.RMSprop(model.parameters(), lr={lr!r})",
    "adam": "torch.optim.Adam(model.parameters(), lr={lr!r})",
}


def _penalty_src(cfg: ExperimentConfig) -> str:
    tc = cfg.train
    if tc.l1 <= 0 and tc.l2 <= 0:
        return ""
    lines = ""
    if tc.l2 > 0:
        lines += f"                total = total + {tc.l2!r} * (w * w).sum()\n"
    if tc.l1 > 0:
        lines += f"                total = total + {tc.l1!r} * w.abs().sum()\n"
    return lines


# -- the script ------------------------------------------------------------------------
def script(cfg: ExperimentConfig, dataset: Dataset | None = None) -> str:
    """The standalone PyTorch script of ``cfg`` (text). ``dataset``: the config's data if
    already built (only its shapes and, for text, its corpus are read)."""
    if cfg.data.name not in DATASETS:
        raise CodegenError(
            "code.error.dataset", f"unknown dataset {cfg.data.name!r}", name=cfg.data.name
        )
    if dataset is None:
        dataset = build_dataset(cfg.data)
    fam = cfg.model.family
    model = _build_model(cfg, dataset)
    data_parts, make_data = _data_src(cfg, dataset)
    tc = cfg.train

    if fam == "mlp":
        h = " → ".join(map(str, [dataset.n_features, *cfg.model.hidden, model.n_out]))
        model_src = _sequential_src(
            model,
            f"Multilayer perceptron {h}; the output layer is linear (its activation is in the loss).",
        )
    elif fam == "cnn":
        model_src = _sequential_src(
            model, "Convolutions (same padding) → activation → pooling, then a dense head."
        )
    elif fam == "rnn":
        model_src = _rnn_src(model)
    elif getattr(model, "convs", None) is not None:
        model_src = _conv_ae_src(model)
    else:
        model_src = _mlp_ae_src(model)
    model_cls = "Autoencoder" if fam == "ae" else "Net"

    extra: list[str] = []
    if fam == "rnn":
        from dlcore.models import rnn as rnn_mod

        init_call = ""
        if cfg.model.spectral_radius > 0:
            extra.append(_src(rnn_mod.spectral_init_))
            init_call = "".join(
                f"    spectral_init_(model.rnn.weight_hh_l{i}, {cfg.model.spectral_radius!r}, "
                f"{cfg.model.hidden_size})\n"
                for i in range(cfg.model.num_layers)
            )
    else:
        extra.append(_init_src(cfg.model.init, cfg.model.activation))
        init_call = "    init_weights(model)\n"

    n_out = model.out.out_features if hasattr(model, "out") else 0
    if fam in ("mlp", "cnn"):
        n_out = model.net.out.out_features
    obj_parts, eval_body = _objective_src(cfg, dataset, n_out)
    optim = _OPTIM[tc.optimizer].format(lr=tc.lr, m=tc.momentum)
    n_train = len(dataset.x_train)
    bs = tc.batch_size
    batch_size = n_train if bs <= 0 or bs > n_train else bs
    pen = _penalty_src(cfg)
    clip = tc.clip_grad

    imports = ["import argparse", "import copy", "import json", "import math", "import time"]
    if "OrderedDict" in model_src:
        imports.append("from collections import OrderedDict")
    imports += ["", "import numpy as np", "import torch", "import torch.nn.functional as F"]
    if cfg.data.name == "digits":
        imports.append("from sklearn.datasets import load_digits")
    imports.append("from torch import nn")

    header = f'''\
"""DL Playground experiment as a standalone PyTorch script (it does not need dlcore).

    python experiment.py --steps 1000

prints one JSON line of final metrics, the same numbers as
``python -m dlcore run CONFIG.json --steps 1000`` on the CPU (float32).

data: {cfg.data.name} · model: {fam} · optimizer: {tc.optimizer} (lr {tc.lr}) · seed {cfg.seed}
"""

from __future__ import annotations

{chr(10).join(imports)}

SEED = {cfg.seed}  # seed of the initialisation and of the batch order
'''

    penalty_block = ""
    if pen:
        penalty_block = (
            "            # L1 / L2 penalty on every weight (not the biases), as the playground's\n"
            "            total = torch.zeros((), device=device)\n"
            "            for w in weights:\n"
            f"{pen}"
            "            loss = loss + total\n"
        )

    clip_block = ""
    if clip > 0:
        clip_block = f"""\
            grad_norm = float(nn.utils.clip_grad_norm_(model.parameters(), {clip!r}))
            if not math.isfinite(grad_norm):
                stopped = "train.stop.grad_nonfinite"
                break
"""

    target_block, restore_if = "", "stopped is not None"
    checks = ""
    if tc.stop_acc > 0 and '"acc"' in eval_body:
        checks += (
            f'                if ev["acc"] >= {tc.stop_acc!r}:\n'
            '                    stopped = "train.stop.target_acc"\n'
            "                    break\n"
        )
    if tc.stop_loss > 0:
        checks += (
            f'                if ev["loss"] <= {tc.stop_loss!r}:\n'
            '                    stopped = "train.stop.target_loss"\n'
            "                    break\n"
        )
    if checks:
        target_block = (
            "                # the stop condition: pause when the test metrics reach the target\n"
            "                ev = evaluate(model, x_test, y_test)\n"
            "                model.train()\n" + checks
        )
        restore_if = 'stopped is not None and not stopped.startswith("train.stop.target")'
    bs_line = f"    batch_size = {batch_size}\n" if batch_size < n_train else ""
    order_block = ""
    if batch_size < n_train:
        order_block = (
            "    gen = torch.Generator().manual_seed(SEED)  # the batch order has its own generator\n"
            "    order = torch.randperm(n, generator=gen).to(device)\n"
        )
    if batch_size >= n_train:
        batch_block = """\
            xb, yb = x_train, y_train  # full batch: one step is one epoch
            epoch += 1
"""
    else:
        batch_block = """\
            idx = order[cursor : cursor + batch_size]
            cursor += batch_size
            if cursor >= n:  # end of an epoch: a new random order
                cursor = 0
                epoch += 1
                order = torch.randperm(n, generator=gen).to(device)
            xb, yb = x_train[idx], y_train[idx]
"""

    main = f'''\
@torch.no_grad()
def evaluate(model, x, y):
    """Loss (and accuracy / R²) on a whole set, in eval mode."""
{eval_body}

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000, help="optimizer updates (default 1000)")
    parser.add_argument("--device", default="cpu", help="cpu or cuda (default cpu)")
    args = parser.parse_args()
    device = torch.device(args.device)

    x_train, y_train, x_test, y_test = (torch.as_tensor(a, device=device) for a in make_data())
    torch.manual_seed(SEED)
    model = {model_cls}()
{init_call}    model.to(device)
    optimizer = {optim}
{"    weights = [p for name, p in model.named_parameters() if name.endswith('weight')]" + chr(10) if pen else ""}
    n = len(x_train)
{bs_line}{order_block}    cursor, epoch, step = 0, 0, 0
    first_loss, stopped = None, None
    t0 = time.perf_counter()
    while step < args.steps and stopped is None:
        # keep the last good state: a diverging run goes back to it
        good = copy.deepcopy((model.state_dict(), optimizer.state_dict()))
        chunk_end = min(step + {CLI_CHUNK}, args.steps)
        model.train()
        while step < chunk_end:
{batch_block}            loss = loss_fn(model, xb, yb)
{penalty_block}            value = loss.item()
            if not math.isfinite(value):
                stopped = "train.stop.nonfinite"
                break
            if first_loss is None:
                first_loss = value
            if value > max(1e6, 1e4 * first_loss):
                stopped = "train.stop.exploded"
                break
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
{clip_block}            optimizer.step()
            step += 1
            if step % {EVAL_EVERY} == 0 or step == chunk_end:
                if not all(bool(torch.isfinite(p).all()) for p in model.parameters()):
                    stopped = "train.stop.params_nonfinite"
                    break
{target_block}        if {restore_if}:
            model.load_state_dict(good[0])
            optimizer.load_state_dict(good[1])
    seconds = time.perf_counter() - t0

    model.eval()
    metrics = {{
        "steps": step,
        "epochs": round(epoch + cursor / max(1, n), 4),
        "wall_seconds": round(seconds, 4),
        "n_params": sum(p.numel() for p in model.parameters()),
    }}
    for name, (x, y) in (("train", (x_train, y_train)), ("test", (x_test, y_test))):
        for k, v in evaluate(model, x, y).items():
            metrics[f"{{name}}_{{k}}"] = v if math.isfinite(v) else None
    metrics["stopped"] = stopped
    print(json.dumps(metrics))


if __name__ == "__main__":
    main()
'''
    blocks = [header, "\n# -- data " + "-" * 78 + "\n", *data_parts, make_data]
    blocks += ["\n# -- model " + "-" * 77 + "\n", model_src, *extra]
    blocks += ["\n# -- training " + "-" * 74 + "\n", *obj_parts, main]
    return "\n\n".join(b.strip("\n") + "\n" for b in blocks if b.strip())
