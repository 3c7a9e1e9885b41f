import asyncio
import logging

from bot.scheduler import build_scheduler, guarded
from tests.bot.harness import harness
from tests.fakes.feed_server import FeedServer


async def test_a_failing_job_is_logged_and_does_not_raise(caplog):
    """An exception inside a job is logged; the scheduler's job wrapper returns normally."""

    async def boom():
        raise RuntimeError("feed exploded")

    await guarded("poll", boom, timeout=5)()
    assert "poll job failed" in caplog.text and "feed exploded" in caplog.text


async def test_a_hung_job_is_cancelled_at_its_timeout(caplog):
    """A job that never finishes is cancelled, so the next run can start."""
    caplog.set_level(logging.ERROR)

    async def hang():
        await asyncio.Event().wait()

    await asyncio.wait_for(guarded("poll", hang, timeout=0.2)(), 5)
    assert "exceeded" in caplog.text


async def test_jobs_never_overlap_and_late_runs_coalesce(tmp_path):
    """Every job has max_instances=1, coalesce, and a grace time of at least its interval;
    polling is not one of them (bot/cycle/poller.py runs it when sources fall due)."""
    async with FeedServer() as server, harness(tmp_path, server, []) as h:
        scheduler = build_scheduler(h.pipeline)
        assert sorted(job.id for job in scheduler.get_jobs()) == ["digest", "prune"]
        for job in scheduler.get_jobs():
            assert job.max_instances == 1 and job.coalesce
            assert job.misfire_grace_time >= job.trigger.interval.total_seconds()
