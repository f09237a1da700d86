#!/usr/bin/env bash
# Checks every PDF checklist of a built site as a reader's tools see it.
#
#   .ci/check-pdfs.sh OUTPUT_DIR [CONTENT_DIR]
#
# For each PDF: `qpdf --check` is clean, `pdffonts` shows the body fonts embedded (and no
# unembedded font but the form's Helvetica/ZapfDingbats), `pdftotext` gives back every URL,
# e-mail address and screen label of its procedure (.ci/pdf-expected-text.py), and
# tests/pdf_fill.py fills every field (non-ASCII values included) with pypdf and reads the values
# back (one option per radio group). Accessibility: `pdfinfo -struct-text` shows a structure tree
# (Document, one H1, section headings, step lists, form fields), and the `pdfua` checker (PyPI)
# finds nothing. pdftk chooses one option of each radio group and reads it back.
# Needs qpdf, poppler-utils, pypdf, pdfua and pdftk (pdftk-java).
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

    # The tagged structure as poppler reads it: the document, its title, the section headings,
    # the steps as lists whose labels hold the checkboxes.
    pdfinfo -struct-text "$pdf" > "$work/struct" 2>&1 || fail "$pdf: pdfinfo -struct-text failed"
    head -1 "$work/struct" | grep -qx 'Document' || fail "$pdf: the structure tree has no Document at its root"
    [ "$(grep -c '^  H1 ' "$work/struct")" -eq 1 ] || fail "$pdf: not exactly one H1"
    grep -q '^    H2 ' "$work/struct" || fail "$pdf: no section heading (H2) in a section"
    grep -q '^ *Lbl' "$work/struct" && grep -q '^ *LBody' "$work/struct" || fail "$pdf: steps are not tagged as lists"
    fields=$(python3 -c 'import sys; from pypdf import PdfReader; print(len(PdfReader(sys.argv[1]).get_fields()))' "$pdf")
    widgets=$(grep -c '^ *Form$' "$work/struct")
    [ "$widgets" -ge "$fields" ] || fail "$pdf: $widgets Form elements for $fields fields"
    pdfua check "$pdf" > "$work/pdfua" 2>&1 || fail "$pdf: pdfua reports problems: $(grep -E '^\s+\[(ERROR|WARN)' "$work/pdfua" | head -5)"

    # pdftk chooses the second option of each radio group (the first is what pypdf picks below).
    pdftk "$pdf" dump_data_fields_utf8 > "$work/pdftk-fields"
    python3 - "$work/pdftk-fields" > "$work/radio.xfdf" <<'PY'
import sys
from xml.sax.saxutils import escape
blocks = open(sys.argv[1], encoding="utf-8").read().split("---")
print('<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/xfdf/"><fields>')
for block in blocks:
    lines = dict(l.split(": ", 1) for l in block.strip().splitlines() if ": " in l and not l.startswith("FieldStateOption"))
    options = [l.split(": ", 1)[1] for l in block.strip().splitlines() if l.startswith("FieldStateOption: ") and not l.endswith(": Off")]
    if lines.get("FieldName", "").startswith("choice:") and len(options) > 1:
        print(f'<field name="{escape(lines["FieldName"])}"><value>{escape(options[1])}</value></field>')
print("</fields></xfdf>")
PY
    if grep -q '<field ' "$work/radio.xfdf"; then
        pdftk "$pdf" fill_form "$work/radio.xfdf" output "$work/pdftk.pdf" 2>/dev/null || fail "$pdf: pdftk could not fill the radio groups"
        pdftk "$work/pdftk.pdf" dump_data_fields_utf8 > "$work/pdftk-back"
        while IFS= read -r value; do
            grep -qxF "FieldValue: $value" "$work/pdftk-back" || fail "$pdf: pdftk did not keep the choice $value"
        done < <(grep -o '<value>[^<]*' "$work/radio.xfdf" | sed 's/<value>//')
    fi

    python3 "$here/tests/pdf_fill.py" "$pdf" "$work/filled.pdf" || fail "$pdf: pypdf could not fill it"
    qpdf --check "$work/filled.pdf" > /dev/null 2>&1 || fail "$pdf: the pypdf-filled copy fails qpdf --check"
done

if [ $status -eq 0 ]; then
    echo "check-pdfs: ${#pdfs[@]} checklist(s) OK"
fi
exit $status
