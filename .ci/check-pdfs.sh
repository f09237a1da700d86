#!/usr/bin/env bash
# Checks every PDF checklist of a built site as a reader's tools see it.
#
#   .ci/check-pdfs.sh OUTPUT_DIR [CONTENT_DIR]
#
# For each PDF: `qpdf --check` is clean, `pdffonts` shows the body fonts embedded (and no
# unembedded font but the form's Helvetica/ZapfDingbats), `pdftotext` gives back every URL,
# e-mail address and screen label of its procedure (.ci/pdf-expected-text.py), and
# tests/pdf_fill.py fills every field (non-ASCII values included) with pypdf and reads the values
# back.
# Needs qpdf, poppler-utils and pypdf.
set -euo pipefail

out=${1:?usage: check-pdfs.sh OUTPUT_DIR [CONTENT_DIR]}
here=$(cd "$(dirname "$0")/.." && pwd)
content=${2:-$here/content}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t pdfs < <(find "$out" -name '*.pdf' ! -name '*.filled.pdf' | sort)
if [ ${#pdfs[@]} -eq 0 ]; then
    echo "check-pdfs: no PDF under $out" >&2
    exit 1
fi


status=0
fail() { echo "check-pdfs: $1" >&2; status=1; }

for pdf in "${pdfs[@]}"; do
    # What this checklist must contain: the URLs and e-mail addresses of its procedure's words
    # and structure (shared steps and the copied authority included), and its screen labels.
    procedure=$(basename "$(dirname "$pdf")")
    for kind in urls emails labels; do
        python3 "$here/.ci/pdf-expected-text.py" "$content" "$procedure" "$kind" > "$work/$kind"
    done
    qpdf --check "$pdf" > "$work/qpdf" 2>&1 || fail "$pdf: qpdf --check failed: $(tail -3 "$work/qpdf")"
    grep -q 'No syntax or stream encoding errors' "$work/qpdf" || fail "$pdf: qpdf reports problems"

    pdffonts "$pdf" | tail -n +3 > "$work/fonts"
    awk '$1 ~ /\+DejaVuSans/ && $(NF-4) != "yes" {bad=1} END {exit bad}' "$work/fonts" \
        || fail "$pdf: a body font is not embedded"
    grep -qE '^[A-Z]{6}\+DejaVuSans ' "$work/fonts" || fail "$pdf: regular body font missing or not a subset"
    grep -qE '^[A-Z]{6}\+DejaVuSans-Bold ' "$work/fonts" || fail "$pdf: bold body font missing or not a subset"
    awk '$(NF-4) == "no" && $1 != "Helvetica" && $1 != "ZapfDingbats" {print; bad=1} END {exit bad}' "$work/fonts" \
        || fail "$pdf: unembedded font other than the form's Helvetica"

    pdftotext -enc UTF-8 "$pdf" - | tr -s ' \n' '  ' > "$work/text"
    # A long URL may be broken over two lines; compare without spaces for those.
    tr -d ' ' < "$work/text" > "$work/text-nospace"
    while IFS= read -r url; do
        grep -qF -- "$url" "$work/text-nospace" || fail "$pdf: URL $url not in the text"
    done < "$work/urls"
    while IFS= read -r email; do
        grep -qF -- "$email" "$work/text" || fail "$pdf: e-mail address $email not in the text"
    done < "$work/emails"
    while IFS= read -r label; do
        grep -qF -- "$label" "$work/text" || fail "$pdf: screen label \"$label\" not in the text"
    done < "$work/labels"

    python3 "$here/tests/pdf_fill.py" "$pdf" "$work/filled.pdf" || fail "$pdf: pypdf could not fill it"
    qpdf --check "$work/filled.pdf" > /dev/null 2>&1 || fail "$pdf: the pypdf-filled copy fails qpdf --check"
done

if [ $status -eq 0 ]; then
    echo "check-pdfs: ${#pdfs[@]} checklist(s) OK"
fi
exit $status
