#!/usr/bin/env python3
"""What the checklist of one procedure must contain, for .ci/check-pdfs.sh.

    pdf-expected-text.py CONTENT_DIR PROCEDURE_ID KIND    (KIND: urls | emails | labels)

Reads the content files as text (not through stepbook): the procedure's folder, the shared
step groups its procedure.yaml includes, and, if an e-mail copies an authority, the addresses
in countries.yaml. Prints one expected string per line.
"""
import pathlib
import re
import sys

content, procedure, kind = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
folder = content / "procedures" / procedure
structure = (folder / "procedure.yaml").read_text(encoding="utf-8")
folders = [folder]
for group in re.findall(r"include:\s*([a-z0-9-]+)", structure):
    folders.append(content / "shared" / group)
texts = [structure]
for f in folders:
    texts += [p.read_text(encoding="utf-8") for p in sorted(f.iterdir()) if p.suffix in (".md", ".yaml")]
if "cc_authority:" in structure and (content / "countries.yaml").exists():
    texts.append((content / "countries.yaml").read_text(encoding="utf-8"))
text = "\n".join(texts)

found = set()
if kind == "urls":
    found = set(re.findall(r'https?://[^ )>"]+', text))
elif kind == "emails":
    found = set(re.findall(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}", text))
elif kind == "labels":
    used = set(re.findall(r"\[\[([a-z0-9-]+):([a-z0-9-]+)\]\]", text))
    for system, label in used:
        if system == "field":
            continue
        labels = (content / "labels" / f"{system}.yaml").read_text(encoding="utf-8")
        match = re.search(rf"^  {re.escape(label)}:\n(?:    .*\n)*?    text: *(.+)$", labels, re.M)
        if match:
            found.add(match.group(1).strip().strip('"'))
for line in sorted(found):
    print(line)
