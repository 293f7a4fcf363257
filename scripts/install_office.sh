#!/usr/bin/env bash
# Installs what the document-reader tests need from the system packages, when missing:
#  - LibreOffice Writer (headless), which kg uses to read .doc and .wps files and the
#    tests use to write a .doc;
#  - a CJK font, so that the headless Chromium of scripts/install_browser.sh prints
#    Chinese pages to PDF with a text layer.
# Idempotent; needs root (or sudo) and the Debian package registry.
set -euo pipefail
need_office=0
need_font=0
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || need_office=1
fc-list :lang=zh 2>/dev/null | grep -q . || need_font=1
if [ "$need_office$need_font" = "00" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install_office: LibreOffice Writer or a CJK font is missing and this user cannot install them" \
         "(run as root: apt-get install libreoffice-writer-nogui fonts-wqy-microhei)" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
want=()
if [ "$need_office" = 1 ]; then
  # the -nogui flavour is much smaller; releases without it have libreoffice-writer
  if apt-cache show libreoffice-writer-nogui >/dev/null 2>&1; then
    want+=(libreoffice-writer-nogui)
  else
    want+=(libreoffice-writer)
  fi
fi
[ "$need_font" = 1 ] && want+=(fonts-wqy-microhei)
echo "install_office: installing ${want[*]} from the system packages" >&2
$SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
command -v soffice >/dev/null
