"""JSON Schemas of the front matter, generated from the models and the vocabularies."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from lif.load.data import load_vocabularies
from lif.model.content import LIST_FIELDS, VOCAB_FIELDS, Brief, Review
from lif.model.vocab import Vocabularies, Vocabulary
from lif.output.files import confined, write_text

#: Where the schemas are written, under the project root.
SCHEMA_DIR = "schema"


#: The schema files, by collection, and the model each describes.
SCHEMAS: dict[str, tuple[str, type[Review] | type[Brief]]] = {
    "review": ("review.schema.json", Review),
    "brief": ("brief.schema.json", Brief),
}


DIALECT = "http://json-schema.org/draft-07/schema#"


#: Hover text for the fields board staff write (the template comments say the same).
FIELD_DESCRIPTIONS: dict[str, str] = {
    "id": "The permanent address of the page. Lowercase letters, digits and hyphens; never change "
    "it once published.",
    "title": "Shown in listings and at the top of the page. Use the pseudonym, never a real name.",
    "review_type": "The kind of review: a key of data/review_types.yml.",
    "kind": "seven-minute-briefing, executive-summary or thematic-note.",
    "board": "children, adults or both.",
    "subject": "The pseudonym used in the report, like 'Child A' or 'Adult D'. Never a real name.",
    "status": "draft while you work on it; published once approved; withdrawn when taken down.",
    "published": "The day it goes online, YYYY-MM-DD.",
    "publish_on": "Embargo: nothing of this item appears anywhere on the site before this date.",
    "updated": "The day it was last changed in substance, YYYY-MM-DD.",
    "withdrawn_on": "The day it was withdrawn (with status: withdrawn).",
    "author": "The independent reviewer or author of the report.",
    "methodology": "How the review was done: keys of data/methodologies.yml.",
    "themes": "One or more themes: keys of data/themes.yml.",
    "agencies": "The agencies involved: keys of data/agencies.yml.",
    "audience": "Who it is for: keys of data/audiences.yml.",
    "summary": "Two or three sentences shown in listings and search results.",
    "learning": "Key learning points, each {id, title, text}; each id gives a permanent link.",
    "recommendations": "Recommendations, tracked through the learning cycle "
    "(identified, disseminated, embedded, evaluated).",
    "documents": "The report and other documents, each {title, kind, url}.",
    "approvals": "Approval dates, YYYY-MM-DD: home_office_qa (domestic homicide reviews), "
    "strategic_management_board (MAPPA reviews), board, family_informed.",
    "retention_review": "When to decide whether it stays online (default: five years after "
    "publication).",
    "hold": "A publication hold while criminal or coroner proceedings are ongoing: "
    "{reason, until, note}.",
    "related": "Ids of related reviews and briefs.",
    "reviews": "Ids of the reviews it draws on (one for an executive summary, two or more for a "
    "thematic note).",
    "questions": "Questions for the team discussion.",
    "disseminates": "Recommendations it helps to spread, as review-id#recommendation-id.",
    "content_warning": "Shown before the review, for example: This review describes the death "
    "of a baby.",
}


#: Fields inside the nested models whose values come from a vocabulary: (model, field, vocab).
NESTED_VOCAB_FIELDS = (
    ("Recommendation", "lead_agency", "agency"),
    ("Document", "kind", "document_kind"),
)


def _terms(vocabulary: Vocabulary) -> list[str]:
    """Every accepted value: the keys first (what editors suggest), then the aliases."""
    return [*vocabulary.keys(), *sorted(vocabulary.aliases)]


def _nullable(prop: dict[str, Any]) -> dict[str, Any]:
    """Accept a blank value too: the loader treats an empty field as not given."""
    options = prop.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        return prop
    extra: dict[str, Any] = {
        k: prop.pop(k) for k in ("title", "description", "default") if k in prop
    }
    return {"anyOf": [prop, {"type": "null"}], **extra}


def _with_enum(prop: dict[str, Any], values: list[str]) -> dict[str, Any]:
    """Restrict a string (or a list of strings) property to the vocabulary's values."""
    target = prop
    options = prop.get("anyOf")
    if isinstance(options, list):
        target = next((o for o in options if o.get("type") in {"string", "array"}), prop)
    if target.get("type") == "array":
        target["items"] = {"type": "string", "enum": values}
    else:
        target["enum"] = values
    return prop


def _single_or_list(prop: dict[str, Any]) -> dict[str, Any]:
    """A list field also accepts one value on its own (the loader makes it a one-item list)."""
    options = prop.get("anyOf", [prop])
    array = next((o for o in options if o.get("type") == "array"), None)
    if array is None or "items" not in array:
        return prop
    single = copy.deepcopy(array["items"])
    if isinstance(options, list) and "anyOf" in prop:
        prop["anyOf"] = [*options[:1], single, *options[1:]]
        return prop
    extra: dict[str, Any] = {
        k: prop.pop(k) for k in ("title", "description", "default") if k in prop
    }
    return {"anyOf": [prop, single], **extra}


def build_schema(collection: str, vocab: Vocabularies) -> dict[str, Any]:
    """The JSON Schema of a collection's front matter, with the project's vocabularies."""
    filename, model = SCHEMAS[collection]
    schema = model.model_json_schema(mode="validation")
    properties: dict[str, Any] = schema["properties"]
    properties.pop("collection", None)
    required = [name for name in schema.get("required", []) if name != "collection"]
    for name, vocab_name in VOCAB_FIELDS.items():
        if name in properties:
            properties[name] = _with_enum(properties[name], _terms(vocab[vocab_name]))
    for model_name, field_name, vocab_name in NESTED_VOCAB_FIELDS:
        nested = schema.get("$defs", {}).get(model_name, {}).get("properties", {})
        if field_name in nested:
            nested[field_name] = _with_enum(nested[field_name], _terms(vocab[vocab_name]))
    for name in list(properties):
        prop = properties[name]
        if name in LIST_FIELDS:
            prop = _single_or_list(prop)
        if name not in required:
            prop = _nullable(prop)
        if name in FIELD_DESCRIPTIONS:
            prop["description"] = FIELD_DESCRIPTIONS[name]
        properties[name] = prop
    label = "review" if collection == "review" else "review brief"
    return {
        "$schema": DIALECT,
        "$id": filename,
        "title": f"Front matter of a {label}",
        "description": (
            f"Generated by 'lif schema' from the models and data/*.yml; do not edit by hand. "
            f"{model.__doc__ or ''}".strip()
        ),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        "$defs": schema.get("$defs", {}),
    }


def render_schema(collection: str, vocab: Vocabularies) -> str:
    """The schema file's text (stable: the same data gives the same bytes)."""
    return json.dumps(build_schema(collection, vocab), indent=2, ensure_ascii=False) + "\n"


def write_schemas(root: Path, check: bool = False) -> list[str]:
    """Write (or, with ``check``, compare) every schema file; returns the files that changed.

    Raises :class:`lif.output.files.OutputError` if a schema file cannot be written.
    """
    vocab = load_vocabularies(root / "data")
    changed: list[str] = []
    for collection, (filename, _) in SCHEMAS.items():
        relative = f"{SCHEMA_DIR}/{filename}"
        path = confined(root, relative)
        text = render_schema(collection, vocab)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        changed.append(relative)
        if not check:
            write_text(root, relative, text)
    return changed
