"""Issue 15 with two writers: drop, assign and a hand edit in two clones, merged by git
pull through mentorlog's merge driver, from both sides; refs stay what they were."""

# The fixtures come from the merge scenario module.
# ruff: noqa: F811

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import git, mentorlog_in
from pair_fixtures import PATH, edit, exchange

from mentorlog.errors import EXIT_OK

TODAY = "2026-12-05"


def refs(clone: Path) -> dict[str, str]:
    r = mentorlog_in(clone, "actions", "--all", "--json", today=TODAY)
    assert r.exit_code == EXIT_OK, r.output
    return {row["text"]: row["ref"] for row in json.loads(r.output)}


@pytest.mark.parametrize("pull", ["--no-rebase", "--rebase"])
@pytest.mark.parametrize("first", ["ana", "sam"])
def test_drop_assign_and_a_due_date_edit_merge(
    pair: tuple[Path, Path, Path], first: str, pull: str
) -> None:
    _remote, ana, sam = pair
    before = refs(ana)
    assert refs(sam) == before  # the same files give the same refs in every clone
    charter, intro = before["Draft the project charter"], before["Introduce Ana to Priya"]
    # Ana drops the charter; Sam moves its due date by hand and hands the intro over
    r = mentorlog_in(ana, "drop", charter, today=TODAY)
    assert r.exit_code == EXIT_OK, r.output
    edit(sam, "charter due:2026-12-10", "charter due:2026-12-14")
    git(sam, "commit", "-q", "-am", "sam: later")
    r = mentorlog_in(sam, "assign", intro, "ana", today=TODAY)
    assert r.exit_code == EXIT_OK, r.output
    one, other = (ana, sam) if first == "ana" else (sam, ana)
    exchange(one, other, pull)
    text = (ana / PATH).read_text(encoding="utf-8")
    assert text == (sam / PATH).read_text(encoding="utf-8")
    assert "- [-] @mentee Draft the project charter due:2026-12-14 dropped:2026-12-05\n" in text
    assert f"- [ ] @ana Introduce Ana to Priya id:{intro}\n" in text
    # both sides list the same items under the same refs as before
    assert refs(ana) == before == refs(sam)
    rows = json.loads(mentorlog_in(sam, "actions", "--json", today=TODAY).output)
    assert [(r["ref"], r["owner"]) for r in rows] == [(intro, "mentee")]
