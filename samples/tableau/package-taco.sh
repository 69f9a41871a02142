#!/usr/bin/env bash
# Packages connector/onestream_jdbc as an UNSIGNED .taco (a jar of the connector's files, the
# layout the Tableau Connector SDK's packager makes). Tableau loads an unsigned .taco only with
# signature verification off: Desktop -DDisableVerifyConnectorPluginSignature=true, Server
# tsm configuration set -k native_api.disable_verify_connector_plugin_signature -v true.
# For distribution, sign it with jarsigner and a code-signing certificate (SDK docs/package-sign.md).
# Usage: package-taco.sh [OUT_DIR]   (default samples/tableau/target, ignored by git)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/target}"
src="$here/connector/onestream_jdbc"
mkdir -p "$out"
taco="$out/onestream_jdbc.taco"
rm -f "$taco"
if command -v jar >/dev/null 2>&1; then
  (cd "$src" && jar cf "$taco" manifest.xml connection-fields.xml connection-metadata.xml \
    connectionResolver.tdr connectionBuilder.js connectionProperties.js dialect.tdd)
else
  python3 - "$src" "$taco" <<'PY'
import os, sys, zipfile
src, taco = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(taco, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nCreated-By: package-taco.sh\r\n\r\n")
    for f in sorted(os.listdir(src)):
        z.write(os.path.join(src, f), f)
PY
fi
echo "$taco (unsigned)"
