"""run_bot.py's offline commands: classify, check-feed, and run without a token.

They run in this process (tests/cli.py); the last test runs `python run_bot.py` for real."""

import json
import subprocess
import sys

from tests.cli import ROOT, run_cli

WATCHLIST = [
    {"name": "Alex Rivera", "office": "District Attorney", "jurisdiction": "Harbor County",
     "state": "CA"},
]  # fmt: skip


def test_classify_writes_one_line_per_input_in_the_contract_shape(tmp_path):
    """classify answers each JSON line with {"id", "alerts": [...]}, errors included."""
    watchlist = tmp_path / "w.json"
    watchlist.write_text(json.dumps(WATCHLIST))
    lines = [
        json.dumps({"id": "1", "title": "Recall petition against DA Alex Rivera", "summary": ""}),
        "not json",
        json.dumps({"id": "3", "title": "Pump maker recalls devices", "summary": ""}),
    ]
    proc = run_cli("classify", "--watchlist", str(watchlist), stdin="\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["1", None, "3"]
    alert = out[0]["alerts"][0]
    assert alert["prosecutor"] == "Alex Rivera" and alert["event_type"] == "recall"
    # The evidence names the person, then the words that say what happened.
    assert alert["evidence"].startswith("Alex Rivera; ") and "Recall petition" in alert["evidence"]
    assert 0.5 <= alert["score"] <= 1.0  # at least the default threshold
    assert out[2]["alerts"] == [] and "error" in out[1]


def test_check_feed_prints_items_as_json_with_alerts(tmp_path):
    """check-feed PATH --json prints one object per item, with alerts when given a watchlist."""
    feed = tmp_path / "f.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Times</title>'
        "<item><title>Judge grants injunction blocking DA Rivera's directives</title>"
        "<link>https://harbor.example/a?utm_source=x</link></item></channel></rss>"
    )
    watchlist = tmp_path / "w.json"
    watchlist.write_text(json.dumps(WATCHLIST))
    proc = run_cli("check-feed", str(feed), "--json", "--watchlist", str(watchlist))
    assert proc.returncode == 0, proc.stderr
    [item] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {"key", "title", "link", "published", "summary", "outlet"} <= set(item)
    assert item["outlet"] == "Harbor Times"
    assert item["alerts"][0]["event_type"] == "injunction"


def test_missing_file_and_unknown_kind_are_one_line_errors(tmp_path):
    """Wrong arguments exit 2 with one clear line, no traceback."""
    missing = run_cli("check-feed", str(tmp_path / "nope.xml"))
    bad_kind = run_cli("check-feed", str(tmp_path), "--kind", "myspace")
    for proc in (missing, bad_kind):
        assert proc.returncode == 2 and proc.stderr.startswith("error: ")
        assert "Traceback" not in proc.stderr
    assert "nope.xml" in missing.stderr and "myspace" in bad_kind.stderr


def test_run_without_token_stops_with_a_clear_line():
    """`run` without DISCORD_TOKEN names the missing setting."""
    proc = run_cli("run")
    assert proc.returncode == 2 and "DISCORD_TOKEN" in proc.stderr


def test_the_shell_sees_the_exit_code_and_the_one_error_line(tmp_path):
    """`python run_bot.py` as a script: a refused command exits 2 with one line on stderr and
    nothing on stdout (the in-process tests above call main() itself)."""
    proc = subprocess.run(
        [sys.executable, "run_bot.py", "check-feed", str(tmp_path / "nope.xml")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith("error: ") and "nope.xml" in proc.stderr


def test_check_feed_shows_the_matchers_reading_apart_from_the_quoted_words(tmp_path):
    """A lawsuit's direction is printed as the reading; 'matched' quotes only the item."""
    feed = tmp_path / "f.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Times</title>'
        "<item><title>Deputies sue DA Alex Rivera over transfers</title>"
        "<link>https://harbor.example/b</link></item></channel></rss>"
    )
    watchlist = tmp_path / "w.json"
    watchlist.write_text(json.dumps(WATCHLIST))
    proc = run_cli("check-feed", str(feed), "--watchlist", str(watchlist))
    assert proc.returncode == 0, proc.stderr
    [alert_line] = [line for line in proc.stdout.splitlines() if "ALERT" in line]
    assert alert_line.endswith(
        "matched: Alex Rivera; sue DA Alex Rivera · reading: against the prosecutor"
    )
