import re

from tests.cli import run_cli


def test_make_demo_prints_alerts_of_three_types_and_none_for_traps():
    """`run_bot.py demo` exits 0, alerts on 3+ event types, skips the traps, cycle 2 adds none."""
    proc = run_cli("demo")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    alert_titles = re.findall(r"^┃ (\w[\w ]*?): (.+)$", out, flags=re.M)
    kinds = {kind for kind, _ in alert_titles if kind not in ("Prosecutor", "Outlet", "Date")}
    assert {"Recall", "Injunction", "Police union", "Impeachment"} <= kinds
    shown = "\n".join(title for _, title in alert_titles)
    for trap in ("Infusion pump", "Jamie Foxx", "Boudin Bakery", "School board", "sheriff"):
        assert trap not in shown
    assert re.search(r"--- cycle 2: .* 0 new alerts", out)
    assert re.search(r"--- cycle 3: .* 1 new alerts", out)
    assert "Also reported by 1 outlet" in out
