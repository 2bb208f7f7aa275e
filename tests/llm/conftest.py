"""Fixtures for the LLM layer: a stand-in standard, a tiny local model, a scripted OpenAI server."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from katalog.standard.schema import Chart, Modifier, Party, Ratio, Variant


class FakeStandard:
    """`.charts` and `.get(id)` like `katalog.standard.loader.load_standard()`."""

    def __init__(self, charts: list[Chart]):
        self.charts = {c.id: c for c in charts}

    def get(self, chart_id: str) -> Chart:
        return self.charts[chart_id]


def _charts() -> list[Chart]:
    return [
        Chart(
            id="차1-1",
            book="MAIN2023",
            category="차대차",
            title="녹색신호 직진 대 적색신호 직진",
            parties={"A": Party(label="적색 직진"), "B": Party(label="녹색 직진")},
            variants=[Variant(key="기본", base=Ratio(A=100, B=0))],
            modifiers=[
                Modifier(id="B-현저한과실", party="B", name="현저한 과실", delta=10),
                Modifier(id="A-중대한과실", party="A", name="중대한 과실", delta=10),
            ],
            laws=["도로교통법 제5조"],
        ),
        Chart(
            id="차43-1",
            book="MAIN2023",
            category="차대차",
            title="동일방향 진로변경",
            parties={"A": Party(label="진로변경"), "B": Party(label="후행 직진")},
            variants=[
                Variant(key="가", condition="진로변경 신호 이행", base=Ratio(A=70, B=30)),
                Variant(key="나", condition="진로변경 신호 불이행", base=Ratio(A=80, B=20)),
            ],
            modifiers=[
                Modifier(id="A-야간", party="A", name="야간·기타 시야장애", delta=5, variants=["가"]),
                Modifier(id="B-현저한과실", party="B", name="현저한 과실", delta=10),
            ],
        ),
    ]


@pytest.fixture(scope="session")
def standard() -> FakeStandard:
    return FakeStandard(_charts())


CANDIDATES = [{"chart_id": "차1-1", "title": "녹색신호 직진 대 적색신호 직진"}, {"chart_id": "차43-1"}]
PARTIES = ["청구차량", "피청구차량"]
#: A lane change the rules answer on their own (the engine fixture's description).
LANE_CHANGE = "편도 2차로에서 피청구차량이 방향지시등 없이 진로를 변경하다 직진하던 청구차량과 부딪혔습니다."


@pytest.fixture(scope="module")
def engine():
    """(assess, the rules-only assessment of LANE_CHANGE); skipped where the engine data is absent."""
    try:
        from katalog import assess

        rules = assess(LANE_CHANGE, parties=PARTIES)
    except Exception as exc:  # the engine and its data are another area's; skip if absent here
        pytest.skip(f"engine unavailable: {exc}")
    return assess, rules

VALID = {
    "facts": {
        "place": "signal_intersection",
        "collision": "side",
        "parties": [{"name": "청구차량", "type": "car", "movement": "straight", "signal": "red"}],
        "scene_factors": [],
    },
    "chart_id": "차1-1",
    "variant": "기본",
    "party_a": "청구차량",
    "party_b": "피청구차량",
    "modifiers": [{"party": "B", "name": "현저한과실"}],
}


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    from finetune.tiny_model import build_tiny_gptneox

    return build_tiny_gptneox(tmp_path_factory.mktemp("tiny_neox"))


# --------------------------------------------------------------------------------------------
# Scripted OpenAI-compatible server. The first path segment picks the behaviour:
#   http://127.0.0.1:PORT/<mode>/v1/completions
# --------------------------------------------------------------------------------------------
def _completion(text: str) -> bytes:
    return json.dumps(
        {"id": "cmpl-1", "object": "text_completion", "model": "dag", "choices": [{"index": 0, "text": text}],
         "usage": {"completion_tokens": max(1, len(text) // 2)}},
        ensure_ascii=False,
    ).encode()


def _from_schema(body: dict) -> dict:
    """The first allowed value of every enum in the request's JSON schema (facts-only or full)."""
    props = ((body.get("structured_outputs") or {}).get("json") or {}).get("properties", {})
    facts = {"place": None, "parties": [], "scene_factors": []}
    if set(props) == {"facts"}:
        return {"facts": facts}
    parties = props.get("party_a", {}).get("enum") or ["A", "B"]
    return {"facts": facts, "chart_id": props["chart_id"]["enum"][0], "variant": None,
            "party_a": parties[0], "party_b": parties[1], "modifiers": []}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        mode = self.path.strip("/").split("/")[0]
        if mode == "hang":
            self.server.hung.wait(60)
            return None
        if mode == "down":
            return self._send(503, b'{"error": "loading"}')
        self._send(200, json.dumps({"object": "list", "data": [{"id": "dag"}]}).encode())

    def do_POST(self):
        mode = self.path.strip("/").split("/")[0]
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append({"mode": mode, "path": self.path, "body": body,
                                     "auth": self.headers.get("Authorization")})
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._dispatch(mode, body)

    def _dispatch(self, mode: str, body: dict) -> None:
        if body.get("stream"):
            return self._stream(mode)
        if mode == "valid":
            return self._send(200, _completion(json.dumps(VALID, ensure_ascii=False)))
        if mode == "schema":  # a constrained-decoding stand-in: answer inside the request's schema
            return self._send(200, _completion(json.dumps(_from_schema(body), ensure_ascii=False)))
        if mode == "prose":  # an explanation for explain()
            return self._send(200, _completion(self.server.prose))
        if mode == "invalid":
            return self._send(200, _completion('{"chart_id": "차1-1", "variant": 기본'))
        if mode == "unknown_chart":
            return self._send(200, _completion(json.dumps({**VALID, "chart_id": "차999-9"}, ensure_ascii=False)))
        if mode == "timeout":
            time.sleep(3.0)
            return self._send(200, _completion("{}"))
        if mode == "hang":  # accepts the request, then says nothing (a hung inference server)
            self.server.hung.wait(60)
            return None
        if mode == "http500":
            return self._send(500, b'{"error": "boom"}')
        if mode == "no_structured":
            if "structured_outputs" in body:
                return self._send(400, b'{"error": "unknown field structured_outputs"}')
            return self._send(200, _completion(json.dumps(VALID, ensure_ascii=False)))
        if mode == "slow_stream":  # headers at once, then one byte every 0.1 s for 10 s
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
            return None
        return self._send(404, b'{"error": "unknown mode"}')

    def _stream(self, mode: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        delay = 0.3 if mode == "slow_stream" else 0.001
        n = 100 if mode == "slow_stream" else 20
        for i in range(n):
            chunk = {"choices": [{"index": 0, "text": f"t{i} "}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
            time.sleep(delay)
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    requests: list
    prose: str = ""
    hung: threading.Event


@pytest.fixture()
def llm_server():
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests = []
    server.hung = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.hung.set()  # release handlers of the "hang" mode
        server.shutdown()
        server.server_close()


def server_url(server: _Server, mode: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/{mode}"


@pytest.fixture()
def http_backend(llm_server):
    """`http_backend(mode, **settings)` → an OpenAICompatBackend aimed at the scripted server."""
    from katalog.llm.openai_compat import OpenAICompatBackend
    from katalog.llm.settings import LLMSettings

    made = []

    def make(mode: str, **overrides):
        params = {"backend": "openai", "base_url": server_url(llm_server, mode), "model": "dag",
                  "timeout_s": 1.0, "connect_timeout_s": 1.0, "max_retries": 1, "backoff_s": 0.01}
        params.update(overrides)
        backend = OpenAICompatBackend(LLMSettings(**params))
        made.append(backend)
        return backend

    yield make
    for b in made:
        b.close()


@pytest.fixture()
def case():
    """The shared inputs of a proposal call."""
    return {"candidates": CANDIDATES, "parties": PARTIES, "valid": VALID}
