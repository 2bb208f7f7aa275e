#!/usr/bin/env bash
# Full-fine-tuning step on ONE H100 80GB: tokens/s per GPU, MFU and peak memory for the
# Polyglot-Ko-5.8b shape (GPT-NeoX, random init, no download), micro-batch 8 × 2048.
# Tries the variants of finetune/bench.py (anchor → torch.compile → partial checkpointing →
# accumulation → packed rows) within ~3.5 minutes; prints a table and a final JSON line.
# Needs only torch + transformers (the GPU image's python3). Usage, from anywhere:
#   bash benchmarks/gpu/finetune_bench.sh                 # all variants
#   bash benchmarks/gpu/finetune_bench.sh --variants anchor,compile
# Results (also partial ones if killed) go to ${OUT:-/tmp}/finetune_bench.json.
set -uo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-python3}
OUT_DIR=${OUT:-/tmp}
mkdir -p "$OUT_DIR"
export PYTORCH_CUDA_ALLOC_CONF=${PYTORCH_CUDA_ALLOC_CONF:-expandable_segments:True}  # less fragmentation
export TOKENIZERS_PARALLELISM=false
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || true
"$PY" -c "import torch, transformers; print('torch', torch.__version__, '| transformers', transformers.__version__)"
timeout 225 "$PY" -m finetune bench --device cuda --budget-s 160 --json-out "$OUT_DIR/finetune_bench.json" "$@"
rc=$?
if [ $rc -ne 0 ] && [ -f "$OUT_DIR/finetune_bench.json" ]; then
  echo "bench exited with $rc; partial results:"
  tail -c 4000 "$OUT_DIR/finetune_bench.json"; echo
fi
exit $rc
