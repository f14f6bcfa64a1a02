"""Classroom: per-session limits, lecture mode, presenter mode, hosting files."""

from __future__ import annotations

import os
import re
import tomllib

import pytest

from dlcore import config as C
from dlcore import i18n, lecture, limits
from dlcore.i18n.classroom import MESSAGES
from tests.conftest import ROOT, app_test, assert_clean
from ui import presenter

# -- limits ------------------------------------------------------------------------------------


def test_clamp_config_caps_and_explains():
    L = limits.Limits()
    big = C.ExperimentConfig().with_(
        data={"n_points": 5000, "seq_len": 400, "image_size": 32},
        model={"hidden": (512,) * 12, "hidden_size": 256, "num_layers": 4, "channels": (128, 8)},
        train={"batch_size": 100_000},
    )
    cfg, hits = limits.clamp_config(big, L)
    assert len(cfg.model.hidden) == L.max_layers and max(cfg.model.hidden) == L.max_width
    assert cfg.data.seq_len == L.max_seq_len and cfg.model.num_layers == L.max_num_layers
    assert cfg.model.channels == (L.max_channels, 8) and cfg.train.batch_size == L.max_batch
    fields = [h.kwargs["field"] for h in hits]
    assert fields.count("m.hidden") == 2  # too many layers, too wide: two reasons
    assert {"d.seq_len", "m.num_layers", "m.channels", "t.batch_size"} <= set(fields)
    for h in hits:
        for lang in ("zh", "en"):
            assert str(h.kwargs["limit"]) in h.message(lang)
    same, none = limits.clamp_config(C.ExperimentConfig(), L)
    assert same == C.ExperimentConfig() and none == []


def test_limits_from_env_and_budget():
    L = limits.Limits.from_env(
        {
            "DLP_LIMIT_MAX_PARAMS": "1000",
            "DLP_LIMIT_MAX_UPDATE_S": "0.05",
            "DLP_LIMIT_MAX_GRID": "x",
        }
    )
    assert (
        L.max_params == 1000 and L.max_update_s == 0.05 and L.max_grid == limits.Limits().max_grid
    )
    limits.TICKS.reset()
    assert limits.update_budget(10.0, None, L) == (0.05, L.max_steps_per_update)
    assert limits.update_budget(0.01, 10**9, L) == (0.01, L.max_steps_per_update)
    assert limits.grid_size(10_000, L) == L.max_grid and limits.grid_size(-5, L) == 2


def test_live_ticks_share_the_cpu_fairly():
    """Many sessions ticking at once get shorter ticks, never below the floor."""
    L = limits.Limits()
    limits.TICKS.reset()
    assert limits.update_budget(0.12, None, L, now=100.0)[0] == 0.12  # alone: untouched
    limits.TICKS.reset()
    got = [limits.update_budget(0.12, None, L, now=200.0 + i / 100)[0] for i in range(100)]
    assert got[0] == 0.12  # the first ticks of a quiet second are not cut
    capacity = L.cpu_share * (os.cpu_count() or 1)
    assert got[-1] == max(L.min_update_s, capacity / 100) < 0.12
    limits.TICKS.reset()


def test_playing_sessions_counted_and_crowding():
    """Sessions that ticked in the last window count as playing; a full class makes
    each live view cheaper by the crowding factor."""
    live = limits._LiveSessions(window_s=3.0)
    assert live.note("a", now=10.0) == 1
    assert live.note("a", now=10.5) == 1  # the same session twice
    assert live.note("b", now=11.0) == 2
    assert live.count(now=13.7) == 1  # "a" last ticked 3.2 s before: gone; "b" 2.7 s: counts
    assert live.count(now=13.7, include="z") == 2 and live.count(now=13.7, include="b") == 1
    assert live.note("c", now=20.0) == 1  # both others expired
    L = limits.Limits()
    full = L.full_rate_sessions_per_core * 2
    assert limits.crowding(1, L, cores=2) == 1.0
    assert limits.crowding(int(full), L, cores=2) == 1.0
    assert limits.crowding(int(10 * full), L, cores=2) == pytest.approx(10.0)


@pytest.mark.parametrize(
    "fn,args,key",
    [
        (limits.check_image_size, (20000, 20000), "limits.image"),
        (limits.check_image_size, (0, 10), "limits.image"),
        (limits.check_table, (10**6, 3), "limits.table"),
        (limits.check_text, ("a" * 300_000,), "limits.text"),
        (limits.check_upload, (b"0" * (11 * 2**20),), "limits.upload"),
    ],
)
def test_refusals_have_messages(fn, args, key):
    with pytest.raises(limits.LimitError) as err:
        fn(*args)
    assert err.value.key == key
    for lang in ("zh", "en"):
        assert "{" not in i18n.t(key, lang, **err.value.kwargs)


def test_trainer_refuses_too_many_parameters():
    from dlcore.train import Trainer

    cfg = C.ExperimentConfig().with_(model={"hidden": (256, 256, 256, 256, 256)})
    with pytest.raises(C.ConfigError) as err:
        Trainer(cfg, max_params=limits.LIMITS.max_params)
    assert err.value.key == "limits.params"


# -- i18n ----------------------------------------------------------------------------------------


def test_classroom_messages_complete():
    han = re.compile(r"[\u4e00-\u9fff]")
    for key, (zh, en) in MESSAGES.items():
        assert zh.strip() and en.strip(), key
        assert han.search(zh), key
        assert set(re.findall(r"{(\w+)", zh)) == set(re.findall(r"{(\w+)", en)), key


# -- lecture mode --------------------------------------------------------------------------------


def test_lecture_path_follows_registered_pages():
    steps = lecture.steps()
    registered = [f for sec, lst in lecture.registered_pages().items() for f, *_ in lst]
    for s in steps:
        assert s.page in registered and (ROOT / s.page).is_file()
        assert i18n.has(s.note_key) and i18n.has(s.title_key)
        assert s.note_key.startswith("lecture.s."), f"{s.page}: no step of its own"
    order = [s.page for s in steps]
    assert order == sorted(order, key=registered.index)  # the lecture's order
    for presets in lecture.CURATED.values():  # every preset is a valid config query
        for query, note in presets:
            _, notices = C.from_query(query)
            assert not notices, (query, notices)
            assert i18n.has(note)


def test_lecture_page_next_previous_and_step_url():
    steps = lecture.steps()
    assert len(steps) >= 2, "the lecture has a step per chapter page"
    at = app_test("pages/lecture.py", lang="en")
    assert_clean(at)
    assert at.query_params["step"] == ["1"] or at.query_params["step"] == "1"
    at.button(key="lecture.btn_next").click().run()
    assert at.session_state["lecture.idx"] == 1
    notes = {i18n.t(steps[1].note_key, lg) for lg in i18n.LANGS}
    assert any(n in m.value for m in at.markdown for n in notes)
    at.button(key="lecture.btn_prev").click().run()
    assert at.session_state["lecture.idx"] == 0
    at = app_test("pages/lecture.py", lang="zh", query={"step": str(len(steps))})
    assert at.session_state["lecture.idx"] == len(steps) - 1
    assert at.button(key="lecture.btn_next").disabled
    at = app_test("pages/lecture.py", lang="en", query={"step": "banana"})
    assert_clean(at)
    assert at.session_state["lecture.idx"] == 0
    assert any("banana" in w.value for w in at.warning)


# -- presenter mode --------------------------------------------------------------------------


def _css(at) -> str:
    """The style-only st.html goes to the event container (AppTest keeps it only for
    the main script's own page, so these tests stay on Home)."""
    return " ".join(str(e.proto.body) for e in at._tree.children[2].children.values())


def test_presenter_mode_and_hide_are_sanitised():
    at = app_test(
        None,
        lang="en",
        query={"present": "1", "hide": "sidebar,share,ff.train.lr,}body{display:none"},
    )
    assert_clean(at)
    assert at.session_state["_present"] is True
    assert at.session_state["_hide"] == ["sidebar", "share", "ff.train.lr"]
    css = _css(at)
    assert "font-size: 18px" in css and ".st-key-ff-train-lr" in css and "stSidebar" in css
    assert "zoom" not in css  # the layout reflows for the projector, never zooms
    assert "}body{" not in css
    at.query_params.pop("present")
    at.query_params.pop("hide")
    at.switch_page(str(ROOT / "pages/lecture.py")).run()  # the choice stays without the URL
    assert at.session_state["_present"] is True and len(at.session_state["_hide"]) == 3
    at = app_test(None, lang="en", query={"present": "maybe"})
    assert at.session_state["_present"] is False
    assert any("maybe" in w.value for w in at.sidebar.warning)
    assert "font-size: 18px" not in _css(at) and "stSidebarNavLink" in _css(at)


def _has_then_combinator(css: str) -> list[str]:
    """Selectors in ``css`` with a ``:has(…)`` followed by a sibling or child combinator."""
    found = []
    for sel in re.findall(r"([^{}]+)\{", css):
        for m in re.finditer(r":has\(", sel):
            depth, i = 1, m.end()
            while depth and i < len(sel):
                depth += {"(": 1, ")": -1}.get(sel[i], 0)
                i += 1
            if re.match(r"[^,]*?[~+>]", sel[i:].split(",")[0]):
                found.append(sel.strip())
    return found


def test_presenter_css_has_no_has_before_a_sibling_or_child_combinator():
    """``:has(h1) ~ …`` made Chrome restyle every later block on each change inside the
    page: Plotly's tick labels took /gd 28 s to draw in presenter mode (ui/presenter.py)."""
    assert _has_then_combinator("a:has(h1) ~ b { x: 1 } c > d:has(> e) { y: 2 }") == [
        "a:has(h1) ~ b"
    ]
    assert _has_then_combinator(presenter._PRESENT_CSS + presenter._LAYOUT_CSS) == []
    at = app_test(None, lang="en", query={"present": "1"})
    assert _has_then_combinator(_css(at)) == [] and ".st-key-lecture_bar" in _css(at)


# -- hosting files -------------------------------------------------------------------------------


def test_streamlit_config_limits():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["maxUploadSize"] <= 10
    assert cfg["client"]["showErrorDetails"] in (False, "none")
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["server"]["disconnectedSessionTTL"] <= 60
    assert cfg["server"]["runOnSave"] is False and cfg["server"]["fileWatcherType"] == "none"
    assert "cookieSecret" not in cfg["server"]  # per deployment, never in git


def test_dockerfile_is_slim_cpu_nonroot_with_healthcheck():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.1\d-slim", text, re.M)
    assert "download.pytorch.org/whl/cpu" in text
    assert re.search(r"^USER (?!root)\w+", text, re.M)
    assert "HEALTHCHECK" in text and "/_stcore/health" in text
    ignore = (ROOT / ".dockerignore").read_text().split()
    assert ".git" in ignore and "tests" in ignore


def test_deploy_doc_covers_cloud_docker_replicas():
    doc = (ROOT / "docs" / "deploy.md").read_text()
    for must in ("Community Cloud", "extra-index-url", "+cpu", "docker run", "cookieSecret",
                 "sticky", "deploy/nginx.conf", "present=1"):  # fmt: skip
        assert must in doc, must
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header Upgrade" in nginx and re.search(r"\bhash \$\w+ consistent;", nginx)
