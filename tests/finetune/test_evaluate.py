"""The evaluation hook runs CLIs on base and fine-tuned models and tabulates the difference."""

import json
import sys

from finetune.config import EvalCommand
from finetune.evaluate import flatten_metrics, run_evaluation

STUB = """
import json, sys, os
model, out = sys.argv[1], sys.argv[2]
score = 0.8 if "tuned" in model else 0.5
report = {"overall": {"accuracy": score}, "tasks": {"nsmc": {"accuracy": score + 0.1, "n": 10}}, "note": "x"}
if out == "-":
    print("progress line")
    print(json.dumps({"top1": score, "backend": os.environ.get("STUB_BACKEND")}))
else:
    open(out, "w").write(json.dumps(report))
"""


def test_flatten_metrics_keeps_numbers_only():
    assert flatten_metrics({"a": {"b": 1, "c": True, "d": "x", "e": [1]}, "f": 0.5}) == {"a.b": 1.0, "f": 0.5}


def test_comparison_table_from_stub_commands(make_config, tmp_path):
    stub = tmp_path / "stub_eval.py"
    stub.write_text(STUB, encoding="utf-8")
    commands = [
        EvalCommand(name="general_tasks", argv=["python", str(stub), "{model}", "{out}"]),
        EvalCommand(name="katalog", argv=[sys.executable, str(stub), "{model}", "-"],
                    env={"STUB_BACKEND": "local:{model}"}, report="stdout_last_line"),
        EvalCommand(name="broken", argv=["python", "-c", "import sys; sys.exit('no such eval')"]),
        EvalCommand(name="absent", argv=["no-such-command-xyz", "{model}"]),
    ]
    cfg = make_config(evaluation={"base_model": str(tmp_path / "base"), "commands": [c.model_dump() for c in commands]})
    report = run_evaluation(cfg, str(tmp_path / "tuned"), tmp_path / "eval")
    rows = {(r["suite"], r["metric"]): r for r in report["rows"]}
    acc = rows[("general_tasks", "overall.accuracy")]
    assert (acc["base"], acc["finetuned"]) == (0.5, 0.8) and abs(acc["delta"] - 0.3) < 1e-9
    assert rows[("katalog", "top1")]["delta"] == 0.30000000000000004 or abs(rows[("katalog", "top1")]["delta"] - 0.3) < 1e-9
    assert not report["runs"]["broken"]["base"]["ok"] and "no such eval" in report["runs"]["broken"]["base"]["error"]
    assert "command not found" in report["runs"]["absent"]["finetuned"]["error"]
    md = (tmp_path / "eval" / "comparison.md").read_text(encoding="utf-8")
    assert "| general_tasks | overall.accuracy | 0.5 | 0.8 | +0.3 |" in md
    assert "broken" in md and "absent" in md  # failures are shown, not dropped
    saved = json.loads((tmp_path / "eval" / "comparison.json").read_text(encoding="utf-8"))
    assert saved["rows"] == report["rows"]


def test_default_commands_match_the_cli_contracts():
    from finetune.config import EvaluationConfig

    cmds = {c.name: c for c in EvaluationConfig().commands}
    assert cmds["general_tasks"].argv[:4] == ["python", "-m", "general_tasks", "eval"]
    assert "--out" in cmds["general_tasks"].argv
    assert cmds["katalog"].env["KATALOG_LLM_BACKEND"] == "local" and cmds["katalog"].report == "stdout_last_line"
    assert "--llm" in cmds["katalog"].argv  # katalog eval calls the model (it never did before --llm)


def test_a_model_that_was_never_consulted_is_a_failure(make_config, tmp_path):
    stub = tmp_path / "llm_stub.py"
    stub.write_text(
        "import json, sys\nmodel = sys.argv[1]\n"
        "print(json.dumps({'chart_hit1': 0.8, 'llm_consulted': 0.0 if 'base' in model else 1.0, 'llm_used': 0.1}))\n",
        encoding="utf-8",
    )
    cmd = EvalCommand(name="katalog", argv=[sys.executable, str(stub), "{model}"], report="stdout_last_line")
    cfg = make_config(evaluation={"base_model": str(tmp_path / "base"), "commands": [cmd.model_dump()]})
    report = run_evaluation(cfg, str(tmp_path / "tuned"), tmp_path / "eval")
    base, tuned = report["runs"]["katalog"]["base"], report["runs"]["katalog"]["finetuned"]
    assert not base["ok"] and "never consulted" in base["error"] and tuned["ok"]
    assert "never consulted" in (tmp_path / "eval" / "comparison.md").read_text(encoding="utf-8")
