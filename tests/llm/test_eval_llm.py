"""`katalog eval --llm`, the proposal policy, `batch score --llm` and strict JSON (scripted server, tiny model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from katalog.cli import app
from katalog.llm.proposal import (
    DEFAULT_POLICY,
    ProposalResult,
    decide_chart,
    decide_modifiers,
    modifier_evidence,
)

from .conftest import server_url

runner = CliRunner()
DEV = Path(__file__).resolve().parents[2] / "data" / "eval" / "dev_structured.jsonl"
# struct_001: a signal crash; struct_013: a pedestrian case with close candidates; struct_014: unanswerable
ROWS = ("struct_001", "struct_013", "struct_014")
#: struct_013 says the car went through the junction before the crosswalk, which now sets 보1 apart from 보8
#: (the crosswalk before the junction); told without that fact, the two stay close candidates
CLOSE_TEXT = "보행자가 적색신호에 횡단보도를 건너고 차량은 녹색신호로 직진하다 충격한 사고에서 보행자 급진입 수정요소를 적용할 수 있는지 확인해줘."


def _dev_line(row_id: str) -> str:
    line = next(x for x in DEV.read_text(encoding="utf-8").splitlines() if json.loads(x)["id"] == row_id)
    if row_id != "struct_013":
        return line
    row = json.loads(line)
    row["description"] = CLOSE_TEXT
    return json.dumps(row, ensure_ascii=False)


class Pick:
    """A scripted backend that answers inside the request's JSON schema with candidate `k`."""

    name = "scripted"
    model_id = "scripted-k"

    def __init__(self, k: int, modifiers: bool = False):
        self.k, self.modifiers, self.calls = k, modifiers, []

    def generate(self, prompt, *, max_tokens=256, temperature=0.0, stop=None, json_schema=None, timeout_s=None):
        self.calls.append(json_schema)
        if not json_schema:
            return "설명입니다."
        props = json_schema.get("properties", {})
        if set(props) == {"facts"}:
            return json.dumps({"facts": {"parties": [], "scene_factors": []}})
        ids = props["chart_id"]["enum"]
        parties = props["party_a"].get("enum") or ["A", "B"]
        return json.dumps({"facts": {"parties": [], "scene_factors": []}, "chart_id": ids[min(self.k, len(ids) - 1)],
                           "variant": None, "party_a": parties[0], "party_b": parties[1], "modifiers": []},
                          ensure_ascii=False)

    def health(self):
        return {"ok": True}


@pytest.fixture(scope="module")
def eval_file(tmp_path_factory):
    rows = [_dev_line(row_id) for row_id in ROWS]
    path = tmp_path_factory.mktemp("eval") / "three.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


# -- the policy ------------------------------------------------------------------------------
def _result(chart="보1", mods=()):
    return ProposalResult.model_construct(proposal=object(), chart_id=chart, variant="기본", party_a="A",
                                          party_b="B", modifier_ids=list(mods), warnings=[])


def test_decide_chart_only_when_rules_are_unsure_and_the_facts_fit():
    ranked = [("차1-1", 0.38), ("보1", 0.2), ("차2-1", 0.1), ("차3-1", 0.05)]
    fit = {"차1-1": 0.7, "보1": 0.68, "차2-1": 0.2, "차3-1": 0.5}.get
    assert decide_chart(_result("보1"), ranked, fit)[0] == "보1"
    assert "fits worse than 차1-1" in decide_chart(_result("차3-1"), ranked, fit)[1]  # 0.5 < 0.7 − 0.05
    assert decide_chart(_result("보1"), [("차1-1", 0.9), *ranked[1:]], fit)[0] is None  # rules confident
    assert "fits the facts poorly" in decide_chart(_result("차2-1"), ranked, fit)[1]
    far = [("차1-1", 0.3)] + [(f"x{i}", 0.1) for i in range(6)] + [("보1", 0.01)]
    assert "not among" in decide_chart(_result("보1"), far, fit)[1]
    assert decide_chart(ProposalResult(), ranked, fit)[0] is None  # no validated proposal, nothing changes
    # a low-confidence abstention may be rescued by a proposal that fits
    assert decide_chart(_result("차1-1"), [("차1-1", 0.05)], {"차1-1": 0.6}.get, abstaining=True)[0] == "차1-1"
    assert (DEFAULT_POLICY.max_rules_confidence, DEFAULT_POLICY.max_fit_drop) == (0.5, 0.05)


def test_modifiers_need_an_evidence_span():
    from katalog.standard.loader import load_standard

    chart = load_standard().get("차43-1")
    variant = chart.variants[0].key
    mods = chart.modifiers_for(variant)
    night = next((m for m in mods if "야간" in m.name), mods[0])
    res = _result("차43-1", [m.id for m in mods])
    text = "야간에 진로를 바꾸던 차와 부딪혔다" if "야간" in night.name else night.name
    picked = decide_modifiers(res, chart, variant, set(), text)
    assert night.id in picked and picked[night.id]
    assert decide_modifiers(res, chart, variant, {night.id}, text).get(night.id) is None  # already applied
    assert modifier_evidence("현저한 과실", "그냥 부딪혔다") is None


# -- katalog eval --llm ----------------------------------------------------------------------
@pytest.fixture
def policy(monkeypatch):
    """`policy(max_rules_confidence)`: the engine's policy for this test (the rules' calibration keeps moving)."""
    from katalog.llm import proposal

    def set_(threshold: float) -> None:
        monkeypatch.setitem(proposal.decide_chart.__kwdefaults__, "policy",
                            proposal.ProposalPolicy(max_rules_confidence=threshold))

    return set_


def test_eval_llm_metrics_and_the_policy_shape_results(eval_file, policy):
    from katalog.evaluation import run_eval, summarize

    rules_results = run_eval(eval_file)
    rules = summarize(rules_results)
    assert "llm_used" not in rules  # the rules-only contract is unchanged
    policy(0.0)  # the rules are never unsure: the proposal only disagrees
    kept = run_eval(eval_file, llm=Pick(1))
    m = summarize(kept)
    assert m["llm_consulted"] == 1.0 and m["llm_used"] == 0.0 and m["llm_disagreement"] > 0
    assert [r.predicted_chart for r in kept] == [r.predicted_chart for r in rules_results]
    policy(1.01)  # always unsure: a proposal in the top 5 that fits the facts replaces the rules' chart
    switched = run_eval(eval_file, llm=Pick(1))
    changed = [r for r in switched if r.llm_applied and "chart" in r.llm_applied]
    assert changed and summarize(switched)["llm_used"] == pytest.approx(len(changed) / 3, abs=1e-3)
    before = {r.id: r.predicted_chart for r in rules_results}
    assert all(r.predicted_chart != before[r.id] for r in changed)
    # a model proposing the rules' own chart changes nothing, whatever the threshold
    same = summarize(run_eval(eval_file, llm=Pick(0)))
    assert same["llm_used"] == 0.0 and same["chart_hit1"] == rules["chart_hit1"]


def test_assessment_records_what_the_llm_changed(policy):
    from katalog import assess

    policy(1.01)
    row = json.loads(_dev_line("struct_013"))
    rules = assess(row["description"], parties=row.get("parties"))
    a = assess(row["description"], parties=row.get("parties"), llm=Pick(1))
    assert "chart" in a.llm.applied and a.llm.used and a.chart_id == rules.candidates[1].chart_id
    assert any(o.field == "chart" and o.by == "llm" and o.before == rules.chart_id for o in a.overrides)
    assert any("LLM 제안 반영" in w for w in a.warnings)
    assert a.final and sum(a.final.values()) == 100  # the calculator computed the split
    pinned = assess(row["description"], parties=row.get("parties"), llm=Pick(1), chart_id=rules.chart_id)
    assert "chart" not in pinned.llm.applied and pinned.chart_id == rules.chart_id  # a user's pin always wins


def test_cli_eval_llm_through_the_scripted_server(eval_file, llm_server, monkeypatch):
    from katalog.llm.factory import clear_cache

    monkeypatch.setenv("KATALOG_LLM_BACKEND", "openai")
    monkeypatch.setenv("KATALOG_LLM_BASE_URL", server_url(llm_server, "schema"))
    monkeypatch.setenv("KATALOG_LLM_MODEL", "dag")
    clear_cache()
    try:
        res = runner.invoke(app, ["eval", str(eval_file), "--json", "--llm"])
    finally:
        clear_cache()
    assert res.exit_code == 0, res.output
    metrics = json.loads(res.stdout.strip().splitlines()[-1])
    assert metrics["llm_consulted"] == 1.0 and {"llm_used", "llm_disagreement"} <= set(metrics)
    assert len(llm_server.requests) >= 3  # the LLM was really called (it was not, before --llm existed)
    assert any("structured_outputs" in r["body"] for r in llm_server.requests)


def test_cli_eval_llm_needs_a_backend(eval_file, monkeypatch):
    from katalog.llm.factory import clear_cache

    monkeypatch.setenv("KATALOG_LLM_BACKEND", "none")
    clear_cache()
    res = runner.invoke(app, ["eval", str(eval_file), "--json", "--llm"])
    assert res.exit_code == 2 and "KATALOG_LLM_BACKEND" in res.output


def test_eval_llm_with_the_tiny_local_model(eval_file, tiny_model_dir, monkeypatch):
    """The real local backend: base model in, metrics out (the plumbing; the tiny model's answers mean nothing)."""
    from katalog.evaluation import run_eval, summarize
    from katalog.llm.local_hf import LocalHFBackend

    monkeypatch.setenv("KATALOG_LLM_ASSESSMENT_TIMEOUT_S", "60")
    one = eval_file.parent / "one.jsonl"
    one.write_text(eval_file.read_text(encoding="utf-8").splitlines()[1] + "\n", encoding="utf-8")
    backend = LocalHFBackend(tiny_model_dir, device="cpu")
    m = summarize(run_eval(one, llm=backend))
    assert m["n"] == 1 and m["llm_consulted"] == 1.0 and m["llm_used"] in (0.0, 1.0)


# -- batch score --llm -----------------------------------------------------------------------
def test_batch_score_llm_uses_the_configured_backend(tmp_path, monkeypatch):
    from katalog.llm.factory import clear_cache

    url = f"sqlite:///{tmp_path / 'k.db'}"
    f = tmp_path / "c.csv"
    f.write_text("id,description\nL1,신호대기 중인 제 차를 뒤차가 추돌했습니다\n", encoding="utf-8")
    assert runner.invoke(app, ["cases", "import", str(f), "--db", url]).exit_code == 0
    monkeypatch.setenv("KATALOG_LLM_BACKEND", "none")
    clear_cache()
    refused = runner.invoke(app, ["batch", "score", "--db", url, "--llm"])
    assert refused.exit_code == 2 and "KATALOG_LLM_BACKEND" in refused.output
    monkeypatch.setenv("KATALOG_LLM_BACKEND", "fake")
    monkeypatch.setenv("KATALOG_LLM_MODEL", "fake-dag")
    clear_cache()
    try:
        res = runner.invoke(app, ["batch", "score", "--db", url, "--llm", "--json"])
    finally:
        clear_cache()
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout.strip().splitlines()[-1])["scored"] == 1
    from katalog.db import open_db

    with open_db(url) as database:
        detail = database.case_detail("L1")
    assert [a.llm_model for a in detail.assessments] == ["fake-dag"]  # scored with the LLM, recorded as such


# -- strict JSON -----------------------------------------------------------------------------
def test_bench_llm_json_has_no_nan(llm_server):
    from katalog.jsonstrict import dumps, finite
    from katalog.llm.bench import run_llm_bench

    result = run_llm_bench(server_url(llm_server, "valid"), model="dag", n=1, max_tokens=8, concurrency=2, assess_n=0)
    text = dumps(result)
    assert "NaN" not in text and json.loads(text)["ok"] is True
    assert finite({"a": float("nan"), "b": [float("inf"), 1.5]}) == {"a": None, "b": [None, 1.5]}
    with pytest.raises(ValueError):
        json.dumps(float("nan"), allow_nan=False)


def test_llm_facts_never_make_an_insufficient_description_answerable():
    """A model that fills in a place and parties the text does not have (struct_014: '장소를 전혀 모르겠습니다')."""
    from katalog import assess

    class Inventive(Pick):
        def generate(self, prompt, *, json_schema=None, **kw):
            if json_schema and set(json_schema.get("properties", {})) == {"facts"}:
                parties = json_schema["properties"]["facts"]["properties"]["parties"]
                names = (parties.get("items", {}).get("properties", {}).get("name", {}).get("enum")
                         or ["당사자1", "당사자2"])
                return json.dumps({"facts": {"place": "signal_intersection", "signal_controlled": True,
                                             "collision": "side", "scene_factors": [],
                                             "parties": [{"name": n, "type": "car", "movement": "straight",
                                                          "signal": "red" if i else "green"}
                                                         for i, n in enumerate(names[:2])]}}, ensure_ascii=False)
            return super().generate(prompt, json_schema=json_schema, **kw)

    a = assess("차랑 사고났는데 상대와 장소를 전혀 모르겠습니다.", llm=Inventive(0))
    assert "facts" in a.llm.applied  # the guessed facts were merged (they may help ranking) …
    assert not a.answered and a.abstention.code == "insufficient"  # … but do not make the case answerable


class AllModifiers(Pick):
    """Proposes the rules' top chart with every modifier the prompt lists for it (both parties)."""

    def generate(self, prompt, *, json_schema=None, **kw):
        import re

        out = super().generate(prompt, json_schema=json_schema, **kw)
        if not json_schema or "chart_id" not in json_schema.get("properties", {}):
            return out
        obj = json.loads(out)
        block = prompt.split(f"- {obj['chart_id']}:", 1)[1].split("\n- ", 1)[0]
        m = re.search(r"수정요소: (.*)", block)
        mods = [x.strip().split(":", 1) for x in m.group(1).split(", ")] if m else []
        obj["modifiers"] = [{"party": p, "name": n} for p, n in mods][:8]
        return json.dumps(obj, ensure_ascii=False)


def test_llm_modifiers_are_added_only_with_evidence_and_the_right_party():
    from katalog import assess

    parties = ["제 차", "상대 차량"]
    a = assess("편도 2차로에서 앞서가던 상대 차량이 신호를 늦게 켜고 지연하여 진로를 바꾸다 제 차와 충돌했습니다.",
               parties=parties, llm=AllModifiers(0))
    llm_mods = [m for m in a.applied if m.source == "llm"]
    assert a.llm.applied == ["modifiers"] and len(llm_mods) == 1 and "지연" in llm_mods[0].evidence
    assert llm_mods[0].party_name == "상대 차량"  # only the modifiers with a span; none without one
    rules = assess("편도 2차로에서 앞서가던 상대 차량이 신호를 늦게 켜고 지연하여 진로를 바꾸다 제 차와 충돌했습니다.",
                   parties=parties)
    assert a.final["상대 차량"] > rules.final["상대 차량"]  # the calculator applied the added modifier
    # the rules attributed '전용차로 위반' to the other party: the same span does not add it for 제 차
    b = assess("편도 3차로 도로에서 상대 차량이 버스전용차로 위반 상태로 진로변경하다 제 차와 부딪혔습니다.",
               parties=parties, llm=AllModifiers(0))
    assert not [m for m in b.applied if m.source == "llm"] and "modifiers" not in b.llm.applied


def test_modifier_evidence_alternatives():
    assert modifier_evidence("야간·기타 시야장애", "야간에 부딪혔다")
    assert modifier_evidence("진로변경 신호불이행·지연", "신호를 지연했다")
    assert modifier_evidence("야간·기타 시야장애", "낮에 부딪혔다") is None
