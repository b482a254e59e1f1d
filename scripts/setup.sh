#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian/Ubuntu machine (idempotent, quick when done):
# the OTP peers oathtool (Debian) and pyotp (PyPI), gnome-keyring and dbus-daemon (Debian) for the
# OS-keyring test, syncthing (Debian) for the end-to-end sync test, poppler-utils (Debian) for the
# emergency sheet's render test, chromium and chromium-driver (Debian) with Python `selenium`
# (PyPI) for the browser app's end-to-end test, clang and lld (Debian) for ring's C parts in the
# wasm build (scripts/build-web.sh), and Python `cryptography`
# (PyPI) for the
# independent check of the vault format vectors. The shells' toolchains are installed by
# scripts/test-kotlin.sh and scripts/test-swift.sh themselves.
set -euo pipefail

# rustfmt and clippy run in the test command; a minimal rustup profile lacks them.
for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" \
    || rustup component add "$component"
done

need_apt=()
command -v oathtool >/dev/null 2>&1 || need_apt+=(oathtool)
# A real Secret Service for the CLI's OS-keyring test (cli/tests/secrets_cli.rs), on a private bus.
command -v gnome-keyring-daemon >/dev/null 2>&1 || need_apt+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || need_apt+=(dbus-daemon)
# A real file-sync engine for the end-to-end sync test (tests/syncthing/e2e.py).
command -v syncthing >/dev/null 2>&1 || need_apt+=(syncthing)
# The emergency sheet's test renders the PDF to PNG and reads its text (core/tests/paper_sheet.rs).
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
# The browser app's end-to-end test (tests/web/e2e.py) drives Debian's Chromium headless through
# its chromedriver; nothing downloads a browser. The wasm build compiles ring's C with clang.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
dpkg -s lld >/dev/null 2>&1 || need_apt+=(lld)
if ((${#need_apt[@]})); then
  echo "setup: installing ${need_apt[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! python3 -c 'import pyotp' >/dev/null 2>&1; then
  echo "setup: installing pyotp (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'pyotp>=2.9,<3' \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages 'pyotp>=2.9,<3'
fi

if ! python3 -c 'import selenium.webdriver' >/dev/null 2>&1; then
  echo "setup: installing selenium (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'selenium>=4.20,<5' \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages 'selenium>=4.20,<5'
fi

if ! python3 -c 'from cryptography.hazmat.primitives.kdf.argon2 import Argon2id' >/dev/null 2>&1; then
  echo "setup: installing cryptography (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'cryptography>=44' \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages 'cryptography>=44'
fi
