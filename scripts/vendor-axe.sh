#!/usr/bin/env bash
# Vendor axe-core into tests/browser/vendor/axe-core/ for the accessibility tests (tests/browser/test_a11y.py):
# Playwright injects axe.min.js into every page of the URL map. Test-only: nothing here is served by the app.
#
# Reproducible: the version is pinned AND the registry tarball is checked against its pinned sha512 integrity
# (get it with: npm view axe-core@<version> dist.integrity). The license (MPL-2.0) travels with the file.
#
# Usage: scripts/vendor-axe.sh            (from anywhere; needs node/npm and openssl)
set -euo pipefail

AXE_PKG="axe-core"
AXE_VERSION="4.11.1"
AXE_INTEGRITY="sha512-BASOg+YwO2C+346x3LZOeoovTIoTrRqEsqMa6fmfAV0P+U9mFr9NsyOEpiYvFjbc64NMrSswhV50WdXzdb/Z5A=="

source "$(dirname "${BASH_SOURCE[0]}")/vendor-lib.sh"
dest="$repo_root/tests/browser/vendor/axe-core"

axe_dir="$(fetch "$AXE_PKG" "$AXE_VERSION" "$AXE_INTEGRITY")"

out="$tmp/out"
mkdir -p "$out"
cp "$axe_dir/axe.min.js" "$axe_dir/LICENSE" "$out/"
if ! head -c 300 "$out/axe.min.js" | grep -q "axe v$AXE_VERSION"; then
  echo "axe.min.js does not carry the expected version banner (package layout changed?)" >&2
  exit 1
fi

install_vendored scripts/vendor-axe.sh "$out" "$dest" "$AXE_PKG@$AXE_VERSION $AXE_INTEGRITY"
