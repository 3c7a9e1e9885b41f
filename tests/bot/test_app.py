import os

import pytest

from bot.app import AlreadyRunning, StartupError, services
from bot.clock import utcnow
from bot.settings import Settings, StoreSettings


def settings_for(path) -> Settings:
    return Settings(store=StoreSettings(path=str(path)))


async def test_store_folder_that_cannot_be_created_is_one_clear_error(tmp_path):
    """A store path under a regular file names store.path instead of raising a traceback."""
    (tmp_path / "file").write_text("x")
    with pytest.raises(StartupError, match=r"store\.path: cannot create the folder"):
        async with services(settings_for(tmp_path / "file" / "sub" / "store.json")):
            pass


async def test_symlinked_store_path_shares_the_lock_with_its_target(tmp_path):
    """A second process through a symlink to the same store is refused (the lock is on the
    resolved path), so two writers never share one store."""
    real = tmp_path / "real.json"
    link = tmp_path / "link.json"
    async with services(settings_for(real)):
        os.symlink(real, link)
        with pytest.raises(AlreadyRunning):
            async with services(settings_for(link)):
                pass


async def test_store_written_through_a_symlink_keeps_the_link(tmp_path):
    """Commits through a symlinked store path write the target; the link stays a link."""
    real = tmp_path / "real.json"
    real.write_text("{}")
    link = tmp_path / "link.json"
    os.symlink(real, link)
    async with services(settings_for(link)) as svc, svc.store.transaction() as tx:
        await tx.seen.mark(["item-1"], utcnow())
    assert link.is_symlink()
    assert os.path.realpath(link) == str(real)
