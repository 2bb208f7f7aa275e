"""The assistant: request → task fields + constraints, liability/legal questions → engine/retrieval,
multi-turn history, streaming (fake backend, scripted SSE stream, tiny local model), and the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from general_tasks.assistant import (
    ReplyStream,
    enforce,
    is_legal_question,
    is_liability_question,
    parse_constraints,
    parse_request,
    respond,
)
from katalog.llm.fake import FakeBackend

runner = CliRunner()
ACCIDENT = "교차로에서 신호 없이 좌회전하던 상대 차량과 직진하던 제 차가 부딪혔는데 과실비율은 어떻게 되나요?"


def _app():
    from katalog.cli import app

    return app


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    from finetune.tiny_model import build_tiny_gptneox

    return build_tiny_gptneox(tmp_path_factory.mktemp("tiny_neox"))


@pytest.fixture
def llm_server_url():
    """A minimal OpenAI-compatible server that streams '긍 정 입 니 다 .' as server-sent events."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            body = b'{"object": "list", "data": [{"id": "dag"}]}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in ["긍", "정", "입", "니", "다", "."]:
                self.wfile.write(f"data: {json.dumps({'choices': [{'text': piece}]})}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("message", "task", "fields"),
    [
        ("전제: 민수는 매일 아침 공원에서 달린다. 가설: 민수는 운동을 한다. 이 관계는?", "kornli",
         {"premise": "민수는 매일 아침 공원에서 달린다.", "hypothesis": "민수는 운동을 한다."}),
        ("질문: 수도는 어디인가? 지문: 대한민국의 수도는 서울이다.", "korquad_mrc",
         {"context": "대한민국의 수도는 서울이다.", "question": "수도는 어디인가?"}),
        ('"오늘 날씨가 좋다"와 "날씨가 맑다"는 얼마나 비슷한가요?', "klue_sts",
         {"sentence1": "오늘 날씨가 좋다", "sentence2": "날씨가 맑다"}),
        ("다음 기사를 세 문장으로 요약해 줘: 시는 버스 요금을 올린다고 밝혔다. 적자가 누적됐다.", "news_summary",
         {"document": "시는 버스 요금을 올린다고 밝혔다. 적자가 누적됐다."}),
    ],
)
def test_request_is_parsed_into_the_task_fields(message, task, fields):
    req = parse_request(message, task)
    assert req.fields == fields and req.missing == []


def test_constraints_are_read_and_enforced():
    c = parse_constraints("세 문장으로, 100자 이내로, 목록으로, 존댓말로")
    assert (c.sentences, c.max_chars, c.bullets, c.tone) == (3, 100, True, "존댓말")
    assert "3문장으로" in c.instruction() and "100자 이내" in c.instruction()
    assert enforce("하나. 둘. 셋. 넷.", parse_constraints("두 문장으로")) == "하나. 둘."
    assert len(enforce("가" * 300, parse_constraints("50자 이내"))) <= 50


def test_nli_request_reaches_the_template_with_both_fields():
    fake = FakeBackend(["함의"])
    r = respond([], "전제: 민수는 매일 아침 공원에서 달린다. 가설: 민수는 운동을 한다. 이 관계는?", backend=fake, task="kornli")
    prompt = fake.calls[-1]["prompt"]
    assert "전제: 민수는 매일 아침 공원에서 달린다.\n가설: 민수는 운동을 한다." in prompt
    assert "전제: 전제:" not in prompt and (r.kind, r.parsed) == ("task", "함의")


def test_summary_constraint_is_in_the_prompt_and_the_answer_is_cut():
    fake = FakeBackend(["하나입니다. 둘입니다. 셋입니다. 넷입니다. 다섯입니다."])
    rs = respond([], "다음 기사를 세 문장으로 요약해 줘: 시는 요금을 올린다. 적자가 누적됐다. 시민은 반발한다. 폭은 300원.",
                 backend=fake, stream=True, task="news_summary")
    assert isinstance(rs, ReplyStream)
    chunks = list(rs)
    assert "".join(chunks) == rs.reply.text == "하나입니다. 둘입니다. 셋입니다."
    assert "3문장으로 답하세요." in fake.calls[-1]["prompt"]


def test_missing_field_is_asked_for_not_run_empty():
    fake = FakeBackend(["{}"])  # the LLM extraction finds nothing either
    r = respond([], "민수가 달리면 운동하는 것인가요?", backend=fake, task="kornli")
    assert r.kind == "clarify" and "전제" in r.text and "가설" in r.text
    assert all(c["json_schema"] for c in fake.calls)  # only the extraction ran, never the task on empty fields


def test_llm_extraction_fills_fields_from_the_request_only():
    fake = FakeBackend(['{"premise": "민수는 매일 달린다", "hypothesis": "민수는 운동한다"}', "함의"])
    r = respond([], "민수는 매일 달린다 그러면 민수는 운동한다 맞나요", backend=fake, task="kornli")
    assert r.kind == "task" and r.fields == {"premise": "민수는 매일 달린다", "hypothesis": "민수는 운동한다"}
    invented = FakeBackend(['{"premise": "완전히 다른 문장", "hypothesis": "지어낸 문장"}'])
    assert respond([], "민수는 매일 달린다 그러면 운동하나", backend=invented, task="kornli").kind == "clarify"


def test_liability_question_goes_to_the_engine_without_an_llm():
    assert is_liability_question(ACCIDENT) and not is_legal_question(ACCIDENT)
    r = respond([], ACCIDENT)
    assert r.kind == "liability" and r.route == "engine"
    a = r.assessment
    assert a["chart_id"] and sum(a["final"].values()) == 100 and a["citations"]
    assert a["chart_id"] in r.text and "%" in r.text and "근거:" in r.text


def test_legal_question_is_answered_from_retrieved_articles():
    r = respond([], "도로교통법에서 교차로 통행 방법은 어떻게 되나요?")
    assert r.kind == "legal" and r.citations and all(c["kind"] == "law" for c in r.citations)
    assert "도로교통법" in r.text


def test_multi_turn_followups_use_the_history():
    first = respond([], ACCIDENT)
    history = [{"role": "user", "content": ACCIDENT}, first.message()]
    again = respond(history, "상대 차량이 방향지시등을 켜지 않았어요")
    assert again.kind == "liability" and again.meta["description"].startswith(ACCIDENT[:20])
    fake = FakeBackend(["하나. 둘. 셋. 넷."])
    s = respond([], "다음 기사를 세 문장으로 요약해 줘: 시는 요금을 올린다. 적자가 누적됐다.", backend=fake, task="news_summary")
    shorter = respond([{"role": "user", "content": "…"}, s.message()], "더 짧게", backend=FakeBackend(["하나. 둘. 셋."]))
    assert shorter.route == "followup" and shorter.constraints["sentences"] == 2 and shorter.text == "하나. 둘."
    assert shorter.fields == s.fields


def test_streaming_from_the_scripted_server(llm_server_url):
    from katalog.llm.openai_compat import OpenAICompatBackend
    from katalog.llm.settings import LLMSettings

    backend = OpenAICompatBackend(LLMSettings(backend="openai", base_url=llm_server_url, model="dag", timeout_s=5))
    rs = respond([], "이 영화 정말 재밌었어요", backend=backend, stream=True, task="nsmc_sentiment")
    chunks = list(rs)
    assert len(chunks) > 3 and "".join(chunks) == rs.reply.text == "긍정입니다."
    assert rs.reply.parsed == "긍정"
    backend.close()


def test_streaming_with_the_tiny_local_model(tiny_model_dir):
    from katalog.llm.local_hf import LocalHFBackend

    rs = respond([], "이 영화 정말 재밌었어요", backend=LocalHFBackend(tiny_model_dir, device="cpu"), stream=True,
                 task="nsmc_sentiment")
    text = "".join(rs)
    assert rs.reply.kind == "task" and text.strip() == rs.reply.text.strip()


def test_cli_chat_keeps_history_and_streams(tmp_path, monkeypatch):
    from katalog.llm.factory import clear_cache

    monkeypatch.setenv("KATALOG_LLM_BACKEND", "none")
    clear_cache()
    hist = tmp_path / "h.json"
    res = runner.invoke(_app(), ["assist", "--chat", "--history", str(hist)],
                        input=f"{ACCIDENT}\n상대 차량이 중앙선을 넘었어요\n\n")
    assert res.exit_code == 0, res.output
    assert "과실비율은" in res.stdout and "추가하신 내용을 반영해" in res.stdout
    saved = json.loads(hist.read_text(encoding="utf-8"))
    assert [m["role"] for m in saved] == ["user", "assistant", "user", "assistant"]
    assert saved[1]["meta"]["kind"] == "liability"
    # the saved conversation continues in a later call
    res2 = runner.invoke(_app(), ["assist", "상대가 신호를 위반했어요", "--history", str(hist), "--json"])
    assert res2.exit_code == 0, res2.output
    out = json.loads(res2.stdout.strip().splitlines()[-1])
    assert out["kind"] == "liability" and out["assessment"]["chart_id"]
    clear_cache()


def test_cli_json_reports_fields(monkeypatch):
    from katalog.llm.factory import clear_cache

    monkeypatch.setenv("KATALOG_LLM_BACKEND", "fake")
    clear_cache()
    res = runner.invoke(_app(), ["assist", "전제: 비가 온다. 가설: 땅이 젖는다.", "--task", "kornli", "--json"])
    clear_cache()
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["fields"] == {"premise": "비가 온다.", "hypothesis": "땅이 젖는다."} and out["route"] == "explicit"
