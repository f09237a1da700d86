#!/usr/bin/env python3
"""Writes synthetic content shaped like the shipped FLEGT procedure, N procedures at a time, as

- a stepbook project (`<out>/stepbook/content/...`),
- the same words as an mdBook book (`<out>/mdbook/`),
- the same words as a Hugo site (`<out>/hugo/`),
- the same words as a Zola site (`<out>/zola/`, the Hugo site's model: one page per procedure
  with its table of contents, a section page listing every page with its summary),
- the same checklists as one Typst document (`<out>/typst/checklists.typ`, one checklist per
  procedure, a page break between them).

Every procedure has three sections, twelve numbered steps (one with three sub-steps, one with a
choice of two options of two steps each, one sending an e-mail with a result), references to
screen labels, a field reference, a link to an earlier section, a web link, a callout, five
fill-in fields and about 1.5 KB of Dutch prose with é, ë and ï. The words vary per procedure
(picked by a seeded random generator), so no two pages are the same; the output is the same for
the same N.

Usage: python3 bench/generate.py N OUT_DIR
"""

import random
import shutil
import sys
from pathlib import Path

LABELS = {
    "eu-login": {
        "name": "EU Login",
        "labels": {
            "create-an-account": "Create an account",
            "privacy-policy": "Privacy Policy",
            "create-account": "Create account",
        },
    },
    "traces": {
        "name": "TRACES NT",
        "labels": {
            "log-into-traces": "Log into Traces",
            "operator": "Operator",
            "request-authorisation": "Request Authorisation",
            "advanced-search": "advanced search",
            "create-operator": "create operator",
            "details": "Details",
            "contact": "Contact",
            "identifier": "Identifier",
            "create": "Create",
            "send-authorization-request": "Send authorization Request",
            "certificates": "Certificates",
        },
    },
}

FIELDS = {
    "first-name": ("text", "Voornaam", None),
    "last-name": ("text", "Achternaam", None),
    "company-name": ("text", "Bedrijf", "De naam van het bedrijf zoals in TRACES NT."),
    "eori": ("eori", "EORI-nummer", "Voor België: BE gevolgd door het ondernemingsnummer."),
    "email": ("email", "E-mailadres", "Het e-mailadres van uw EU Login-account."),
}

SUBJECTS = [
    "de invoervergunning", "het FLEGT-certificaat", "de registratie van de importeur",
    "de aanvraag van de rol", "de coördinaten van het bedrijf", "het dossier van de zending",
    "de controle van de partij", "de naïeve aanvraag", "de reële invoerder", "de geïmporteerde partij",
]
VERBS = [
    "controleert", "bevestigt", "registreert", "vult aan", "bekijkt", "beëindigt", "coördineert",
    "verifieert", "archiveert", "ondertekent",
]
SENTENCES = [
    "Controleer of de coördinaten van uw bedrijf overeenkomen met het uittreksel uit de "
    "Kruispuntbank van Ondernemingen.",
    "De reële situatie kan afwijken van wat het scherm toont; raadpleeg dan de geïnteresseerde "
    "dienst van het bevoegde orgaan.",
    "Na de eerste registratie ontvangt u een bevestiging per e-mail, meestal binnen twee "
    "werkdagen.",
    "Bewaar een kopie van elke aanvraag in het dossier, zodat een collega de procedure kan "
    "overnemen als u afwezig bent.",
    "Het is geen naïeve vraag om bij twijfel het Support Team te contacteren: zij behandelen "
    "dagelijks tientallen aanvragen.",
    "Gebruik altijd hetzelfde e-mailadres als in uw account, anders kan de aanvraag niet worden "
    "gekoppeld.",
    "Een geëxporteerde lijst van de certificaten helpt bij de jaarlijkse controle door de "
    "douane.",
    "De vergunning is slechts geldig voor de zending die erop vermeld staat; een tweede zending "
    "vraagt een nieuwe registratie.",
    "Vermeld het EORI-nummer zonder spaties of punten, precies zoals het in de registratie "
    "staat.",
    "Wie voor meerdere bedrijven werkt, vraagt de rol voor elk bedrijf afzonderlijk aan.",
    "De procedure is beëindigd zodra het certificaat de status „geregistreerd” heeft gekregen.",
    "Let op: het scherm wordt na twintig minuten zonder activiteit gesloten en niet-bewaarde "
    "gegevens gaan verloren.",
]


# The index's groups: procedure i is in CATEGORIES[i % 10]; the first is an ordered series
# (its `order` lists every member, so its pages have previous/next links), the others are not.
CATEGORIES = [
    ("registratie", "Registratie in TRACES NT"),
    ("invoer", "Invoer van hout"),
    ("certificaten", "FLEGT-certificaten"),
    ("zorgvuldigheid", "Zorgvuldigheidsverklaringen"),
    ("douane", "Douane en controles"),
    ("archief", "Archief en bewaring"),
    ("toegang", "Toegang en rollen"),
    ("correcties", "Correcties en annuleringen"),
    ("meldingen", "Meldingen aan de overheid"),
    ("opleiding", "Opleiding van nieuwe collega's"),
]
TAGS = ["TRACES NT", "EU Login", "FLEGT", "EUDR", "CITES", "Douane", "EORI", "Support Team"]


def label_text(ref):
    registry, label = ref.split(":")
    return LABELS[registry]["labels"][label]


def procedure(i):
    """The words of procedure `i`: a tree of sections and steps with Markdown titles."""
    rng = random.Random(i)

    def prose(n):
        return " ".join(rng.sample(SENTENCES, n))

    def title():
        return f"U {rng.choice(VERBS)} {rng.choice(SUBJECTS)}"

    pid = f"procedure-{i:05d}"
    # Its own generator, so adding categories and tags left every procedure's words as they were.
    tagger = random.Random(1_000_000 + i)
    return {
        "id": pid,
        "category": CATEGORIES[i % len(CATEGORIES)][0],
        "tags": sorted(tagger.sample(TAGS, 2)),
        "title": f"Procedure {i}: {rng.choice(SUBJECTS)} in TRACES NT",
        "summary": f"Stap voor stap: {rng.choice(SUBJECTS)} en {rng.choice(SUBJECTS)} "
        f"(dossier {i}), met e-mail aan het Support Team.",
        "sections": [
            {
                "id": "account",
                "title": "Een EU Login-account aanmaken",
                "intro": prose(3),
                "steps": [
                    {"id": "open-eu-login", "title": "Ga naar <https://webgate.ec.europa.eu/cas>"},
                    {"id": "create-screen",
                     "title": "U komt nu op het scherm [[eu-login:create-an-account]]"},
                    {"id": "fill-in-fields", "title": f"{title()} en vul de velden in",
                     "body": prose(1),
                     "substeps": [
                         {"id": "fill-details", "title": "[[traces:details]]"},
                         {"id": "fill-contact", "title": "[[traces:contact]]"},
                         {"id": "fill-identifier",
                          "title": "[[traces:identifier]] ([[field:eori]])"},
                     ]},
                    {"id": "click-create-account",
                     "title": "Bevestig de [[eu-login:privacy-policy]] en klik op "
                     "[[eu-login:create-account]]"},
                ],
            },
            {
                "id": "role",
                "title": "De rol van importeur aanvragen",
                "intro": prose(3),
                "steps": [
                    {"id": "open-traces",
                     "title": "Ga naar <https://webgate.ec.europa.eu/tracesnt/login>"},
                    {"id": "log-in",
                     "title": "Klik [[traces:log-into-traces]] (zie punt [[#account]])"},
                    {"id": "click-operator", "title": "Klik op [[traces:operator]]",
                     "choice": [
                         {"id": "company-exists",
                          "title": "Indien uw bedrijf reeds bestaat in het systeem",
                          "steps": [
                              {"id": "select-company", "title": title()},
                              {"id": "request-authorisation",
                               "title": "Klik [[traces:request-authorisation]]"},
                          ]},
                         {"id": "company-new",
                          "title": "Indien uw bedrijf nog niet bestaat in het systeem",
                          "steps": [
                              {"id": "advanced-search",
                               "title": "Klik [[traces:advanced-search]] en "
                               "[[traces:create-operator]]"},
                              {"id": "click-create", "title": "Klik [[traces:create]]",
                               "callout": prose(1)},
                          ]},
                     ]},
                    {"id": "send-request",
                     "title": "Klik [[traces:send-authorization-request]]"},
                    {"id": "email-support",
                     "title": "Zend een **e-mail** naar het TRACES Support Team",
                     "email": True,
                     "result": {"id": "confirmation",
                                "title": "Na enige tijd ontvangt u een bevestiging per mail"}},
                ],
            },
            {
                "id": "register",
                "title": "De FLEGT-vergunning registreren",
                "intro": prose(3),
                "steps": [
                    {"id": "log-in-again",
                     "title": "Klik [[traces:log-into-traces]] en geef uw wachtwoord in"},
                    {"id": "click-certificates",
                     "title": "Klik op [[traces:certificates]] (links bovenaan)"},
                    {"id": "start-registration", "title": title(), "body": prose(2)},
                ],
            },
        ],
    }


EMAIL = {
    "title": "E-mail aan het TRACES Support Team",
    "to": "sante-traces@ec.europa.eu",
    "cc": "flegt@environment.belgium.be",
    "subject": "role request for a FLEGT timber importer",
    "body": ["{first-name}", "{last-name}", "{company-name}", "{eori}"],
}


# ---------------------------------------------------------------- stepbook


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def stepbook_project(root, procs):
    content = root / "content"
    write(content / "site.yaml",
          "title:\n  nl: Procedures voor houtimporteurs (benchmark)\n"
          "description:\n  nl: Synthetische procedures om stepbook te meten.\n"
          "languages: [nl]\nbase_url: https://intranet.example.be/procedures/\n"
          "theme: default\n" + categories_yaml(procs))
    fields = []
    for fid, (kind, label, hint) in FIELDS.items():
        fields.append(f"{fid}:\n  kind: {kind}\n  label:\n    nl: {label}\n")
        if hint:
            fields.append(f"  hint:\n    nl: \"{hint}\"\n")
    write(content / "fields.yaml", "".join(fields))
    for registry, data in LABELS.items():
        # One screen per system, which every label is on (a registry entry without an image).
        lines = [f"name: {data['name']}\nscreens:\n  main:\n    title:\n      nl: {data['name']}\n"
                 "labels:\n"]
        for lid, text in data["labels"].items():
            lines.append(f"  {lid}:\n    text: {text}\n    screen: main\n")
        write(content / "labels" / f"{registry}.yaml", "".join(lines))
    for p in procs:
        folder = content / "procedures" / p["id"]
        write(folder / "procedure.yaml", stepbook_structure(p))
        write(folder / "nl.md", stepbook_words(p))


def categories_yaml(procs):
    """The site's categories; the first lists its procedures as an ordered series."""
    out = ["categories:\n"]
    for k, (cid, title) in enumerate(CATEGORIES):
        out.append(f"  - id: {cid}\n    title:\n      nl: \"{title}\"\n")
        members = [p["id"] for p in procs if p["category"] == cid]
        if k == 0 and members:
            out.append(f"    order: [{', '.join(members)}]\n")
    return "".join(out)


def stepbook_structure(p):
    out = ['version: "1.0"\nstatus: published\n',
           f"category: {p['category']}\ntags: [{', '.join(p['tags'])}]\n",
           f"fields: [{', '.join(FIELDS)}]\nsections:\n"]

    def steps(items, indent):
        pad = " " * indent
        for s in items:
            out.append(f"{pad}- id: {s['id']}\n")
            if "substeps" in s:
                out.append(f"{pad}  substeps:\n")
                for sub in s["substeps"]:
                    out.append(f"{pad}    - id: {sub['id']}\n")
            if "choice" in s:
                out.append(f"{pad}  choice:\n")
                for option in s["choice"]:
                    out.append(f"{pad}    - id: {option['id']}\n{pad}      steps:\n")
                    steps(option["steps"], indent + 8)
            if s.get("email"):
                out.append(f"{pad}  email: role-request\n{pad}  result: {s['result']['id']}\n")

    for section in p["sections"]:
        out.append(f"  - id: {section['id']}\n    steps:\n")
        steps(section["steps"], 6)
    body = "\n".join(f"      {line}" for line in EMAIL["body"])
    out.append(f"emails:\n  role-request:\n    from: email\n    to: [{EMAIL['to']}]\n"
               f"    cc: [{EMAIL['cc']}]\n    subject: {EMAIL['subject']}\n"
               f"    body: |\n{body}\n")
    return "".join(out)


def stepbook_words(p):
    out = ["---\n", f"title: \"{p['title']}\"\n", f"summary: \"{p['summary']}\"\n",
           "emails:\n  role-request:\n", f"    title: {EMAIL['title']}\n",
           "    from: het e-mailadres van uw TRACES-account\n", "---\n\n"]

    def steps(items, level):
        for s in items:
            out.append(f"{'#' * level} {s['title']} {{#{s['id']}}}\n\n")
            if "body" in s:
                out.append(f"{s['body']}\n\n")
            if "callout" in s:
                out.append(f"> [!IMPORTANT]\n> {s['callout']}\n\n")
            for sub in s.get("substeps", []):
                out.append(f"{'#' * (level + 1)} {sub['title']} {{#{sub['id']}}}\n\n")
            for option in s.get("choice", []):
                out.append(f"{'#' * (level + 1)} {option['title']} {{#{option['id']}}}\n\n")
                steps(option["steps"], level + 2)
            if "result" in s:
                r = s["result"]
                out.append(f"{'#' * (level + 1)} {r['title']} {{#{r['id']}}}\n\n")

    for section in p["sections"]:
        out.append(f"# {section['title']} {{#{section['id']}}}\n\n{section['intro']}\n\n")
        steps(section["steps"], 2)
    return "".join(out)


# ---------------------------------------------------------------- peers (plain Markdown)


def plain(text):
    """stepbook's references as the words a reader sees, in plain Markdown."""
    import re
    text = re.sub(r"\[\[field:([a-z-]+)\]\]", lambda m: FIELDS[m.group(1)][1], text)
    text = re.sub(r"\[\[#([a-z-]+)\]\]", lambda m: f"[{m.group(1)}](#{m.group(1)})", text)
    return re.sub(r"\[\[([a-z-]+:[a-z-]+)\]\]", lambda m: f"**{label_text(m.group(1))}**", text)


def markdown_page(p):
    """One procedure as a plain Markdown page: the same words, numbered lists with task boxes,
    the fields as a list and the e-mail as a block."""
    out = [f"{p['summary']}\n\n", "## Gegevens\n\n"]
    for _, (_, label, hint) in FIELDS.items():
        out.append(f"- **{label}**: ____" + (f" — {hint}" if hint else "") + "\n")
    out.append("\n")

    def steps(items, depth):
        pad = "   " * depth
        for n, s in enumerate(items, 1):
            out.append(f"{pad}{n}. [ ] {plain(s['title'])} <a id=\"{s['id']}\"></a>\n")
            inner = pad + "   "
            if "body" in s:
                out.append(f"\n{inner}{s['body']}\n\n")
            if "callout" in s:
                out.append(f"\n{inner}> **Belangrijk:** {s['callout']}\n\n")
            for m, sub in enumerate(s.get("substeps", []), 1):
                out.append(f"{inner}{m}. [ ] {plain(sub['title'])}\n")
            for option in s.get("choice", []):
                out.append(f"\n{inner}**{option['title']}**\n\n")
                steps(option["steps"], depth + 1)
            if s.get("email"):
                body = "<br>".join(EMAIL["body"])
                out.append(f"\n{inner}> **{EMAIL['title']}**<br>Aan: {EMAIL['to']}<br>"
                           f"Cc: {EMAIL['cc']}<br>Onderwerp: {EMAIL['subject']}<br>{body}\n\n")
            if "result" in s:
                out.append(f"\n{inner}*{s['result']['title']}*\n\n")

    for section in p["sections"]:
        out.append(f"## {section['title']} {{#{section['id']}}}\n\n{section['intro']}\n\n")
        steps(section["steps"], 0)
        out.append("\n")
    return "".join(out)


def mdbook_book(root, procs):
    write(root / "book.toml",
          '[book]\ntitle = "Procedures voor houtimporteurs (benchmark)"\nlanguage = "nl"\n'
          'src = "src"\n\n[output.html]\n')
    summary = ["# Samenvatting\n\n", "[Procedures](index.md)\n\n"]
    write(root / "src" / "index.md", "# Procedures voor houtimporteurs\n\n"
          "Synthetische procedures om stepbook te meten.\n")
    for p in procs:
        summary.append(f"- [{p['title']}]({p['id']}.md)\n")
        write(root / "src" / f"{p['id']}.md", f"# {p['title']}\n\n{markdown_page(p)}")
    write(root / "src" / "SUMMARY.md", "".join(summary))


HUGO_BASEOF = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}
{{ with .TableOfContents }}<nav>{{ . }}</nav>{{ end }}</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p>{{ .Summary }}</p></li>{{ end }}</ul>{{ end }}
"""


def hugo_site(root, procs):
    write(root / "hugo.toml",
          'baseURL = "https://intranet.example.be/procedures/"\nlanguageCode = "nl"\n'
          'title = "Procedures voor houtimporteurs (benchmark)"\n'
          'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
          "[markup.goldmark.renderer]\nunsafe = true\n")
    write(root / "layouts" / "_default" / "baseof.html", HUGO_BASEOF)
    write(root / "layouts" / "_default" / "single.html", HUGO_SINGLE)
    write(root / "layouts" / "_default" / "list.html", HUGO_LIST)
    write(root / "static" / "style.css", "body { font-family: sans-serif; }\n")
    write(root / "content" / "_index.md", "---\ntitle: Procedures\n---\n")
    for p in procs:
        write(root / "content" / "procedures" / f"{p['id']}.md",
              f"---\ntitle: \"{p['title']}\"\nsummary: \"{p['summary']}\"\n---\n\n"
              f"{markdown_page(p)}")


ZOLA_BASE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock title %}</title>
<link rel="stylesheet" href="{{ get_url(path="style.css") }}"></head>
<body><header><a href="{{ config.base_url | safe }}">{{ config.title }}</a></header>
<main>{% block main %}{% endblock main %}</main></body></html>
"""
ZOLA_PAGE = """{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock title %}
{% block main %}<article><h1>{{ page.title }}</h1>{{ page.content | safe }}
{% if page.toc %}<nav><ul>{% for h in page.toc %}<li><a href="{{ h.permalink | safe }}">{{ h.title }}</a>
{% if h.children %}<ul>{% for c in h.children %}<li><a href="{{ c.permalink | safe }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>
{% endfor %}</ul></nav>{% endif %}</article>{% endblock main %}
"""
# The section page lists every procedure with its summary, as Hugo's list page does; the home
# page lists the sections, as Hugo's home does.
ZOLA_SECTION = """{% extends "base.html" %}{% block title %}{{ section.title }}{% endblock title %}
{% block main %}<h1>{{ section.title }}</h1><ul>
{% for page in section.pages %}<li><h3><a href="{{ page.permalink | safe }}">{{ page.title }}</a></h3>
<p>{{ page.description }}</p></li>{% endfor %}</ul>{% endblock main %}
"""
ZOLA_INDEX = """{% extends "base.html" %}{% block main %}<h1>{{ section.title }}</h1><ul>
{% for path in section.subsections %}{% set sub = get_section(path=path, metadata_only=true) %}
<li><h3><a href="{{ sub.permalink | safe }}">{{ sub.title }}</a></h3></li>{% endfor %}</ul>{% endblock main %}
"""


def toml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def zola_site(root, procs):
    """The Hugo site's model for Zola: the same pages, templates doing the same, no feed,
    no search index, no Sass, no sitemap or robots.txt (Hugo builds none of these either)."""
    write(root / "config.toml",
          'base_url = "https://intranet.example.be/procedures/"\ndefault_language = "nl"\n'
          'title = "Procedures voor houtimporteurs (benchmark)"\n'
          "compile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n"
          "generate_sitemap = false\ngenerate_robots_txt = false\n")
    write(root / "templates" / "base.html", ZOLA_BASE)
    write(root / "templates" / "page.html", ZOLA_PAGE)
    write(root / "templates" / "section.html", ZOLA_SECTION)
    write(root / "templates" / "index.html", ZOLA_INDEX)
    write(root / "static" / "style.css", "body { font-family: sans-serif; }\n")
    write(root / "content" / "_index.md", '+++\ntitle = "Procedures"\n+++\n')
    write(root / "content" / "procedures" / "_index.md",
          '+++\ntitle = "Procedures"\nsort_by = "title"\n+++\n')
    for p in procs:
        write(root / "content" / "procedures" / f"{p['id']}.md",
              f"+++\ntitle = {toml_string(p['title'])}\n"
              f"description = {toml_string(p['summary'])}\n+++\n\n{markdown_page(p)}")


# ---------------------------------------------------------------- Typst


def typst_escape(text):
    for ch in "\\#$*_@<>[]`~\"":
        text = text.replace(ch, "\\" + ch)
    return text


def typst_words(text):
    import re
    text = plain(text)
    text = re.sub(r"\[([a-z-]+)\]\(#[a-z-]+\)", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    parts = re.split(r"(\*\*[^*]+\*\*|https?://\S+)", text)
    out = []
    for part in parts:
        if part.startswith("**"):
            out.append(f"#strong[{typst_escape(part[2:-2])}]")
        elif part.startswith("http"):
            out.append(f'#link("{part}")')
        else:
            out.append(typst_escape(part))
    return "".join(out)


TYPST_PREAMBLE = """#set page(paper: "a4", margin: 18mm)
#set text(font: "DejaVu Sans", size: 10pt, lang: "nl")
#let box-mark = box(width: 9pt, height: 9pt, stroke: 0.6pt, baseline: 1pt)
#let step(n, body) = grid(columns: (14pt, 22pt, 1fr), gutter: 4pt, box-mark, [#n], body)
#let field(label, hint) = block(below: 8pt)[#text(weight: "bold")[#label] #h(1fr)
  #box(width: 60%, height: 14pt, stroke: 0.5pt)#if hint != none [#linebreak()#text(size: 8pt, hint)]]
"""


def typst_document(root, procs):
    out = [TYPST_PREAMBLE]
    for k, p in enumerate(procs):
        if k:
            out.append("#pagebreak()\n")
        out.append(f"= {typst_escape(p['title'])}\n{typst_escape(p['summary'])}\n\n")
        out.append("== Gegevens\n")
        for _, (_, label, hint) in FIELDS.items():
            h = f'"{typst_escape(hint)}"' if hint else "none"
            out.append(f'#field("{label}", {h})\n')
        counter = [0]

        def steps(items, prefix):
            for n, s in enumerate(items, 1):
                number = f"{prefix}{n}"
                out.append(f"#step([{number}], [{typst_words(s['title'])}])\n")
                if "body" in s:
                    out.append(f"#pad(left: 40pt)[{typst_escape(s['body'])}]\n")
                if "callout" in s:
                    out.append(f"#pad(left: 40pt, block(fill: luma(235), inset: 6pt)"
                               f"[*Belangrijk:* {typst_escape(s['callout'])}])\n")
                for m, sub in enumerate(s.get("substeps", []), 1):
                    out.append(f"#pad(left: 20pt, step([{number}.{m}], "
                               f"[{typst_words(sub['title'])}]))\n")
                for option in s.get("choice", []):
                    out.append(f"#pad(left: 20pt)[*{typst_escape(option['title'])}*]\n")
                    steps(option["steps"], f"{number}.")
                if s.get("email"):
                    body = " \\ ".join(typst_escape(line) for line in EMAIL["body"])
                    out.append(f"#pad(left: 40pt, block(stroke: 0.5pt, inset: 6pt)["
                               f"*{EMAIL['title']}* \\ Aan: {typst_escape(EMAIL['to'])} \\ "
                               f"Cc: {typst_escape(EMAIL['cc'])} \\ Onderwerp: "
                               f"{EMAIL['subject']} \\ {body}])\n")
                if "result" in s:
                    out.append(f"#pad(left: 40pt)[_{typst_escape(s['result']['title'])}_]\n")
                counter[0] += 1

        for section in p["sections"]:
            out.append(f"== {typst_escape(section['title'])}\n"
                       f"{typst_escape(section['intro'])}\n\n")
            steps(section["steps"], "")
    write(root / "checklists.typ", "".join(out))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    if out.exists():
        shutil.rmtree(out)
    procs = [procedure(i) for i in range(1, n + 1)]
    stepbook_project(out / "stepbook", procs)
    mdbook_book(out / "mdbook", procs)
    hugo_site(out / "hugo", procs)
    zola_site(out / "zola", procs)
    typst_document(out / "typst", procs)


if __name__ == "__main__":
    main()
