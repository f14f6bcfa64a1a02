"""The layout check of every page (tests/browser/test_layout.py) and the presenter-mode
screenshots (bench/screens.py): the page list from ui/shell.py's navigation table, a
wait for a page to settle, and the in-page check for clipped text and too-wide figures."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def page_paths() -> list[str]:
    """The url path of every page, in the navigation's order (``PAGES`` in ui/shell.py,
    read as a literal: importing the shell would run it)."""
    tree = ast.parse((ROOT / "ui" / "shell.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
            if isinstance(target, ast.Name) and target.id == "PAGES":
                table = ast.literal_eval(node.value)
                return [path for rows in table.values() for *_, path in rows]
    raise LookupError("no PAGES table in ui/shell.py")


# Resolves once the page has settled: the script idle, every live view (ui/live_js.py)
# mounted with its controls labelled and its first frame and figures drawn (a part with
# the controls only, such as /ff's, keeps an empty body: its first frame counts), every Plotly chart drawn, and no DOM change for 300 ms.
# Polls every 50 ms; gives up after ``limit`` ms (the check then reports what it sees).
SETTLE_JS = """
(limit) => new Promise((done) => {
  let last = performance.now();
  const obs = new MutationObserver(() => { last = performance.now(); });
  obs.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const t0 = performance.now();
  const ready = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stSkeleton"], .stSpinner')) return false;
    for (const c of document.querySelectorAll('[data-testid^="stBidiComponent"]'))
      if (!c.querySelector('.dlp-live')) return false;
    for (const b of document.querySelectorAll('.dlp-play')) if (!b.textContent) return false;
    for (const l of document.querySelectorAll('.dlp-live')) {  // each part drawn: a driver
      // (it holds the bar) once it has shown its first frame, for a bar-only part has an empty body
      if (l.querySelector(':scope > .dlp-bar') ? !(Number(l.dataset.frames) >= 1)
          : !(l.querySelector(':scope > .dlp-body') || {}).firstChild) return false;
    }
    for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
      if (!c.querySelector('.main-svg')) return false;
    for (const p of document.querySelectorAll('.dlp-plot'))
      if (!p.querySelector('.main-svg')) return false;
    return true;
  };
  const tick = () => {
    const now = performance.now();
    if ((ready() && now - last > 300) || now - t0 > limit) { obs.disconnect(); done(now - t0); }
    else setTimeout(tick, 50);
  };
  tick();
})
"""

# Every clipped text and every too-wide figure on the page, as plain records:
# - a title, label, metric, option, button or formula whose box hides part of its text
#   (it clips or scrolls horizontally, or ends in an ellipsis: scrollWidth > clientWidth);
# - a Plotly text (title, subplot title, axis title, tick, legend) outside its figure;
# - a figure, image or canvas wider than its column.
# Tables and code blocks scroll on purpose and are left out, and so is what is hidden
# (a collapsed sidebar, screen-reader-only copies such as KaTeX's MathML).
CHECK_JS = """
() => {
  const out = [];
  const seen = new Set();
  const add = (r) => { const k = r.kind + '|' + r.where + '|' + r.text; if (!seen.has(k)) { seen.add(k); out.push(r); } };
  const text = (e) => (e.innerText || e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 90);
  const where = (e) => {
    const k = e.closest('[class*="st-key-"]');
    const key = k ? [...k.classList].find((c) => c.startsWith('st-key-')) : '';
    const t = e.closest('[data-testid]');
    return (t ? t.dataset.testid : e.tagName.toLowerCase()) + (key ? ' ' + key.slice(7) : '');
  };
  // boxes that scroll on purpose (the page, the sidebar) and what lies inside a table,
  // a code block, a chart (checked below) or a screen-reader-only copy
  const SELF = '[data-testid="stMain"], [data-testid="stSidebarContent"], [data-testid="stSidebarUserContent"], '
    + '[data-testid="stSidebarNavItems"], [data-testid="stSkipToContent"]';
  const INSIDE = '[data-testid="stDataFrame"], [data-testid="stTable"], [data-testid="stCode"], pre, textarea, '
    + '.js-plotly-plot, .katex-mathml';
  const hidden = (e) => e.closest('[data-testid="stSidebar"][aria-expanded="false"]');
  for (const e of document.querySelectorAll('[data-testid="stApp"] *')) {
    if (!(e instanceof HTMLElement) || e.offsetParent === null || e.clientWidth < 3) continue;
    const cs = getComputedStyle(e);
    if (cs.overflowX === 'visible' && cs.textOverflow !== 'ellipsis') continue;
    if (e.scrollWidth <= e.clientWidth + 2) continue;  // KaTeX overhangs its box by 1-2 px
    if (e.matches(SELF) || e.closest(INSIDE) || hidden(e)) continue;
    const s = text(e);
    if (s) add({kind: 'clipped text', where: where(e), text: s, detail: `${e.scrollWidth}px in ${e.clientWidth}px`});
  }
  const colOf = (e) => e.parentElement.closest('[data-testid="stColumn"], .dlp-col, [data-testid="stMainBlockContainer"], [data-testid="stSidebarUserContent"]');
  for (const f of document.querySelectorAll('.js-plotly-plot, .dlp-map, [data-testid="stImage"] img, [data-testid="stMain"] canvas')) {
    if (f.offsetParent === null || hidden(f)) continue;
    const r = f.getBoundingClientRect();
    const col = colOf(f);
    if (col && r.width > 0) {
      const c = col.getBoundingClientRect();
      if (r.right > c.right + 2 || r.left < c.left - 2)
        add({kind: 'figure wider than its column', where: where(f), text: (f.querySelector('.gtitle') || {}).textContent || f.tagName.toLowerCase(),
             detail: `${Math.round(r.width)}px in ${Math.round(c.width)}px`});
    }
    if (!f.classList.contains('js-plotly-plot')) continue;
    for (const t of f.querySelectorAll('svg text')) {
      const s = (t.textContent || '').trim();
      const b = t.getBoundingClientRect();
      if (!s || b.width === 0 || getComputedStyle(t).visibility === 'hidden' || t.closest('.hoverlayer')) continue;
      const cut = [r.left - b.left, b.right - r.right, r.top - b.top, b.bottom - r.bottom].map((v) => Math.round(v));
      const worst = Math.max(...cut);
      if (worst > 1)
        add({kind: 'plot text outside its figure', where: where(f), text: s.slice(0, 90),
             detail: `${worst}px over its ${['left', 'right', 'top', 'bottom'][cut.indexOf(worst)]} edge`});
    }
  }
  return out;
}
"""


_CLICK_NAV = """(p) => {
  const a = [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')]
    .find((l) => new URL(l.href).pathname.split('/').pop() === p);
  if (a) a.click();
  return !!a;
}"""
DEFAULT = "home"  # the default page (ui/shell.py): its address is the app's root
_TITLE = "() => (document.querySelector('h1') || {}).textContent || ''"


def visit(pg: Any, base: str, path: str, query: str) -> None:
    """Open page ``path``: the first time with a page load (``?query`` sets the session's
    language and presenter flags), then through the navigation as a user does (the same
    session: no reload of the app's JavaScript, about 40 % faster), and let it settle."""
    url = "" if path == DEFAULT else path
    old = pg.evaluate(_TITLE) if pg.url.startswith(base) else None
    if old is None or not pg.evaluate(_CLICK_NAV, url):
        pg.goto(f"{base}/{url}?{query}")
    else:  # wait for the new page's title, then for the page to settle
        pg.wait_for_function(
            "(old) => { const h = document.querySelector('h1'); return h && h.textContent !== old; }",
            arg=old,
            timeout=60_000,
        )
    settle(pg)


def settle(pg: Any, limit_ms: int = 30_000) -> float:
    """Wait until the page has settled (see SETTLE_JS); returns the wait in ms."""
    return pg.evaluate(SETTLE_JS, limit_ms)


def problems(pg: Any) -> list[dict[str, str]]:
    """What CHECK_JS finds on the page now, and any dialog left open over it (such as
    Streamlit's "Page not found")."""
    out = pg.evaluate(CHECK_JS)
    dialog = pg.locator('[role="dialog"]')
    if dialog.count() and dialog.first.is_visible():
        out.append({"kind": "dialog open", "where": "page", "text": dialog.first.inner_text()[:90]})
    return out


# Where a live view's controls and its first figure are, against the first screen
# (presenter mode must show both without scrolling), and the page's zoom (none).
FIRST_SCREEN_JS = """
() => {
  const box = (e) => { if (!e) return null; const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height}; };
  const vis = (sel) => [...document.querySelectorAll(sel)]  // the highest one on the page
    .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height > 40)
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
  return {
    vh: window.innerHeight,
    play: box(document.querySelector('.dlp-play')),
    speed: box(document.querySelector('.dlp-speed')),
    figure: box(vis('.dlp-live .dlp-plot, .dlp-live .dlp-map')),
    zoom: getComputedStyle(document.querySelector('[data-testid="stMain"]')).zoom,
  };
}
"""


def first_screen(pg: Any) -> list[str]:
    """What presenter mode fails to show on the first screen: the live view's Play and
    speed controls (whole), the top of its first figure (in the upper 80 %), no zoom."""
    s = pg.evaluate(FIRST_SCREEN_JS)
    vh, bad = s["vh"], []
    for name in ("play", "speed"):
        b = s[name]
        if b is None or b["top"] < 0 or b["bottom"] > vh:
            bad.append(f"{name} control not on the first screen: {b} (height {vh})")
    f = s["figure"]
    if f is None or f["top"] > 0.8 * vh:
        bad.append(f"live figure starts below the first screen's upper 80 %: {f} (height {vh})")
    if str(s["zoom"]) not in ("1", "normal"):
        bad.append(f"the page is zoomed ({s['zoom']}); presenter mode reflows instead")
    return bad
