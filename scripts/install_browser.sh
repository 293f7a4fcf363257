#!/usr/bin/env bash
# Installs Debian's headless Chromium for the page tests when it is not there yet.
# Idempotent; needs root (or sudo) and the Debian package registry.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install_browser: chromium is missing and this user cannot install it (run as root: apt-get install chromium)" >&2
    exit 1
  fi
fi
echo "install_browser: installing chromium from the system packages" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null
