#!/usr/bin/env bash
# Main job: set up .venv, run a first assessment in the terminal, then start the Streamlit app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh
. .venv/bin/activate
katalog assess "신호 없는 교차로에서 직진하던 제 차와 맞은편에서 좌회전하던 상대 차량이 충돌했습니다" \
  --party "당사 차량" --party "상대 차량" || true
if [ "${KATALOG_NO_APP:-0}" != "1" ]; then
  exec streamlit run streamlit_app.py --server.headless true --server.address 127.0.0.1 --server.port "${PORT:-8501}"
fi
