#!/usr/bin/env python3
# Rewrites the choices of interview.country in an interview template from
# Debian's iso-codes data: every ISO 3166-1 alpha-2 code, sorted by code, with
# its English common name and the Korean translation iso-codes ships.
#
#   apt-get install iso-codes
#   build-aux/update-country-choices.py schemas/templates/forced-labour.json
#
# A changed list makes a new template: raise its version before shipping it.
# Only the standard library is used, so any python3 runs it.

import gettext
import json
import sys

ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"
LOCALEDIR = "/usr/share/locale"

# Korean names that differ from iso-codes' translation: the short names South
# Korean speakers use (the interviews are held in South Korean usage), and
# one translation that keeps English words.
KO_OVERRIDES = {
    "IR": "이란",
    "KP": "북한",
    "LA": "라오스",
    "SY": "시리아",
    "VA": "바티칸 시국",
}


def country_choices():
    with open(ISO_JSON, encoding="utf-8") as f:
        entries = json.load(f)["3166-1"]
    ko = gettext.translation("iso_3166-1", LOCALEDIR, languages=["ko"])
    choices = []
    for e in sorted(entries, key=lambda e: e["alpha_2"]):
        code = e["alpha_2"]
        en = e.get("common_name", e["name"])
        ko_name = ko.gettext(en)
        if ko_name == en:
            ko_name = ko.gettext(e["name"])
        ko_name = KO_OVERRIDES.get(code, ko_name)
        if ko_name == e["name"]:
            sys.exit(f"update-country-choices: no Korean name for {code} ({en})")
        choices.append({"code": code, "label": {"en": en, "ko": ko_name}})
    return choices


def dumps(value, indent=0, width=110):
    """JSON with two-space indentation, writing an object or array on one
    line when it fits in width columns (labels, choices, short fields)."""
    flat = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if not isinstance(value, (dict, list)) or indent + len(flat) <= width or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = [
            pad + json.dumps(k, ensure_ascii=False) + ": " + dumps(v, indent + 2, width)
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + dumps(v, indent + 2, width) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: update-country-choices.py TEMPLATE.json")
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        template = json.load(f)
    field = next(
        (fl for s in template["sections"] if s["id"] == "interview"
         for fl in s["fields"] if fl["id"] == "country"),
        None,
    )
    if field is None:
        sys.exit(f"update-country-choices: {path} has no field interview.country")
    field["choices"] = country_choices()
    with open(path, "w", encoding="utf-8") as f:
        f.write(dumps(template) + "\n")


if __name__ == "__main__":
    main()
