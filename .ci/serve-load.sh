#!/usr/bin/env bash
# Load test of `stepbook serve` (issue 7): 20 000+ requests from wrk on loopback (pages, a PDF,
# the stylesheet, a redirect; see serve-load.lua) while content files are edited; no failed request (non-2xx/3xx or socket error), the server still answers
# afterwards, and its resident memory stays bounded. Usage: .ci/serve-load.sh path/to/stepbook
set -euo pipefail
bin=${1:?path to the stepbook binary}
work=$(mktemp -d)
cp -r content "$work/"
log=$work/serve.log
"$bin" serve --root "$work" --port 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do grep -q 'Serving http://' "$log" && break; sleep 0.1; done
addr=$(grep -o 'http://[0-9.:]*' "$log" | head -1)
[ -n "$addr" ] || { cat "$log"; echo "serve did not start"; exit 1; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
before=$(rss)

# Edit a procedure's words every 0.3 s while wrk runs (each edit is a rebuild).
words=$work/content/procedures/flegt-access/nl.md
(for i in $(seq 1 30); do printf '\nEdit %s.\n' "$i" >>"$words"; sleep 0.3; done) &
editor=$!
out=$(wrk -t2 -c16 -d10s --latency -s .ci/serve-load.lua "$addr")
wait $editor
echo "$out"
requests=$(echo "$out" | awk '/requests in/ {print $1}')
errors=$(echo "$out" | grep -E 'Non-2xx|Socket errors' || true)
after=$(rss)
curl -fsS -o /dev/null "$addr/nl/flegt-access/flegt-access-nl.pdf"
grep -c 'Rebuilt' "$log" | sed 's/^/rebuilds: /'
echo "requests: $requests; RSS before: ${before} kB, after: ${after} kB"
[ -z "$errors" ] || { echo "failed requests: $errors"; exit 1; }
[ "$requests" -ge 20000 ] || { echo "fewer than 20000 requests"; exit 1; }
[ "$after" -lt $((before + 200000)) ] || { echo "memory grew by more than 200 MB"; exit 1; }
echo "load test passed"
