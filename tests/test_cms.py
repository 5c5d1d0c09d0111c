"""The editor at /admin/: its configuration against the models and vocabularies, its ids against
``lif new``, its page and policy, and the round trip of every example item through the editor's
YAML writers (Node, from the npm packages ``npm ci`` installs)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from support import REPO, brief_data, copy_project, review_data, write_item

from lif.load.content import content_files, parse_text
from lif.load.data import load_vocabularies
from lif.model.content import VOCAB_FIELDS, Brief, Item, Recommendation, Review
from lif.model.library import COLLECTIONS
from lif.model.paths import EDITOR_FOLDER
from lif.model.policy import EDITOR_POLICY, POLICY, editor_header_policy, editor_meta_policy
from lif.model.vocab import Vocabularies
from lif.output import cms
from lif.output.cms import (
    EditorSettingError,
    EditorSettings,
    brief_kinds,
    editor_config,
    editor_page,
    editor_settings,
    render_editor_config,
    template_body,
)
from lif.output.headers import render_headers
from lif.output.scaffold import BRIEF_PREFIXES, REVIEW, Request, make_id, target_path

NODE_SCRIPTS = REPO / "tests" / "node"


@pytest.fixture(scope="module")
def vocab() -> Vocabularies:
    return load_vocabularies(REPO / "data")


@pytest.fixture(scope="module")
def config(vocab: Vocabularies) -> dict[str, Any]:
    return editor_config(vocab, EditorSettings(repo="llr/learning-hub"))


def collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    found = [c for c in config["collections"] if c["name"] == name]
    assert len(found) == 1, f"no collection '{name}'"
    return found[0]


def fields_by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in fields}


def node() -> str:
    """Node.js and the npm packages of package.json; fails (never skips) without them."""
    found = shutil.which("node")
    if found is None:
        pytest.fail("Node.js is missing: install Node.js 20 or later (apt-get install nodejs)")
    if not (REPO / "node_modules" / "yaml").is_dir():
        pytest.fail("the npm packages are missing: run 'npm ci' in the project folder")
    return found


def run_node(script: str, payload: dict[str, Any]) -> Any:
    result = subprocess.run(
        [node(), str(NODE_SCRIPTS / script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# The configuration against the models and the vocabularies.


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``Model``, ``Model | None`` or ``list[Model]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        inner = _model_of(arg)
        if inner is not None:
            return inner
    return None


def _assert_covers(model: type[BaseModel], fields: list[dict[str, Any]], where: str) -> int:
    """Every field of ``model`` (and of the models inside it) has its widget; returns how many
    were compared."""
    by_name = fields_by_name(fields)
    wanted = set(model.model_fields) - {"collection"}
    assert wanted <= set(by_name), f"{where}: no widget for {sorted(wanted - set(by_name))}"
    assert set(by_name) - {"body"} <= wanted, f"{where}: a widget for a field the model lacks"
    count = len(wanted)
    for name in wanted:
        inner = _model_of(model.model_fields[name].annotation)
        if inner is not None:
            count += _assert_covers(inner, by_name[name]["fields"], f"{where}.{name}")
    return count


def test_every_field_of_the_models_has_a_widget(
    config: dict[str, Any], vocab: Vocabularies
) -> None:
    compared = _assert_covers(Review, collection(config, "reviews")["fields"], "reviews")
    for kind in brief_kinds(vocab):
        compared += _assert_covers(Brief, collection(config, kind)["fields"], kind)
    assert compared > 60


def test_one_collection_for_reviews_and_one_per_kind_of_brief(
    config: dict[str, Any], vocab: Vocabularies
) -> None:
    names = [c["name"] for c in config["collections"]]
    assert names == ["reviews", "seven-minute-briefing", "executive-summary", "thematic-note"]
    for kind in brief_kinds(vocab):
        kind_field = fields_by_name(collection(config, kind)["fields"])["kind"]
        assert kind_field == {"name": "kind", "label": "Kind", "widget": "hidden", "default": kind}


def _select_values(field: dict[str, Any]) -> list[tuple[str, str]]:
    assert field["widget"] == "select", f"{field['name']} is a {field['widget']}"
    return [(o["value"], o["label"]) for o in field["options"]]


def test_vocabulary_fields_offer_every_term_by_its_label(
    config: dict[str, Any], vocab: Vocabularies
) -> None:
    review = fields_by_name(collection(config, "reviews")["fields"])
    brief = fields_by_name(collection(config, "seven-minute-briefing")["fields"])
    checked = 0
    for name, vocab_name in VOCAB_FIELDS.items():
        if name == "kind":
            continue  # one collection per kind: the kind is fixed, not chosen
        field = review.get(name) or brief[name]
        terms = [(t.key, t.label) for t in vocab[vocab_name]]
        assert _select_values(field) == terms, name
        many = typing.get_origin(
            (Review if name in review else Brief).model_fields[name].annotation
        )
        assert field.get("multiple", False) is (many is list), name
        checked += 1
    assert checked == 6  # review types, boards, themes, methodologies, agencies, audiences
    recommendation = fields_by_name(review["recommendations"]["fields"])
    assert _select_values(recommendation["lead_agency"]) == [
        (t.key, t.label) for t in vocab.agencies
    ]
    document = fields_by_name(review["documents"]["fields"])
    assert _select_values(document["kind"]) == [(t.key, t.label) for t in vocab["document_kind"]]
    assert review["themes"]["min"] == 1


def _walk(fields: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for field in fields:
        yield field
        yield from _walk(field.get("fields", []))


def _date_fields(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    for name, info in model.model_fields.items():
        if dt.date in (info.annotation, *typing.get_args(info.annotation)):
            yield prefix + name
        inner = _model_of(info.annotation)
        if inner is not None:
            yield from _date_fields(inner, f"{prefix}{name}.")


def test_every_date_is_a_day_without_a_time(config: dict[str, Any]) -> None:
    reviews = collection(config, "reviews")["fields"]
    pickers = [f for f in _walk(reviews) if f["widget"] == "datetime"]
    assert len(pickers) == len(list(_date_fields(Review)))
    for field in pickers:
        assert field["format"] == "YYYY-MM-DD", field["name"]
        assert field["date_format"] == "YYYY-MM-DD"
        assert field["time_format"] is False


def test_lists_of_objects_for_learning_recommendations_and_actions(config: dict[str, Any]) -> None:
    review = fields_by_name(collection(config, "reviews")["fields"])
    for name in ("learning", "recommendations", "documents"):
        assert review[name]["widget"] == "list" and review[name]["fields"], name
    actions = fields_by_name(review["recommendations"]["fields"])["actions"]
    assert actions["widget"] == "list"
    assert [f["name"] for f in actions["fields"]] == list(
        Recommendation.model_fields["actions"].annotation.__args__[0].model_fields  # type: ignore[union-attr]
    )
    # A list of sentences keeps each sentence whole (Decap's plain list splits at commas).
    questions = fields_by_name(collection(config, "seven-minute-briefing")["fields"])["questions"]
    assert questions["widget"] == "list" and questions["field"]["widget"] == "string"


def test_the_body_is_raw_markdown_starting_from_lif_news_template(
    config: dict[str, Any], vocab: Vocabularies
) -> None:
    for name in ["reviews", *brief_kinds(vocab)]:
        body = collection(config, name)["fields"][-1]
        assert body["name"] == "body"
        assert body["widget"] == "text"  # not "markdown", whose rich-text editor rewrites syntax
        content_type = REVIEW if name == "reviews" else name
        assert body["default"] == template_body(content_type)
    briefing = collection(config, "seven-minute-briefing")["fields"][-1]["default"]
    assert len(re.findall(r"^## \d\. ", briefing, flags=re.M)) == 7


def test_files_are_named_and_filed_as_lif_new_files_them(
    config: dict[str, Any], vocab: Vocabularies
) -> None:
    reviews = collection(config, "reviews")
    assert reviews["folder"] == "reviews"
    assert reviews["path"] == "{{year}}/{{slug}}"
    request = Request(REVIEW, title="x", review_type="sar", board="adults")
    assert target_path(request, "an-id", 2026) == f"{reviews['folder']}/2026/an-id.md"
    for kind in brief_kinds(vocab):
        briefs = collection(config, kind)
        assert target_path(Request(kind), "an-id", 2026) == f"{briefs['folder']}/an-id.md"
        assert "path" not in briefs
    for item in config["collections"]:
        assert item["slug"] == "{{fields.id}}"
        assert item["identifier_field"] == "title"
        assert item["format"] == "yaml-frontmatter" and item["extension"] == "md"
        assert item["folder"].split("/")[0] in COLLECTIONS


def test_each_change_is_a_pull_request_and_the_local_server_works_offline(
    config: dict[str, Any],
) -> None:
    assert config["publish_mode"] == "editorial_workflow"
    assert config["local_backend"] is True
    assert config["backend"]["name"] == "github"
    assert config["backend"]["repo"] == "llr/learning-hub"
    assert config["backend"]["branch"] == "main"
    assert "base_url" not in config["backend"]


def test_briefs_start_with_the_defaults_of_lif_new(config: dict[str, Any]) -> None:
    briefing = fields_by_name(collection(config, "seven-minute-briefing")["fields"])
    assert briefing["audience"]["default"] == ["practitioners", "managers"]
    assert len(briefing["questions"]["default"]) == 3
    assert briefing["status"]["default"] == "draft"
    summary = fields_by_name(collection(config, "executive-summary")["fields"])["reviews"]
    assert (summary["widget"], summary["min"], summary["max"]) == ("relation", 1, 1)
    thematic = fields_by_name(collection(config, "thematic-note")["fields"])["reviews"]
    assert thematic["min"] == 2 and "max" not in thematic


# Settings.


def test_the_repository_comes_from_the_setting_then_github_then_mkdocs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert editor_settings(project, {}).repo == cms.REPO_PLACEHOLDER
    assert editor_settings(project, {"GITHUB_REPOSITORY": "llr/hub"}).repo == "llr/hub"
    both = {"GITHUB_REPOSITORY": "llr/hub", "LIF_EDITOR_REPO": "llr/other"}
    assert editor_settings(project, both).repo == "llr/other"
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text(encoding="utf-8") + "\nrepo_url: https://github.com/llr/site\n",
        encoding="utf-8",
    )
    assert editor_settings(project, {}).repo == "llr/site"


def test_the_sign_in_helper_is_a_setting(tmp_path: Path, vocab: Vocabularies) -> None:
    project = copy_project(tmp_path / "p")
    settings = editor_settings(project, {"LIF_EDITOR_AUTH_URL": "https://auth.example.org.uk/"})
    assert settings.auth_url == "https://auth.example.org.uk"
    backend = editor_config(vocab, settings)["backend"]
    assert backend["base_url"] == "https://auth.example.org.uk"
    assert backend["auth_endpoint"] == "auth"


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("LIF_EDITOR_REPO", "not a repo", "owner/name"),
        ("LIF_EDITOR_BRANCH", "../main", "branch"),
        ("LIF_EDITOR_AUTH_URL", "http://auth.example.org.uk", "https://"),
        ("LIF_EDITOR_AUTH_URL", "https://auth.example.org.uk/callback", "without a path"),
    ],
)
def test_a_setting_that_cannot_be_used_is_named(
    tmp_path: Path, variable: str, value: str, words: str
) -> None:
    project = copy_project(tmp_path / "p")
    with pytest.raises(EditorSettingError) as caught:
        editor_settings(project, {variable: value})
    assert variable in str(caught.value) and words in str(caught.value)


def test_a_bad_setting_stops_the_build_with_its_name(tmp_path: Path, build: Any) -> None:
    project = copy_project(tmp_path / "p")
    write_item(project, review_data())
    result = build(project, LIF_EDITOR_REPO="two words")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "LIF_EDITOR_REPO" in output and "owner/name" in output, output
    assert "Traceback" not in output


# The page and its policy.


def test_the_editors_policy_adds_only_what_the_editor_needs() -> None:
    assert EDITOR_POLICY["script-src"] == ["'self'", "'unsafe-eval'"]
    assert "'unsafe-inline'" not in EDITOR_POLICY["script-src"]
    assert "*" not in " ".join(s for sources in EDITOR_POLICY.values() for s in sources)
    assert EDITOR_POLICY["object-src"] == ["'none'"]
    assert EDITOR_POLICY["frame-src"] == ["'none'"]
    assert EDITOR_POLICY["base-uri"] == ["'self'"]
    added = {
        name: sorted(set(sources) - set(POLICY.get(name, [])))
        for name, sources in EDITOR_POLICY.items()
    }
    assert {k: v for k, v in added.items() if v} == {
        "script-src": ["'unsafe-eval'"],
        "img-src": ["blob:", "https://avatars.githubusercontent.com"],
        "connect-src": ["http://127.0.0.1:8081", "http://localhost:8081", "https://api.github.com"],
        "media-src": ["blob:"],
    }


def test_static_hosts_give_the_editor_its_policy_and_every_other_page_the_sites() -> None:
    headers = render_headers()
    site, editor = headers.split(f"/{EDITOR_FOLDER}/*\n")
    assert site.startswith("/*\n")
    assert "'unsafe-eval'" not in site
    assert "  ! Content-Security-Policy\n" in editor
    assert f"  Content-Security-Policy: {editor_header_policy()}\n" in editor
    assert "  Cross-Origin-Opener-Policy: same-origin-allow-popups\n" in editor


def test_the_page_loads_the_pinned_editor_under_its_policy() -> None:
    page = editor_page(True, "LLR Safeguarding Learning Hub")
    metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert [html.unescape(m) for m in metas] == [editor_meta_policy()]
    assert page.index("Content-Security-Policy") < page.index("<script")
    scripts = re.findall(r'<script src="([^"]+)"></script>', page)
    assert scripts == ["decap-cms.js", "lif-editor.js"]
    assert "<script>" not in page  # nothing inline
    assert '<html lang="en">' in page and "<title>Editor · LLR" in page


def test_without_npm_ci_the_page_says_how_to_install_the_editor() -> None:
    page = editor_page(False, "Hub")
    assert "<script" not in page
    assert "npm ci" in page and "lif build" in page


def test_the_build_writes_the_editor_from_the_models(built_site: Path, vocab: Vocabularies) -> None:
    folder = built_site / EDITOR_FOLDER
    written = yaml.safe_load((folder / "config.yml").read_text(encoding="utf-8"))
    assert written == editor_config(vocab, editor_settings(REPO))
    assert (folder / "config.yml").read_text(encoding="utf-8") == render_editor_config(
        vocab, editor_settings(REPO)
    )
    rules = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
    assert rules == cms.id_rules(vocab)
    for name in (cms.EDITOR_SCRIPT, cms.EDITOR_STYLES):
        assert (folder / name).read_text(encoding="utf-8") == cms.editor_file_text(name)
    installed = REPO / cms.DECAP_DIST / cms.DECAP_SCRIPT
    if not installed.is_file():
        pytest.fail("the editor is not installed: run 'npm ci' in the project folder")
    assert (folder / "decap-cms.js").read_bytes() == installed.read_bytes()
    chunks = {p.name for p in folder.glob("*.decap-cms.js")}
    assert chunks and chunks == {p.name for p in installed.parent.glob("*.decap-cms.js")}
    assert not list(folder.glob("*.map"))
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in page


def test_the_pinned_version_is_the_one_installed() -> None:
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert re.fullmatch(r"3\.\d+\.\d+", pinned["decap-cms"]), "pin an exact Decap CMS 3.x"
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    locked = lock["packages"]["node_modules/decap-cms"]
    assert locked["version"] == pinned["decap-cms"]
    assert locked["integrity"].startswith("sha512-")


def test_standalone_prints_the_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    assert cms.main(["--root", str(REPO)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("# Generated by 'lif build'")
    assert yaml.safe_load(printed)["publish_mode"] == "editorial_workflow"


# Ids: lif-editor.js against lif new.

ID_CASES: list[dict[str, Any]] = [
    {"collection": "seven-minute-briefing", "title": "Missing from home"},
    {"collection": "seven-minute-briefing", "title": "Seven-minute briefing: Missing from home"},
    {"collection": "seven-minute-briefing", "title": "7MB – Don’t wait: escalate!"},
    {
        "collection": "seven-minute-briefing",
        "title": "Seven-minute briefing — a very long title about professional curiosity, "
        "challenge and escalation across every agency in the partnership",
    },
    {"collection": "seven-minute-briefing", "title": "???"},
    {
        "collection": "executive-summary",
        "title": "Executive summary",
        "reviews": ["sar-adult-d-2024"],
    },
    {"collection": "executive-summary", "title": "Executive summary: Adult D", "reviews": []},
    {"collection": "thematic-note", "title": "Thematic note: hidden men", "reviews": ["a", "b"]},
    {"collection": "thematic-note", "title": "Thematic learning note - self-neglect"},
    {"collection": "reviews", "title": "Adult K", "review_type": "sar", "subject": "Adult K"},
    {"collection": "reviews", "title": "Safeguarding adults review: Adult K", "review_type": "sar"},
    {"collection": "reviews", "title": "Annual learning 2026", "review_type": "sar"},
    {"collection": "reviews", "title": "Baby Q", "review_type": "lcspr", "subject": "Baby Q"},
]


def _request(case: dict[str, Any]) -> Request:
    content_type = REVIEW if case["collection"] == "reviews" else case["collection"]
    return Request(
        content_type,
        title=case["title"],
        review_type=case.get("review_type"),
        subject=case.get("subject"),
        reviews=list(case.get("reviews", [])),
    )


def test_the_editor_makes_the_ids_lif_new_makes(vocab: Vocabularies) -> None:
    cases = [
        {**case, "review_type": vocab.review_types.resolve(case["review_type"])}
        if "review_type" in case
        else case
        for case in ID_CASES
    ]
    cases += [
        {"collection": "reviews", "title": f"Review of {t.label}", "review_type": t.key}
        for t in vocab.review_types
    ]
    out = run_node(
        "editor_ids.js",
        {"rules": cms.id_rules(vocab), "year": 2026, "cases": cases},
    )
    expected = [make_id(_request(case), vocab, 2026) for case in cases]
    assert out["ids"] == expected
    assert set(BRIEF_PREFIXES) == set(cms.id_rules(vocab)["briefs"])


def test_the_editor_numbers_new_learning_points_and_recommendations(vocab: Vocabularies) -> None:
    data = {
        "title": "Adult K",
        "review_type": vocab.review_types.resolve("sar"),
        "subject": "Adult K",
        "learning": [{"id": "lp-2", "text": "a"}, {"text": "b"}, {"text": "c"}],
        "recommendations": [{"text": "x"}, {"id": "rec-1", "text": "y"}],
    }
    out = run_node(
        "editor_ids.js",
        {"rules": cms.id_rules(vocab), "year": 2026, "complete": [["reviews", data]]},
    )
    (done,) = out["completed"]
    assert done["id"] == "sar-adult-k-2026"
    assert [p["id"] for p in done["learning"]] == ["lp-2", "lp-1", "lp-3"]
    assert [r["id"] for r in done["recommendations"]] == ["rec-2", "rec-1"]


# The round trip through the editor's YAML writers.


def _field_order(config: dict[str, Any], rel: str, kind: str | None = None) -> list[str]:
    """The form's fields of the collection that ``rel`` belongs to."""
    parts = rel.split("/")
    name = "reviews" if parts[0] == "reviews" else kind or parts[1]
    return [f["name"] for f in collection(config, name)["fields"]]


def _load(text: str, rel: str, vocab: Vocabularies) -> tuple[Item, str]:
    model = COLLECTIONS[rel.split("/")[0]]
    item, source, problems = parse_text(text.encode("utf-8"), rel, model, vocab)
    assert problems == [], f"{rel}: " + "\n".join(p.format() for p in problems)
    assert item is not None and source is not None
    return item, source.body


def test_every_example_item_means_the_same_after_the_editor_saves_it(
    config: dict[str, Any], vocab: Vocabularies
) -> None:
    files = content_files(REPO)
    assert len(files) > 20
    items = []
    for path in files:
        rel = path.relative_to(REPO).as_posix()
        items.append({"path": rel, "text": path.read_text(encoding="utf-8"), "order": []})
        items[-1]["order"] = _field_order(config, rel)
    written = run_node("editor_yaml.js", {"items": items})
    for writer in ("decap", "js-yaml"):
        assert set(written[writer]) == {i["path"] for i in items}
        for item in items:
            original, body = _load(item["text"], item["path"], vocab)
            again, body_again = _load(written[writer][item["path"]], item["path"], vocab)
            assert again == original, f"{writer}: {item['path']} changed its meaning"
            assert body_again.rstrip("\n") == body.rstrip("\n"), f"{writer}: {item['path']} body"


def test_words_yaml_1_1_reads_otherwise_survive_the_editor(
    config: dict[str, Any], vocab: Vocabularies, tmp_path: Path
) -> None:
    """Decap writes YAML 1.2: ``No``, ``on``, ``12:30`` and ``2024-01-01`` unquoted. The loader
    reads them as the text the person typed where the field is text."""
    data = brief_data(
        title="No",
        summary="on",
        questions=["12:30", "Yes", "2024-01-01", "1_000"],
    )
    rel = write_item(tmp_path, data, body="Text.\n").relative_to(tmp_path).as_posix()
    text = (tmp_path / rel).read_text(encoding="utf-8")
    written = run_node(
        "editor_yaml.js",
        {"items": [{"path": rel, "text": text, "order": _field_order(config, rel, data["kind"])}]},
    )["decap"][rel]
    assert "title: No\n" in written and "- 12:30\n" in written  # unquoted, as Decap writes
    item, _ = _load(written, rel, vocab)
    assert isinstance(item, Brief)
    assert item.title == "No" and item.summary == "on"
    assert item.questions == ["12:30", "Yes", "2024-01-01", "1_000"]
