#!/usr/bin/env python3
"""Fills every field of a stepbook checklist with pypdf and reads the values back.

Usage: pdf_fill.py CHECKLIST.pdf [OUT.pdf]
Text fields get a value with non-ASCII characters (é ç – ’), checkboxes are ticked, and each
radio group (the options of a choice) gets its first option: that button is on and the group's
other buttons are off. Exits 1 if a value does not come back, or if a field lacks /FT, an
accessible name (/TU) or an appearance stream.
"""
import sys

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

VALUES = {
    "first-name": "Françoise",
    "last-name": "Peeters",
    "company-name": "Brasserie Éclair – Gent",
    "eori": "BE0314595348",
    "email": "francoise.peeters@eclair.example",
}


def main() -> int:
    source = sys.argv[1]
    target = sys.argv[2] if len(sys.argv) > 2 else None
    reader = PdfReader(source)
    fields = reader.get_fields() or {}
    if not fields:
        print(f"{source}: no form fields", file=sys.stderr)
        return 1
    problems = []
    for name, field in fields.items():
        if "." in name:
            problems.append(f"field name `{name}` contains a dot")
        if field.get("/FT") not in ("/Tx", "/Btn"):
            problems.append(f"field `{name}` has no /FT")
        if not field.get("/TU"):
            problems.append(f"field `{name}` has no accessible name (/TU)")
    writer = PdfWriter(clone_from=reader)
    texts, checks, radios = {}, {}, {}
    for name, field in fields.items():
        if field.get("/FT") == "/Tx":
            texts[name] = VALUES.get(name, f"Waarde {name} – é")
        elif "/Kids" in field:
            states = [s for s in field.get("/_States_", []) if s != "/Off"]
            radios[name] = states[0]
        else:
            checks[name] = "/Yes"
    for page in writer.pages:
        writer.update_page_form_field_values(
            page, {**texts, **checks, **radios}, auto_regenerate=False
        )
    writer.set_need_appearances_writer(False)
    out = target or source.replace(".pdf", ".filled.pdf")
    with open(out, "wb") as handle:
        writer.write(handle)
    back = PdfReader(out).get_fields() or {}
    for name, value in texts.items():
        got = back.get(name, {}).get("/V")
        if got != value:
            problems.append(f"text field `{name}`: wrote {value!r}, read {got!r}")
    for name in checks:
        got = back.get(name, {}).get("/V")
        if got != "/Yes":
            problems.append(f"checkbox `{name}`: read {got!r}")
    for name, value in radios.items():
        got = back.get(name, {}).get("/V")
        if got != value:
            problems.append(f"radio group `{name}`: chose {value!r}, read {got!r}")
    on_states = {}
    for page in PdfReader(out).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            parent = annot.get("/Parent")
            if parent is not None and parent.get_object().get("/T") in radios:
                group = parent.get_object()["/T"]
                on_states.setdefault(group, []).append(annot.get("/AS"))
    for name, value in radios.items():
        shown = [s for s in on_states.get(name, []) if s != "/Off"]
        if shown != [value]:
            problems.append(f"radio group `{name}`: buttons on {shown!r}, expected [{value!r}]")
    for page in PdfReader(out).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Widget" and "/AP" not in annot:
                problems.append(f"widget `{annot.get('/T')}` lost its appearance")
    for problem in problems:
        print(f"{source}: {problem}", file=sys.stderr)
    if not problems:
        print(
            f"{source}: filled {len(texts)} text fields, {len(checks)} checkboxes and "
            f"{len(radios)} radio groups into {out}"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
