"""Feedforward page: the live canvas (several snapshots per message, animated in the browser).

A ``run_every`` fragment tops out near 5–7 reruns/s, so each tick trains in
``N_FRAMES`` slices and ships one boundary map per slice; the component's
JavaScript plays them back evenly over the tick. Not a page of its own.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dlcore import limits
from dlcore.data.toy2d import featurize
from dlcore.figures.ff import encode_frame, encode_points, grid_points, to_signed
from dlcore.train import Trainer

RES = 48  # boundary map resolution on the canvas
N_FRAMES = 16  # snapshots per message
TICK_S = 0.3  # run_every of the canvas fragment
BUDGET_S = 0.12  # torch time per tick, split across the frames
MAX_TICK_S = 1.5  # slowest pace on a crowded server
MAX_FRAMES = 48


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
export default function(component){
 const {data, parentElement}=component; if(!data) return;
 let S=parentElement.__ff;
 if(!S){S={queue:[],seq:-1,drawn:0,timer:null,lut:lut()};parentElement.__ff=S;
  const w=document.createElement('div');
  w.innerHTML='<canvas width="420" height="420" style="width:100%;max-width:460px;border:1px solid #ccc"></canvas>'+
   '<div class="ff-live-info" style="font:14px sans-serif;margin-top:4px"></div>';
  parentElement.appendChild(w); S.canvas=w.querySelector('canvas'); S.info=w.querySelector('.ff-live-info');
  S.off=document.createElement('canvas');}
 S.data=data;
 if(data.seq!==S.seq){S.seq=data.seq; for(const f of data.frames) S.queue.push(f);
  const now=performance.now(); if(S.t0){const dt=Math.min(2000,now-S.t0); S.period=S.period?0.7*S.period+0.3*dt:dt;} S.t0=now;
  while(S.queue.length>2*data.frames.length) S.queue.shift();}
 const draw=(f)=>{const d=S.data,n=d.res,z=b64(f.z),off=S.off;off.width=n;off.height=n;
  const ctx=off.getContext('2d'),img=ctx.createImageData(n,n);
  for(let r=0;r<n;r++)for(let c=0;c<n;c++){let v=z[(n-1-r)*n+c];
   if(d.discretize)v=v>=128?255:0;const o=(r*n+c)*4;
   img.data[o]=S.lut[v*3];img.data[o+1]=S.lut[v*3+1];img.data[o+2]=S.lut[v*3+2];img.data[o+3]=255;}
  ctx.putImageData(img,0,0);const cv=S.canvas,g=cv.getContext('2d'),W=cv.width,H=cv.height;
  g.imageSmoothingEnabled=true;g.drawImage(off,0,0,W,H);
  const key=(d.train||'')+'|'+(d.test||'');
  if(S.ptsKey!==key){const pc=document.createElement('canvas');pc.width=W;pc.height=H;const q=pc.getContext('2d');
   for(const [pts,stroke] of [[d.train,'#fff'],[d.test,'#222']]){if(!pts)continue;const p=b64(pts);
    for(let i=0;i+2<p.length;i+=3){const v=p[i+2];q.beginPath();q.arc(p[i]/255*W,(1-p[i+1]/255)*H,3.5,0,6.3);
     q.fillStyle='rgb('+S.lut[v*3]+','+S.lut[v*3+1]+','+S.lut[v*3+2]+')';q.fill();q.strokeStyle=stroke;q.lineWidth=1;q.stroke();}}
   S.pts=pc;S.ptsKey=key;}
  g.drawImage(S.pts,0,0);
  S.drawn++;S.info.dataset.epoch=f.epoch;S.info.dataset.frames=S.drawn;S.info.dataset.msgs=S.seq;
  S.info.textContent=d.labels.epoch+' '+f.epoch.toFixed(1)+' · '+d.labels.loss+' '+f.train_loss.toFixed(4)+
   ' / '+f.test_loss.toFixed(4)+(f.test_acc!==null?' · '+d.labels.acc+' '+(100*f.test_acc).toFixed(1)+'%':'');};
 if(S.timer===null){const loop=()=>{if(!S.canvas.isConnected){S.timer=null;return;}
   const f=S.queue.shift(); if(f) draw(f); else if(S.last!==S.seq&&S.lastFrame) draw(S.lastFrame);
   if(f) S.lastFrame=f; S.last=S.seq; S.timer=setTimeout(loop,S.period?Math.max(30,S.period/Math.max(1,S.data.frames.length)):S.data.interval_ms);};loop();}
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
    tr: Trainer, n_frames: int = N_FRAMES, budget_s: float = BUDGET_S, res: int = RES
) -> list[dict[str, Any]]:
    """Train ``budget_s`` seconds in ``n_frames`` slices, one snapshot after each.

    The frames are the cheap part (a 48×48 forward pass each); the browser's cost is
    per message, so a crowded server keeps the frames and lets messages space out,
    while ``limits.update_budget`` shares the torch time (see ``limits.crowding``).
    """
    secs, steps = limits.update_budget(budget_s)  # hosting caps per live update
    limits.LIVE.note(session_id())
    out = []
    for _ in range(n_frames):
        tr.step(time_budget_s=secs / n_frames, max_steps=max(1, steps // n_frames))
        out.append(frame(tr, res))
        if tr.stop is not None:
            break
    return out


def point_payload(tr: Trainer, show_test: bool) -> dict[str, str | None]:
    ds = tr.dataset
    task = ds.task

    def vals(y: np.ndarray) -> np.ndarray:
        return to_signed(y, task) if task == "regression" else 2 * np.asarray(y, np.float32) - 1

    train = encode_points(ds.meta["points_train"], vals(ds.y_train))
    test = encode_points(ds.meta["points_test"], vals(ds.y_test)) if show_test else None
    return {"train": train, "test": test}


def canvas(key: str, frames: list[dict[str, Any]], points: dict, discretize: bool, labels) -> None:
    """Mount the canvas with this tick's frames (played back over one tick)."""
    seq = st.session_state.get(f"{key}._seq", 0) + 1
    st.session_state[f"{key}._seq"] = seq
    data = {
        "seq": seq,
        "res": RES,
        "frames": frames,
        "interval_ms": int(1000 * TICK_S / max(1, len(frames))),
        "discretize": discretize,
        "labels": labels,
        **points,
    }
    _component()(data=data, key=f"{key}.canvas", height=470)
