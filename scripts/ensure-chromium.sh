#!/usr/bin/env bash
# Make sure Debian's Chromium (/usr/bin/chromium) and a CJK font are installed,
# for the headless browser tests (Playwright drives /usr/bin/chromium; no
# browser download happens). Installs with apt-get only what is missing, runs
# `apt-get update` at most once, then smoke-tests the browser and prints its
# version.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
export DEBIAN_FRONTEND=noninteractive

log() { printf '[ensure-chromium] %s\n' "$*" >&2; }
die() {
    log "ERROR: $*"
    exit 1
}

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo -n)
    fi
fi

APT_UPDATED=0
apt_get() {
    local i
    for i in 1 2 3; do
        if "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 "$@"; then
            return 0
        fi
        ((i < 3)) || return 1
        log "apt-get $* failed (attempt $i); retrying in 10s"
        sleep 10
    done
}

apt_install() {
    if [[ $APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        apt_get update || die "apt-get update failed"
        APT_UPDATED=1
    fi
    log "apt-get install -y $*"
    apt_get install -y "$@" || die "apt-get install $* failed"
}

pkg_installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

have_cjk_font() {
    if command -v fc-list >/dev/null 2>&1 && [[ -n $(fc-list ':lang=zh-cn' family 2>/dev/null) ]]; then
        return 0
    fi
    local p
    for p in fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-uming; do
        pkg_installed "$p" && return 0
    done
    return 1
}

if [[ -x $CHROMIUM ]]; then
    log "$CHROMIUM is present"
else
    apt_install chromium
    [[ -x $CHROMIUM ]] || die "installed 'chromium' but $CHROMIUM is still missing"
fi

if have_cjk_font; then
    log "a CJK (zh) font is present"
else
    apt_install fonts-noto-cjk
    have_cjk_font || die "installed fonts-noto-cjk but fontconfig still lists no zh font"
fi

# Smoke test: headless Chromium must start and render a blank page. The
# background-networking flags keep it from dialling out on a closed network.
profile=$(mktemp -d)
errlog=$(mktemp)
trap 'rm -rf -- "$profile" "$errlog"' EXIT
if ! dom=$(timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --disable-quic --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$profile" --dump-dom about:blank 2>"$errlog"); then
    tail -n 30 "$errlog" >&2 || true
    die "headless $CHROMIUM failed to start"
fi
[[ $dom == *"<html"* ]] || die "headless $CHROMIUM did not return a DOM (got: ${dom:0:200})"

"$CHROMIUM" --version
