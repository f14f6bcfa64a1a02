"""The client view library (JavaScript of the ``dlp_live`` component), one for every page.

A page's view is one or more *parts* (components mounted where the page wants them).
The driver part holds the controls (Play/Pause, Step, Step epoch, Reset, speed) and
polls the live route; every frame names the parts it updates and the others keep what
they show. A part is a list of ops recorded by ui/surface.Recorder: rows of columns,
metrics, texts, Plotly figures (``Plotly.react``, the bundle served by the route) and
the feedforward boundary map (a 48×48 canvas the compositor scales). Pause acts here at
once (frames in flight are dropped) and the engine answers with the model's final
frame; then one Streamlit run shows the paused page (the ``paused`` trigger).
"""

CSS = r"""
.dlp-live{font-family:inherit;color:inherit}
.dlp-bar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.25rem 0 .75rem}
.dlp-bar button{font:inherit;font-size:1rem;padding:.35rem .9rem;border-radius:.5rem;cursor:pointer;
 border:1px solid rgba(49,51,63,.2);background:#fff;color:rgb(49,51,63);min-height:2.5rem}
.dlp-bar button:hover{border-color:#ff4b4b;color:#ff4b4b}
.dlp-bar button.dlp-primary{background:#ff4b4b;border-color:#ff4b4b;color:#fff;min-width:7.5rem}
.dlp-bar button.dlp-primary:hover{background:#ff3333;color:#fff}
.dlp-bar button:disabled{color:rgba(49,51,63,.4);border-color:rgba(49,51,63,.1);cursor:default}
.dlp-bar label{display:flex;gap:.4rem;align-items:center;font-size:.95rem}
.dlp-bar select{font:inherit;padding:.3rem;border-radius:.4rem;border:1px solid rgba(49,51,63,.2)}
.dlp-row{display:flex;gap:1rem;flex-wrap:wrap;width:100%}
.dlp-col{min-width:0;flex-basis:0}
.dlp-metric{margin:.1rem 0 .5rem;min-width:0}
.dlp-ml{font-size:.875rem;color:rgba(49,51,63,.75);overflow-wrap:anywhere}
.dlp-mv{font-size:clamp(1.25rem,2.2vw,2rem);line-height:1.25;overflow-wrap:anywhere;font-variant-numeric:tabular-nums}
.dlp-plot{width:100%;min-height:40px}
.dlp-cap{font-size:.875rem;color:rgba(49,51,63,.65);margin:.25rem 0}
.dlp-h{font-size:1.35rem;font-weight:600;margin:.75rem 0 .25rem}
.dlp-md{margin:.25rem 0}
.dlp-ok{padding:.6rem .9rem;border-radius:.5rem;margin:.4rem 0;background:rgba(33,195,84,.1);color:#177233}
.dlp-err{padding:.6rem .9rem;border-radius:.5rem;margin:.4rem 0;background:rgba(255,43,43,.09);color:#7d353b}
.dlp-code{font-family:'Source Code Pro',monospace;font-size:.875rem;white-space:pre-wrap;background:rgb(240,242,246);padding:.75rem 1rem;border-radius:.5rem;margin:.4rem 0;overflow-wrap:anywhere}
.dlp-warn,.dlp-info{padding:.6rem .9rem;border-radius:.5rem;margin:.4rem 0}
.dlp-warn{background:rgba(255,227,18,.15);color:#926c05}
.dlp-info{background:rgba(28,131,225,.1);color:#004280}
.dlp-map{position:relative;width:100%;max-width:460px;aspect-ratio:1;border:1px solid #ccc}
.dlp-map canvas.m,.dlp-map canvas.p{position:absolute;inset:0;width:100%;height:100%}
.dlp-spark{width:100%;max-width:460px;height:90px;display:block;margin-top:4px}
.dlp-tex{font-family:'KaTeX_Main','Times New Roman',serif;font-size:1.15rem;text-align:center;margin:.5rem 0;overflow-wrap:anywhere}
.dlp-prog{margin:.25rem 0 .5rem}
.dlp-progt{font-size:.875rem;margin-bottom:.25rem;font-variant-numeric:tabular-nums}
.dlp-progb{height:.5rem;border-radius:.25rem;background:rgba(49,51,63,.12);overflow:hidden}
.dlp-progb>div{height:100%;background:#ff4b4b;width:0}
.dlp-mapinfo{font-size:.95rem;margin-top:4px;font-variant-numeric:tabular-nums}
"""

JS = r"""
const REG = (window.__dlp = window.__dlp || {views: {}, plotly: null});
function loadPlotly(url){
 if(window.Plotly) return Promise.resolve(window.Plotly);
 if(REG.plotly) return REG.plotly;
 REG.plotly = new Promise((ok, bad)=>{const s=document.createElement('script'); s.src=url; s.async=true;
  s.onload=()=>window.Plotly?ok(window.Plotly):bad(new Error('no Plotly'));
  s.onerror=()=>{REG.plotly=null; s.remove(); bad(new Error('plotly.js unreachable'));};
  document.head.appendChild(s);});
 return REG.plotly;}
const el=(tag,cls)=>{const e=document.createElement(tag); if(cls) e.className=cls; return e;};
const clean=(s)=>String(s).replace(/\*\*|__|`/g,'').replace(/\$([^$]*)\$/g,'$1');
function sig(ops){return JSON.stringify(ops.map(o=>o.t==='cols'?['c',o.w,o.c.map(sig)]:o.t==='box'?['b',sig(o.c)]:[o.t,o.k||'']));}
function build(parent, ops, nodes){
 for(const o of ops){let n, nd;
  if(o.t==='cols'){n=el('div','dlp-row'); nd={t:'cols',subs:[]};
   o.w.forEach((w,i)=>{const c=el('div','dlp-col'); c.style.flexGrow=w; n.appendChild(c); const sub=[]; build(c,o.c[i],sub); nd.subs.push(sub);});}
  else if(o.t==='box'){n=el('div','dlp-box'); nd={t:'box',sub:[]}; build(n,o.c,nd.sub);}
  else if(o.t==='metric'){n=el('div','dlp-metric'); n.appendChild(el('div','dlp-ml')); n.appendChild(el('div','dlp-mv')); nd={t:'metric',el:n};}
  else if(o.t==='plot'){n=el('div','dlp-plot'); n.dataset.key=o.k; nd={t:'plot',el:n};}
  else if(o.t==='map'){n=el('div','dlp-mapwrap'); nd=mapNode(n);}
  else if(o.t==='prog'){n=el('div','dlp-prog'); n.append(el('div','dlp-progt'),el('div','dlp-progb')); n.lastChild.append(el('div')); nd={t:'prog',el:n};}
  else {n=el('div','dlp-'+o.t); nd={t:o.t,el:n};}
  parent.appendChild(n); nodes.push(nd);}}
function fill(nodes, ops){
 ops.forEach((o,i)=>{const nd=nodes[i]; if(!nd) return;
  if(o.t==='cols') o.c.forEach((c,j)=>fill(nd.subs[j],c));
  else if(o.t==='box') fill(nd.sub,o.c);
  else if(o.t==='metric'){nd.el.firstChild.textContent=clean(o.l); nd.el.lastChild.textContent=o.v;}
  else if(o.t==='plot') plot(nd,o.f);
  else if(o.t==='map') drawMap(nd,o);
  else if(o.t==='code') nd.el.textContent=o.v;
  else if(o.t==='prog'){nd.el.firstChild.textContent=clean(o.v); nd.el.lastChild.firstChild.style.width=(100*o.p)+'%';}
  else nd.el.textContent=clean(o.v);});}
const TPL={layout:{font:{family:'"Source Sans Pro","Source Sans 3",sans-serif',color:'rgb(49,51,63)',size:13},
 colorway:['#1f77b4','#ff7f0e','#2ca02c','#d62728','#9467bd','#8c564b','#e377c2','#7f7f7f','#bcbd22','#17becf'],
 paper_bgcolor:'rgba(0,0,0,0)',plot_bgcolor:'rgba(0,0,0,0)',
 xaxis:{gridcolor:'#e6eaf1',zerolinecolor:'#d5dae5',linecolor:'#d5dae5',automargin:true},
 yaxis:{gridcolor:'#e6eaf1',zerolinecolor:'#d5dae5',linecolor:'#d5dae5',automargin:true}}};
// the template at the page's type size: presenter mode (ui/presenter.py) sets a larger root
// font, and the figures' text grows with it (13 px at the default 16 px)
function tpl(){const r=parseFloat(getComputedStyle(document.documentElement).fontSize)||16, s=Math.round(13*r/16);
 if(s<=13) return TPL;
 if(!TPL.big||TPL.big.layout.font.size!==s) TPL.big={layout:Object.assign({},TPL.layout,{font:Object.assign({},TPL.layout.font,{size:s})})};
 return TPL.big;}
function plot(nd,f){
 const js=JSON.stringify(f); if(js===(nd.busy?nd.nextJs:nd.shown)) return;
 nd.next=f; nd.nextJs=js; if(nd.busy||!window.Plotly) return;
 const go=()=>{const g=nd.next; nd.next=null; if(!g){nd.busy=false; return;} nd.busy=true; nd.shown=nd.nextJs;
  const lay=Object.assign({},g.layout||{}); if(!lay.height) lay.height=340; lay.autosize=true; if(!lay.template||!lay.template.layout) lay.template=tpl();  // 'none' has no layout
  // the template's automargin does not reach the axes here: without it the tick labels and
  // axis titles of a figure with small margins (l=10) are cut off or overlap
  for(const k of Object.keys(lay)) if(/^[xy]axis\d*$/.test(k)) lay[k]=Object.assign({automargin:true},lay[k]);
  // a title and a legend above the plot both sit on its top edge: the title goes to the top
  // of the figure and the plot leaves room for both
  const tt=lay.title&&(typeof lay.title==='string'?lay.title:lay.title.text);
  if(tt&&lay.legend&&lay.legend.orientation==='h'&&(lay.legend.y===undefined||lay.legend.y>=1)){
   lay.title=Object.assign({},typeof lay.title==='string'?{text:lay.title}:lay.title,{y:1,yanchor:'top',yref:'container',pad:{t:8}});
   lay.margin=Object.assign({},lay.margin||{}); lay.margin.t=Math.max(lay.margin.t||0,64);}
  // a title wider than its figure (a long one in a half column, a projector) takes two lines
  const W=nd.el.clientWidth, wrap=nd.wrap&&nd.wrap.src===tt&&nd.wrap.w===W;
  if(wrap){lay.title=Object.assign({},typeof lay.title==='string'?{}:lay.title,{text:nd.wrap.out,y:1,yanchor:'top',yref:'container',pad:{t:nd.wrap.pad}});
   lay.margin=Object.assign({},lay.margin||{}); lay.margin.t=Math.max(56,(lay.margin.t===undefined?100:lay.margin.t)+22)+nd.wrap.pad-6;}
  nd.el.style.height=lay.height+'px'; delete lay.width;
  // (measured once drawn: then the wrapped title moves down until its top line is inside)
  const fit=()=>{const e=tt&&nd.el.querySelector('.gtitle'); if(e){const b=e.getBoundingClientRect(), top=nd.el.getBoundingClientRect().top;
   if(!wrap&&!String(tt).includes('<br>')&&b.width>W-4){nd.wrap={src:tt,w:W,out:wrapTitle(String(tt)),pad:6}; if(!nd.next) nd.next=g;}
   else if(wrap&&b.top<top-0.5&&nd.wrap.pad<60){nd.wrap.pad+=Math.ceil(top-b.top)+2; if(!nd.next) nd.next=g;}}
   go();};
  window.Plotly.react(nd.el,g.data||[],lay,{displayModeBar:false,responsive:true}).then(()=>{pickable(nd); fit();},go);};
 go();}
// a click on a point carrying ["w"|"b", layer, i, j] (the network graph's edges and neurons)
// names a parameter to edit; the part's component tells Streamlit (ui/weights.py)
function pickable(nd){
 if(nd.pick||!nd.el.on) return; nd.pick=true;
 nd.el.on('plotly_click',(e)=>{const p=e&&e.points&&e.points[0], cd=p&&p.customdata;
  if(Array.isArray(cd)&&(cd[0]==='w'||cd[0]==='b'))
   nd.el.dispatchEvent(new CustomEvent('dlp-pick',{bubbles:true,detail:cd}));});}
// break a title at the space nearest its middle (a Chinese one, between two characters)
function wrapTitle(s){const m=s.length>>1;
 for(let d=0;d<m;d++){for(const i of [m+d,m-d]) if(s[i]===' ') return s.slice(0,i)+'<br>'+s.slice(i+1);}
 return s.slice(0,m)+'<br>'+s.slice(m);}
// -- the feedforward boundary map: 48x48 canvas scaled by CSS, points above, loss sparkline
const NEG=[0xf5,0x93,0x22], POS=[0x08,0x77,0xbd];
function lut(){const t=new Uint8Array(256*3);for(let i=0;i<256;i++){const z=i/127.5-1;
 const c=z>=0?POS:NEG, a=Math.abs(z);for(let k=0;k<3;k++)t[i*3+k]=Math.round(255+(c[k]-255)*a);}return t;}
const LUT=lut();
const rgbOf=(h)=>[1,3,5].map(i=>parseInt(h.slice(i,i+2),16));
function b64(s){const b=atob(s),u=new Uint8Array(b.length);for(let i=0;i<b.length;i++)u[i]=b.charCodeAt(i);return u;}
function mapNode(n){
 n.innerHTML='<div class="dlp-map"><canvas class="m" width="48" height="48"></canvas><canvas class="p" width="420" height="420"></canvas></div>'+
  '<div class="dlp-mapinfo"></div><canvas class="dlp-spark" width="420" height="90"></canvas>';
 return {t:'map',el:n,map:n.querySelector('canvas.m'),pts:n.querySelector('canvas.p'),info:n.querySelector('.dlp-mapinfo'),
  spark:n.querySelector('canvas.dlp-spark'),hist:[],ptsKey:null,img:null,sparkAt:0};}
function drawMap(S,o){const n=o.res,z=b64(o.z),cv=S.map;
 if(cv.width!==n){cv.width=n;cv.height=n;S.img=null;}
 const g=cv.getContext('2d'); if(!S.img) S.img=g.createImageData(n,n); const px=S.img.data;
 // multi-class data (o.cls: one colour a class): a byte a pixel, the class in the top 3 bits and
 // the confidence in the low 5, shaded from white as the paused figure (dlcore.figures.ff.class_image)
 const C=o.cls?o.cls.map(rgbOf):null;
 for(let r=0;r<n;r++)for(let c=0;c<n;c++){let v=z[(n-1-r)*n+c]; const q=(r*n+c)*4;
  if(C){const col=C[v>>5]||C[0], f=0.15+0.85*(o.disc?1:(v&31)/31);
   for(let k=0;k<3;k++)px[q+k]=Math.round(255+(col[k]-255)*f); px[q+3]=255; continue;}
  if(o.disc)v=v>=128?255:0;
  px[q]=LUT[v*3];px[q+1]=LUT[v*3+1];px[q+2]=LUT[v*3+2];px[q+3]=255;}
 g.putImageData(S.img,0,0);
 if(o.pts){S.train=o.train; S.test=o.test; S.cls=C;}
 const key=(S.cls?S.cls.join(';'):'')+'|'+(S.train||'')+'|'+(S.test||'');
 if(S.ptsKey!==key){const pc=S.pts,W=pc.width,H=pc.height,q=pc.getContext('2d');q.clearRect(0,0,W,H);
  for(const [pts,stroke] of [[S.train,'#fff'],[S.test,'#222']]){if(!pts)continue;const p=b64(pts);
   for(let i=0;i+2<p.length;i+=3){const v=p[i+2];q.beginPath();q.arc(p[i]/255*W,(1-p[i+1]/255)*H,3.5,0,6.3);
    const col=S.cls?(S.cls[v]||S.cls[0]):[LUT[v*3],LUT[v*3+1],LUT[v*3+2]];
    q.fillStyle='rgb('+col[0]+','+col[1]+','+col[2]+')';q.fill();q.strokeStyle=stroke;q.lineWidth=1;q.stroke();}}
  S.ptsKey=key;}
 const h=S.hist; if(h.length&&o.step<h[h.length-1][3]) S.hist=[];
 S.hist.push([o.epoch,o.train_loss,o.test_loss,o.step]); if(S.hist.length>4000) S.hist=S.hist.filter((_,i)=>i%2==0);
 const now=performance.now(); if(!S.sparkAt||now-S.sparkAt>500){S.sparkAt=now;spark(S,o.labels);}
 const L=o.labels; S.info.textContent=L.epoch+' '+o.epoch.toFixed(1)+' \u00b7 '+L.loss+' '+o.train_loss.toFixed(4)+
  ' / '+o.test_loss.toFixed(4)+(o.test_acc!==null&&o.test_acc!==undefined?' \u00b7 '+L.acc+' '+(100*o.test_acc).toFixed(1)+'%':'');}
function spark(S,L){const c=S.spark,h=S.hist,r=window.devicePixelRatio||1;
 const W=c.clientWidth||420,H=c.clientHeight||90;
 if(c.width!==Math.round(W*r)||c.height!==Math.round(H*r)){c.width=Math.round(W*r);c.height=Math.round(H*r);}
 const g=c.getContext('2d'); g.setTransform(r,0,0,r,0,0); g.clearRect(0,0,W,H); if(h.length<2) return;
 const lg=(v)=>Math.log10(Math.max(v,1e-6)); let lo=1e9,hi=-1e9;
 for(const p of h)for(const v of [p[1],p[2]]){const y=lg(v);if(y<lo)lo=y;if(y>hi)hi=y;}
 if(hi-lo<1e-3){hi+=0.5;lo-=0.5;} const x0=h[0][0],x1=Math.max(h[h.length-1][0],x0+1e-9);
 const X=(e)=>40+(W-46)*(e-x0)/(x1-x0), Y=(v)=>6+(H-22)*(hi-lg(v))/(hi-lo);
 g.strokeStyle='#ddd';g.lineWidth=1;g.strokeRect(40,6,W-46,H-22);
 const fmt=(v)=>{const e=Math.floor(Math.log10(v)); return (e<-2||e>3)?(v/Math.pow(10,e)).toFixed(1)+'e'+e:v.toPrecision(2);};
 g.fillStyle='#555';g.font='12px sans-serif';g.fillText(fmt(Math.pow(10,hi)),0,14);g.fillText(fmt(Math.pow(10,lo)),0,H-16);
 for(const [k,col,dash] of [[1,'#1f77b4',[]],[2,'#ff7f0e',[5,3]]]){g.beginPath();g.setLineDash(dash);
  g.strokeStyle=col;g.lineWidth=2;h.forEach((p,i)=>{const x=X(p[0]),y=Y(p[k]);i?g.lineTo(x,y):g.moveTo(x,y);});g.stroke();}
 g.setLineDash([]);g.fillStyle='#1f77b4';g.fillText('\u2014 '+L.train,46,H-3);
 g.fillStyle='#ff7f0e';g.fillText('- - '+L.test,46+g.measureText('\u2014 '+L.train).width+16,H-3);}
// -- one view: its parts, its controls, its polling --------------------------------------
function render(P, ops){
 if(!ops) return; const s=sig(ops);
 if(s!==P.sig){P.body.textContent=''; P.nodes=[]; build(P.body,ops,P.nodes); P.sig=s;}
 fill(P.nodes,ops);}
function apply(V, f){
 if(!f) return; V.step=f.step; V.drawn++; if(f.epoch!==undefined) V.epoch=f.epoch;
 for(const [name,ops] of Object.entries(f.parts||{})){ if(!ops) continue; V.last[name]=ops; const P=V.parts[name]; if(P) render(P,ops);}
 const d=V.parts[V.driver]; if(d&&d.root){const r=d.root.dataset; r.step=f.step; r.frames=V.drawn; r.msgs=V.msgs||0;
  if(V.epoch!==undefined) r.epoch=V.epoch;}}
function bar(V){const P=V.parts[V.driver]; if(!P||!P.bar) return; const L=V.data.labels;
 P.play.textContent=V.playing?L.pause:L.play; P.play.dataset.playing=V.playing?'1':'0';
 P.step.disabled=V.playing; if(P.epoch) P.epoch.disabled=V.playing;
 P.root.dataset.playing=V.playing?'1':'0';}
async function ctl(V, a, v){
 const r=await fetch(V.data.url,{method:'POST',cache:'no-store',credentials:'same-origin',
  headers:{'Content-Type':'application/json'},body:JSON.stringify({t:V.data.token,s:V.data.secret,a:a,v:v})});
 if(r.status===404) throw Object.assign(new Error('gone'),{gone:true});
 if(!r.ok) throw new Error(String(r.status)); return r.json();}
function trigger(V, name, value){const c=V.comp; if(c&&c.setTriggerValue) c.setTriggerValue(name, value===undefined?Date.now():value);}
function lost(V, e, how){V.playing=false; bar(V); trigger(V,'ended',(e&&e.gone?'gone':'unreachable')+(how?':'+how:''));}
function play(V){
 if(V.playing) return; V.playing=true; V.gen++; bar(V);
 ctl(V,'play').then(j=>{ if(!j.playing){V.playing=false; bar(V); if(j.stop) trigger(V,'stopped','play:'+Date.now()); return;} poll(V);},
  e=>lost(V,e,'play'));}  // gone or unreachable: the next run plays on (ui/live._ended)
function pause(V){
 if(!V.playing) return; V.playing=false; V.gen++; V.queue=[]; bar(V);  // nothing in flight is drawn now
 ctl(V,'pause').then(j=>{apply(V,j.frame); trigger(V,'paused');}, e=>lost(V,e));}
function step(V, n){
 if(V.playing||V.stepping) return; V.stepping=true;
 ctl(V,'step',n).then(j=>{V.stepping=false; apply(V,j.frame); trigger(V,'stepped');}, e=>{V.stepping=false; lost(V,e);});}
const sleep=(ms)=>new Promise(ok=>setTimeout(ok,ms));
async function poll(V){
 if(V.polling) return; V.polling=true; let fails=0; const tok=V.data.token;
 try{
  while(V.playing&&V.data.token===tok){
   const g=V.gen, t0=performance.now(); let wait=V.tick||100;
   try{const r=await fetch(V.data.url,{method:'POST',cache:'no-store',credentials:'same-origin',
     headers:{'Content-Type':'application/json'},body:JSON.stringify({t:tok,s:V.data.secret,a:'poll'})});
    if(r.status===404){ if(V.data.token!==tok) break; lost(V,{gone:true}); break;}
    if(!r.ok) throw new Error(String(r.status));
    const j=await r.json(); if(!Array.isArray(j.frames)) throw new Error('not a live answer');
    fails=0; if(g!==V.gen||!V.playing) continue;  // paused meanwhile: these frames are not shown
    if(j.tick_ms) {wait=j.tick_ms; V.tick=j.tick_ms;}
    if(j.frames.length) V.msgs=(V.msgs||0)+1;
    const fr=j.frames, k=fr.length;
    fr.forEach((f,i)=>{ if(i===0) apply(V,f); else setTimeout(()=>{ if(g===V.gen&&V.playing) apply(V,f);}, i*wait/k);});
    if(j.stop){V.playing=false; V.gen++; bar(V); trigger(V,'stopped'); break;}
    if(j.playing===false){V.playing=false; V.gen++; bar(V); break;}  // paused by the page itself
   }catch(e){ if(++fails>=3){lost(V,e); break;} wait=400;}
   await sleep(Math.max(0, wait-(performance.now()-t0)));}
 } finally {V.polling=false;}}
// A paused view says it is still there every 10 s (the engine closes a view nobody has
// polled for 30 s; a closed tab stops saying so).
function keepAlive(V){
 if(V.alive) return; V.alive=setInterval(()=>{
  const d=V.parts[V.driver]; if(!d||!d.root.isConnected){clearInterval(V.alive); V.alive=null; return;}
  if(!V.playing) fetch(V.data.url,{method:'POST',cache:'no-store',credentials:'same-origin',
   headers:{'Content-Type':'application/json'},body:JSON.stringify({t:V.data.token,s:V.data.secret,a:'poll'})}).catch(()=>{});
 },10000);}
function mountDriver(V, P){
 const L=V.data.labels; P.bar=el('div','dlp-bar');
 P.play=el('button','dlp-primary dlp-play'); P.play.onclick=()=>V.playing?pause(V):play(V);
 P.step=el('button','dlp-step'); P.step.textContent=L.step; P.step.onclick=()=>step(V,1);
 P.bar.append(P.play,P.step);
 if(V.data.epoch_steps){P.epoch=el('button','dlp-epoch'); P.epoch.textContent=L.step_epoch; P.epoch.onclick=()=>step(V,V.data.epoch_steps); P.bar.append(P.epoch);}
 P.reset=el('button','dlp-reset'); P.reset.textContent=L.reset; P.reset.onclick=()=>{ if(V.playing) pause(V); trigger(V,'reset','same:'+Date.now());};
 P.bar.append(P.reset);
 if(L.reset_new){P.reseed=el('button','dlp-reset-new'); P.reseed.textContent=L.reset_new;
  P.reset.title=P.reseed.title=L.reset_help||'';
  P.reseed.onclick=()=>{ if(V.playing) pause(V); trigger(V,'reset','new:'+Date.now());}; P.bar.append(P.reseed);}
 const lab=el('label','dlp-speedlab'); lab.append(document.createTextNode(L.speed));
 P.speed=el('select','dlp-speed');
 for(const [v,txt] of V.data.speeds){const o=el('option'); o.value=String(v); o.textContent=txt; P.speed.append(o);}
 P.speed.value=String(V.speed); P.speed.onchange=()=>{V.speed=Number(P.speed.value); ctl(V,'speed',V.speed).catch(()=>{});};
 lab.append(P.speed); P.bar.append(lab);
 P.root.insertBefore(P.bar,P.body);}
export default function(component){
 const {data,parentElement}=component; if(!data) return;
 let P=parentElement.__dlp;
 if(!P){P={root:el('div','dlp-live'),body:el('div','dlp-body'),sig:null,nodes:[]};
  P.root.append(P.body); parentElement.appendChild(P.root); parentElement.__dlp=P;}
 P.root.dataset.part=data.part; P.comp=component; P.view=data.view;
 if(!P.picks){P.picks=true; P.root.addEventListener('dlp-pick',(e)=>{const V=REG.views[P.view];
  if(V&&!V.playing&&P.comp&&P.comp.setTriggerValue) P.comp.setTriggerValue('pick',JSON.stringify({p:e.detail,n:Date.now()}));});}
 let V=REG.views[data.view];
 if(!V||V.data.token!==data.token){
  V={data,parts:{},last:{},playing:!!data.playing,gen:0,drawn:0,step:-1,speed:data.speed,tick:100,queue:[],tid:data.tid,driver:data.driver_part};
  REG.views[data.view]=V;}
 V.data=data;
 if(V.tid!==data.tid){V.tid=data.tid; V.playing=!!data.playing; V.gen++; V.step=-1; V.last={};}
 V.parts[data.part]=P;
 if(data.play_now&&data.part===V.driver&&!V.playing){V.playing=true; V.gen++;}  // the page played it (a target passed)
 if(data.part===V.driver){V.comp=component; if(!P.bar) mountDriver(V,P); P.speed.value=String(V.speed); keepAlive(V);}
 P.root.dataset.playing=V.playing?'1':'0';
 const start=()=>{  // a frame from an older run never takes a newer one back
  const f=data.frame;
  if(f&&f.step>=V.step){ const ops=f.parts&&f.parts[data.part]; if(ops) {V.last[data.part]=ops;} if(data.part===V.driver) apply(V,f); else if(ops) render(P,ops);}
  else if(V.last[data.part]) render(P,V.last[data.part]);
  bar(V);
  if(data.part===V.driver&&V.playing) poll(V);};
 if(data.needs_plotly&&!window.Plotly){
  loadPlotly(data.plotly).then(start,()=>{ if(data.part===V.driver){V.playing=false; V.comp=component; trigger(V,'ended','unreachable');}});}
 else start();
}
"""
