#!/usr/bin/env bash
# Make sure Debian packages the project needs are installed; install them where we can.
# Usage: ensure-system-packages.sh PACKAGE...  (gettext, chromium, fonts-noto-cjk)
set -u
missing=()
for pkg in "$@"; do
  case "$pkg" in
    gettext) command -v msgfmt >/dev/null 2>&1 || missing+=("$pkg") ;;
    chromium) command -v chromium >/dev/null 2>&1 || missing+=("$pkg") ;;
    *) dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  if apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    exit 0
  fi
fi
echo "Missing system packages: ${missing[*]}" >&2
echo "Install them with your package manager, e.g.: sudo apt-get install ${missing[*]}" >&2
if [ "${CI:-}" = "true" ]; then
  exit 1
fi
echo "(Continuing: tests that need them will be skipped outside CI.)" >&2
exit 0
