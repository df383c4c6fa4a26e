"""Git: commits of exactly the files a command wrote, and sync.

The only module that imports GitPython, and only inside its functions, so
commands that do not commit never pay for it.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GitError

PRIVATE = "private"


def _git() -> Any:
    try:
        import git
    except ImportError as exc:  # GitPython raises ImportError when no git binary is found
        raise GitError(f"git is not available: {exc}; install git or use --no-commit") from None
    return git


def open_repo(root: Path) -> Any | None:
    """The git repository holding ``root``, or None when there is none."""
    git = _git()
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def init(root: Path) -> Any:
    git = _git()
    try:
        return git.Repo.init(root, initial_branch="main")
    except git.GitCommandError:
        return git.Repo.init(root)


def ensure_own_repo(root: Path) -> bool:
    """Give ``root`` a git repository of its own unless it is the top of one already.

    A folder inside another repository (a home folder kept in git, a source
    checkout) gets its own: the partnership's commits and pushes must never
    reach the enclosing repository. Returns True when a repository was created.
    """
    repo = open_repo(root)
    if repo is not None and Path(repo.working_tree_dir).resolve() == root.resolve():
        return False
    init(root)
    return True


def is_private(relpath: str) -> bool:
    parts = Path(relpath).parts
    return bool(parts) and parts[0] == PRIVATE


def _config(repo: Any, key: str) -> str:
    """A git setting as git itself sees it (honouring GIT_CONFIG_GLOBAL and friends)."""
    git = _git()
    try:
        return str(repo.git.config("--get", key)).strip()
    except git.GitCommandError:
        return ""


def whoami(root: Path) -> tuple[str, str]:
    """``(mentorlog.me, the git identity's name)`` for the repository at ``root``
    ("" for what is not set; the name from GIT_AUTHOR_NAME first, as commits do)."""
    return get_me(root) or "", os.environ.get("GIT_AUTHOR_NAME") or identity_name(root)


def identity_env(repo: Any, fallback_name: str) -> dict[str, str]:
    """Environment for a commit when no git identity is configured (empty otherwise)."""
    name = os.environ.get("GIT_AUTHOR_NAME") or _config(repo, "user.name")
    email = os.environ.get("GIT_AUTHOR_EMAIL") or _config(repo, "user.email")
    if name and email:
        return {}
    name = str(name or fallback_name or "mentorlog")
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "mentorlog"
    email = str(email or f"{slug}@mentorlog.invalid")
    print(
        f"mentorlog: note: no git identity is configured; committing as '{name} <{email}>'. "
        "Set yours with: git config --global user.name 'Your Name'; "
        "git config --global user.email you@example.org",
        file=sys.stderr,
    )
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


def commit_files(root: Path, paths: Sequence[Path], message: str, fallback_name: str) -> str | None:
    """Commit exactly ``paths`` (never anything under private/); return the commit id.

    Other staged or unstaged changes in the repository are left as they were.
    Returns None when there is no git repository or nothing changed.
    """
    repo = open_repo(root)
    if repo is None:
        return None
    top = Path(repo.working_tree_dir).resolve()
    root_res = root.resolve()
    rels: list[str] = []
    for path in paths:
        full = (root_res / path) if not Path(path).is_absolute() else Path(path).resolve()
        inside_root = full.relative_to(root_res).as_posix()
        if is_private(inside_root):
            continue
        rels.append(full.relative_to(top).as_posix())
    if not rels:
        return None
    from .safety import active, link_in
    from .safety import step as safety_step

    def step(label: str) -> None:  # kill points of writing commands (not of sync)
        if active() is not None:
            safety_step(label)

    rels = [r for r in rels if link_in(top, r) is None]  # never a symbolic link
    if not rels:
        return None
    git = _git()
    try:
        step("git add")
        repo.git.add("--", *rels)
        step("git added")
        if not repo.git.status("--porcelain", "--", *rels).strip():
            return None
        parent = str(repo.head.commit.hexsha) if repo.head.is_valid() else None
        env = identity_env(repo, fallback_name)
        with repo.git.custom_environment(**env):
            repo.git.commit("--only", "-q", "-m", message, "--", *rels)
        step("git committed")
    except git.GitCommandError as exc:
        raise GitError(
            f"git commit failed: {_detail(exc)}; the files are written but not committed"
        ) from None
    commit = str(repo.head.commit.hexsha)
    verify_commit(repo, commit, parent, rels, top, root_res)
    return commit


def verify_commit(
    repo: Any, commit: str, parent: str | None, rels: Sequence[str], top: Path, root: Path
) -> None:
    """The commit holds exactly ``rels`` (some of them), or it is undone: GitError.

    A hook (pre-commit running ``git add -A``, say) can sweep other files,
    private ones included, into mentorlog's commit. Then the branch is put
    back where it was and the index entries of ``rels`` with it; the work tree
    and every file in it stay as they are.
    """
    raw = repo.git.diff_tree("--no-commit-id", "--name-only", "-r", "-z", "--root", commit)
    extra = sorted({p for p in raw.split("\0") if p} - set(rels))
    if not extra:
        return
    if parent is not None:
        repo.git.update_ref("-m", "mentorlog: undo a commit a hook changed", "HEAD", parent, commit)
        repo.git.reset("-q", parent, "--", *rels)
    else:
        repo.git.update_ref("-d", "HEAD", commit)
        repo.git.rm("--cached", "-q", "-r", "--ignore-unmatch", "--", *rels)
    shown = []
    for p in extra:
        try:
            shown.append((top / p).relative_to(root).as_posix())
        except ValueError:
            shown.append(p)
    raise GitError(
        f"a git hook added other files to mentorlog's commit ({', '.join(shown)}); the commit "
        "is undone, your files are written and uncommitted, nothing else changed. "
        "Look at the repository's pre-commit hook (.git/hooks/), then run the command again"
    )


# ------------------------------------------------------------------- sharing

CONFLICT_MARKERS = (b"<<<<<<< ", b">>>>>>> ")
SYNC_MESSAGE = "mentorlog: sync"


@dataclass
class SyncResult:
    """What ``sync`` did, for the CLI to print (and ``--json``)."""

    remote: str
    branch: str
    committed: str | None = None  # the commit of pending changes, if any
    committed_files: list[str] = field(default_factory=list)
    pulled: list[str] = field(default_factory=list)  # commit ids brought in
    pulled_files: list[str] = field(default_factory=list)
    pushed: int = 0  # commits the remote did not have before


@dataclass
class Conflict:
    """A sync stopped by a conflict; the repository is as it was before the pull."""

    remote: str
    branch: str
    files: list[str]  # relative to the mentoring root
    local: str  # our commit (still on the branch)
    committed: str | None  # the commit sync made of pending changes, if any
    deleted: list[str] = field(default_factory=list)  # of files: deleted on one side

    @property
    def upstream(self) -> str:
        return f"{self.remote}/{self.branch}"


def _detail(exc: Any) -> str:
    """git's most telling line of an error."""
    lines = [ln.strip() for ln in str(getattr(exc, "stderr", "") or "").splitlines()]
    lines = [ln.removeprefix("stderr:").strip().strip("'\" ") for ln in lines]
    lines = [ln for ln in lines if ln]
    for ln in lines:
        if ln.startswith(("fatal:", "error:", "! [")):
            return ln
    return lines[-1] if lines else str(exc)


def _top_rel(repo: Any, root: Path) -> str:
    """The mentoring root relative to the git work tree ('' when they are the same)."""
    top = Path(repo.working_tree_dir).resolve()
    rel = root.resolve().relative_to(top).as_posix()
    return "" if rel == "." else rel


def _root_rel(prefix: str, path: str) -> str | None:
    """A work-tree path relative to the mentoring root, or None when outside it."""
    if not prefix:
        return path
    if path.startswith(prefix + "/"):
        return path[len(prefix) + 1 :]
    return None


def in_progress(repo: Any) -> str | None:
    """'rebase' / 'merge' / 'cherry-pick' when git is in the middle of one."""
    gitdir = Path(repo.git_dir)
    if (gitdir / "rebase-merge").exists() or (gitdir / "rebase-apply").exists():
        return "rebase"
    if (gitdir / "MERGE_HEAD").exists():
        return "merge"
    if (gitdir / "CHERRY_PICK_HEAD").exists():
        return "cherry-pick"
    return None


def pending_files(repo: Any, root: Path) -> list[str]:
    """Changed, new and deleted files under ``root`` (work-tree paths), never private/.

    Ignored files are not pending; files under private/ are left out even when
    .gitignore no longer ignores them.
    """
    prefix = _top_rel(repo, root)
    raw = repo.git.status("--porcelain=v1", "-z", "--untracked-files=all", "--", prefix or ".")
    entries = raw.split("\0")
    out: list[str] = []
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        paths = [entry[3:]]
        if entry[0] in "RC" and i < len(entries):  # a rename: the old name follows
            paths.append(entries[i])
            i += 1
        for path in paths:
            inside = _root_rel(prefix, path)
            if inside is not None and not is_private(inside) and path not in out:
                out.append(path)
    return out


def conflict_marker_line(path: Path) -> int | None:
    """The 1-based line of a left-over merge conflict marker in ``path``, if any."""
    try:
        if path.stat().st_size > 5 * 1024 * 1024:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    for n, line in enumerate(data.splitlines(), start=1):
        if line.startswith(CONFLICT_MARKERS) or line in (b"<<<<<<<", b">>>>>>>"):
            return n
    return None


def upstream_of(repo: Any) -> tuple[str, str]:
    """``(remote, branch)`` to sync with: the upstream, else origin (or the only remote)."""
    try:
        branch = repo.active_branch
    except TypeError:
        raise GitError(
            "not on a branch (detached HEAD): switch to your branch first (git switch main), "
            "then run mentorlog sync again"
        ) from None
    tracking = branch.tracking_branch()
    if tracking is not None and tracking.remote_name in [r.name for r in repo.remotes]:
        return str(tracking.remote_name), str(tracking.remote_head)
    names = [r.name for r in repo.remotes]
    if not names:
        raise GitError(
            "no remote to sync with: create an empty shared repository (on a git host or a "
            "server you both reach), then run: git remote add origin URL "
            "(or start with: mentorlog init --remote URL)"
        )
    if "origin" in names:
        return "origin", str(branch.name)
    if len(names) == 1:
        return str(names[0]), str(branch.name)
    raise GitError(
        f"several remotes ({', '.join(names)}) and none is set for this branch: "
        f"run git branch --set-upstream-to=REMOTE/{branch.name} once"
    )


def _network_env() -> dict[str, str]:
    # never hang waiting for a password nobody can type
    return {} if sys.stdin.isatty() else {"GIT_TERMINAL_PROMPT": "0"}


def _ref_exists(repo: Any, ref: str) -> bool:
    git = _git()
    try:
        repo.git.rev_parse("--verify", "-q", ref)
    except git.GitCommandError:
        return False
    return True


def _is_ancestor(repo: Any, older: str, newer: str) -> bool:
    git = _git()
    try:
        repo.git.merge_base("--is-ancestor", older, newer)
    except git.GitCommandError:
        return False
    return True


def _shares_history(repo: Any, upstream: str) -> bool:
    git = _git()
    try:
        repo.git.merge_base("HEAD", upstream)
    except git.GitCommandError:
        return False
    return True


def _private_outgoing(repo: Any, prefix: str, upstream: str | None) -> tuple[str, str] | None:
    """A commit about to be pushed that holds a file under private/: (commit, path)."""
    spec = f"{prefix}/{PRIVATE}" if prefix else PRIVATE
    revs = ["HEAD", "--not", upstream] if upstream else ["HEAD"]
    out = repo.git.log("--format=%H", "--name-only", "--diff-filter=d", *revs, "--", spec)
    commit = ""
    for line in out.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) == 40 and all(c in "0123456789abcdef" for c in line):
            commit = line
        else:
            return commit, line
    return None


GENERATED_DRIVER = "mentorlog-generated"


def _generated_config(repo: Any, prefix: str, generated: Sequence[str]) -> list[str]:
    """git -c options that make generated files (schedule.ics) merge without conflict.

    Such a file is rebuilt from the merged sources after the pull, so during
    the merge any side will do: a merge driver that keeps the current version
    (``true``) is declared through a temporary attributes file, for this one
    git command; nothing in the repository's configuration changes.
    """
    if not generated:
        return []
    attrs = Path(repo.git_dir) / "mentorlog-generated.attributes"
    lines = [
        f"/{(prefix + '/' if prefix else '') + name} merge={GENERATED_DRIVER}" for name in generated
    ]
    attrs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [
        "-c",
        f"merge.{GENERATED_DRIVER}.name=rebuilt by mentorlog after the pull",
        "-c",
        f"merge.{GENERATED_DRIVER}.driver=true",
        "-c",
        f"core.attributesFile={attrs}",
    ]


JOURNAL_ENTRY = re.compile(r"^journal/(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.md$")


def _unmerged(repo: Any) -> dict[str, set[int]]:
    """Unmerged work-tree paths and their index stages (1 base, 2 ours, 3 theirs)."""
    out: dict[str, set[int]] = {}
    for line in repo.git.ls_files("-u", "-z").split("\0"):
        if line:
            info, path = line.split("\t", 1)
            out.setdefault(path, set()).add(int(info.split()[2]))
    return out


def _resolve_both_added(
    repo: Any, prefix: str, op: str, op_env: dict[str, str], options: list[str]
) -> list[str]:
    """Settle the conflicts that lose nothing when both sides are kept; return the rest.

    Two journal entries written on the same day by both partners are both
    kept: the one already shared stays journal/DATE.md, the other becomes the
    next free journal/DATE-N.md. Any other conflict is returned (mentoring
    root-relative paths), and the caller aborts.
    """
    git = _git()
    top = Path(repo.working_tree_dir)
    while True:
        unmerged = _unmerged(repo)
        if not unmerged:
            return []
        rest = []
        for path, stages in unmerged.items():
            rel = _root_rel(prefix, path)
            if rel is None or stages != {2, 3} or not JOURNAL_ENTRY.match(rel):
                rest.append(rel or path)
        if rest:
            return sorted(set(rest))
        # in a rebase, stage 2 is what is shared already and 3 the local entry;
        # in a merge it is the other way round: the shared one keeps the name
        keep, move = ("--ours", 3) if op == "rebase" else ("--theirs", 2)
        for path in unmerged:
            moved = repo.git.show(f":{move}:{path}", strip_newline_in_stdout=False)
            entry = JOURNAL_ENTRY.match(_root_rel(prefix, path) or "")
            assert entry is not None
            folder = path[: len(path) - len(entry.group(0))]
            base = f"{folder}journal/{entry.group(1)}"
            n = int(entry.group(2) or 1) + 1
            while (top / f"{base}-{n}.md").exists() or repo.git.ls_files(f"{base}-{n}.md"):
                n += 1
            (top / f"{base}-{n}.md").write_text(moved, encoding="utf-8", newline="")
            repo.git.checkout(keep, "--", path)
            repo.git.add("--", path, f"{base}-{n}.md")
        try:
            with repo.git.custom_environment(**op_env):
                if op == "rebase":
                    repo.git.execute(["git", *options, "rebase", "--continue"])
                else:
                    repo.git.execute(["git", "commit", "-q", "--no-edit"])
            return []
        except git.GitCommandError:
            if in_progress(repo) != op:
                raise
            # the next replayed commit conflicts too: look again


def ready_to_sync(root: Path) -> Any:
    """The git repository of ``root`` when sync can start; GitError otherwise.

    Not a git repository, a rebase or merge in progress, a detached HEAD, no
    remote: each stops sync before anything is written (schedule.ics is
    rebuilt first; rebuilt in the middle of a merge, it made ``git merge
    --abort`` fail).
    """
    repo = open_repo(root)
    if repo is None:
        raise GitError(
            f"{root} is not in a git repository, so there is nothing to share: "
            "run git init there, then git remote add origin URL"
        )
    state = in_progress(repo)
    if state is not None:
        raise GitError(
            f"a {state} is in progress in this repository: finish it "
            f"(git {state} --continue) or undo it (git {state} --abort), "
            "then run mentorlog sync again"
        )
    upstream_of(repo)
    return repo


def sync(
    root: Path,
    fallback_name: str = "",
    after_pull: Callable[[], Sequence[Path]] | None = None,
    generated: Sequence[str] = (),
) -> SyncResult | Conflict:
    """Commit pending changes (never private/), pull with rebase, push.

    On a conflict the rebase is aborted, so the branch, the work tree and the
    index are as they were after the commit of pending changes: nothing is
    lost and no file holds conflict markers; a :class:`Conflict` says which
    files. Other failures (no remote, unreachable remote, rejected push)
    raise GitError and leave the local commits in place.

    ``generated`` names files (relative to root) that are rebuilt from the
    others: they never conflict; ``after_pull`` rebuilds them once the pull
    is done and returns the paths it wrote, which are committed before the push.
    """
    git = _git()
    repo = ready_to_sync(root)
    remote, branch = upstream_of(repo)
    result = SyncResult(remote=remote, branch=branch)
    prefix = _top_rel(repo, root)
    top = Path(repo.working_tree_dir)
    env = identity_env(repo, fallback_name)

    # 1. commit what is pending (never private/, never a file with conflict markers)
    pending = pending_files(repo, root)
    for path in pending:
        line = conflict_marker_line(top / path)
        if line is not None:
            shown = _root_rel(prefix, path) or path
            raise GitError(
                f"{shown}:{line}: still holds a merge conflict marker; keep the lines you "
                "want, delete the marker lines, then run mentorlog sync again",
            )
    if pending:
        try:
            repo.git.add("-A", "--", *pending)
            with repo.git.custom_environment(**env):
                repo.git.commit("--only", "-q", "-m", SYNC_MESSAGE, "--", *pending)
        except git.GitCommandError as exc:
            raise GitError(f"git commit failed: {_detail(exc)}; nothing was shared") from None
        result.committed = str(repo.head.commit.hexsha)
        result.committed_files = [_root_rel(prefix, p) or p for p in pending]
    if not repo.head.is_valid():
        raise GitError("nothing to share yet: this repository has no commit")

    # 2. fetch, then rebase our commits onto theirs
    upstream = f"{remote}/{branch}"
    url = ""
    try:
        url = repo.remote(remote).url
        with repo.git.custom_environment(**_network_env()):
            repo.git.fetch("-q", remote)
    except (git.GitCommandError, ValueError) as exc:
        raise GitError(
            f"cannot reach the remote '{remote}' ({url}): {_detail(exc)}; nothing was pulled or "
            "pushed; your changes are committed here and go out with the next mentorlog sync"
        ) from None
    has_upstream = _ref_exists(repo, f"refs/remotes/{upstream}")
    before = str(repo.head.commit.hexsha)
    if has_upstream and not _shares_history(repo, upstream):
        raise GitError(
            f"this repository and {upstream} share no history (each of you started one?): "
            "keep one of them; the other partner moves their files into a fresh "
            "git clone URL and runs mentorlog sync there; nothing was changed here"
        )
    if has_upstream and not _is_ancestor(repo, upstream, "HEAD"):
        incoming = repo.git.rev_list("--reverse", f"HEAD..{upstream}").split()
        # a merge made by hand (after a conflict) is kept: merge again rather than rebase
        # it away, which would replay the conflicting commit a second time
        merging = bool(repo.git.rev_list("--merges", f"{upstream}..HEAD").strip())
        op = "merge" if merging else "rebase"
        op_env = dict(env) if merging else {k: v for k, v in env.items() if "COMMITTER" in k}
        op_env["GIT_EDITOR"] = "true"
        options = _generated_config(repo, prefix, generated)
        try:
            with repo.git.custom_environment(**op_env):
                if merging:
                    repo.git.execute(
                        ["git", *options, "merge", "-q", "--no-edit", "--autostash", upstream]
                    )
                else:
                    repo.git.execute(["git", *options, "rebase", "-q", "--autostash", upstream])
        except git.GitCommandError as exc:
            if in_progress(repo) != op:
                raise GitError(
                    f"git could not pull from {upstream}: {_detail(exc)}; nothing was changed here"
                ) from None
            files = _resolve_both_added(repo, prefix, op, op_env, options)
            if files:
                deleted = sorted(
                    _root_rel(prefix, path) or path
                    for path, stages in _unmerged(repo).items()
                    if not {2, 3} <= stages
                )
                with repo.git.custom_environment(**op_env):
                    repo.git.execute(["git", op, "--abort"])
                return Conflict(remote, branch, files, before, result.committed, deleted)
        result.pulled = incoming
        if incoming:
            changed = repo.git.diff("--name-only", "-z", f"{before}...{upstream}", "--")
            result.pulled_files = sorted(
                {_root_rel(prefix, f) or f for f in changed.split("\0") if f}
            )

    # 2b. rebuild the generated files from the merged sources
    if after_pull is not None and result.pulled:
        rebuilt = [p for p in after_pull() if not is_private(Path(p).as_posix())]
        if rebuilt:
            rels = [
                f"{prefix}/{Path(p).as_posix()}" if prefix else Path(p).as_posix() for p in rebuilt
            ]
            try:
                repo.git.add("--", *rels)
                if repo.git.status("--porcelain", "--", *rels).strip():
                    with repo.git.custom_environment(**env):
                        repo.git.commit("--only", "-q", "-m", "mentorlog: schedule", "--", *rels)
            except git.GitCommandError as exc:
                raise GitError(f"git commit failed: {_detail(exc)}; nothing was pushed") from None

    # 3. push (never a commit holding private files)
    # without the branch on the remote, what the remote has on other branches is not new
    outgoing_revs = (
        [f"{upstream}..HEAD"] if has_upstream else ["HEAD", "--not", f"--remotes={remote}"]
    )
    leak = _private_outgoing(repo, prefix, upstream if has_upstream else f"--remotes={remote}")
    if leak is not None:
        commit, path = leak
        raise GitError(
            f"will not push: commit {commit[:7]} (made outside mentorlog) holds {path}, and "
            "private notes never leave this machine; take it out of that commit first "
            "(git rm -r --cached private, then git commit --amend if it is the last commit)"
        )
    outgoing = repo.git.rev_list("--count", *outgoing_revs)
    result.pushed = int(outgoing or 0)
    if result.pushed:
        try:
            with repo.git.custom_environment(**_network_env()):
                repo.git.push("-q", "--set-upstream", remote, f"HEAD:refs/heads/{branch}")
        except git.GitCommandError as exc:
            raise GitError(
                f"the remote '{remote}' refused the push: {_detail(exc)}; your commits are safe "
                "here; if your partner pushed meanwhile, run mentorlog sync again"
            ) from None
    elif branch_upstream_missing(repo):
        with contextlib.suppress(git.GitCommandError):
            repo.git.branch(f"--set-upstream-to={upstream}")
    return result


def branch_upstream_missing(repo: Any) -> bool:
    return repo.active_branch.tracking_branch() is None


def add_remote(root: Path, url: str, name: str = "origin") -> None:
    git = _git()
    repo = open_repo(root)
    if repo is None:
        raise GitError(f"{root} is not a git repository")
    try:
        repo.create_remote(name, url)
    except git.GitCommandError as exc:
        raise GitError(f"cannot add the remote {name} ({url}): {_detail(exc)}") from None


def push_first(root: Path, name: str = "origin") -> str:
    """Push the current branch to ``name``, make it the branch's upstream; return its name."""
    git = _git()
    repo = open_repo(root)
    if repo is None or not repo.head.is_valid():
        raise GitError("nothing to push yet")
    branch = repo.active_branch.name
    try:
        with repo.git.custom_environment(**_network_env()):
            repo.git.push("-q", "--set-upstream", name, f"HEAD:refs/heads/{branch}")
    except git.GitCommandError as exc:
        raise GitError(f"could not push to {name}: {_detail(exc)}") from None
    return str(branch)


# ------------------------------------------------------------- merge driver


def driver_command() -> str:
    """The merge driver's command line: the running mentorlog, git's %O %A %B %P."""
    import shlex

    return f"{shlex.quote(sys.executable)} -m mentorlog merge-file %O %A %B %P"


def ensure_merge_driver(root: Path) -> bool:
    """Define the ``mentorlog`` merge driver in the repository's own git config.

    .gitattributes routes *.md and schedule.ics to it; with it defined, a plain
    ``git pull`` merges the way ``mentorlog sync`` does. Returns True when the
    config changed; False when it was already right or there is no repository.
    """
    from .merge import DRIVER

    repo = open_repo(root)
    if repo is None:
        return False
    wanted = {
        f"merge.{DRIVER}.name": "mentorlog: merge the partners' versions",
        f"merge.{DRIVER}.driver": driver_command(),
    }
    changed = False
    git = _git()
    for key, value in wanted.items():
        if _config(repo, key) != value:
            try:
                repo.git.config("--local", key, value)
            except git.GitCommandError as exc:
                raise GitError(f"cannot set {key} in the git config: {_detail(exc)}") from None
            changed = True
    return changed


GITATTRIBUTES_FILE = ".gitattributes"


def ensure_gitattributes(root: Path) -> bool:
    """Make sure ``root/.gitattributes`` routes mentorlog's files to the merge driver.

    A missing file is written with :data:`mentorlog.merge.GITATTRIBUTES`; an
    existing one gains only the lines it lacks (its other lines, line endings
    and a missing final newline before them are kept). Returns True when the
    file was written: the caller commits it (``init`` with its first commit,
    ``join`` and ``sync`` for older repositories).
    """
    from . import repo
    from .merge import GITATTRIBUTES

    path = root / GITATTRIBUTES_FILE
    wanted = GITATTRIBUTES.splitlines()
    if not path.exists() and not path.is_symlink():
        header = "# mentorlog: merge the partners' versions (mentorlog merge-file)\n"
        repo.atomic_write(path, (header + GITATTRIBUTES).encode())
        return True
    if path.is_symlink() or not path.is_file():
        raise GitError(f"{GITATTRIBUTES_FILE} is not a regular file; mentorlog leaves it alone")
    data = path.read_bytes()
    have = {" ".join(ln.split()) for ln in data.decode("utf-8", "replace").splitlines()}
    missing = [ln for ln in wanted if ln not in have]
    if not missing:
        return False
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    sep = b"" if not data or data.endswith(b"\n") else newline
    added = b"".join(ln.encode() + newline for ln in missing)
    repo.replace_bytes(path, data, data + sep + added, GITATTRIBUTES_FILE)
    return True


# ------------------------------------------------------------------- joining

ME_KEY = "mentorlog.me"
JOIN_BRANCH = "main"


def clone(url: str, dest: Path, branch: str = JOIN_BRANCH) -> None:
    """Clone ``url`` into ``dest`` on ``branch``, whatever the remote's HEAD names."""
    git = _git()
    try:
        git.Repo.clone_from(url, str(dest), env=_network_env(), branch=branch)
    except git.GitCommandError as exc:
        raise GitError(f"cannot clone {url} (branch {branch}): {_detail(exc)}") from None


def identity_name(root: Path) -> str:
    """``user.name`` as git sees it in the repository of ``root`` ('' when unset)."""
    repo = open_repo(root)
    return "" if repo is None else _config(repo, "user.name")


def get_me(root: Path) -> str | None:
    """Who uses this clone (``mentorlog.me``: mentee or mentor), None when unset."""
    repo = open_repo(root)
    value = _config(repo, ME_KEY).strip().lower() if repo is not None else ""
    return value or None


def set_me(root: Path, role: str) -> None:
    git = _git()
    repo = open_repo(root)
    if repo is None:
        raise GitError(f"{root} is not a git repository")
    try:
        repo.git.config("--local", ME_KEY, role)
    except git.GitCommandError as exc:
        raise GitError(f"cannot set {ME_KEY} in the git config: {_detail(exc)}") from None
