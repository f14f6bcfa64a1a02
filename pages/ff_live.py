"""Feedforward page: the live canvas (several snapshots per update, animated in the browser).

Each update trains in ``N_FRAMES`` slices and ships one boundary map per slice; the
component's JavaScript plays them back evenly until the next update. On a
``streamlit run`` server the canvas fetches its updates itself over the live
channel (pages/live_channel.py: no script run per update, which is what costs a
browser tab most); elsewhere a ``run_every`` fragment sends them. Not a page of its own.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dlcore import limits, live
from dlcore.data.toy2d import featurize
from dlcore.figures.ff import encode_frame, encode_points, grid_points, to_signed
from dlcore.train import Trainer
from pages import live_channel

RES = 48  # boundary map resolution on the canvas
N_FRAMES = 16  # snapshots per message
TICK_S = 0.3  # run_every of the canvas fragment
BUDGET_S = 0.12  # torch time per tick, split across the frames
MAX_TICK_S = 1.5  # slowest pace on a crowded server
MAX_FRAMES = 48
CHANNEL_MAX_TICK_S = 0.5  # live channel: an update at least this often, however crowded
SIDE_LEVELS = (1.5, 5.0, 15.0, 30.0)  # side-chart refresh (s): alone … a full class
SETTLE_S = 10.0  # after Play, the side charts keep their pace this long before re-pacing


def channel_pace(n_playing: int) -> float:
    """Seconds between a canvas's polls on the live channel, where an update costs the
    browser a fetch and a few small canvas draws, not a script run: every 0.3 s alone,
    0.5 s at most however crowded. How much each poll brings is the workers' fair
    share (dlcore/live.work_once), not set here."""
    return min(CHANNEL_MAX_TICK_S, TICK_S * limits.crowding(n_playing))


def side_every(n_playing: int) -> float:
    """Seconds between refreshes of the side charts while playing. Each refresh is a
    Streamlit run (server) and a React + Plotly render (browser), the costly kind, so
    it spaces out with the square of the crowding, in coarse steps: a page re-registers
    its pace only when the step changes, not whenever a student joins."""
    want = 1.5 * limits.crowding(n_playing) ** 2
    return next((s for s in SIDE_LEVELS if s >= want * 0.8), SIDE_LEVELS[-1])


def pace(n_playing: int) -> tuple[float, int, float]:
    """(tick seconds, frames per message, torch seconds per tick) for a server with
    ``n_playing`` sessions playing. The browser's cost is per message (a Streamlit
    fragment run), a frame is cheap: a crowded server sends messages less often, each
    with more frames, so every student still sees the boundary move smoothly."""
    crowd = limits.crowding(n_playing)
    tick = min(MAX_TICK_S, TICK_S * crowd)
    k = tick / TICK_S
    return tick, min(MAX_FRAMES, round(N_FRAMES * k)), BUDGET_S * k


_JS = r"""
const NEG=[0xf5,0x93,0x22], POS=[0x08,0x77,0xbd];
function lut(){const t=new Uint8Array(256*3);for(let i=0;i<256;i++){const z=i/127.5-1;
 const c=z>=0?POS:NEG, a=Math.abs(z);for(let k=0;k<3;k++)t[i*3+k]=Math.round(255+(c[k]-255)*a);}return t;}
function b64(s){const b=atob(s),u=new Uint8Array(b.length);for(let i=0;i<b.length;i++)u[i]=b.charCodeAt(i);return u;}
function push(S,frames){if(!frames||!frames.length)return; S.msgs++; for(const f of frames) S.queue.push(f);
 const now=performance.now(); if(S.t0){const dt=Math.min(2000,now-S.t0); S.period=S.period?0.7*S.period+0.3*dt:dt;}
 S.t0=now; S.nf=frames.length; while(S.queue.length>2*frames.length) S.queue.shift();}
// The 48x48 map goes into a 48x48 canvas that CSS scales (the browser's compositor does
// the smoothing); the points sit on a second canvas above it, drawn only when they change.
// A frame is one small putImageData, cheap even for 20 tabs sharing two cores.
function draw(S,f){const d=S.data,n=d.res,z=b64(f.z),cv=S.canvas;
 if(cv.width!==n){cv.width=n;cv.height=n;S.img=null;}
 const g=cv.getContext('2d'); if(!S.img) S.img=g.createImageData(n,n); const px=S.img.data;
 for(let r=0;r<n;r++)for(let c=0;c<n;c++){let v=z[(n-1-r)*n+c];
  if(d.discretize)v=v>=128?255:0;const o=(r*n+c)*4;
  px[o]=S.lut[v*3];px[o+1]=S.lut[v*3+1];px[o+2]=S.lut[v*3+2];px[o+3]=255;}
 g.putImageData(S.img,0,0);
 const key=(d.train||'')+'|'+(d.test||'');
 if(S.ptsKey!==key){const pc=S.pts,W=pc.width,H=pc.height,q=pc.getContext('2d');q.clearRect(0,0,W,H);
  for(const [pts,stroke] of [[d.train,'#fff'],[d.test,'#222']]){if(!pts)continue;const p=b64(pts);
   for(let i=0;i+2<p.length;i+=3){const v=p[i+2];q.beginPath();q.arc(p[i]/255*W,(1-p[i+1]/255)*H,3.5,0,6.3);
    q.fillStyle='rgb('+S.lut[v*3]+','+S.lut[v*3+1]+','+S.lut[v*3+2]+')';q.fill();q.strokeStyle=stroke;q.lineWidth=1;q.stroke();}}
  S.ptsKey=key;}
 if(S.hist.length&&f.step<S.hist[S.hist.length-1][3]) S.hist=[];  // Reset: a new run
 S.hist.push([f.epoch,f.train_loss,f.test_loss,f.step]); if(S.hist.length>4000) S.hist=S.hist.filter((_,i)=>i%2==0);
 const now=performance.now(); if(!S.sparkAt||now-S.sparkAt>1000){S.sparkAt=now;spark(S);}
 S.drawn++;S.info.dataset.epoch=f.epoch;S.info.dataset.frames=S.drawn;S.info.dataset.msgs=S.msgs;S.info.dataset.mounts=S.mounts;
 S.info.textContent=d.labels.epoch+' '+f.epoch.toFixed(1)+' \u00b7 '+d.labels.loss+' '+f.train_loss.toFixed(4)+
  ' / '+f.test_loss.toFixed(4)+(f.test_acc!==null?' \u00b7 '+d.labels.acc+' '+(100*f.test_acc).toFixed(1)+'%':'');}
// Train / test loss over the frames seen (log scale): the curve moves with the boundary.
function spark(S){const c=S.spark,h=S.hist,d=S.data,r=window.devicePixelRatio||1;
 const W=c.clientWidth||420,H=c.clientHeight||90;  // drawn at its size on screen: crisp text
 if(c.width!==Math.round(W*r)||c.height!==Math.round(H*r)){c.width=Math.round(W*r);c.height=Math.round(H*r);}
 const g=c.getContext('2d'); g.setTransform(r,0,0,r,0,0); g.clearRect(0,0,W,H); if(h.length<2) return;
 const L=(v)=>Math.log10(Math.max(v,1e-6)); let lo=1e9,hi=-1e9;
 for(const p of h)for(const v of [p[1],p[2]]){const y=L(v);if(y<lo)lo=y;if(y>hi)hi=y;}
 if(hi-lo<1e-3){hi+=0.5;lo-=0.5;} const x0=h[0][0],x1=Math.max(h[h.length-1][0],x0+1e-9);
 const X=(e)=>34+(W-40)*(e-x0)/(x1-x0), Y=(v)=>6+(H-22)*(hi-L(v))/(hi-lo);
 g.strokeStyle='#ddd';g.lineWidth=1;g.strokeRect(34,6,W-40,H-22);
 g.fillStyle='#555';g.font='12px sans-serif';g.fillText(Math.pow(10,hi).toPrecision(2),0,14);
 g.fillText(Math.pow(10,lo).toPrecision(2),0,H-16);
 for(const [k,col,dash] of [[1,'#1f77b4',[]],[2,'#ff7f0e',[5,3]]]){g.beginPath();g.setLineDash(dash);
  g.strokeStyle=col;g.lineWidth=2;h.forEach((p,i)=>{const x=X(p[0]),y=Y(p[k]);i?g.lineTo(x,y):g.moveTo(x,y);});g.stroke();}
 g.setLineDash([]);g.fillStyle='#1f77b4';g.fillText('\u2014 '+d.labels.train,40,H-3);
 g.fillStyle='#ff7f0e';g.fillText('- - '+d.labels.test,40+g.measureText('\u2014 '+d.labels.train).width+16,H-3);}
function loop(S){if(!S.canvas.isConnected){S.timer=null;return;}
 const f=S.queue.shift(); if(f){draw(S,f);S.lastFrame=f;} else if(S.redraw&&S.lastFrame) draw(S,S.lastFrame);
 S.redraw=false;
 S.timer=setTimeout(()=>loop(S),S.period?Math.max(30,S.period/Math.max(1,S.nf||1)):S.data.interval_ms);}
// The live channel: fetch the next frames straight from the server, no script run.
// Three failed polls in a row (a proxy that does not pass the route, a replica that
// does not know the token) hand back to Streamlit for good: 'unreachable'.
async function poll(S){
 let fails=0, served=null;
 for(;;){const L=S.data.live; if(!L||!S.canvas.isConnected){S.polling=false;return;}
  const t0=performance.now(); let wait=L.tick_ms||300;
  try{const r=await fetch(L.url+'?t='+encodeURIComponent(L.token),{cache:'no-store',credentials:'same-origin'});
   if(r.status===404){if(S.data.live&&S.data.live.token!==L.token)continue;
    if(served===L.token) return end(S,'gone'); throw new Error('unknown token');}
   if(!r.ok) throw new Error(r.status);
   const j=await r.json(); if(!Array.isArray(j.frames)) throw new Error('not a live answer');
   fails=0; served=L.token; push(S,j.frames); if(j.stop) return end(S,'stop'); if(j.tick_ms) wait=j.tick_ms;
  }catch(e){if(++fails>=3) return end(S,'unreachable'); wait=1000;}
  await new Promise(ok=>setTimeout(ok,Math.max(0,wait-(performance.now()-t0))));}}
function end(S,why){S.polling=false; if(S.canvas.isConnected&&S.comp&&S.comp.setTriggerValue) S.comp.setTriggerValue('ended',why);}
export default function(component){
 const {data, parentElement}=component; if(!data) return;
 let S=parentElement.__ff;
 if(!S){S={queue:[],seq:-1,msgs:0,drawn:0,timer:null,lut:lut(),polling:false,hist:[]};parentElement.__ff=S;
  const w=document.createElement('div');
  w.innerHTML='<div style="position:relative;width:100%;max-width:460px;aspect-ratio:1;border:1px solid #ccc">'+
   '<canvas class="ff-live-map" width="48" height="48" style="position:absolute;inset:0;width:100%;height:100%"></canvas>'+
   '<canvas class="ff-live-pts" width="420" height="420" style="position:absolute;inset:0;width:100%;height:100%"></canvas></div>'+
   '<div class="ff-live-info" style="font:14px sans-serif;margin-top:4px"></div>'+
   '<canvas class="ff-live-loss" width="420" height="90" style="width:100%;max-width:460px;height:90px;margin-top:4px;display:block"></canvas>';
  parentElement.appendChild(w); S.canvas=w.querySelector('.ff-live-map'); S.pts=w.querySelector('.ff-live-pts'); S.info=w.querySelector('.ff-live-info');
  S.spark=w.querySelector('.ff-live-loss');
}
 S.data=data; S.comp=component; S.redraw=true;
 if(data.seq!==S.seq){S.seq=data.seq; S.mounts=(S.mounts||0)+1; push(S,data.frames);}
 if(S.timer===null) loop(S);
 if(data.live&&!S.polling){S.polling=true; poll(S);}
}
"""

_COMPONENT: Any = None


def _component() -> Any:
    global _COMPONENT
    if _COMPONENT is None:
        _COMPONENT = st.components.v2.component("ff_live_canvas", js=_JS)
    return _COMPONENT


def grid_z(tr: Trainer, res: int) -> np.ndarray:
    """The model's output over the plane in [−1, 1], (res, res), row 0 = bottom."""
    _, pts = grid_points(res)
    feats = tr.dataset.meta.get("features", ("x1", "x2"))
    z = to_signed(tr.predict(featurize(pts, feats)), tr.dataset.task)
    if z.ndim > 1:
        z = z[:, 0]
    return z.reshape(res, res)


def frame(tr: Trainer, res: int = RES) -> dict[str, Any]:
    """One snapshot: the boundary map plus the counters shown under it."""
    ev = tr.last_eval

    def num(k: str) -> float | None:
        v = ev.get(k)
        return float(v) if v is not None and np.isfinite(v) else None

    return {
        "z": encode_frame(grid_z(tr, res)),
        "epoch": round(tr.epoch_float, 3),
        "step": tr.step_count,
        "train_loss": num("train_loss") or 0.0,
        "test_loss": num("test_loss") or 0.0,
        "test_acc": num("test_acc"),
    }


def session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "local"


def n_playing() -> int:
    """Sessions playing on this server, this one included."""
    return limits.LIVE.count(include=session_id())


def train_frames(
    tr: Trainer,
    n_frames: int = N_FRAMES,
    budget_s: float = BUDGET_S,
    res: int = RES,
    session: str | None = None,
) -> list[dict[str, Any]]:
    """Train ``budget_s`` seconds in ``n_frames`` slices, one snapshot after each.

    The frames are the cheap part (a 48×48 forward pass each); the browser's cost is
    per message, so a crowded server keeps the frames and lets messages space out,
    while ``limits.update_budget`` shares the torch time (see ``limits.crowding``).
    """
    secs, steps = limits.update_budget(budget_s)  # hosting caps per live update
    limits.LIVE.note(session or session_id())
    out = []
    for _ in range(n_frames):
        tr.step(time_budget_s=secs / n_frames, max_steps=max(1, steps // n_frames))
        out.append(frame(tr, res))
        if tr.stop is not None:
            break
    return out


SLICE_S = BUDGET_S / N_FRAMES  # torch time per live-channel slice (one frame each)


def produce(tr: Trainer, session: str, params: dict[str, Any]) -> tuple[list[dict], bool]:
    """One live-channel slice, then one snapshot. A slice trains ``SLICE_S`` (within the
    hosting caps); while the server is not crowded, twice that and more, so that a
    student alone trains nearly all the time rather than waiting for the next poll."""
    if tr.stop is not None:
        return [], True
    steps = max(1, limits.LIMITS.max_steps_per_update // N_FRAMES)
    alone = limits.crowding(limits.LIVE.count()) <= 1.0
    tr.step(time_budget_s=SLICE_S * (2.25 if alone else 1.0), max_steps=steps)
    return [frame(tr, params.get("res", RES))], tr.stop is not None


def hint(session: str) -> dict[str, Any]:
    """Sent with every poll: the session counts as playing; when to poll next."""
    limits.LIVE.note(session)
    return {"tick_ms": int(1000 * channel_pace(limits.LIVE.count()))}


def open_live(key: str, tr: Trainer) -> dict[str, Any] | None:
    """The live channel for this session's canvas, or None where the server has none."""
    if not live_channel.available():
        return None
    tok = live.open_channel(session_id(), key, tr, produce, hint, res=RES)
    return {"url": live_channel.path(), "token": tok, "tick_ms": int(1000 * TICK_S)}


def close_live(key: str) -> None:
    live.close_channel(session_id(), key)


def point_payload(tr: Trainer, show_test: bool) -> dict[str, str | None]:
    ds = tr.dataset
    task = ds.task

    def vals(y: np.ndarray) -> np.ndarray:
        return to_signed(y, task) if task == "regression" else 2 * np.asarray(y, np.float32) - 1

    train = encode_points(ds.meta["points_train"], vals(ds.y_train))
    test = encode_points(ds.meta["points_test"], vals(ds.y_test)) if show_test else None
    return {"train": train, "test": test}


def canvas(
    key: str,
    frames: list[dict[str, Any]],
    points: dict,
    discretize: bool,
    labels,
    live: dict[str, Any] | None = None,
) -> Any:
    """Mount the canvas with this tick's frames (played back over one tick); with
    ``live`` (from ``open_live``) it then fetches its own updates until paused."""
    seq = st.session_state.get(f"{key}._seq", 0) + 1
    st.session_state[f"{key}._seq"] = seq
    data = {
        "seq": seq,
        "res": RES,
        "frames": frames,
        "interval_ms": int(1000 * TICK_S / max(1, len(frames))),
        "discretize": discretize,
        "labels": labels,
        "live": live,
        **points,
    }
    return _component()(
        data=data, key=f"{key}.canvas", height=570, on_ended_change=partial(_ended, key)
    )


def _ended(key: str) -> None:
    """A canvas stopped polling and set its ``ended`` trigger (a rerun follows). If the
    live route cannot be reached from this browser, this session goes back to the
    fragment loop instead of remounting a canvas that cannot poll."""
    state = st.session_state.get(f"{key}.canvas")
    why = getattr(state, "ended", None)
    if why is None and isinstance(state, dict):
        why = state.get("ended")
    if why == "unreachable":
        st.session_state[f"{key}._no_channel"] = True


def channel_ok(key: str) -> bool:
    """True when this session's canvas should fetch its own updates."""
    return live_channel.available() and not st.session_state.get(f"{key}._no_channel", False)
