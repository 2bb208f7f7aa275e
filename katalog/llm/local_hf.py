"""Local transformers backend: a causal LM from a folder or a hub id, loaded once, thread-safe.

bf16 on CUDA, float32 on CPU. JSON output is constrained with lm-format-enforcer when it is
installed (see `json_constraint`); otherwise the caller's parse-validate-retry handles it.
Loading never reaches the network unless the id is not a local folder and the HF cache lacks it;
set `HF_HUB_OFFLINE=1` to forbid that.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from general_tasks.prompt_format import split_response
from katalog.llm import json_constraint
from katalog.llm.errors import LLMConfigError, LLMError

log = logging.getLogger("katalog.llm")


class LocalHFBackend:
    """Generates with `model.generate` under a lock (one generation at a time per process)."""

    name = "local"

    def __init__(
        self, model_path: str | Path, *, device: str | None = None, max_whitespace: int = 2, fast_decode: bool = False
    ):
        if not str(model_path).strip():
            raise LLMConfigError("로컬 모델 경로가 필요합니다", "a local model path or hub id is required")
        self.model_path = str(model_path)
        self.model_id = self.model_path
        self.requested_device = device
        self.max_whitespace = max_whitespace
        self._lock = threading.Lock()
        self._model: Any = None
        self._tokenizer: Any = None
        self.device: str | None = None
        self.load_error: str | None = None
        self.fast_decode = fast_decode
        self._fast: Any = None
        self.fast_max_len = 2048

    def __repr__(self) -> str:
        return f"LocalHFBackend(model={self.model_path!r}, device={self.device!r})"

    # -- loading ---------------------------------------------------------------------------
    def load(self) -> None:
        """Load tokenizer and model once (idempotent, thread-safe)."""
        with self._lock:
            self._load_locked()

    def _load_locked(self) -> None:
        if self._model is not None:
            return
        if self.load_error is not None:  # a failed load is not retried on every call
            raise LLMConfigError(
                f"로컬 모델을 불러올 수 없습니다: {self.model_path}", f"cannot load local model: {self.load_error}"
            )
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:
            raise LLMConfigError("transformers/torch가 필요합니다", f"missing dependency: {exc}") from None
        device = self.requested_device or ("cuda" if torch.cuda.is_available() else "cpu")
        dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
        try:
            tok = AutoTokenizer.from_pretrained(self.model_path)
            model = AutoModelForCausalLM.from_pretrained(self.model_path, dtype=dtype)
        except Exception as exc:  # any loader failure becomes one clear message
            self.load_error = f"{type(exc).__name__}: {exc}"[:300]
            raise LLMConfigError(
                f"로컬 모델을 불러올 수 없습니다: {self.model_path}", f"cannot load local model: {self.load_error}"
            ) from None
        model.to(device).eval()
        if tok.pad_token_id is None:
            tok.pad_token = tok.eos_token
        self._tokenizer, self._model, self.device = tok, model, device
        log.info("loaded local model %s on %s (%s)", self.model_path, device, dtype)

    # -- generation ------------------------------------------------------------------------
    def generate(
        self,
        prompt: str,
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        stop: list[str] | None = None,
        json_schema: dict[str, Any] | None = None,
        timeout_s: float | None = None,
    ) -> str:
        import torch

        with self._lock:
            self._load_locked()
            tok, model = self._tokenizer, self._model
            inputs = tok(prompt, return_tensors="pt").to(self.device)
            kwargs: dict[str, Any] = {
                "max_new_tokens": max_tokens,
                "pad_token_id": tok.pad_token_id,
                "eos_token_id": tok.eos_token_id,
            }
            if temperature > 0:
                kwargs.update(do_sample=True, temperature=temperature)
            else:
                kwargs["do_sample"] = False
            if timeout_s:
                kwargs["max_time"] = timeout_s  # transformers stops generating after this many seconds
            if json_schema is not None:
                fn = json_constraint.prefix_allowed_tokens_fn(tok, json_schema, max_whitespace=self.max_whitespace)
                if fn is not None:
                    kwargs["prefix_allowed_tokens_fn"] = fn
            t0 = time.monotonic()
            try:
                fast = self._fast_decoder() if "prefix_allowed_tokens_fn" not in kwargs and temperature <= 0 else None
                if fast is not None and inputs["input_ids"].shape[1] < fast.max_len:
                    from katalog.llm.fast_decode import greedy_generate

                    new = greedy_generate(fast, inputs["input_ids"], max_tokens, tok.eos_token_id)
                else:
                    with torch.inference_mode():
                        out = model.generate(**inputs, **kwargs)
                    new = out[0, inputs["input_ids"].shape[1] :]
            except Exception as exc:
                raise LLMError("로컬 모델 생성 실패", f"local generation failed: {type(exc).__name__}: {exc}") from None
            text = tok.decode(new, skip_special_tokens=True)
            log.debug("local generate: %d tokens in %.2fs", len(new), time.monotonic() - t0)
        for s in stop or []:
            cut = text.find(s)
            if cut >= 0:
                text = text[:cut]
        return split_response(text)

    def stream(
        self, prompt: str, *, max_tokens: int = 256, temperature: float = 0.0, timeout_s: float | None = None
    ) -> Iterator[str]:
        """Yield text deltas as the model produces them (transformers' streamer on a worker thread)."""
        import torch
        from transformers import TextIteratorStreamer

        with self._lock:  # one generation at a time per loaded model, as `generate` does
            self._load_locked()
            tok, model = self._tokenizer, self._model
            inputs = tok(prompt, return_tensors="pt").to(self.device)
            streamer = TextIteratorStreamer(tok, skip_prompt=True, skip_special_tokens=True, timeout=timeout_s or None)
            kwargs: dict[str, Any] = {"max_new_tokens": max_tokens, "pad_token_id": tok.pad_token_id,
                                      "eos_token_id": tok.eos_token_id, "streamer": streamer,
                                      "do_sample": temperature > 0}
            if temperature > 0:
                kwargs["temperature"] = temperature
            if timeout_s:
                kwargs["max_time"] = timeout_s
            errors: list[BaseException] = []

            def run() -> None:
                try:
                    with torch.inference_mode():
                        model.generate(**inputs, **kwargs)
                except BaseException as exc:  # surfaced after the stream ends
                    errors.append(exc)
                    streamer.end()

            worker = threading.Thread(target=run, daemon=True)
            worker.start()
            try:
                yield from streamer
            finally:
                worker.join(timeout=1.0)
            if errors:
                raise LLMError("로컬 모델 생성 실패", f"local generation failed: {type(errors[0]).__name__}: {errors[0]}")

    def _fast_decoder(self) -> Any:
        """The static-cache CUDA-graph decoder, when enabled and applicable (GPT-NeoX on CUDA)."""
        if not self.fast_decode or self._fast is False:
            return None
        if self._fast is None:
            model = self._model
            if getattr(model.config, "model_type", "") != "gpt_neox" or not str(self.device).startswith("cuda"):
                self._fast = False
                return None
            from katalog.llm.fast_decode import NeoXFastDecoder

            self._fast = NeoXFastDecoder(model, max_batch=1, max_len=self.fast_max_len)
        return self._fast

    def health(self) -> dict[str, Any]:
        """Reports without loading the model (loading a 5.8B model is not a health check)."""
        if self._model is not None:
            return {
                "ok": True,
                "backend": self.name,
                "model": self.model_id,
                "detail": f"loaded on {self.device}; json constraint: {json_constraint.available()}",
            }
        if self.load_error:
            return {"ok": False, "backend": self.name, "model": self.model_id, "detail": self.load_error}
        local = Path(self.model_path).is_dir()
        return {
            "ok": local,
            "backend": self.name,
            "model": self.model_id,
            "detail": "not loaded yet (local folder)" if local else "not loaded yet (not a local folder: hub id?)",
        }
