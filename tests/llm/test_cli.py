"""`katalog llm status` and `katalog bench llm` through the CLI."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from katalog.cli import app
from katalog.llm.factory import clear_cache


def _server_base(llm_server, mode="valid"):
    return f"http://127.0.0.1:{llm_server.server_address[1]}/{mode}"


def test_status_none(monkeypatch):
    monkeypatch.delenv("KATALOG_LLM_BACKEND", raising=False)
    clear_cache()
    r = CliRunner().invoke(app, ["llm", "status", "--json"])
    assert r.exit_code == 0, r.output
    info = json.loads(r.output.strip().splitlines()[-1])
    assert info["backend"] == "none" and info["ok"] and len(info["prompts"]["propose_facts"]) == 12


def test_status_openai_healthy_and_secret_hidden(monkeypatch, llm_server):
    clear_cache()
    monkeypatch.setenv("KATALOG_LLM_BACKEND", "openai")
    monkeypatch.setenv("KATALOG_LLM_BASE_URL", _server_base(llm_server))
    monkeypatch.setenv("KATALOG_LLM_API_KEY", "sk-cli-secret-99")
    r = CliRunner().invoke(app, ["llm", "status"])
    assert r.exit_code == 0, r.output
    assert "dag" in r.output and "sk-cli-secret-99" not in r.output
    r = CliRunner().invoke(app, ["llm", "status", "--json"])
    assert "sk-cli-secret-99" not in r.output and json.loads(r.output)["settings"]["api_key_set"] is True
    clear_cache()


def test_status_misconfigured(monkeypatch):
    clear_cache()
    monkeypatch.setenv("KATALOG_LLM_BACKEND", "openai")
    monkeypatch.delenv("KATALOG_LLM_BASE_URL", raising=False)
    r = CliRunner().invoke(app, ["llm", "status"])
    assert r.exit_code == 2 and "KATALOG_LLM_BASE_URL" in r.output
    clear_cache()


def test_bench_llm_against_scripted_server(llm_server):
    r = CliRunner().invoke(app, ["bench", "llm", "--base-url", _server_base(llm_server), "--n", "2",
                                 "--concurrency", "4", "--assess-n", "0", "--json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.output.strip().splitlines()[-1])
    assert res["ok"] and res["model"] == "dag" and res["ttft_ms"] >= 0 and res["decode_tok_s_b1"] > 0
    assert res["aggregate_tok_s"] > 0 and res["batch"] == 4
