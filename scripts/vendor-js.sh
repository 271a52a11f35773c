#!/usr/bin/env bash
# Vendor the JavaScript libraries the portal uses into portal/static/vendor/ so the app runs without npm and
# without any outside network at runtime (CSP: script-src 'self').
#
# Reproducible: the exact version is pinned AND the registry tarball is checked against its pinned sha512
# integrity value; the script fails if the registry serves anything else. Re-run after changing a pin (get the
# integrity with: npm view <pkg>@<version> dist.integrity).
#
# Packages:
#  - chart.js (MIT): the charts on the trajectory page (portal/static/js/charts.js drives it). The UMD build
#    `dist/chart.umd.js` (already minified, self-contained, exposes `window.Chart`; it injects no <style>, so it
#    runs under style-src 'self'). Its sourceMappingURL comment is dropped: the map is not shipped.
#
# Usage: scripts/vendor-js.sh            (from anywhere; needs node/npm and openssl)
set -euo pipefail

CHARTJS_PKG="chart.js"
CHARTJS_VERSION="4.5.1"
CHARTJS_INTEGRITY="sha512-GIjfiT9dbmHRiYi6Nl2yFCq7kkwdkp1W/lp2J99rX0yo9tgJGn3lKQATztIjb5tVtevcBtIdICNWqlq5+E8/Pw=="

source "$(dirname "${BASH_SOURCE[0]}")/vendor-lib.sh"
dest="$repo_root/portal/static/vendor/chartjs"

chartjs_dir="$(fetch "$CHARTJS_PKG" "$CHARTJS_VERSION" "$CHARTJS_INTEGRITY")"

out="$tmp/out"
mkdir -p "$out"
grep -v '^//# sourceMappingURL=' "$chartjs_dir/dist/chart.umd.js" > "$out/chart.umd.js"
cp "$chartjs_dir/LICENSE.md" "$out/LICENSE.md"
if ! head -c 200 "$out/chart.umd.js" | grep -q "Chart.js v$CHARTJS_VERSION"; then
  echo "chart.umd.js does not carry the expected version banner (package layout changed?)" >&2
  exit 1
fi

install_vendored scripts/vendor-js.sh "$out" "$dest" "$CHARTJS_PKG@$CHARTJS_VERSION $CHARTJS_INTEGRITY"
