"""Evaluation (fake and tiny local model), routing, and the `katalog tasks` / `katalog assist` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from general_tasks.cli import main as gt_main
from general_tasks.evaluate import echo_baseline, evaluate
from general_tasks.prompts import build_prompt
from general_tasks.registry import all_tasks
from general_tasks.router import rank, route
from katalog.llm.fake import FakeBackend


def _oracle() -> FakeBackend:
    answers = {build_prompt(t, ex.fields, 0): ex.output for t in all_tasks() for ex in t.examples}
    return FakeBackend([lambda p: answers[p]], model_id="oracle")


def test_oracle_backend_scores_one_everywhere():
    report = evaluate(_oracle())
    assert len(report.tasks) == 41 and report.overall() == pytest.approx(1.0)
    assert len(report.by_category()) == 13
    data = report.to_dict()
    assert data["tasks"]["korsts"]["metric"] == "pearson" and data["tasks"]["korsts"]["n"] == 5


def test_failing_backend_scores_zero_without_crashing():
    report = evaluate(FakeBackend([RuntimeError("down")]), tasks=["nsmc_sentiment"], limit=2)
    (res,) = report.tasks
    assert res.errors == 2 and res.score == 0.0 and res.n == 2


def test_eval_on_built_validation_file(tmp_path):
    from general_tasks.records import InstructionRecord

    rec = InstructionRecord(id="x", task="nsmc_sentiment", category="sentiment", instruction="감성?", input="리뷰: 좋다", output="긍정")
    path = tmp_path / "validation.jsonl"
    path.write_text(rec.model_dump_json() + "\n", encoding="utf-8")
    report = evaluate(FakeBackend(["긍정입니다"]), validation=path)
    assert [(r.task, r.score, r.n) for r in report.tasks] == [("nsmc_sentiment", 1.0, 1)]


def test_cli_eval_fake_json(capsys, tmp_path):
    assert gt_main(["eval", "--backend", "fake", "--json", "--limit", "2", "--out", str(tmp_path / "r.json")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["tasks"]) == 41 and 0.0 <= data["overall"] < 1.0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == data
    assert echo_baseline("### 지시:\nx\n\n### 입력:\n리뷰: 좋다\n\n### 응답:\n") == "좋다"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    from finetune.tiny_model import build_tiny_gptneox

    return build_tiny_gptneox(tmp_path_factory.mktemp("tiny"), hidden_size=32, num_layers=1)


def test_eval_with_tiny_local_model(tiny_model):
    from general_tasks.backends import make_backend

    backend = make_backend("local", model=str(tiny_model))
    report = evaluate(backend, tasks=["nsmc_sentiment", "kobest_copa"], limit=1)
    assert [r.n for r in report.tasks] == [1, 1]
    assert all(0.0 <= r.score <= 1.0 and r.errors == 0 for r in report.tasks)
    assert report.backend == "local"


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("이 영화 리뷰가 긍정인지 부정인지 알려 줘: 배우 연기가 최고", "nsmc_sentiment"),
        ("다음 기사를 요약해 줘: 시는 오늘 버스 노선을 바꾼다고 밝혔다.", "news_summary"),
        ("신호 없는 교차로에서 좌회전하다 직진차와 부딪혔어요. 과실비율이 어떻게 되나요?", "fault_ratio_reasoning"),
        ("'내일 몇 시에 만나?'를 존댓말로 바꿔 줘", "honorific_conversion"),
        ("사과 12개 중에 5개를 먹으면 몇 개가 남아?", "math_word_problem"),
        ("문장에서 인명과 지명 같은 개체명을 뽑아 줘", "klue_ner"),
    ],
)
def test_rule_routing(request_text, expected):
    assert route(request_text).task_id == expected
    assert rank(request_text, k=3)[0][0] == expected


def test_llm_and_explicit_routing():
    assert route("아무거나", task="korquad_mrc").method == "explicit"
    r = route("요약해 줘", llm=FakeBackend(["과제: news_title"]))
    assert (r.task_id, r.method) == ("news_title", "llm")
    r = route("요약해 줘", llm=FakeBackend(["모르겠어요"]))
    assert r.method == "rules"


runner = CliRunner()


def _app():
    from katalog.cli import app

    return app


def test_katalog_tasks_json():
    res = runner.invoke(_app(), ["tasks", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert len(rows) == 41 and all(list(r) == ["id", "category", "name", "metric"] for r in rows)
    assert len({r["category"] for r in rows}) == 13
    plain = runner.invoke(_app(), ["tasks"])
    assert plain.exit_code == 0 and "nsmc_sentiment" in plain.stdout


def test_assist_without_backend_explains_configuration(monkeypatch):
    from katalog.llm.factory import clear_cache

    for var in ("KATALOG_LLM_BACKEND", "KATALOG_LLM_MODEL", "KATALOG_LLM_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    clear_cache()
    res = runner.invoke(_app(), ["assist", "이 영화 정말 재밌었어요"])
    assert res.exit_code == 2 and res.exception is None or isinstance(res.exception, SystemExit)
    assert "KATALOG_LLM_BACKEND" in res.stderr and "설정" in res.stderr and "configured" in res.stderr
    assert "nsmc_sentiment" in res.stderr


def test_assist_with_backend_and_unknown_task(monkeypatch):
    from katalog.llm.factory import clear_cache

    monkeypatch.setenv("KATALOG_LLM_BACKEND", "fake")
    clear_cache()
    res = runner.invoke(_app(), ["assist", "이 영화 정말 재밌었어요", "--task", "nsmc_sentiment", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["task"] == "nsmc_sentiment" and out["route"] == "explicit"
    bad = runner.invoke(_app(), ["assist", "x", "--task", "nope"])
    assert bad.exit_code == 2 and "nope" in bad.stderr
    clear_cache()


def test_cli_eval_reports_a_dead_backend(monkeypatch, capsys):
    import general_tasks.backends as backends

    monkeypatch.setattr(backends, "make_backend", lambda *a, **k: FakeBackend([ConnectionError("refused")]))
    assert gt_main(["eval", "--backend", "openai", "--task", "nsmc_sentiment", "--limit", "2"]) == 2
    assert "every LLM call failed" in capsys.readouterr().err


def test_inference_run_task_and_assist():
    from general_tasks.inference import assist, run_task

    fake = FakeBackend(["부정이에요.\n\n### 지시:\n딴소리"])
    ans = run_task("nsmc_sentiment", "시간 아까움", fake)
    assert (ans.text, ans.parsed, str(ans)) == ("부정이에요.", "부정", "부정이에요.")
    assert ans.prompt == build_prompt("nsmc_sentiment", {"review": "시간 아까움"})
    assert fake.calls[0]["max_tokens"] >= 64 and fake.calls[0]["stop"] == ["### 지시:"]
    routed = assist("다음 기사를 요약해 줘: 시는 오늘 버스 노선을 바꾼다고 밝혔다.", FakeBackend(["요약"]))
    assert (routed.task, routed.route) == ("news_summary", "rules")
