"""A tiny GPT-NeoX and a byte-level BPE tokenizer trained on our own Korean text.

Used by the CPU smoke config (`finetune/configs/tiny-cpu.yaml`) and by tests of the training
pipeline and of `katalog`'s local LLM backend: real `from_pretrained` loading, no downloads.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

DEFAULT_TEXTS = [
    "신호기 있는 교차로에서 녹색신호에 직진하던 차량과 적색신호에 직진하던 차량이 충돌한 사고이다.",
    "뒤에서 오던 차가 앞차를 추돌하였습니다. 앞차는 신호대기 중이었습니다.",
    "### 지시:\n다음 사고의 과실비율을 판단하세요.\n\n### 입력:\n좌회전 차량과 직진 차량의 사고\n\n### 응답:\n",
    "보행자가 횡단보도를 건너던 중 우회전 차량에 충격되었다.",
    "한국어 문장을 요약하고 분류하는 과제입니다. 감정은 긍정 또는 부정입니다.",
    "{\"chart_id\": \"차43-1\", \"variant\": \"기본\", \"modifiers\": []}",
]

SPECIAL_TOKENS = ["<|endoftext|>", "<|pad|>"]


def train_tokenizer(texts: Iterable[str], out_dir: str | Path, vocab_size: int = 800):
    """Train a byte-level BPE tokenizer and save it as a `PreTrainedTokenizerFast` folder."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(list(texts), trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, eos_token="<|endoftext|>", bos_token="<|endoftext|>", pad_token="<|pad|>"
    )
    fast.save_pretrained(str(out_dir))
    return fast


def build_tiny_gptneox(
    out_dir: str | Path,
    texts: Iterable[str] | None = None,
    *,
    hidden_size: int = 64,
    num_layers: int = 2,
    num_heads: int = 4,
    max_positions: int = 512,
    vocab_size: int = 800,
    seed: int = 0,
) -> Path:
    """Create and save a randomly initialised 2-layer GPT-NeoX with its tokenizer in `out_dir`."""
    import torch
    from transformers import GPTNeoXConfig, GPTNeoXForCausalLM

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tok = train_tokenizer(list(texts or DEFAULT_TEXTS), out, vocab_size=vocab_size)
    torch.manual_seed(seed)
    config = GPTNeoXConfig(
        vocab_size=len(tok),
        hidden_size=hidden_size,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        intermediate_size=hidden_size * 4,
        max_position_embeddings=max_positions,
        rotary_pct=0.5,
        use_parallel_residual=True,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        tie_word_embeddings=False,
    )
    model = GPTNeoXForCausalLM(config)
    model.save_pretrained(str(out))
    return out
