"""GPU check of the RNN family: every task and cell trains on cuda; the page helpers run there.

python bench/rnn_gpu_check.py   (on a machine with CUDA)
"""

import json
import sys
import time

sys.path.insert(0, ".")
import numpy as np  # noqa: E402
import torch  # noqa: E402

from dlcore import catalog  # noqa: E402, F401  (fills the registries)
from dlcore.config import ExperimentConfig  # noqa: E402
from dlcore.models import rnn as R  # noqa: E402
from dlcore.scratch import rnn as SR  # noqa: E402
from dlcore.train import Trainer  # noqa: E402

out = {
    "cuda": torch.cuda.is_available(),
    "name": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
}
rows = []
for name in ("sine", "sines", "adding", "order", "chars"):
    for cell in ("rnn", "lstm", "gru"):
        cfg = ExperimentConfig().with_(
            data={"name": name, "n_points": 500, "seq_len": 40},
            model={
                "family": "rnn",
                "cell": cell,
                "hidden_size": 32,
                "num_layers": 2,
                "spectral_radius": 0.9,
            },
            train={"lr": 0.01, "batch_size": 32, "clip_grad": 1.0},
        )
        cpu = Trainer(cfg, device="cpu")
        gpu = Trainer(cfg, device="cuda")
        t0 = time.perf_counter()
        gpu.step(100)
        torch.cuda.synchronize()
        tg = time.perf_counter() - t0
        t0 = time.perf_counter()
        cpu.step(100)
        tc = time.perf_counter() - t0
        x, y = gpu.x_test[:16], gpu.y_test[:16]
        g = R.hidden_grad_norms(gpu.model, gpu.objective, x, y)
        hs, _ = gpu.model.run(x)
        tr = SR.run_stack(gpu.model.rnn, gpu.model.inputs(x).double().cpu().numpy())
        diff = float(np.abs(tr["h"] - hs.detach().double().cpu().numpy()).max())
        rows.append(
            dict(
                task=name,
                cell=cell,
                gpu_loss=round(gpu.last_eval["test_loss"], 4),
                cpu_loss=round(cpu.last_eval["test_loss"], 4),
                gpu_s=round(tg, 2),
                cpu_s=round(tc, 2),
                grad_finite=bool(np.isfinite(g).all()),
                numpy_vs_cuda=diff,
                stop=gpu.stop and gpu.stop.key,
            )
        )
        if name == "chars":
            s = R.sample(gpu.model, gpu.dataset.meta["vocab"], "I went", n=30, temperature=0.8)
            rows[-1]["sample_len"] = len(s)
out["rows"] = rows
print(json.dumps(out, indent=1))
bad = [r for r in rows if not r["grad_finite"] or r["numpy_vs_cuda"] > 5e-3 or r["stop"]]
print("FAILED" if bad else "ALL OK", bad)
