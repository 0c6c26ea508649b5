#!/usr/bin/env bash
# Installs GNU GSL's development files (Debian libgsl-dev) and pkg-config when they are missing.
# cohort links GSL through a system-library target; without the headers the build fails with "header not found".
set -euo pipefail
if dpkg -s libgsl-dev >/dev/null 2>&1 && command -v pkg-config >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing libgsl-dev and pkg-config (apt)..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgsl-dev pkg-config >/dev/null
