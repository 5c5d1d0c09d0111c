"""The editor at ``/admin/``: Decap CMS, its configuration generated from the models and data.

Board office staff edit reviews and briefs in a form in the browser; the editor writes the same
front matter they would write by hand, and opens a pull request for each new or changed item
(Decap's editorial workflow: draft, in review, ready). Its ``config.yml`` is generated here, at
every build, from the same content models (:mod:`lif.model.content`) and vocabularies
(``data/*.yml``) that ``lif check`` and ``lif schema`` use, so the form cannot offer a field or a
term the checker would refuse, nor miss one it needs.

What the build writes into ``admin/`` of the site (:func:`write_editor`):

- ``index.html``: the editor's page, with its own Content Security Policy
  (:data:`lif.model.policy.EDITOR_POLICY`);
- ``config.yml``: the collections, one for reviews and one per kind of brief
  (:func:`editor_config`);
- ``lif-editor.css``: colours of Decap's theme made to meet WCAG's contrast minimum;
- ``ids.json``: the rules ``lif new`` names new items by (:func:`id_rules`), read by
  ``lif-editor.js``, which fills in an empty id when an item is first saved;
- ``decap-cms.js`` and the pieces of it that it loads on demand, copied from the npm package
  ``decap-cms`` that ``npm ci`` installs (``package.json`` pins its version). Without it the
  page says how to install it; the rest of the site is unaffected.

Run on its own, ``python -m lif.output.cms`` prints the configuration for the project in the
working folder (``--root`` for another), or writes the whole ``admin/`` folder (``--site-dir``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from lif.index.site import Site
from lif.load.data import load_vocabularies
from lif.load.settings import site_settings
from lif.load.yaml_reader import read_yaml
from lif.model.content import (
    SLUG_PATTERN,
    VOCAB_FIELDS,
    Approvals,
    Brief,
    Document,
    Recommendation,
    Review,
)
from lif.model.paths import EDITOR_FOLDER
from lif.model.policy import editor_meta_policy
from lif.model.privacy import APPROVAL_LABELS
from lif.model.settings import SettingError
from lif.model.vocab import Vocabularies, Vocabulary, VocabularyError
from lif.output.files import OutputError, write_bytes, write_text
from lif.output.scaffold import (
    BRIEF_PREFIXES,
    MAX_ID,
    REVIEW,
    REVIEWS_NEEDED,
    review_prefix,
    template_text,
)
from lif.render.templating import render_template

#: The pinned editor: the npm package and the file of it the page loads (``package.json`` pins
#: the version; ``npm ci`` installs it into ``node_modules/``).
DECAP_PACKAGE = "decap-cms"
DECAP_SCRIPT = "decap-cms.js"

#: Where ``npm ci`` puts the editor's files, under the project root.
DECAP_DIST = f"node_modules/{DECAP_PACKAGE}/dist"

#: The project's own script on the page: fills in ids by the rules of ``lif new``.
EDITOR_SCRIPT = "lif-editor.js"

#: The project's own stylesheet on the page: colours of Decap's theme that lack contrast.
EDITOR_STYLES = "lif-editor.css"

#: Settings of the editor, read from the environment at build time (none is needed to build).
REPO_VARIABLE = "LIF_EDITOR_REPO"
BRANCH_VARIABLE = "LIF_EDITOR_BRANCH"
AUTH_VARIABLE = "LIF_EDITOR_AUTH_URL"

#: The repository the editor writes to when no setting names it: the editor's sign-in page
#: then fails with a message naming it, and the how-to-publish guide says what to set.
REPO_PLACEHOLDER = "OWNER/REPOSITORY"

#: Where files uploaded through the editor's media library go (Decap requires a folder).
MEDIA_FOLDER = "docs/assets/media"
PUBLIC_FOLDER = "/assets/media"

_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
_GITHUB_URL = re.compile(r"^https://github\.com/([^/\s]+/[^/\s]+?)(?:\.git)?/?$")


#: Labels of the fields, as staff read them on the form (the field's own name otherwise).
FIELD_LABELS: dict[str, str] = {
    "id": "Permanent address (id)",
    "title": "Title",
    "review_type": "Type of review",
    "kind": "Kind",
    "board": "Board",
    "subject": "Pseudonym of the subject",
    "status": "Status",
    "published": "Published on",
    "publish_on": "Embargo: publish on",
    "updated": "Last changed in substance on",
    "withdrawn_on": "Withdrawn on",
    "author": "Independent reviewer or author",
    "methodology": "Methods",
    "themes": "Themes",
    "agencies": "Agencies involved",
    "audience": "Who it is for",
    "summary": "Summary",
    "learning": "Key learning points",
    "recommendations": "Recommendations",
    "documents": "Documents",
    "approvals": "Approvals",
    "retention_review": "Decide whether it stays online by",
    "hold": "Publication hold",
    "related": "Related reviews and briefs (ids)",
    "reviews": "Reviews it draws on",
    "questions": "Questions for the team discussion",
    "disseminates": "Recommendations it spreads",
    "content_warning": "Content warning",
    "body": "Text of the page (Markdown)",
    # Inside learning points, recommendations, actions, updates, documents and holds.
    "text": "Text",
    "lead_agency": "Lead agency",
    "scope": "Scope",
    "stage": "Stage of the learning cycle",
    "rag": "Progress (RAG rating)",
    "due": "Due by",
    "evidence": "Evidence of impact",
    "actions": "Actions",
    "updates": "Progress updates",
    "not_taken_forward": "Not taken forward, and why",
    "completed": "Completed on",
    "date": "Date",
    "note": "Note",
    "url": "Address (https://… or a path on this site)",
    "format": "File format (PDF, DOCX…), if the address does not end with it",
    "reason": "Reason",
    "until": "Until",
}


#: Labels of the approval dates (``approvals``), from the approvals' own descriptions.
APPROVAL_FIELD_LABELS = {
    name: label[0].upper() + label[1:] for name, label in APPROVAL_LABELS.items()
}


#: The order of the form: what identifies the item first, then what describes it, its
#: publication, its learning, and the text of the page last. Decap writes the front matter in
#: the same order. A field of the models not named here comes after these, so none is lost.
FORM_ORDER = (
    "title",
    "id",
    "review_type",
    "kind",
    "board",
    "subject",
    "author",
    "reviews",
    "themes",
    "methodology",
    "agencies",
    "audience",
    "summary",
    "content_warning",
    "status",
    "published",
    "publish_on",
    "updated",
    "withdrawn_on",
    "approvals",
    "learning",
    "recommendations",
    "documents",
    "questions",
    "disseminates",
    "related",
    "hold",
    "retention_review",
)


#: Hints under the fields: what goes in, in the words of the form (the JSON Schema's
#: descriptions name data files, which the people using the form never see).
FIELD_HINTS: dict[str, str] = {
    "id": "Leave empty for a new item: it is made from the title when you first save, as "
    "'lif new' makes it. It is the page's permanent address: never change it once published.",
    "title": "Shown in listings and at the top of the page. Use the pseudonym, never a real name.",
    "subject": "The pseudonym used in the report, like Child A or Adult D. Never a real name.",
    "status": "Draft while you work on it; Published once approved (fill in 'Published on' too); "
    "Withdrawn when taken down.",
    "published": "The day it goes online.",
    "publish_on": "Nothing of this item appears anywhere on the site before this day.",
    "updated": "Fill in when the content changed in substance after publication.",
    "withdrawn_on": "With the status Withdrawn.",
    "summary": "Two or three sentences, shown in listings and search results.",
    "learning": "Each point gets its own permanent link; leave its id empty for a new one.",
    "recommendations": "Tracked through the learning cycle: identified, disseminated, embedded, "
    "evaluated. Leave a new recommendation's id empty.",
    "approvals": "Fill in the dates the review type needs before publication.",
    "retention_review": "Leave empty for five years after publication.",
    "hold": "Only while criminal or coroner proceedings are ongoing, or at the family's "
    "wish. The note is never shown.",
    "related": "Ids of related reviews and briefs: the last part of their page address.",
    "reviews": "An executive summary names one review; a thematic note two or more.",
    "questions": "One question a line; shown at the end of the briefing.",
    "disseminates": "As review-id#recommendation-id, for example sar-adult-d-2024#rec-1.",
    "content_warning": "Shown before the review, for example: This review describes the "
    "death of a baby.",
    "body": "Headings start with '## '. A seven-minute briefing has exactly seven numbered "
    "sections. Never write a real name, date of birth, address or phone number.",
    "url": "The report's address, or a path on this site like /assets/reports/report.pdf.",
}


#: The hint of the id of a key learning point or a recommendation.
NESTED_ID_HINT = (
    "Leave empty for a new one: it is numbered when you save (lp-1, rec-1...). It is the "
    "permanent link to this point: never change it once published."
)


#: Text fields that hold sentences: a box of several lines rather than one line.
LONG_TEXT = frozenset({"summary", "text", "evidence", "not_taken_forward", "note"})


#: Fields whose values come from a vocabulary inside the nested models, by model and field.
NESTED_VOCAB: dict[tuple[type[BaseModel], str], str] = {
    (Recommendation, "lead_agency"): "agency",
    (Document, "kind"): "document_kind",
}


#: How a list of objects is summed up in its collapsed row: the field shown.
LIST_SUMMARIES: dict[str, str] = {
    "learning": "{{fields.title}}",
    "recommendations": "{{fields.id}}: {{fields.text}}",
    "documents": "{{fields.title}}",
    "actions": "{{fields.text}}",
    "updates": "{{fields.date}}: {{fields.note}}",
}


#: The statuses, as the form offers them.
STATUS_LABELS = {
    "draft": "Draft: not on the site",
    "published": "Published",
    "withdrawn": "Withdrawn",
}


#: Entries of a collection by status, as the editor's filter buttons.
STATUS_FILTERS = [
    {"label": "Drafts", "field": "status", "pattern": "draft"},
    {"label": "Published", "field": "status", "pattern": "published"},
    {"label": "Withdrawn", "field": "status", "pattern": "withdrawn"},
]


class EditorSettingError(SettingError):
    """A setting of the editor (an environment variable read at build time) cannot be used."""


@dataclass(frozen=True)
class EditorSettings:
    """Where the editor saves: the GitHub repository and branch, and the sign-in helper."""

    repo: str
    branch: str = "main"
    auth_url: str | None = None
    site_url: str | None = None
    site_name: str = "Safeguarding learning"


def _repo_from_url(url: str | None) -> str | None:
    match = _GITHUB_URL.match(url or "")
    return match.group(1) if match else None


def editor_settings(root: Path, environ: typing.Mapping[str, str] | None = None) -> EditorSettings:
    """The editor's settings for the project at ``root``.

    The repository is :data:`REPO_VARIABLE` if set, else ``GITHUB_REPOSITORY`` (set by GitHub
    Actions for the repository being built), else the GitHub address in ``repo_url`` of
    ``mkdocs.yml``, else :data:`REPO_PLACEHOLDER`. The branch is :data:`BRANCH_VARIABLE` or
    ``main``; the sign-in helper's address :data:`AUTH_VARIABLE` (none: Decap's default,
    Netlify's). Raises :class:`EditorSettingError` for a value that cannot be used.
    """
    env = os.environ if environ is None else environ
    settings = site_settings(root)
    repo = (
        env.get(REPO_VARIABLE, "").strip()
        or env.get("GITHUB_REPOSITORY", "").strip()
        or _repo_from_url(settings.repo_url)
        or REPO_PLACEHOLDER
    )
    if repo != REPO_PLACEHOLDER and not _REPO.match(repo):
        raise EditorSettingError(
            REPO_VARIABLE,
            repo,
            "is not a GitHub repository",
            "write it as owner/name, like llr-safeguarding/learning-hub",
        )
    branch = env.get(BRANCH_VARIABLE, "").strip() or "main"
    if not re.fullmatch(r"[A-Za-z0-9._/-]{1,200}", branch) or ".." in branch:
        raise EditorSettingError(
            BRANCH_VARIABLE,
            branch,
            "is not a branch name",
            "give the branch the site is published from, like main",
        )
    auth_url = env.get(AUTH_VARIABLE, "").strip().rstrip("/") or None
    if auth_url is not None and not re.fullmatch(r"https://[A-Za-z0-9.-]+(?::\d+)?", auth_url):
        raise EditorSettingError(
            AUTH_VARIABLE,
            auth_url,
            "is not the address of a sign-in helper",
            "give its https:// address without a path, like https://auth.example.org.uk",
        )
    return EditorSettings(
        repo=repo,
        branch=branch,
        auth_url=auth_url,
        site_url=settings.site_url,
        site_name=settings.site_name,
    )


def _options(vocabulary: Vocabulary) -> list[dict[str, str]]:
    """A select widget's options: every term's label and key, in the data file's order."""
    return [{"label": term.label, "value": term.key} for term in vocabulary]


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` and whether None was allowed."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _base(annotation: Any) -> Any:
    """``Annotated[str, ...]`` as ``str``."""
    if typing.get_origin(annotation) is typing.Annotated:
        return typing.get_args(annotation)[0]
    return annotation


def _label(name: str, model: type[BaseModel] | None = None) -> str:
    if model is Approvals and name in APPROVAL_FIELD_LABELS:
        return APPROVAL_FIELD_LABELS[name]
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def _date_widget() -> dict[str, Any]:
    """A date without a time, written YYYY-MM-DD (the browser's date picker)."""
    return {
        "widget": "datetime",
        "format": "YYYY-MM-DD",
        "date_format": "YYYY-MM-DD",
        "time_format": False,
    }


def _widget(
    model: type[BaseModel], name: str, annotation: Any, vocab: Vocabularies
) -> dict[str, Any]:
    """The widget of one field, from its type and the vocabulary it draws on."""
    if model is Brief and name == "reviews":
        # Chosen from the reviews by their titles; the id is what is written.
        return {
            "widget": "relation",
            "collection": "reviews",
            "value_field": "id",
            "search_fields": ["title", "id"],
            "display_fields": ["title"],
            "multiple": True,
        }
    vocab_name = VOCAB_FIELDS.get(name) if model in (Review, Brief) else None
    vocab_name = vocab_name or NESTED_VOCAB.get((model, name))
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        item = _base(item)
        if vocab_name is not None:
            return {"widget": "select", "multiple": True, "options": _options(vocab[vocab_name])}
        if isinstance(item, type) and issubclass(item, BaseModel):
            widget: dict[str, Any] = {
                "widget": "list",
                "collapsed": True,
                "fields": model_fields(item, vocab),
            }
            if name in LIST_SUMMARIES:
                widget["summary"] = LIST_SUMMARIES[name]
            return widget
        # A list of words or sentences: one box per item, never split at commas.
        return {
            "widget": "list",
            "field": {"name": name, "label": _label(name), "widget": "string"},
        }
    if origin is Literal:
        values = typing.get_args(annotation)
        labels = STATUS_LABELS if name == "status" else {}
        return {
            "widget": "select",
            "options": [
                {"label": labels.get(v, v.replace("-", " ").capitalize()), "value": v}
                for v in values
            ],
        }
    if annotation is dt.date:
        return _date_widget()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "collapsed": True, "fields": model_fields(annotation, vocab)}
    if vocab_name is not None:
        return {"widget": "select", "options": _options(vocab[vocab_name])}
    return {"widget": "text" if name in LONG_TEXT else "string"}


def _field(
    model: type[BaseModel], name: str, info: FieldInfo, vocab: Vocabularies
) -> dict[str, Any]:
    annotation, _ = _unwrap(info.annotation)
    field: dict[str, Any] = {"name": name, "label": _label(name, model)}
    field.update(_widget(model, name, _base(annotation), vocab))
    required = info.is_required()
    if name == "id":
        # Filled in on first save by lif-editor.js, by the rules of `lif new`.
        required = False
        example = "sar-adult-d-2024" if model in (Review, Brief) else "rec-1"
        field["pattern"] = [
            SLUG_PATTERN,
            f"lowercase letters, digits and single hyphens, like {example}",
        ]
        if model not in (Review, Brief):
            field["label"] = "Id (its permanent link)"
            field["hint"] = NESTED_ID_HINT
    if not required:
        field["required"] = False
        if field["widget"] == "object":
            # Left empty, the object is not written; filled in, the checker asks for what it
            # needs (a hold's reason) by name. The form cannot say "required if any is given".
            for child in field["fields"]:
                child["required"] = False
    elif field["widget"] == "select" and field.get("multiple"):
        field["min"] = 1
    default = info.get_default(call_default_factory=False)
    if name == "status":
        # A new item starts as a draft, as `lif new` writes it.
        field["default"] = "draft"
    elif isinstance(default, str) and field["widget"] == "select":
        field["default"] = default
    top_level = model in (Review, Brief)
    if name in FIELD_HINTS and "hint" not in field and (top_level or name == "url"):
        field["hint"] = FIELD_HINTS[name]
    return field


def _form_position(name: str) -> int:
    return FORM_ORDER.index(name) if name in FORM_ORDER else len(FORM_ORDER)


def model_fields(model: type[BaseModel], vocab: Vocabularies) -> list[dict[str, Any]]:
    """The editor's fields for every field of ``model``, in the order of :data:`FORM_ORDER`
    (the model's own order for the rest)."""
    names = sorted((n for n in model.model_fields if n != "collection"), key=_form_position)
    return [_field(model, name, model.model_fields[name], vocab) for name in names]


def template_body(content_type: str) -> str:
    """The text below the front matter of ``lif new``'s template for ``content_type``."""
    text = template_text(content_type)
    _, _, rest = text.partition("\n---\n")
    return rest.lstrip("\n")


def template_defaults(content_type: str) -> dict[str, list[str]]:
    """The lists that ``lif new``'s template for ``content_type`` fills in itself (a briefing's
    audience and discussion questions), as the form's defaults for a new item."""
    front, _, _ = template_text(content_type).removeprefix("---\n").partition("\n---\n")
    # The values lif new fills in from its options ({{title}}...) are not defaults.
    front = re.sub(r"\{\{\w+\}\}", "", front)
    value = read_yaml(front, f"new-{content_type}.md", whole="front matter").value
    if not isinstance(value, dict):
        return {}
    return {
        name: [str(v) for v in items]
        for name, items in value.items()
        if isinstance(items, list) and items
    }


def _body_field(content_type: str) -> dict[str, Any]:
    """The page's text, raw Markdown in a plain text box, so its syntax survives as written."""
    return {
        "name": "body",
        "label": _label("body"),
        "widget": "text",
        "default": template_body(content_type),
        "hint": FIELD_HINTS["body"],
    }


def _collection(
    name: str, label: str, singular: str, folder: str, fields: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": folder,
        "create": True,
        "extension": "md",
        "format": "yaml-frontmatter",
        # The title names the entry in lists; the file is named after the id, which
        # lif-editor.js fills in before the first save (see ids.json).
        "identifier_field": "title",
        "slug": "{{fields.id}}",
        "summary": "{{title}}",
        "sortable_fields": ["title", "published"],
        "view_filters": STATUS_FILTERS,
        # The preview would show the Markdown as plain text; the form gets the whole width.
        "editor": {"preview": False},
        "fields": fields,
    }


def review_collection(vocab: Vocabularies) -> dict[str, Any]:
    """The reviews, in ``reviews/<year>/<id>.md`` as ``lif new`` files them."""
    collection = _collection(
        "reviews",
        "Reviews",
        "Review",
        "reviews",
        [*model_fields(Review, vocab), _body_field(REVIEW)],
    )
    collection["path"] = "{{year}}/{{slug}}"
    return collection


def brief_collection(kind: str, vocab: Vocabularies) -> dict[str, Any]:
    """One kind of brief, in ``briefs/<kind>/<id>.md`` as ``lif new`` files it."""
    fields = model_fields(Brief, vocab)
    defaults = template_defaults(kind)
    at_least, at_most = REVIEWS_NEEDED[kind]
    for field in fields:
        name = field["name"]
        if name == "kind":
            field.clear()
            field.update({"name": "kind", "label": _label("kind"), "widget": "hidden"})
            field["default"] = kind
        elif name in defaults:
            field["default"] = defaults[name]
        if name == "reviews" and at_least:
            # An executive summary names exactly one review, a thematic note two or more.
            field.pop("required", None)
            field["min"] = at_least
        if name == "reviews" and at_most is not None:
            field["max"] = at_most
    label = vocab.kinds.label(kind)
    plural = _plural(label)
    return _collection(kind, plural, label, f"briefs/{kind}", [*fields, _body_field(kind)])


def _plural(label: str) -> str:
    """The plural of a kind's label, for the collection's name in the editor."""
    if label.endswith("s"):
        return label
    if re.search(r"[^aeiou]y$", label):
        return label[:-1] + "ies"
    return label + "s"


def brief_kinds(vocab: Vocabularies) -> list[str]:
    """The kinds of brief the editor offers: those ``lif new`` can make, in the data's order."""
    return [term.key for term in vocab.kinds if term.key in BRIEF_PREFIXES]


def editor_config(vocab: Vocabularies, settings: EditorSettings) -> dict[str, Any]:
    """Decap CMS's configuration: the backend, the editorial workflow and the collections.

    Every field of :class:`lif.model.content.Review` and :class:`lif.model.content.Brief` has
    its widget; every vocabulary term is offered by its label; dates are days (YYYY-MM-DD);
    the text of the page is raw Markdown. ``publish_mode: editorial_workflow`` makes every
    new or changed item a pull request; ``local_backend`` lets decap-server (the local path)
    write to the working folder when the editor is opened on this computer.
    """
    backend: dict[str, Any] = {
        "name": "github",
        "repo": settings.repo,
        "branch": settings.branch,
        "squash_merges": True,
        "commit_messages": {
            "create": "Create {{collection}} “{{slug}}” (editor)",
            "update": "Update {{collection}} “{{slug}}” (editor)",
            "delete": "Delete {{collection}} “{{slug}}” (editor)",
            "uploadMedia": "Upload “{{path}}” (editor)",
            "deleteMedia": "Delete “{{path}}” (editor)",
        },
    }
    if settings.auth_url:
        backend["base_url"] = settings.auth_url
        backend["auth_endpoint"] = "auth"
    config: dict[str, Any] = {
        "backend": backend,
        "local_backend": True,
        "publish_mode": "editorial_workflow",
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
    }
    if settings.site_url:
        config["site_url"] = settings.site_url
        config["display_url"] = settings.site_url
    config["collections"] = [
        review_collection(vocab),
        *(brief_collection(kind, vocab) for kind in brief_kinds(vocab)),
    ]
    return config


def render_editor_config(vocab: Vocabularies, settings: EditorSettings) -> str:
    """``config.yml``'s text (stable: the same data and settings give the same bytes)."""
    header = (
        "# Generated by 'lif build' from the content models and data/*.yml (lif.output.cms);\n"
        "# do not edit: change the models or the data, and build again.\n"
    )
    return header + yaml.dump(
        editor_config(vocab, settings),
        Dumper=_PlainDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )


class _PlainDumper(yaml.SafeDumper):
    """Writes a value used twice in full each time, without YAML's anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def id_rules(vocab: Vocabularies) -> dict[str, Any]:
    """The rules of :func:`lif.output.scaffold.make_id`, as data for ``lif-editor.js``.

    ``reviews``: the id's prefix and the label stripped from the title, by review type.
    ``briefs``: the same by kind of brief. ``max``: the longest id made from a title.
    """
    return {
        "max": MAX_ID,
        "review_collection": "reviews",
        "reviews": {
            term.key: {"prefix": review_prefix(vocab, term.key), "strip": [term.label]}
            for term in vocab.review_types
        },
        "briefs": {
            kind: {
                "prefix": BRIEF_PREFIXES[kind],
                "strip": [
                    vocab.kinds[kind].label,
                    *vocab.kinds[kind].aliases,
                    *(["thematic note"] if kind == "thematic-note" else []),
                ],
            }
            for kind in brief_kinds(vocab)
        },
    }


def editor_page(script_installed: bool, site_name: str) -> str:
    """The editor's page: its policy, the editor's script and the project's; without the
    editor's script (``npm ci`` not run), a page that says how to install it."""
    return render_template(
        "editor/index.html",
        policy=editor_meta_policy(),
        site_name=site_name,
        decap_script=DECAP_SCRIPT if script_installed else None,
        editor_script=EDITOR_SCRIPT,
        editor_styles=EDITOR_STYLES,
    )


def decap_files(root: Path) -> list[Path]:
    """The editor's files from the installed npm package: the script and the pieces it loads on
    demand. Not its source maps, nor the WebAssembly image encoders that only an image
    transformation on upload would load (none is configured, and the editor's policy allows no
    WebAssembly). Empty if ``npm ci`` has not been run."""
    dist = root / DECAP_DIST
    if not (dist / DECAP_SCRIPT).is_file():
        return []
    return [dist / DECAP_SCRIPT, *sorted(dist.glob(f"*.{DECAP_SCRIPT}"))]


def editor_file_text(name: str) -> str:
    """One of the project's files for the editor (``lif-editor.js``, ``lif-editor.css``), from
    the package's data."""
    return resources.files("lif.output").joinpath("editor", name).read_text("utf-8")


def write_editor_folder(
    root: Path, site_dir: Path, vocab: Vocabularies, settings: EditorSettings
) -> list[Path]:
    """Write ``admin/`` of the site into ``site_dir``; returns the files written.

    Raises :class:`lif.output.files.OutputError` if a file cannot be written.
    """
    folder = EDITOR_FOLDER
    files = decap_files(root)
    written = [
        write_bytes(site_dir, f"{folder}/{source.name}", source.read_bytes()) for source in files
    ]
    texts = {
        "index.html": editor_page(bool(files), settings.site_name),
        "config.yml": render_editor_config(vocab, settings),
        "ids.json": json.dumps(id_rules(vocab), indent=2, ensure_ascii=False) + "\n",
        EDITOR_SCRIPT: editor_file_text(EDITOR_SCRIPT),
        EDITOR_STYLES: editor_file_text(EDITOR_STYLES),
    }
    written += [write_text(site_dir, f"{folder}/{name}", text) for name, text in texts.items()]
    return written


def write_editor(site: Site, site_dir: Path) -> None:
    """The build's writer: the editor at ``admin/`` of the built site.

    Raises :class:`lif.output.files.OutputError` if a file cannot be written or a setting of
    the editor cannot be used.
    """
    try:
        settings = editor_settings(site.root)
    except EditorSettingError as exc:
        raise OutputError(f"the editor at /{EDITOR_FOLDER}/: {exc}") from None
    write_editor_folder(site.root, site_dir, site.vocab, settings)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m lif.output.cms``: print the editor's configuration, or write ``admin/``."""
    parser = argparse.ArgumentParser(
        prog="python -m lif.output.cms",
        description="Print the editor's config.yml, generated from the models and data/, or "
        "write the editor's whole folder (admin/) into a built site.",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder")
    parser.add_argument(
        "--site-dir", type=Path, default=None, help="write admin/ into this site folder"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        vocab = load_vocabularies(root / "data")
        settings = editor_settings(root)
        if args.site_dir is None:
            sys.stdout.write(render_editor_config(vocab, settings))
            return 0
        written = write_editor_folder(root, args.site_dir, vocab, settings)
    except (SettingError, OutputError, VocabularyError) as exc:
        print(f"lif editor: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} files into {args.site_dir / EDITOR_FOLDER}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
