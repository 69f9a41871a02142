#!/usr/bin/env bash
# Runs samples/notebooks/onestream_demo.ipynb headless against jdbc:onestream:demo and checks what
# it produced. For Debian 12, as root, no standard input needed:
#   - installs, when missing, Debian's python3-jpype python3-pandas python3-matplotlib
#     jupyter-nbconvert python3-ipykernel (apt-get; nothing comes from PyPI);
#   - builds the driver's jar when missing (mvn -B -q -DskipTests package at the repository root),
#     unless ONESTREAM_JDBC_JAR names one;
#   - executes the notebook into out/onestream_demo.executed.ipynb and fails if any cell fails;
#   - checks out/actual_vs_budget.png and the executed notebook's table and image outputs.
set -euo pipefail

started=$SECONDS
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/out"
executed="$out/onestream_demo.executed.ipynb"
png="$out/actual_vs_budget.png"
# Debian's interpreter, whatever python3 comes first on PATH (pyenv, a venv): the packages are its.
py=/usr/bin/python3

packages=(python3-jpype python3-pandas python3-matplotlib jupyter-nbconvert python3-ipykernel)
missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "check.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
else
  echo "check.sh: Debian packages present (${packages[*]})"
fi
command -v java >/dev/null || { echo "check.sh: java not found (Java 17+ is needed)" >&2; exit 1; }

if [ -n "${ONESTREAM_JDBC_JAR:-}" ]; then
  jar="$(realpath -m "$ONESTREAM_JDBC_JAR")"
  [ -f "$jar" ] || { echo "check.sh: ONESTREAM_JDBC_JAR=$jar does not exist" >&2; exit 1; }
else
  jar="$root/driver/target/onestream-jdbc-0.1.0-SNAPSHOT.jar"
  if [ ! -f "$jar" ]; then
    echo "check.sh: building $jar"
    (cd "$root" && mvn -B -q -DskipTests package </dev/null)
  fi
fi
export ONESTREAM_JDBC_JAR="$jar"

mkdir -p "$out"
rm -f "$executed" "$png"
# Quiets the kernel debugger's notice about Python 3.11's frozen modules.
export PYDEVD_DISABLE_FILE_VALIDATION=1
echo "check.sh: executing onestream_demo.ipynb"
nb_started=$SECONDS
# nbconvert exits non-zero when a cell raises; set -e then fails the script.
"$py" -m jupyter nbconvert --to notebook --execute \
  --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=600 \
  --ExecutePreprocessor.record_timing=False \
  --output-dir "$out" --output "$(basename "$executed")" "$here/onestream_demo.ipynb" </dev/null
nb_seconds=$((SECONDS - nb_started))

"$py" - "$executed" "$png" <<'EOF'
import json, re, struct, sys
executed, png = sys.argv[1], sys.argv[2]
failures = []

with open(png, "rb") as f:
    head = f.read(24)
    size = len(head) + len(f.read())
if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
    failures.append(f"{png} is not a PNG")
    width = height = 0
else:
    width, height = struct.unpack(">II", head[16:24])
if size < 10_000 or width < 400 or height < 300:
    failures.append(f"{png} looks trivial: {size} bytes, {width}x{height}")

nb = json.load(open(executed))
code = [c for c in nb["cells"] if c["cell_type"] == "code"]
outputs = [o for c in code for o in c.get("outputs", [])]
if any(c.get("execution_count") is None for c in code):
    failures.append("a code cell was not executed")
errors = [o for o in outputs if o["output_type"] == "error"]
if errors:
    failures.append(f"error output: {errors[0]['ename']}: {errors[0]['evalue']}")
tables = [o for o in outputs if "<table" in "".join(o.get("data", {}).get("text/html", ""))]
images = [o for o in outputs if "image/png" in o.get("data", {})]
if not tables:
    failures.append("no table (text/html DataFrame) output")
if not images:
    failures.append("no image/png output")
text = "".join("".join(o.get("text", "")) for o in outputs if o["output_type"] == "stream")
rows = re.search(r"Fetched (\d+) rows from (\S+) \(([^)]*)\)", text)
if not rows or int(rows.group(1)) == 0:
    failures.append("no 'Fetched N rows' line, or no rows")

if failures:
    print("check.sh: FAILED\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"check.sh: {len(nb['cells'])} cells ({len(code)} code) ran without error; "
      f"{len(tables)} table outputs, {len(images)} image output(s)")
print(f"check.sh: rows fetched: {rows.group(1)} from {rows.group(2)} ({rows.group(3)})")
print(f"check.sh: chart {png}: {size:,} bytes, {width}x{height} PNG")
EOF
echo "check.sh: executed notebook $executed ($(stat -c %s "$executed") bytes)"
echo "check.sh: OK in $((SECONDS - started)) s (notebook $nb_seconds s)"
