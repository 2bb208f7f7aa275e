#!/usr/bin/env bash
# Multi-node full fine-tuning under SLURM: one task per node, accelerate starts the GPU ranks,
# c10d rendezvous on the first node. Effective batch stays 2048 (accumulation = 2048 / (8 × GPUs)).
#   sbatch finetune/configs/slurm_multinode.sh                      # 4 nodes × 8 GPUs
#   CONFIG=... ACCEL=finetune/configs/fsdp2.yaml sbatch --nodes 2 finetune/configs/slurm_multinode.sh
#SBATCH --job-name=katalog-finetune
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=1
#SBATCH --gres=gpu:8
#SBATCH --cpus-per-task=64
#SBATCH --exclusive
#SBATCH --time=48:00:00
#SBATCH --output=runs/slurm-%j.out
set -euo pipefail

GPUS_PER_NODE=${GPUS_PER_NODE:-8}
CONFIG=${CONFIG:-finetune/configs/dag-polyglot-5.8b.yaml}
ACCEL=${ACCEL:-finetune/configs/deepspeed_zero3.yaml}
MAIN_IP=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n1)
MAIN_PORT=${MAIN_PORT:-29500}

cd "${SLURM_SUBMIT_DIR:-.}"
[ -f .venv/bin/activate ] && . .venv/bin/activate

# Refuse bad config/data once, on the submit node, before any GPU is touched on any node.
WORLD_SIZE=$((SLURM_NNODES * GPUS_PER_NODE)) python -m finetune check --config "$CONFIG"

export NCCL_ASYNC_ERROR_HANDLING=1
# \$SLURM_NODEID must expand on each node, hence the single quotes around the inner command.
srun --ntasks-per-node=1 bash -c '
  accelerate launch \
    --config_file '"$ACCEL"' \
    --num_processes '"$((SLURM_NNODES * GPUS_PER_NODE))"' \
    --num_machines '"$SLURM_NNODES"' \
    --machine_rank $SLURM_NODEID \
    --rdzv_backend c10d \
    --main_process_ip '"$MAIN_IP"' \
    --main_process_port '"$MAIN_PORT"' \
    -m finetune train --config '"$CONFIG"'
'
