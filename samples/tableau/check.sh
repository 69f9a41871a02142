#!/usr/bin/env bash
# Checks the Tableau connector and the .tds generator. No Tableau, no network to GitHub:
#  1. every XML file is well-formed (xmllint), and, when TABLEAU_SDK_VALIDATION names a folder
#     holding the Tableau Connector SDK's validation/*.xsd, valid against them;
#  2. the rules the SDK's packager adds to the XSDs (field names, only "password" secure, no
#     token/secret/password in a plain field, every field in the resolver's attribute list);
#  3. connectionBuilder.js / connectionProperties.js run under node: the URL of each case in
#     test/url_cases.json, no secret in it, the token only in the properties;
#  4. make_tds.py builds the same URLs, refuses secrets, and regenerates the examples exactly;
#  5. when the driver jar is built (or ONESTREAM_JDBC_JAR names it) and java is present, every
#     formula of dialect.tdd runs through the driver in demo mode (dialect_sql.py: one statement,
#     one JVM start, some seconds; SKIP_DRIVER=1 skips it);
#  6. when `jar` or python3 is present, the unsigned .taco packs (package-taco.sh).
# Runs as root on Debian 12 (installs libxml2-utils and nodejs when missing). Exit 0 = all passed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
conn="$here/connector/onestream_jdbc"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

step() { printf '== %s\n' "$*"; }

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "$@" </dev/null >/dev/null 2>&1 \
    || { apt-get update -q </dev/null >/dev/null 2>&1 && apt-get install -y -q "$@" </dev/null >/dev/null; }
}
command -v xmllint >/dev/null 2>&1 || apt_install libxml2-utils
command -v node >/dev/null 2>&1 || apt_install nodejs
command -v python3 >/dev/null 2>&1 || apt_install python3

step "1. XML well-formed"
xml_files=("$conn/manifest.xml" "$conn/connection-fields.xml" "$conn/connection-metadata.xml"
           "$conn/connectionResolver.tdr" "$conn/dialect.tdd" "$here"/examples/*.tds)
xmllint --noout "${xml_files[@]}"
echo "${#xml_files[@]} files well-formed"

if [[ -n "${TABLEAU_SDK_VALIDATION:-}" ]]; then
  step "1b. XSD validation against $TABLEAU_SDK_VALIDATION"
  x="$TABLEAU_SDK_VALIDATION"
  xmllint --noout --schema "$x/connector_plugin_manifest_latest.xsd" "$conn/manifest.xml"
  xmllint --noout --schema "$x/connection_fields.xsd" "$conn/connection-fields.xml"
  xmllint --noout --schema "$x/connector_plugin_metadata.xsd" "$conn/connection-metadata.xml"
  xmllint --noout --schema "$x/tdr_latest.xsd" "$conn/connectionResolver.tdr"
  xmllint --noout --schema "$x/tdd_latest.xsd" "$conn/dialect.tdd"
else
  echo "(TABLEAU_SDK_VALIDATION unset: XSD validation skipped; see README.md for the recorded run)"
fi

step "2. Connector rules"
python3 - "$conn" <<'PY'
import os, sys
import xml.etree.ElementTree as ET
conn = sys.argv[1]
platform = {"server", "port", "sslmode", "authentication", "username", "password", "instanceurl"}
fields = ET.parse(os.path.join(conn, "connection-fields.xml")).getroot().findall("field")
names = [f.get("name") for f in fields]
assert len(names) == len(set(names)), "duplicate field"
for f in fields:
    n, label = f.get("name"), f.get("label", "")
    assert n in platform or n.startswith("v-"), "field %s: not a platform or v- name" % n
    secure = f.get("secure") == "true"
    assert not secure or n == "password", "field %s: only password may be secure" % n
    if not secure:
        for w in ("token", "secret", "password"):
            assert w not in n.lower() and w not in label.lower(), "plain field %s mentions %s" % (n, w)
    if f.get("category") == "advanced":
        assert f.get("optional") == "true" or f.get("default-value"), "advanced field %s" % n
assert "authentication" in names
tdr = ET.parse(os.path.join(conn, "connectionResolver.tdr")).getroot()
attrs = [a.text for a in tdr.iter("attr")]
missing = [n for n in names if n not in attrs]
assert not missing, "fields not in the normalizer's attribute-list: %s" % missing
assert tdr.find(".//connection-properties/script") is not None, "jdbc needs connection-properties"
manifest = ET.parse(os.path.join(conn, "manifest.xml")).getroot()
cls = manifest.get("class")
assert tdr.get("class") == cls and manifest.get("superclass") == "jdbc"
assert ET.parse(os.path.join(conn, "dialect.tdd")).getroot().get("class") == cls
for el in ("connection-fields", "connection-metadata", "connection-resolver", "dialect"):
    assert os.path.isfile(os.path.join(conn, manifest.find(el).get("file"))), el
caps = {c.get("name"): c.get("value") for c in manifest.iter("customization")}
for cap, want in {"CAP_CREATE_TEMP_TABLES": "no", "CAP_SELECT_INTO": "no",
                  "CAP_JDBC_METADATA_USE_RESULTSET_FOR_TABLE": "yes", "CAP_JDBC_QUERY_CANCEL": "yes"}.items():
    assert caps.get(cap) == want, "%s must be %s" % (cap, want)
print("%d fields, %d capabilities: rules hold" % (len(names), len(caps)))
PY

step "3. connectionBuilder.js / connectionProperties.js under node"
node "$here/test/builder_test.js"

step "4. make_tds.py"
python3 "$here/test/url_test.py"
if python3 "$here/make_tds.py" --server os.example.com --application A --table t \
     --properties 'password=x' -o "$tmp/bad.tds" 2>/dev/null; then
  echo "make_tds.py accepted a password" >&2; exit 1
fi
python3 "$here/make_tds.py" --server onestream.example.com --application GolfStream \
  --table cubeviews.ActualVsBudget -o "$tmp/ActualVsBudget.tds"
python3 "$here/make_tds.py" --class genericjdbc --server onestream.example.com --application GolfStream \
  --table cubeviews.ActualVsBudget -o "$tmp/ActualVsBudget.genericjdbc.tds"
diff -u "$here/examples/ActualVsBudget.tds" "$tmp/ActualVsBudget.tds"
diff -u "$here/examples/ActualVsBudget.genericjdbc.tds" "$tmp/ActualVsBudget.genericjdbc.tds"
if grep -i -E 'password=|clientsecret=|jdbcproperties="[^"]' "$here"/examples/*.tds; then
  echo "an example .tds holds a secret-looking value" >&2; exit 1
fi
echo "examples regenerate identically; no secret in them"

step "5. dialect.tdd formulas through the driver (demo mode)"
jar_file="${ONESTREAM_JDBC_JAR:-}"
if [[ -z "$jar_file" ]]; then
  jar_file="$(ls "$repo"/driver/target/onestream-jdbc-*.jar 2>/dev/null | grep -v -E 'original-|-sources|-javadoc' | head -n 1 || true)"
fi
if [[ "${SKIP_DRIVER:-0}" == 1 ]]; then
  echo "(SKIP_DRIVER=1: skipped)"
elif [[ -n "$jar_file" && -f "$jar_file" ]] && command -v java >/dev/null 2>&1; then
  python3 "$here/dialect_sql.py" > "$tmp/dialect.sql"
  i=0
  while IFS= read -r sql; do
    i=$((i + 1))
    if ! java -jar "$jar_file" --max-rows 1 "$sql" > "$tmp/out.$i" 2>&1; then
      echo "statement $i failed: $sql" >&2; tail -n 5 "$tmp/out.$i" >&2; exit 1
    fi
    if grep -q '1970-01-01' "$tmp/out.$i"; then
      echo "statement $i: a date formula returned 1970-01-01" >&2; exit 1
    fi
  done < "$tmp/dialect.sql"
  echo "$i statement(s) using every dialect formula ran through $(basename "$jar_file")"
else
  echo "(no driver jar or no java: skipped; build with mvn package to run it)"
fi

step "6. unsigned .taco"
"$here/package-taco.sh" "$tmp" >/dev/null
python3 -c "import sys, zipfile; n = zipfile.ZipFile(sys.argv[1]).namelist(); assert 'manifest.xml' in n and 'dialect.tdd' in n, n; print(len(n), 'entries')" "$tmp/onestream_jdbc.taco"

echo "ALL CHECKS PASSED"
