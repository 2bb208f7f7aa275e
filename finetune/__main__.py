"""`python -m finetune train|evaluate|bench` — argparse on purpose: the GPU machine that runs
`bench` has only torch/transformers/accelerate, so this entry point imports nothing else eagerly."""

from __future__ import annotations

import argparse
import sys


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m finetune", description="KATALOG 전체 미세조정 / full fine-tuning")
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="학습 (단일 프로세스 또는 accelerate launch) / train")
    t.add_argument("--config", required=True)
    t.add_argument("--output-dir", default=None, help="overrides output_dir of the config")
    t.add_argument("--max-steps", type=int, default=None, help="overrides training.max_steps")
    t.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a config key, e.g. training.effective_batch_size=16 (YAML value; repeatable)")
    c = sub.add_parser("check", help="설정·데이터 점검만 / preflight only (no training)")
    c.add_argument("--config", required=True)
    c.add_argument("--output-dir", default=None)
    c.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    e = sub.add_parser("evaluate", help="학습된 체크포인트와 기본 모델 비교 / compare checkpoint vs base")
    e.add_argument("--config", required=True)
    e.add_argument("--checkpoint", required=True)
    e.add_argument("--out", default=None, help="report folder (default <checkpoint>/eval)")
    b = sub.add_parser("bench", help="처리량·MFU 측정 / throughput and MFU benchmark")
    b.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    b.add_argument("--tiny", action="store_true", help="tiny GPT-NeoX shape (code-path check)")
    b.add_argument("--variants", default=None, help="comma-separated subset of variant names")
    b.add_argument("--micro-batch", type=int, default=8)
    b.add_argument("--seq-len", type=int, default=2048)
    b.add_argument("--steps", type=int, default=6, help="timed steps per variant")
    b.add_argument("--warmup", type=int, default=2, help="untimed steps per variant")
    b.add_argument("--budget-s", type=float, default=270.0, help="skip remaining variants after this")
    b.add_argument("--json-out", default=None)
    return p


def _overrides(pairs: list[str]) -> dict:
    import yaml

    from finetune.errors import ConfigError

    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set 형식은 KEY=VALUE 입니다: {pair!r}", f"--set expects KEY=VALUE, got {pair!r}")
        out[key.strip()] = yaml.safe_load(value)
    return out


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.cmd == "bench":
        from finetune.bench import run_bench

        result = run_bench(
            device=args.device, tiny=args.tiny, variants=args.variants, micro_batch=args.micro_batch,
            seq_len=args.seq_len, steps=args.steps, warmup=args.warmup, budget_s=args.budget_s,
            partial_out=args.json_out,
        )
        from katalog.jsonstrict import dumps

        line = dumps(result)
        if args.json_out:
            with open(args.json_out, "w", encoding="utf-8") as f:
                f.write(line + "\n")
        print(line)
        return 0

    from katalog.errors import KatalogError

    try:
        from finetune.config import load_config

        if args.cmd == "train":
            overrides = _overrides(args.set)
            if args.max_steps:
                overrides["training.max_steps"] = args.max_steps
            cfg = load_config(args.config, overrides or None)
            from finetune.train import train

            train(cfg, args.output_dir)
        elif args.cmd == "check":
            from finetune.train import preflight

            plan = preflight(load_config(args.config, _overrides(args.set) or None), args.output_dir)
            print(
                f"OK: {plan.data_source}; train {len(plan.train_records)} / val {len(plan.val_records)} records; "
                f"world {plan.world_size} × accumulation {plan.grad_accum}; resume from {plan.resume_from or '-'}"
            )
        elif args.cmd == "evaluate":
            from finetune.evaluate import run_evaluation

            cfg = load_config(args.config)
            report = run_evaluation(cfg, args.checkpoint, args.out or f"{args.checkpoint}/eval")
            print(report["markdown_path"])
    except KatalogError as exc:
        print(f"오류 / error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
