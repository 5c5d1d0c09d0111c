"""The pull-request flow: workflow files, pre-commit hooks, editor wiring and the commands the
documentation tells people to run. Each file is valid, and every command it runs exists."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from pathlib import Path
from typing import Any

import frontmatter
import pytest
import yaml
from jsonschema import Draft7Validator
from support import REPO

from lif.cli.main import build_parser
from lif.load.data import load_vocabularies
from lif.model.privacy import PRIVATE_NAMES_FILE
from lif.model.problems import Problem
from lif.output.scaffold import content_types
from lif.output.schema import build_schema, write_schemas

WORKFLOWS = REPO / ".github" / "workflows"
VENV_BIN = REPO / ".venv" / "bin"


def load_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def load_jsonc(path: Path) -> Any:
    """VS Code's settings files: JSON with whole-line // comments."""
    lines = [ln for ln in path.read_text().splitlines() if not ln.lstrip().startswith("//")]
    return json.loads("\n".join(lines))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as true.
    value = workflow.get("on", workflow.get(True))
    assert isinstance(value, dict)
    return value


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_scripts(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def lif_invocations(script: str) -> list[list[str]]:
    """Every ``lif ...`` command in a shell script or a documentation code block."""
    joined = script.replace("\\\n", " ")
    found = []
    for line in joined.splitlines():
        for match in re.finditer(r"(?:^|[\s;&|(`])(?:\.venv/bin/)?lif((?:\s+[^\s|&;`)]+)*)", line):
            rest = match.group(1).split(" #")[0]
            words = shlex.split(rest)
            if words:
                found.append(words)
    return found


def assert_parses(args: list[str]) -> None:
    try:
        build_parser().parse_args(args)
    except SystemExit as exc:  # argparse reports the problem on stderr, then exits
        raise AssertionError(f"'lif {' '.join(args)}' is not a valid command") from exc


# ------------------------------------------------------------------------------------------
# The site workflow
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_workflow() -> dict[str, Any]:
    return load_yaml(WORKFLOWS / "site.yml")


def test_every_workflow_is_valid(site_workflow: dict[str, Any]) -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["new-item.yml", "site.yml"]
    for path in files:
        workflow = load_yaml(path)
        assert workflow["name"] and triggers(workflow) and workflow["jobs"]
        for job in workflow["jobs"].values():
            assert job["runs-on"] == "ubuntu-latest"
            for step in job["steps"]:
                assert ("uses" in step) != ("run" in step), step
                if "uses" in step:
                    assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


def test_the_site_workflow_runs_on_pull_requests_main_and_every_day(
    site_workflow: dict[str, Any],
) -> None:
    on = triggers(site_workflow)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    [schedule] = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*"), "the scheduled build runs every day"
    assert 0 <= int(minute) < 60 and 0 <= int(hour) < 3, "early enough for an embargo's morning"
    assert site_workflow["env"]["TZ"] == "Europe/London"


def test_the_check_job_checks_tests_and_builds_strictly(site_workflow: dict[str, Any]) -> None:
    check = site_workflow["jobs"]["check"]
    scripts = "\n".join(s["run"] for s in check["steps"] if "run" in s)
    assert "lif check --format github" in scripts
    assert "python -m pytest" in scripts
    assert "lif build" in scripts
    assert "bookworm" in check["container"] and "chromium" in scripts
    browser_fixtures = "".join(p.read_text() for p in (REPO / "tests/browser").glob("*.py"))
    assert '"/usr/bin/chromium"' in browser_fixtures, "CI installs the Chromium the tests drive"
    build_source = (REPO / "src/lif/cli/build.py").read_text()
    assert '"--strict"' in build_source
    # The private list of names reaches the checker from a secret, before the check runs.
    names_step = next(i for i, s in enumerate(check["steps"]) if "PRIVATE_NAMES" in str(s))
    check_step = next(i for i, s in enumerate(check["steps"]) if "lif check" in s.get("run", ""))
    assert names_step < check_step
    assert PRIVATE_NAMES_FILE in check["steps"][names_step]["run"]
    assert check["steps"][names_step]["env"] == {"PRIVATE_NAMES": "${{ secrets.PRIVATE_NAMES }}"}


def test_deploy_runs_only_from_main_after_the_checks(site_workflow: dict[str, Any]) -> None:
    deploy = site_workflow["jobs"]["deploy"]
    assert deploy["needs"] == "check"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    upload = [s for s in steps(site_workflow) if "upload-pages-artifact" in s.get("uses", "")]
    assert upload and upload[0]["with"]["path"] == "site"
    assert site_workflow["permissions"] == {"contents": "read"}


def test_a_pull_request_is_checked_against_its_base_branch(site_workflow: dict[str, Any]) -> None:
    check = site_workflow["jobs"]["check"]
    checkout = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0, "the base branch must be in the clone"
    step = next(s for s in check["steps"] if "lif check" in s.get("run", ""))
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert '--base "origin/$BASE_REF"' in step["run"]


def test_the_deployment_records_the_published_addresses(site_workflow: dict[str, Any]) -> None:
    record = site_workflow["jobs"]["record"]
    assert record["needs"] == "deploy"
    assert record["if"] == site_workflow["jobs"]["deploy"]["if"]
    assert record["permissions"] == {"contents": "write"}
    script = "\n".join(s["run"] for s in record["steps"] if "run" in s)
    assert ".venv/bin/lif permalinks --update" in script
    assert "git commit" in script and "-- links/published.yml" in script
    assert "git push origin HEAD:main" in script


def test_every_command_the_workflows_run_exists() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for script in run_scripts(load_yaml(path)):
            for tool in re.findall(r"\.venv/bin/([\w-]+)", script):
                assert (VENV_BIN / tool).exists(), f"{path.name}: .venv/bin/{tool} is missing"
            for args in lif_invocations(script):
                if args[0].startswith("$"):
                    continue  # the new-item workflow builds its command in a bash array
                assert_parses(args)


# ------------------------------------------------------------------------------------------
# The "start a new item" workflow
# ------------------------------------------------------------------------------------------


def test_the_new_item_workflow_matches_lif_new() -> None:
    workflow = load_yaml(WORKFLOWS / "new-item.yml")
    inputs = triggers(workflow)["workflow_dispatch"]["inputs"]
    vocab = load_vocabularies(REPO / "data")
    assert inputs["content_type"]["options"] == content_types(vocab)
    assert inputs["board"]["options"] == vocab.boards.keys()
    [script] = [s for s in run_scripts(workflow) if "lif" in s and "args=" in s]
    # The command, with the inputs in place of the variables, parses as `lif new`.
    words: list[str] = []
    for part in re.findall(r"args\+?=\((.*?)\)", script):
        words += shlex.split(part)
    sample = {"$CONTENT_TYPE": "review", "$BOARD": "adults", "$REVIEWS": "sar-x"}
    args = [sample.get(w, "text") if w.startswith("$") else w for w in words]
    assert args[0] == "new"
    assert_parses(args)
    options = {w for w in words if w.startswith("--")}
    assert options == {
        "--no-input", "--title", "--board", "--themes", "--type", "--subject", "--author",
        "--reviews",
    }  # fmt: skip


def test_no_input_is_pasted_into_a_shell_script() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for script in run_scripts(load_yaml(path)):
            assert "${{ inputs." not in script and "${{ github.event.inputs" not in script
            assert "github.head_ref" not in script and "pull_request.title" not in script


# ------------------------------------------------------------------------------------------
# Pre-commit, the pull-request template, the editors
# ------------------------------------------------------------------------------------------


def test_pre_commit_hooks_run_tools_that_exist() -> None:
    config = load_yaml(REPO / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "mypy", "lif-check", "lif-schema"} <= set(hooks)
    for hook in hooks.values():
        assert hook["language"] == "system"
        command = shlex.split(hook["entry"])
        assert (REPO / command[0]).exists(), f"{hook['id']}: {command[0]} is missing"
        if command[0].endswith("/lif"):
            assert_parses(command[1:])
    lif_check = hooks["lif-check"]
    assert lif_check["pass_filenames"] is False
    files = re.compile(lif_check["files"])
    assert files.search("reviews/2025/sar-adult-d-2025.md")
    assert files.search("briefs/seven-minute-briefing/7mb-x.md")
    assert not files.search("src/lif/check/guards.py")
    assert re.compile(hooks["mypy"]["files"]).search("src/lif/check/guards.py")
    assert re.compile(hooks["lif-schema"]["files"]).search("data/themes.yml")


def test_the_pull_request_template_has_the_publication_checklist() -> None:
    text = (REPO / ".github/pull_request_template.md").read_text()
    boxes = re.findall(r"^- \[ \] \*\*(.+?)\*\*", text, flags=re.MULTILINE)
    for needed in ("Anonymised", "Family informed", "Approvals", "Embargo and holds"):
        assert needed in boxes
    assert "home_office_qa" in text and "strategic_management_board" in text


def test_the_editors_are_wired_to_the_schemas() -> None:
    settings = load_jsonc(REPO / ".vscode/settings.json")
    schemas = settings["yaml.schemas"]
    assert schemas == {
        "./schema/review.schema.json": ["reviews/**/*.md"],
        "./schema/brief.schema.json": ["briefs/**/*.md"],
    }
    for name in schemas:
        assert (REPO / name).is_file(), f"{name} is missing: run 'lif schema'"
        Draft7Validator.check_schema(json.loads((REPO / name).read_text()))
    for template in (REPO / "src/lif/templates").glob("new-*.md"):
        collection = "review" if template.name == "new-review.md" else "brief"
        second_line = template.read_text().splitlines()[1]
        assert second_line == (
            f"# yaml-language-server: $schema=../../schema/{collection}.schema.json"
        )


def test_the_editor_task_shows_each_checker_problem_on_its_line() -> None:
    tasks = load_jsonc(REPO / ".vscode/tasks.json")["tasks"]
    [check] = [t for t in tasks if t["label"] == "lif check"]
    assert check["args"] == ["check"] and check["group"]["isDefault"] is True
    pattern = check["problemMatcher"]["pattern"]
    regex = re.compile(pattern["regexp"])
    for severity in ("error", "warning"):
        problem = Problem("reviews/2025/x.md", 12, 3, "learning[0].text", "looks like: x", severity)
        match = regex.match(problem.format())
        assert match is not None
        assert match.group(pattern["file"]) == "reviews/2025/x.md"
        assert match.group(pattern["line"]) == "12" and match.group(pattern["column"]) == "3"
        assert match.group(pattern["code"]) == "learning[0].text"
        assert match.group(pattern["message"]) == "looks like: x"
        assert match.group(pattern["severity"]) == (None if severity == "error" else "warning")


# ------------------------------------------------------------------------------------------
# The schema generator, and the documentation's commands
# ------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_the_schemas_accept_the_example_content_and_refuse_mistakes() -> None:
    vocab = load_vocabularies(REPO / "data")
    for collection, folder in (("review", "reviews"), ("brief", "briefs")):
        validator = Draft7Validator(build_schema(collection, vocab))
        files = sorted((REPO / folder).rglob("*.md"))
        assert files
        for path in files:
            meta = _plain(frontmatter.load(path).metadata)
            assert [e.message for e in validator.iter_errors(meta)] == [], path
        mistakes = {"id": "Not A Slug", "status": "live", "themes": ["neglekt"], "colour": "red"}
        messages = " ".join(e.message for e in validator.iter_errors(mistakes))
        for expected in ("does not match", "'live' is not one of", "'colour' was unexpected"):
            assert expected in messages
        themes = build_schema(collection, vocab)["properties"]["themes"]
        assert "neglect" in json.dumps(themes) and "neglekt" not in json.dumps(themes)


def test_lif_schema_check_notices_a_new_theme(project: Path) -> None:
    assert write_schemas(project) == ["schema/review.schema.json", "schema/brief.schema.json"]
    assert write_schemas(project, check=True) == []
    themes = project / "data/themes.yml"
    themes.write_text(
        themes.read_text() + "\nnew-theme:\n  label: A new theme\n  group: practice\n"
    )
    assert write_schemas(project, check=True) == [
        "schema/review.schema.json",
        "schema/brief.schema.json",
    ]


@pytest.mark.parametrize("document", ["docs/how-to-publish.md", "CONTRIBUTING.md"])
def test_every_lif_command_in_the_guides_exists(document: str) -> None:
    text = (REPO / document).read_text()
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", text, flags=re.DOTALL)
    inline = re.findall(r"`((?:LIF_TODAY=\S+ )?lif [^`]+)`", text)
    commands = [args for block in blocks for args in lif_invocations(block)]
    commands += [args for snippet in inline for args in lif_invocations(snippet)]
    assert commands, f"{document} shows no lif command"
    for args in commands:
        assert_parses([a for a in args if not a.startswith("<")])


def test_the_guide_is_in_the_navigation() -> None:
    config = (REPO / "mkdocs.yml").read_text()
    assert re.search(r"^  - How to publish: how-to-publish\.md$", config, flags=re.MULTILINE)
    assert "docs/how-to-publish.md" in (REPO / "CONTRIBUTING.md").read_text()
