"""What git knows about the project: the files of another commit, and what changed on a branch.

``lif check --base REF`` reads the base's content and link files through git (without checking
the base out), to protect every address that is public there; ``lif check`` lists the files
changed on the branch first. Only this module runs git. Every git failure is a
:class:`GitError` whose message says what to do, never a traceback.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

#: The branches tried, in order, as the base of a branch when none is given: the remote's
#: default branch, then the usual names of the main branch.
DEFAULT_BASES = ("origin/HEAD", "origin/main", "main", "origin/master", "master")


class GitError(Exception):
    """Git is missing, the folder is not in a repository, or a commit cannot be read."""


def _git(root: Path, args: Sequence[str], stdin: bytes | None = None) -> bytes:
    """Run ``git -C root args``; its output, or :class:`GitError` with git's own message."""
    if shutil.which("git") is None:
        raise GitError("git is not installed on this machine")
    result = subprocess.run(
        ["git", "-C", str(root), *args],
        input=stdin,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return result.stdout


def in_repository(root: Path) -> bool:
    """True if ``root`` is inside the working tree of a git repository (and git is installed)."""
    try:
        return _git(root, ["rev-parse", "--is-inside-work-tree"]).strip() == b"true"
    except GitError:
        return False


def commit_of(root: Path, ref: str) -> str:
    """The commit ``ref`` names (a branch, tag or commit id) in the repository of ``root``.

    Raises :class:`GitError` if ``root`` is not in a repository or ``ref`` names no commit.
    """
    if ref.startswith("-"):
        raise GitError(f"'{ref}' is not a branch or commit")
    if not in_repository(root):
        raise GitError(f"{root} is not in a git repository, so there is no base to compare with")
    try:
        return (
            _git(root, ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"]).decode().strip()
        )
    except GitError:
        raise GitError(
            f"'{ref}' is not a branch or commit of this repository (in a shallow clone, fetch "
            "it first: 'git fetch origin main', or check out with fetch-depth: 0)"
        ) from None


def files_at(root: Path, ref: str, folders: Iterable[str]) -> dict[str, bytes]:
    """The files under ``folders`` (relative to ``root``) at the commit ``ref``, by path relative
    to ``root``; a folder that does not exist there gives no files.

    Raises :class:`GitError` if the commit cannot be read.
    """
    commit = commit_of(root, ref)
    prefix = _git(root, ["rev-parse", "--show-prefix"]).decode().strip()
    listing = _git(
        root, ["ls-tree", "-r", "-z", "--full-name", "--name-only", commit, "--", *folders]
    )
    names = [name for name in listing.decode("utf-8").split("\0") if name]
    if not names:
        return {}
    # One 'git cat-file --batch' for every file: its output is '<id> blob <size>\n<bytes>\n'.
    requests = "".join(f"{commit}:{name}\n" for name in names).encode("utf-8")
    output = _git(root, ["cat-file", "--batch"], stdin=requests)
    files: dict[str, bytes] = {}
    at = 0
    for name in names:
        header_end = output.index(b"\n", at)
        header = output[at:header_end].split()
        at = header_end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # a submodule or a missing object: not a file of the content
        size = int(header[2])
        files[name.removeprefix(prefix)] = output[at : at + size]
        at += size + 1
    return files


def default_base(root: Path) -> str | None:
    """The first of :data:`DEFAULT_BASES` that names a commit, or None."""
    for ref in DEFAULT_BASES:
        try:
            commit_of(root, ref)
        except GitError:
            continue
        return ref
    return None


def changed_files(root: Path, base: str) -> set[str]:
    """The files changed on this branch since it left ``base``, relative to ``root``: committed,
    staged or not, and new files not yet added (ignored files excepted).

    Raises :class:`GitError` if ``root`` is not in a repository or ``base`` names no commit.
    """
    commit = commit_of(root, base)
    fork = _git(root, ["merge-base", commit, "HEAD"]).decode().strip()
    changed = _git(root, ["diff", "-z", "--name-only", "--relative", fork, "--", "."])
    untracked = _git(root, ["ls-files", "-z", "--others", "--exclude-standard", "--", "."])
    return {name for name in (changed + b"\0" + untracked).decode("utf-8").split("\0") if name}
