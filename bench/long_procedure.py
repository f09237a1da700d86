#!/usr/bin/env python3
"""Writes a stepbook project holding ONE procedure of N steps, to measure the time and memory of
a very long procedure (docs/reliability.md, "Memory and time of a very long procedure").

Steps come 100 to a section. Each has a heading and a short instruction naming a screen label,
in Dutch and English words picked by a seeded generator; every tenth step adds a sentence,
every fifth names a field, every seventh refers to an earlier step, every eleventh has a web
link. That is about 80 bytes of Markdown a step (the shipped procedure has several hundred), so
100 000 steps just fit the 8 MiB a content file may hold. Two languages (nl, en). The output is the same for the same N.

Usage: python3 bench/long_procedure.py N OUT_DIR
"""

import random
import sys
from pathlib import Path

NL = {
    "verbs": ["Controleer", "Bevestig", "Registreer", "Vul", "Bekijk", "Beëindig", "Open",
              "Verifieer", "Archiveer", "Onderteken"],
    "objects": ["de vergunning", "het certificaat", "de registratie", "de aanvraag",
                "de coördinaten", "het dossier", "de controle", "de invoerder", "de partij",
                "het uittreksel"],
    "sentences": [
        "Controleer of de gegevens overeenkomen met het uittreksel uit de Kruispuntbank van "
        "Ondernemingen.",
        "Na de registratie ontvangt u een bevestiging per e-mail, meestal binnen twee werkdagen.",
        "Bewaar een kopie van elke aanvraag in het dossier, zodat een collega kan overnemen.",
        "De reële situatie kan afwijken van wat het scherm toont; raadpleeg dan de dienst.",
        "Gebruik altijd hetzelfde e-mailadres als in uw account.",
        "Het scherm toont een samenvatting; lees die na voor u verder gaat.",
    ],
    "click": "Klik op",
    "field": "Vul uw",
    "see": "Zie stap",
    "section": "Deel",
    "title": "Een heel lange procedure",
}
EN = {
    "verbs": ["Check", "Confirm", "Register", "Fill in", "Review", "Finish", "Open", "Verify",
              "File", "Sign"],
    "objects": ["the licence", "the certificate", "the registration", "the request",
                "the details", "the file", "the check", "the importer", "the lot",
                "the extract"],
    "sentences": [
        "Check that the details match the extract from the Crossroads Bank for Enterprises.",
        "After registering you get a confirmation by e-mail, usually within two working days.",
        "Keep a copy of every request in the file, so that a colleague can take over.",
        "What you see may differ from the screen; ask the service then.",
        "Always use the same e-mail address as in your account.",
        "The screen shows a summary; read it before you go on.",
    ],
    "click": "Click",
    "field": "Enter your",
    "see": "See step",
    "section": "Part",
    "title": "A very long procedure",
}
LABELS = ["save", "next", "submit", "search", "details", "confirm", "create", "send"]
FIELDS = ["company", "eori"]


def words(lang, n, rng):
    """The Markdown of one language: the same structure, words of `lang`."""
    out = [f"---\ntitle: {lang['title']}\n---\n"]
    for i in range(n):
        if i % 100 == 0:
            out.append(f"\n# {lang['section']} {i // 100 + 1} {{#part-{i // 100}}}\n")
        heading = f"{rng.choice(lang['verbs'])} {rng.choice(lang['objects'])}"
        body = [f"{lang['click']} [[app:{LABELS[i % len(LABELS)]}]]."]
        if i % 10 == 0:
            body.insert(0, rng.choice(lang["sentences"]))
        if i % 5 == 0:
            body.append(f"{lang['field']} [[field:{FIELDS[(i // 5) % 2]}]].")
        if i % 7 == 0 and i > 0:
            body.append(f"{lang['see']} [[#s{rng.randrange(i)}]].")
        if i % 11 == 0:
            body.append("<https://example.org/app>")
        out.append(f"\n## {heading} {{#s{i}}}\n\n{' '.join(body)}\n")
    return "".join(out)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, root = int(sys.argv[1]), Path(sys.argv[2])
    content = root / "content"
    (content / "labels").mkdir(parents=True, exist_ok=True)
    (content / "procedures/long").mkdir(parents=True, exist_ok=True)
    (content / "site.yaml").write_text("title:\n  nl: Lang\n  en: Long\nlanguages: [nl, en]\n")
    (content / "fields.yaml").write_text(
        "company:\n  kind: text\n  label:\n    nl: Bedrijf\n    en: Company\n"
        "eori:\n  kind: eori\n  label:\n    nl: EORI-nummer\n    en: EORI number\n")
    (content / "labels/app.yaml").write_text(
        "name: The App\nlabels:\n"
        + "".join(f"  {label}:\n    text: {label.capitalize()}\n" for label in LABELS))
    structure = ["version: \"1.0\"\nstatus: published\nfields: [company, eori]\nsections:\n"]
    for i in range(n):
        if i % 100 == 0:
            structure.append(f"  - id: part-{i // 100}\n    steps:\n")
        structure.append(f"      - id: s{i}\n")
    (content / "procedures/long/procedure.yaml").write_text("".join(structure))
    for code, lang in (("nl", NL), ("en", EN)):
        (content / f"procedures/long/{code}.md").write_text(words(lang, n, random.Random(n)))


if __name__ == "__main__":
    main()
