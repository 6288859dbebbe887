#!/usr/bin/env python3
# Checks the shipped template data against its JSON Schemas and against the
# design: schemas/templates/forced-labour.json, schemas/gazetteer.json and the
# good and bad templates in tests/data/templates/. Output is TAP.
#
#   check-templates.py [SOURCE_ROOT]

import json
import os
import sys
import unicodedata

try:
    import jsonschema
except ImportError:
    print("Bail out! python3-jsonschema is missing (build-aux/install-deps.sh installs it)")
    sys.exit(1)

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SCHEMAS = os.path.join(ROOT, "schemas")
DATA = os.path.join(ROOT, "tests", "data", "templates")
ISO_3166 = "/usr/share/iso-codes/json/iso_3166-1.json"

# The field table of DESIGN §6, in template order: path, type, sensitivity, anonymize rule.
# Sex and songbun are quasi with no generalization in the design: their codes
# leave as they are ("keep").
DESIGN_FIELDS = [
    ("consent.given", "boolean", "open", None),
    ("consent.share_coordinators", "boolean", "open", None),
    ("consent.share_legal", "boolean", "open", None),
    ("consent.quote_anonymously", "boolean", "open", None),
    ("consent.recontact", "boolean", "open", None),
    ("consent.contact", "text", "identifying", None),
    ("interview.date", "partial-date", "quasi", "year-month"),
    ("interview.country", "choice", "open", None),
    ("interview.language", "choice", "open", None),
    ("interview.city", "text", "quasi", "suppress"),
    ("interview.interpreter", "boolean", "open", None),
    ("interviewee.name", "text", "identifying", None),
    ("interviewee.aliases", "text", "identifying", None),
    ("interviewee.home_county", "text", "identifying", None),
    ("interviewee.family_affected", "longtext", "identifying", None),
    ("interviewee.birth_date", "partial-date", "quasi", "year-band:5"),
    ("interviewee.sex", "choice", "quasi", "keep"),
    ("interviewee.songbun", "choice", "quasi", "keep"),
    ("interviewee.home_province", "choice", "quasi", "province"),
    ("interviewee.occupation", "text", "quasi", "suppress"),
    ("interviewee.left_dprk", "partial-date", "quasi", "year"),
    ("episodes.site", "sites", "open", None),
    ("episodes.site_type", "choice", "open", None),
    ("episodes.province", "choice", "open", None),
    ("episodes.category", "choice", "open", None),
    ("episodes.organ", "choice", "open", None),
    ("episodes.pay", "choice", "open", None),
    ("episodes.output_destination", "choice", "open", None),
    ("episodes.commodity", "choice", "open", None),
    ("episodes.from", "partial-date", "quasi", "year"),
    ("episodes.to", "partial-date", "quasi", "year"),
    ("episodes.hours_per_day", "integer", "open", None),
    ("episodes.rest_days_per_month", "integer", "open", None),
    ("episodes.food", "text", "open", None),
    ("episodes.route", "text", "open", None),
    ("episodes.punishments", "longtext", "open", None),
    ("episodes.injuries_deaths", "longtext", "open", None),
    ("episodes.narrative", "longtext", "open", None),
    ("episodes.ilo_indicators", "multichoice", "open", None),
    ("perpetrators.organ", "choice", "open", None),
    ("perpetrators.unit", "text", "open", None),
    ("perpetrators.rank", "text", "open", None),
    ("perpetrators.name", "text", "legal", None),
    ("perpetrators.acts", "longtext", "open", None),
    ("assessment.credibility", "longtext", "identifying", None),
    ("assessment.follow_up", "boolean", "identifying", None),
]
DESIGN_SECTIONS = [("consent", False), ("interview", False), ("interviewee", False),
                   ("episodes", True), ("perpetrators", True), ("assessment", False)]
DESIGN_REQUIRED = {"consent.given", "interview.date"}

PROVINCES = ["pyongyang", "rason", "nampo", "south-pyongan", "north-pyongan", "chagang",
             "south-hwanghae", "north-hwanghae", "kangwon", "south-hamgyong", "north-hamgyong",
             "ryanggang", "unknown"]
PROVINCE_KO = {"pyongyang": "평양", "rason": "라선", "nampo": "남포", "south-pyongan": "평안남도",
               "north-pyongan": "평안북도", "chagang": "자강도", "south-hwanghae": "황해남도",
               "north-hwanghae": "황해북도", "kangwon": "강원도", "south-hamgyong": "함경남도",
               "north-hamgyong": "함경북도", "ryanggang": "량강도"}
ORGANS = ["mss", "mps", "mining-ministry", "army", "party", "enterprise", "unknown"]
DESIGN_CHOICES = {
    "episodes.site_type": ["coal-mine", "iron-mine", "copper-mine", "gold-mine", "zinc-lead-mine",
                           "magnesite-mine", "other-mine", "logging", "construction", "farm", "factory",
                           "other"],
    "episodes.category": ["kwanliso", "kyohwaso", "rodong-dallyondae", "jipkyulso", "dolgyeokdae",
                          "soldier", "enterprise-worker", "student-mobilization", "prisoner-family", "other"],
    "episodes.organ": ORGANS,
    "perpetrators.organ": ORGANS,
    "episodes.pay": ["none", "partial", "full", "in-kind"],
    "episodes.output_destination": ["china", "domestic", "unknown", "other"],
    "episodes.commodity": ["coal", "iron-ore", "copper", "gold", "zinc", "lead", "magnesite", "other"],
    "episodes.ilo_indicators": ["vulnerability", "deception", "movement", "isolation", "violence", "threats",
                                "documents", "wages", "debt", "conditions", "overtime"],
    "interview.language": ["ko", "en", "zh", "other"],
    "interviewee.sex": ["female", "male", "other"],
    "interviewee.songbun": ["core", "wavering", "hostile", "unknown"],
    "interviewee.home_province": PROVINCES,
    "episodes.province": PROVINCES,
}
# The institutions of DESIGN §6, with the South Korean terms their Korean labels must use.
DESIGN_KO_TERMS = {
    ("episodes.category", "kwanliso"): "관리소",
    ("episodes.category", "kyohwaso"): "교화소",
    ("episodes.category", "rodong-dallyondae"): "노동단련대",
    ("episodes.category", "jipkyulso"): "집결소",
    ("episodes.category", "dolgyeokdae"): "돌격대",
    ("episodes.organ", "mss"): "보위부",
    ("episodes.organ", "mps"): "안전부",
    ("perpetrators.organ", "mss"): "보위부",
    ("perpetrators.organ", "mps"): "안전부",
}

# The sites DESIGN §6 names: id → (province, commodities it must list, category).
DESIGN_SITES = {
    "kwanliso-14-kaechon": ("south-pyongan", {"coal"}, "kwanliso"),
    "kwanliso-15-yodok": ("south-hamgyong", {"gold"}, "kwanliso"),
    "kwanliso-16-hwasong": ("north-hamgyong", set(), "kwanliso"),
    "kwanliso-18-pukchang": ("south-pyongan", {"coal"}, "kwanliso"),
    "kwanliso-25-chongjin": ("north-hamgyong", set(), "kwanliso"),
    "musan-mine": ("north-hamgyong", {"iron-ore"}, None),
    "komdok-mine": ("south-hamgyong", {"zinc", "lead"}, None),
    "ryongyang-mine": ("south-hamgyong", {"magnesite"}, None),
    "hyesan-youth-copper-mine": ("ryanggang", {"copper"}, None),
    "jiktong-youth-coal-mine": ("south-pyongan", {"coal"}, None),
    "anju-coal-complex": ("south-pyongan", {"coal"}, None),
    "tokchon-coal-complex": ("south-pyongan", {"coal"}, None),
}

# Where the one defect of each bad template is, and which rule it breaks (a
# JSON Schema keyword, or "unique" and "min-max" for the rules the schema cannot
# express): every error found must be that one, so a file with a second,
# unintended defect fails.
F = ("sections", 1, "fields", 0)
BAD_DEFECTS = {
    "bad-unknown-type.json": (F + ("type",), "enum"),
    "bad-duplicate-section-id.json": (("sections", 2, "id"), "unique"),
    "bad-duplicate-field-id.json": (("sections", 1, "fields", 1, "id"), "unique"),
    "bad-choice-without-choices.json": (F, "required"),
    "bad-choice-duplicate-codes.json": (F + ("choices", 2, "code"), "unique"),
    "bad-choices-on-text.json": (F, "not"),
    "bad-missing-ko-label.json": (F + ("label",), "required"),
    "bad-missing-en-label.json": (F + ("label",), "required"),
    "bad-blank-label.json": (F + ("label", "en"), "pattern"),
    "bad-missing-sensitivity.json": (F, "required"),
    "bad-unknown-sensitivity.json": (F + ("sensitivity",), "enum"),
    "bad-quasi-without-anonymize.json": (F, "required"),
    "bad-anonymize-not-quasi.json": (F, "not"),
    "bad-anonymize-rule.json": (F + ("anonymize",), "pattern"),
    "bad-anonymize-wrong-type.json": (F + ("type",), "const"),
    "bad-keep-on-date.json": (F + ("type",), "enum"),
    "bad-province-on-choice.json": (F, "anyOf"),
    "bad-min-on-text.json": (F, "not"),
    "bad-max-length-on-longtext.json": (F, "not"),
    "bad-min-above-max.json": (F + ("min",), "min-max"),
    "bad-id-characters.json": (F + ("id",), "pattern"),
    "bad-unknown-key.json": (F, "additionalProperties"),
    "bad-version-type.json": (("version",), "type"),
    "bad-missing-consent.json": (("sections",), "contains"),
    "bad-consent-not-required.json": (("sections",), "contains"),
    "bad-not-json.json": None,
}

results = []


def check(ok, name, diag=None):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    if not ok and diag:
        for line in str(diag).splitlines():
            print(f"# {line}")


def skip(name, why):
    results.append(True)
    print(f"ok {len(results)} - {name} # SKIP {why}")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validator(name):
    schema = load(os.path.join(SCHEMAS, name))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def describe(errors):
    return "\n".join(f"{fmt(p)}: {m} ({rule})" for p, rule, m in errors)


def fmt(path):
    return "/" + "/".join(str(p) for p in path)


def schema_errors(v, doc):
    """(path, rule, message) of every error the schema finds."""
    return [(tuple(e.absolute_path), e.validator, e.message) for e in v.iter_errors(doc)]


def template_errors(v, doc):
    """Errors of the schema, then of the rules it cannot express."""
    errors = schema_errors(v, doc)
    sections = doc.get("sections") if isinstance(doc, dict) else None
    if not isinstance(sections, list):
        return errors
    seen_sections = set()
    for i, s in enumerate(sections):
        if not isinstance(s, dict):
            continue
        if s.get("id") in seen_sections:
            errors.append((("sections", i, "id"), "unique", f"section “{s['id']}” appears twice"))
        seen_sections.add(s.get("id"))
        seen_fields = set()
        for j, f in enumerate(s.get("fields") or []):
            if not isinstance(f, dict):
                continue
            where = ("sections", i, "fields", j)
            if f.get("id") in seen_fields:
                errors.append((where + ("id",), "unique", f"field “{f['id']}” appears twice"))
            seen_fields.add(f.get("id"))
            seen_codes = set()
            for k, c in enumerate(f.get("choices") or []):
                code = c.get("code") if isinstance(c, dict) else None
                if code in seen_codes:
                    errors.append((where + ("choices", k, "code"), "unique", f"choice code “{code}” appears twice"))
                seen_codes.add(code)
            lo, hi = f.get("min"), f.get("max")
            if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                errors.append((where + ("min",), "min-max", f"min {lo} is above max {hi}"))
    return errors


def walk_texts(template):
    """Every (where, text object) a reader shows: titles, help, labels."""
    for key in ("title", "description", "redacted"):
        if key in template:
            yield key, template[key]
    for s in template["sections"]:
        yield f"{s['id']} title", s.get("title")
        yield f"{s['id']} help", s.get("help")
        for f in s["fields"]:
            path = f"{s['id']}.{f['id']}"
            yield f"{path} label", f.get("label")
            yield f"{path} help", f.get("help")
            for c in f.get("choices", []):
                yield f"{path} choice {c['code']} label", c.get("label")


def has_hangul(text):
    return any("HANGUL" in unicodedata.name(ch, "") for ch in text)


def main():
    tv = validator("template.schema.json")
    check(True, "template.schema.json is a valid draft 2020-12 schema")
    gv = validator("gazetteer.schema.json")
    check(True, "gazetteer.schema.json is a valid draft 2020-12 schema")

    # The shipped template.
    template = load(os.path.join(SCHEMAS, "templates", "forced-labour.json"))
    errors = template_errors(tv, template)
    check(not errors, "forced-labour.json is a valid template",
          describe(errors))
    if errors:
        return
    check(template["id"] == "forced-labour" and template["version"] == 1, "forced-labour is version 1")
    check(template["redacted"] == {"en": "[redacted]", "ko": "[삭제됨]"}, "redacted form is [redacted]/[삭제됨]")

    sections = [(s["id"], s.get("repeat", False)) for s in template["sections"]]
    check(sections == DESIGN_SECTIONS, "sections and their repeat flags follow DESIGN, consent first",
          f"got {sections}")

    fields = {}
    table = []
    for s in template["sections"]:
        for f in s["fields"]:
            path = f"{s['id']}.{f['id']}"
            fields[path] = f
            table.append((path, f["type"], f["sensitivity"], f.get("anonymize")))
    missing = [row for row in DESIGN_FIELDS if row not in table]
    extra = [row for row in table if row not in DESIGN_FIELDS]
    check(not missing and not extra, "every field of DESIGN's table, with its type, sensitivity and rule",
          f"missing or different: {missing}\nnot in DESIGN: {extra}")
    check(table == DESIGN_FIELDS, "fields in DESIGN's order", f"got {[r[0] for r in table]}")
    check(len(table) == 46, "46 fields", f"got {len(table)}")

    def choices_of(path):
        return fields.get(path, {}).get("choices", [])

    required = {p for p, f in fields.items() if f.get("required", False)}
    check(required == DESIGN_REQUIRED, "only consent.given and interview.date are required", f"got {required}")

    for path, codes in DESIGN_CHOICES.items():
        got = [c["code"] for c in choices_of(path)]
        check(got == codes, f"{path} choice codes are DESIGN's", f"got {got}")
    got_ko = {c["code"]: c["label"]["ko"] for c in choices_of("interviewee.home_province")}
    wrong = {k: v for k, v in PROVINCE_KO.items() if got_ko.get(k) != v}
    check(not wrong, "province choices carry DESIGN's Korean names", f"different: {wrong}")
    for (path, code), term in DESIGN_KO_TERMS.items():
        label = next((c["label"]["ko"] for c in choices_of(path) if c["code"] == code), "(none)")
        check(term in label, f"{path} {code} is called {term} in Korean", f"label: {label}")
    other_choices = {p for p, f in fields.items() if "choices" in f} - set(DESIGN_CHOICES) - {"interview.country"}
    check(not other_choices, "no choice field outside DESIGN's lists", f"{other_choices}")

    countries = [c["code"] for c in choices_of("interview.country")]
    check(all(len(c) == 2 and c.isascii() and c.isupper() for c in countries),
          "interview.country codes are ISO 3166-1 alpha-2")
    check(countries == sorted(set(countries)), "interview.country codes sorted by code, each once")
    check({"KR", "KP", "CN", "RU", "MN", "TH", "LA", "VN", "US", "GB", "JP"} <= set(countries),
          "interview.country holds the countries escapees are met in")
    if os.path.exists(ISO_3166):
        iso = {e["alpha_2"] for e in load(ISO_3166)["3166-1"]}
        check(set(countries) == iso, "interview.country holds every code of iso-codes",
              f"missing {sorted(iso - set(countries))}, extra {sorted(set(countries) - iso)}")
    else:
        skip("interview.country holds every code of iso-codes", f"{ISO_3166} is absent")

    empty = []
    wrong_script = []
    for where, text in walk_texts(template):
        if not isinstance(text, dict) or not all(
                isinstance(text.get(lang), str) and text[lang].strip() for lang in ("en", "ko")):
            empty.append(where)
            continue
        if not has_hangul(text["ko"]):
            wrong_script.append(f"{where} ko: {text['ko']}")
        if has_hangul(text["en"]):
            wrong_script.append(f"{where} en: {text['en']}")
    check(not empty, "every title, label and help is written in English and Korean", "\n".join(empty))
    check(not wrong_script, "Korean texts are in Hangul, English texts are not", "\n".join(wrong_script))

    # Good templates.
    goods = sorted(n for n in os.listdir(DATA) if n.startswith("good-") and n.endswith(".json"))
    check("good-minimal.json" in goods, "good-minimal.json exists")
    for name in goods:
        errors = template_errors(tv, load(os.path.join(DATA, name)))
        check(not errors, f"{name} is a valid template", describe(errors))

    # Bad templates: each fails, at the place of its one defect.
    bads = sorted(n for n in os.listdir(DATA) if n.startswith("bad-"))
    check(set(bads) == set(BAD_DEFECTS), "the bad templates are the ones this test knows",
          f"unknown: {sorted(set(bads) - set(BAD_DEFECTS))}\nmissing: {sorted(set(BAD_DEFECTS) - set(bads))}")
    for name in bads:
        try:
            doc = load(os.path.join(DATA, name))
        except json.JSONDecodeError as e:
            check(name in BAD_DEFECTS and BAD_DEFECTS[name] is None, f"{name} is rejected: not JSON",
                  f"unexpected: {e}")
            continue
        defect = BAD_DEFECTS.get(name)
        errors = template_errors(tv, doc)
        stray = [e for e in errors if defect is None or e[:2] != defect]
        check(defect is not None and errors and not stray,
              f"{name} is rejected at {fmt(defect[0]) if defect else '?'} ({defect[1] if defect else '?'}) only",
              "errors:\n" + describe(errors))

    expected = {}
    with open(os.path.join(DATA, "expected.tsv"), encoding="utf-8") as f:
        for line in f:
            name, sep, message = line.rstrip("\n").partition("\t")
            if sep and message.strip():
                expected[name] = message
    check(set(expected) == set(bads), "expected.tsv names each bad template with a message",
          f"without a message: {sorted(set(bads) - set(expected))}\nunknown: {sorted(set(expected) - set(bads))}")

    # The gazetteer.
    gazetteer = load(os.path.join(SCHEMAS, "gazetteer.json"))
    errors = schema_errors(gv, gazetteer)
    check(not errors, "gazetteer.json is valid", describe(errors))
    if errors:
        return
    sites = gazetteer["sites"]
    ids = [s["id"] for s in sites]
    check(len(ids) == len(set(ids)), "gazetteer ids are unique")
    codes = {key: {c["code"] for c in choices_of(f"episodes.{key}")}
             for key in ("site_type", "province", "category", "commodity")}
    bad_codes = []
    for s in sites:
        for key, value in (("site_type", s["site_type"]), ("province", s["province"]),
                           ("category", s.get("category"))):
            if value is not None and value not in codes[key]:
                bad_codes.append(f"{s['id']}: {key} {value}")
        bad_codes += [f"{s['id']}: commodity {c}" for c in s.get("commodities", []) if c not in codes["commodity"]]
    check(not bad_codes, "gazetteer codes are the template's codes", "\n".join(bad_codes))
    by_id = {s["id"]: s for s in sites}
    for sid, (province, commodities, category) in DESIGN_SITES.items():
        s = by_id.get(sid)
        check(s is not None and s["province"] == province and commodities <= set(s.get("commodities", []))
              and s.get("category") == category,
              f"gazetteer has {sid} in {province}", f"entry: {s}")
    unnamed = [s["id"] for s in sites if not has_hangul(s["name"]["ko"]) or has_hangul(s["name"]["en"])]
    check(not unnamed, "gazetteer names are in English and Korean", f"{unnamed}")


main()
print(f"1..{len(results)}")
sys.exit(0 if all(results) else 1)
