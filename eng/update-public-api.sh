#!/usr/bin/env bash
# Adds every symbol the PublicApiAnalyzers report as undeclared (RS0016) to the project's
# PublicAPI.Unshipped.txt, and removes lines reported as no longer existing (RS0017).
# Review the diff afterwards: a public API change is a decision, not a side effect.
# Usage: bash eng/update-public-api.sh [project-or-solution]
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-Resilience.sln}"
log=$(mktemp)
dotnet build "$target" --no-incremental -p:TreatWarningsAsErrors=false -clp:NoSummary -v:q >"$log" 2>&1 || true
python3 - "$log" <<'PY'
import re, sys, os, collections
adds = collections.defaultdict(set); removes = collections.defaultdict(set)
pat = re.compile(r"^(?P<file>.+?)\(\d+,\d+\): (?:error|warning) (?P<code>RS0016|RS0017|RS0037): Symbol '(?P<sym>.+?)' is (?:not part of the declared|part of the declared).*\[(?P<proj>[^\]:]+\.csproj)")
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = pat.search(line.strip())
    if not m: continue
    d = os.path.dirname(m["proj"])
    (adds if m["code"] == "RS0016" else removes)[d].add(m["sym"])
for d in set(adds) | set(removes):
    path = os.path.join(d, "PublicAPI.Unshipped.txt")
    lines = open(path, encoding="utf-8").read().splitlines() if os.path.exists(path) else ["#nullable enable"]
    body = [l for l in lines[1:] if l.strip() and l not in removes[d]]
    body = sorted(set(body) | adds[d], key=str.lower)
    open(path, "w", encoding="utf-8").write("\n".join([lines[0]] + body) + "\n")
    print(f"{path}: +{len(adds[d])} -{len(removes[d])}")
PY
rm -f "$log"
