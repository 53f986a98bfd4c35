#!/usr/bin/env bash
# Installs what the PyTorch side of a benchmark needs from Debian's packages, if missing: the modules named as
# arguments (python3-torch, python3-fastapi...) and OpenBLAS. Debian's torch does its matrix products through the
# system's libblas.so.3, and python3-torch alone brings the reference BLAS (libblas3), with which PyTorch's LSTM was
# 5× slower at batch 1 and 14× at batch 64 on this machine (2026-12-03); a user of PyTorch has an optimised BLAS.
# Then prints the machine and the BLAS that libblas.so.3 resolves to, for the benchmark's record.
# Usage: benchmarks/torch-deps.sh python3-torch [python3-fastapi python3-uvicorn]
set -euo pipefail
missing=""
for p in "$@" libopenblas0-pthread; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  sudo -n true 2>/dev/null && S=sudo || S=
  $S apt-get install -y -q $missing >/dev/null
fi
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores;" \
  "PyTorch's BLAS: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)" >&2
