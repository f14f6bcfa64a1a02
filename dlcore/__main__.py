"""Headless runs: ``python -m dlcore run CONFIG.json [--steps N] [--device D] [--out M.json]``.

Prints exactly one JSON object of final metrics on stdout; progress goes to stderr.
``python -m dlcore code CONFIG.json > experiment.py`` writes the same experiment as a
standalone PyTorch script (no dlcore import) that prints the same metrics.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

EPILOG = """\
The config is the JSON a page downloads (see docs/config.md), e.g. examples/ff_spiral.json.
Same config + same seed gives the same numbers on the CPU.

Exit codes: 0 ok (also when training diverged: see "stopped"), 2 bad arguments,
config or device.

example:
  python -m dlcore run examples/ff_spiral.json --steps 3000 --out metrics.json
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dlcore",
        description=__doc__.splitlines()[0],
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser(
        "run",
        help="train one experiment headless and print its final metrics",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument("config", type=Path, help="experiment config (JSON)")
    r.add_argument(
        "--steps", type=int, default=1000, help="optimizer updates to run (default 1000)"
    )
    r.add_argument(
        "--device",
        choices=("cpu", "cuda", "mps"),
        default="cpu",
        help="compute device (default cpu)",
    )
    r.add_argument("--out", type=Path, help="also write the metrics JSON to this file")
    r.add_argument("--quiet", action="store_true", help="no progress on stderr")
    c = sub.add_parser(
        "code",
        help="print the experiment as a standalone PyTorch script",
        description="Print the experiment as a standalone PyTorch script (it does not import "
        "dlcore). Run it with --steps N: it prints the metrics `run` prints.",
    )
    c.add_argument("config", type=Path, help="experiment config (JSON)")
    return p


def _read_config(path: Path):
    """(config, None) or (None, exit code) after printing why."""
    from dlcore.config import MAX_JSON_BYTES, ConfigError, from_json

    if not path.is_file():
        return None, _fail(f"no such config file: {path}")
    if path.stat().st_size > MAX_JSON_BYTES:
        return None, _fail(f"config file is larger than {MAX_JSON_BYTES} bytes: {path}")
    try:
        cfg, notices = from_json(path.read_bytes())  # bounded reader: only ConfigError
    except OSError as err:
        return None, _fail(f"cannot read {path}: {err.strerror}")
    except ConfigError as err:
        return None, _fail(f"{path}: {err}")
    for n in notices:
        print(f"warning: {n.message('en')}", file=sys.stderr)
    return cfg, None


def _gan_config(path: Path):
    """(GanConfig, None) for a GAN config (``{"gan": {...}}``, the /gan page's download),
    (None, None) for any other file, (None, exit code) after printing why."""
    from dlcore.config import MAX_JSON_BYTES, ConfigError

    try:
        if not path.is_file() or path.stat().st_size > MAX_JSON_BYTES:
            return None, None  # _read_config says why
        raw = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None, None
    if not isinstance(raw, dict) or "gan" not in raw:
        return None, None
    from dlcore.gan import gan_from_dict

    try:
        cfg, notices = gan_from_dict(raw)
    except ConfigError as err:
        return None, _fail(f"{path}: {err}")
    for n in notices:
        print(f"warning: {n.message('en')}", file=sys.stderr)
    return cfg, None


def _run_gan(cfg, args) -> int:
    """``run`` for a GAN config: ``--steps`` rounds (k_d D updates + one G update each)."""
    from dlcore.config import ConfigError
    from dlcore.gan_code import metrics, run
    from dlcore.train import available_devices

    if args.device not in available_devices():
        return _fail(f"device {args.device!r} is not available here")
    t0 = time.perf_counter()
    try:
        tr = run(cfg, args.steps, device=args.device)
    except ConfigError as err:
        return _fail(str(err))
    out = metrics(tr)
    out["wall_seconds_total"] = round(time.perf_counter() - t0, 4)
    text = json.dumps(out)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)
    return 0


def _code(path: Path) -> int:
    gan, rc = _gan_config(path)
    if rc is not None:
        return rc
    if gan is not None:
        from dlcore.config import ConfigError
        from dlcore.gan_code import script as gan_script

        try:
            sys.stdout.write(gan_script(gan))
        except ConfigError as err:
            return _fail(str(err))
        return 0
    cfg, rc = _read_config(path)
    if cfg is None:
        return rc
    from dlcore.codegen import CodegenError, script

    try:
        text = script(cfg)
    except (CodegenError, ValueError, KeyError) as err:
        return _fail(str(err))
    sys.stdout.write(text)
    return 0


def _fail(msg: str) -> int:
    print(f"error: {msg}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.cmd == "code":
        return _code(args.config)
    from dlcore.config import ConfigError

    if args.steps < 0:
        return _fail("--steps must be ≥ 0")
    gan, rc = _gan_config(args.config)
    if rc is not None:
        return rc
    if gan is not None:  # the /gan page's config: its own trainer (dlcore/gan_code.py)
        return _run_gan(gan, args)
    cfg, rc = _read_config(args.config)
    if cfg is None:
        return rc

    from dlcore import catalog  # noqa: F401  (fills the registries)
    from dlcore.train import Trainer, available_devices

    if args.device not in available_devices():
        return _fail(
            f"device {args.device!r} is not available here (available: "
            f"{', '.join(available_devices())})"
        )
    try:
        tr = Trainer(cfg, device=args.device)
    except ConfigError as err:
        return _fail(str(err))
    t0 = time.perf_counter()
    last = t0
    while tr.step_count < args.steps and tr.stop is None:
        tr.step(min(500, args.steps - tr.step_count))
        now = time.perf_counter()
        if not args.quiet and (now - last > 1.0 or tr.step_count >= args.steps):
            ev = tr.last_eval
            print(
                f"step {tr.step_count}/{args.steps}  train_loss {ev.get('train_loss', float('nan')):.4g}"
                f"  test_loss {ev.get('test_loss', float('nan')):.4g}",
                file=sys.stderr,
            )
            last = now
    metrics = tr.metrics()
    metrics["wall_seconds_total"] = round(time.perf_counter() - t0, 4)
    text = json.dumps(metrics)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
