#!/usr/bin/env bash
# Installs Debian's headless Chromium and the Noto CJK fonts for the page tests when
# they are not there yet: without a CJK font, Chinese text renders as empty boxes in
# the pages' screenshots on a bare machine.
# Idempotent; needs root (or sudo) and the Debian package registry.
set -euo pipefail
PACKAGES=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  PACKAGES+=(chromium)
fi
if ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"; then
  PACKAGES+=(fonts-noto-cjk)
fi
if [ "${#PACKAGES[@]}" -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install_browser: ${PACKAGES[*]} missing and this user cannot install them (run as root: apt-get install ${PACKAGES[*]})" >&2
    exit 1
  fi
fi
echo "install_browser: installing ${PACKAGES[*]} from the system packages" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
command -v chromium >/dev/null
fc-list :lang=zh family | grep -qi "Noto Sans CJK" || { echo "install_browser: no Noto CJK font after installing fonts-noto-cjk" >&2; exit 1; }
