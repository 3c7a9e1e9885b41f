#!/usr/bin/env python3
"""prosecutor-watch: run the bot, the offline demo, or the classify / check-feed / export tools."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from bot.settings import SettingsError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="run_bot.py", description=__doc__)
    parser.add_argument("--config", help="settings TOML (default: config/settings.toml if present)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    sub.add_parser("worker", help="poll sources from the PostgreSQL store (needs DATABASE_URL)")
    sub.add_parser("migrate", help="bring the PostgreSQL schema up to date (needs DATABASE_URL)")
    copy = sub.add_parser("migrate-store", help="copy a TinyDB store into PostgreSQL")
    copy.add_argument("--from", dest="source", required=True, help="the TinyDB store file")
    copy.add_argument("--to", dest="target", help="postgresql:// URL (default: DATABASE_URL)")
    sync = sub.add_parser("sync", help="register the slash commands with Discord")
    sync.add_argument("--guild", type=int, help="only this server (instant), else global")
    demo = sub.add_parser("demo", help="offline demo: local feeds, real pipeline, console output")
    demo.add_argument("--data", help="keep the demo store in this folder (default: temporary)")
    classify = sub.add_parser("classify", help="JSON Lines on stdin -> alerts on stdout")
    classify.add_argument("--watchlist", required=True, help="watchlist JSON file")
    classify.add_argument("--threshold", type=float, help="override match.threshold")
    directory = sub.add_parser(
        "directory", help="the prosecutor directory /watch add completes from"
    )
    dsub = directory.add_subparsers(dest="action", required=True)
    imp = dsub.add_parser(
        "import",
        help="check a CSV (name, office, jurisdiction, state, aliases, term_start, term_end) "
        "and merge it into the user directory (directory.path), all rows or none",
    )
    imp.add_argument("file", help="CSV file, UTF-8, with a header line")
    export = sub.add_parser("export", help="one server's alerts as CSV (works while the bot runs)")
    export.add_argument("--guild", type=int, required=True, help="the server's id")
    export.add_argument("--prosecutor", help="only this watched prosecutor (id or full name)")
    export.add_argument("--type", dest="event_type", help="only this event type")
    export.add_argument("--since", help="a date (2026-03-01) or a span back (30d)")
    export.add_argument("--until", help="up to and including this date")
    export.add_argument("--out", help="write the CSV here (default: stdout)")
    feedback = sub.add_parser(
        "export-feedback",
        help="organizers' Wrong person / Not relevant verdicts as JSON Lines in the eval set's "
        "format (docs/FEEDBACK.md; works while the bot runs)",
    )
    feedback.add_argument("--guild", type=int, help="only this server's verdicts (default: all)")
    feedback.add_argument("--out", help="write the rows here (default: stdout)")
    check = sub.add_parser("check-feed", help="fetch or read one feed and print its items")
    check.add_argument("target", help="feed URL or file path")
    check.add_argument(
        "--kind", help="rss, google_news, bing_news, gdelt, courtlistener, pacer (default: guess)"
    )
    check.add_argument("--json", action="store_true", help="one JSON object per item")
    check.add_argument("--watchlist", help="watchlist JSON: also show the alerts items raise")
    return parser


def main(argv: list[str] | None = None) -> int:
    # Every command writes to the sys.stdout and sys.stderr of the call, not those of the import
    # (tests run main() in their own process with the streams swapped).
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
        if args.command == "run":
            from bot.chat.run import run_discord
            from bot.logs import setup_logging

            setup_logging(settings.log_level, settings.secrets)
            asyncio.run(run_discord(settings))
        elif args.command == "worker":
            from bot.cycle.worker import run_worker
            from bot.logs import setup_logging

            setup_logging(settings.log_level, settings.secrets)
            asyncio.run(run_worker(settings))
        elif args.command == "migrate":
            from bot.cli import migrate

            asyncio.run(migrate(settings, sys.stdout))
        elif args.command == "migrate-store":
            from bot.cli import migrate_store

            asyncio.run(migrate_store(settings, args.source, args.target, sys.stdout))
        elif args.command == "sync":
            from bot.chat.run import sync_commands
            from bot.logs import setup_logging

            setup_logging(settings.log_level, settings.secrets)
            asyncio.run(sync_commands(settings, args.guild))
        elif args.command == "demo":
            from bot.demo import run_demo

            return asyncio.run(run_demo(settings, args.data))
        elif args.command == "classify":
            from bot.cli import classify

            threshold = settings.match.threshold if args.threshold is None else args.threshold
            classify(args.watchlist, threshold, sys.stdin, sys.stdout)
        elif args.command == "directory":
            from bot.cli import directory_import

            return directory_import(args.file, settings, sys.stdout, sys.stderr)
        elif args.command == "export":
            from bot.cli_export import export

            export(
                settings,
                args.guild,
                prosecutor=args.prosecutor,
                event_type=args.event_type,
                since=args.since,
                until=args.until,
                out=args.out,
                stderr=sys.stderr,
            )
        elif args.command == "export-feedback":
            from bot.feedback_export import export_feedback

            export_feedback(settings, args.guild, out=args.out, stderr=sys.stderr)
        elif args.command == "check-feed":
            from bot.cli import check_feed

            check_feed(args.target, args.kind, args.json, args.watchlist, settings, sys.stdout)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        from bot.app import StartupError
        from bot.cli import CliError
        from bot.cli_export import ExportError
        from bot.feedback_export import FeedbackExportError
        from bot.store import StoreError

        # StoreError: the database is unreachable (one line naming DATABASE_URL), its schema is
        # newer than this code, or another process holds the TinyDB file.
        if isinstance(
            exc, CliError | StartupError | ExportError | FeedbackExportError | StoreError
        ):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
