"""GANs: a generator and a discriminator trained live on 2-D points, one phase at a time."""

from dataclasses import fields, replace
from functools import partial

import numpy as np
import streamlit as st

from dlcore import config as C
from dlcore import gan as G
from dlcore import presets
from dlcore.config import ConfigError
from dlcore.figures import gan as F
from ui.controls import Keys, device
from ui.form import seed, use
from ui.language import fmt, lang, show_notices, t
from ui.live import LiveView
from ui.presenter import under_the_view
from ui.share import show_gan

KEY = "gan"
PRESETS = ("healthy", "mode_collapse")
WIDGETS = ("target", "noise_dim", "g_width", "g_layers", "d_width", "d_layers", "activation",
           "g_lr", "d_lr", "k_d", "g_loss", "batch_size")  # fmt: skip
META = {f.name: f.metadata for f in fields(G.GanConfig)}
BOARD = np.stack(np.meshgrid(*[np.linspace(-2.75, 2.75, 23, dtype=np.float32)] * 2), -1)
BOARD = BOARD.reshape(-1, 2)  # the points a student can click or lasso on the drawing board
ss = st.session_state


def w(name: str) -> str:
    return f"gan.w.{name}"


def apply(cfg: G.GanConfig) -> None:
    """Set the widgets from a config (before they are drawn, or in a callback)."""
    ss["gan._cfg"] = cfg
    for name in WIDGETS:
        ss[w(name)] = getattr(cfg, name)


def from_url() -> None:
    """The config from ``?g.field=…`` on a fresh link; other pages' keys → 'unknown' notices."""
    shell = C.SHELL_KEYS | {"seed"}
    q = {k: st.query_params.get(k) for k in st.query_params.keys() if k not in shell}
    if st.query_params.get("page", KEY) != KEY:
        q = {}  # another page's config left in the URL: not ours to read
    if q and q != ss.get("gan._query"):
        cfg, notices = G.gan_from_query(q)
        notices += [C.Notice(k, "unknown", v[:40]) for k, v in q.items() if not k.startswith("g.")]
        apply(cfg)
        ss["gan._query"], ss["gan._notices"] = q, notices
    elif "gan._cfg" not in ss:
        apply(G.GanConfig())
    for name in WIDGETS:  # widgets forgotten after a page switch come back from the config
        ss.setdefault(w(name), getattr(ss["gan._cfg"], name))


def collect() -> G.GanConfig:
    cfg = replace(ss["gan._cfg"], **{n: ss[w(n)] for n in WIDGETS}, seed=seed())
    ss["gan._cfg"] = cfg
    q = {k: v for k, v in G.gan_to_query(cfg, base=G.GanConfig()).items() if k != "g.seed"}
    ss["gan._query"] = q
    if "lecture" in st.query_params and ss.setdefault("gan._lecture_cfg", cfg) == cfg:
        return cfg  # a lecture step's URL stays as it is until a setting changes (one Back)
    full = {"lang": lang(), "page": KEY, **({"seed": str(cfg.seed)} if cfg.seed else {}), **q}
    for k in ("present", "hide", "lecture"):  # presenter and lecture mode travel on
        if k in st.query_params:
            full[k] = st.query_params[k]
    if {k: st.query_params.get(k) for k in st.query_params.keys()} != full:
        st.query_params.from_dict(full)
    return cfg


def load_preset() -> None:
    name = ss.get("gan.preset")
    cfg = presets.read(f"gan_{name}", G.gan_from_json)
    if cfg is None:
        return
    use(cfg, apply)
    ss["gan._preset_note"], ss[Keys(KEY).reset] = name, True


def number(name: str, step: float, fmt: str | None = None) -> None:
    m = META[name]
    kind = type(getattr(G.GanConfig(), name))
    st.number_input(t(f"gan.{name}"), kind(m["lo"]), kind(m["hi"]), step=kind(step), format=fmt,
                    key=w(name), help=t(f"gan.{name}_help"))  # fmt: skip


def settings() -> None:
    st.selectbox(t("gan.preset"), PRESETS, key="gan.preset", format_func=fmt("gan.preset"))
    st.button(t("gan.load_preset"), key="gan.btn_preset", on_click=load_preset)
    if ss.get("gan._preset_note"):
        st.info(t(f"gan.preset_note.{ss['gan._preset_note']}"), icon="💡")
    st.selectbox(t("gan.target"), G.TARGETS, key=w("target"), format_func=fmt("gan.target"))
    if ss[w("target")] == "drawn":
        drawing_board()
    st.radio(t("gan.g_loss"), G.G_LOSSES, key=w("g_loss"), format_func=fmt("gan.loss"),
             help=t("gan.g_loss_help"))  # fmt: skip
    number("k_d", 1)
    c = st.columns(2)
    with c[0]:
        number("g_lr", 1e-4, "%.5f")
    with c[1]:
        number("d_lr", 1e-4, "%.5f")
    with st.expander(t("gan.networks")):
        c = st.columns(2)
        for i, name in enumerate(("g_width", "d_width", "g_layers", "d_layers")):
            with c[i % 2]:
                number(name, 1)
        number("noise_dim", 1)
        number("batch_size", 16)
        st.selectbox(t("gan.activation"), G.ACTS, key=w("activation"), format_func=fmt("act"))


def drawing_board() -> None:
    """Click or lasso the grid to add target points; Clear empties the board."""
    cfg = ss["gan._cfg"]
    pts = cfg.drawn_points()
    ev = ss.get("gan.board") or {}
    sel = [p for p in (ev.get("selection") or {}).get("points", []) if p.get("curve_number") == 2]
    picked = tuple((round(p["x"], 3), round(p["y"], 3)) for p in sel)
    if picked and picked != ss.get("gan._picked"):
        ss["gan._picked"] = picked
        pts = np.concatenate([pts, np.asarray(picked, np.float32)])
        ss["gan._cfg"] = cfg = cfg.with_points(pts)
    st.caption(t("gan.draw_help", n=len(pts), max=G.MAX_POINTS))
    fig = F.points_figure(pts, np.zeros((0, 2), np.float32), (t("gan.drawn"), ""),
                          click_grid=BOARD, real_style=(8, 0.9), height=300)  # fmt: skip
    st.plotly_chart(fig, key="gan.board", on_select="rerun", selection_mode=("points", "lasso"))

    def clear() -> None:
        ss["gan._cfg"] = ss["gan._cfg"].with_points([])

    st.button(t("gan.clear"), key="gan.btn_clear", on_click=clear)


def trainer(cfg: G.GanConfig) -> G.GanTrainer | None:
    """This session's GAN, rebuilt on Reset or a config change (a new learning rate is kept)."""
    keys = Keys(KEY)
    tr: G.GanTrainer | None = ss.get(keys.trainer)
    same = tr is not None and replace(tr.cfg, g_lr=cfg.g_lr, d_lr=cfg.d_lr) == cfg
    if tr is None or ss.pop(keys.reset, False) or not same:
        try:
            tr = G.GanTrainer(cfg, device=device())
        except ConfigError as err:
            st.info(t(err.key, **err.kwargs))
            ss.pop(keys.trainer, None)
            return None
        ss[keys.trainer], ss[keys.playing] = tr, False
    elif (tr.cfg.g_lr, tr.cfg.d_lr) != (cfg.g_lr, cfg.d_lr):
        tr.set_lr(cfg.g_lr, cfg.d_lr)
        tr.resume()
    return tr


def phases(tr: G.GanTrainer, view: LiveView) -> None:
    """Step D and Step G (one phase each, as GAN Lab does), beside the live view's Round."""

    def phase(fn) -> None:
        view.pause()
        tr.resume()
        with tr.lock:
            fn()

    c = st.columns(2)
    for col, name, fn in ((c[0], "step_d", tr.step_d), (c[1], "step_g", tr.step_g)):
        col.button(t(f"gan.{name}"), key=f"gan.btn_{name}", on_click=phase,
                   args=(fn,), help=t(f"gan.{name}_help", k=tr.cfg.k_d), use_container_width=True)  # fmt: skip


def step(tr: G.GanTrainer, n: int, budget_s: float) -> int:
    """One engine slice: rounds of k discriminator updates and one generator update."""
    if budget_s == float("inf"):
        return tr.step(n)
    return tr.step(time_budget_s=budget_s, max_steps=min(n, 2_000))


def draw_numbers(s, tr: G.GanTrainer) -> None:
    """The counters and D's outputs (every frame while playing; quick, so Pause is)."""
    fr = tr.frame()
    c = s.columns(5)
    c[0].metric(t("gan.d_steps"), fr.d_steps)
    c[1].metric(t("gan.g_steps"), fr.g_steps)
    c[2].metric(t("gan.d_real"), f"{fr.d_real:.2f}", help=t("gan.d_real_help"))
    c[3].metric(t("gan.d_fake"), f"{fr.d_fake:.2f}", help=t("gan.d_fake_help"))
    cov = "–" if fr.covered is None else f"{int(fr.covered.sum())} / 8"
    c[4].metric(t("gan.modes"), cov, help=t("gan.modes_help"))


def draw(s, tr: G.GanTrainer, log_y: bool = False) -> None:
    """The four figures of one state: only pure figure calls on ``tr.frame()``."""
    fr = tr.frame()
    real_fake = (t("gan.real"), t("gan.fake"))
    gauss8 = tr.cfg.target == "gauss8"
    left, right = s.columns(2)
    left.plotly_chart(F.points_figure(
        fr.real, fr.fake, real_fake, centres=G.gauss8_centres() if gauss8 else None,
        covered=fr.covered, centre_names=(t("gan.mode_hit"), t("gan.mode_missed")),
        title=t("gan.fig_points")), key="gan.fig_points")  # fmt: skip
    right.plotly_chart(F.discriminator_figure(
        fr.grid, fr.d_grid, fr.real, fr.fake, ("D(x)", *real_fake), title=t("gan.fig_d")),
        key="gan.fig_d")  # fmt: skip
    left.plotly_chart(F.gradient_figure(
        fr.fake, fr.grad, fr.grid, fr.d_grid, ("D(x)", t("gan.fake"), t("gan.arrows"),
        t("gan.real")), real=fr.real, title=t("gan.fig_grad")), key="gan.fig_grad")  # fmt: skip
    mm = tr.cfg.g_loss == "minimax"  # its L_G = log(1 − ½) = −log 2 at the equilibrium
    refs = [(G.LOG4, "2 log 2"), (-G.LOG2, "−log 2") if mm else (G.LOG2, "log 2")]
    right.plotly_chart(F.gan_loss_figure(
        fr.d_x, fr.d_loss, fr.g_x, fr.g_loss, ("L_D", "L_G"), t("gan.updates"), t("train.loss"),
        log_y=log_y, refs=refs, title=t("gan.fig_loss")), key="gan.fig_loss")  # fmt: skip


st.title(t("gan.title"))
st.markdown(t("gan.lead"))
from_url()
show_notices(ss.pop("gan._notices", []))
side, main = st.columns([1, 2.8], gap="large")
with side:
    settings()
cfg = collect()
with main:
    maths = st.container()  # above the live view (under it in presenter mode)
    tr = trainer(cfg)
    if tr is not None:
        log_y = st.toggle(t("gan.log_y"), key="gan.log_y")
        view = LiveView(KEY, tr, {"main": draw_numbers, "planes": partial(draw, log_y=log_y)},
                        every={"planes": 0.25}, step=step, epoch_button=False,
                        frame_every_s=0.08, budget_s=0.25)  # fmt: skip
        phases(tr, view)
        view.part("main")
        view.part("planes")
    with under_the_view(maths):
        st.latex(r"\min_G \max_D\; V(D,G) = \mathbb{E}_{x\sim p_{data}}[\log D(x)]"
                 r" + \mathbb{E}_{z\sim p_z}[\log(1 - D(G(z)))]")  # fmt: skip
        st.latex(r"L_D = -\mathbb{E}[\log D(x)] - \mathbb{E}[\log(1 - D(G(z)))],\quad "
                 + (r"L_G = \mathbb{E}[\log(1 - D(G(z)))]" if cfg.g_loss == "minimax"
                    else r"L_G = -\mathbb{E}[\log D(G(z))]"))  # fmt: skip
        st.caption(t(f"gan.loss_note.{cfg.g_loss}"))
with st.expander(t("share.title")):  # its config for the CLI, and Show the code
    show_gan(cfg)
