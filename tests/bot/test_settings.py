import pytest

from bot.settings import Settings, SettingsError, load_settings


def write(tmp_path, text: str):
    path = tmp_path / "settings.toml"
    path.write_text(text)
    return path


def test_example_file_loads_and_equals_the_defaults():
    """config/settings.example.toml documents exactly the defaults."""
    assert load_settings("config/settings.example.toml") == Settings()


def test_unknown_key_names_the_key(tmp_path):
    """A typo stops start-up with one line naming it."""
    with pytest.raises(SettingsError, match=r"poll\.intervall"):
        load_settings(write(tmp_path, "[poll]\nintervall = 3\n"))


def test_wrong_type_names_the_key(tmp_path):
    """A string where a number belongs is refused with the key's name."""
    with pytest.raises(SettingsError, match=r"fetch\.deadline"):
        load_settings(write(tmp_path, '[fetch]\ndeadline = "soon"\n'))


def test_token_in_the_file_is_refused(tmp_path):
    """The token may only come from the environment."""
    with pytest.raises(SettingsError, match="environment"):
        load_settings(write(tmp_path, '[discord]\ntoken = "abc"\n'))


def test_token_comes_from_the_environment_and_is_not_in_repr(tmp_path, monkeypatch):
    """DISCORD_TOKEN is read, and repr(settings) never shows it."""
    monkeypatch.setenv("DISCORD_TOKEN", "tok-123456789")
    settings = load_settings(write(tmp_path, ""))
    assert settings.discord.token == "tok-123456789"
    assert "tok-123456789" not in repr(settings)
    assert "tok-123456789" in settings.secrets


def test_bad_toml_is_one_clear_error(tmp_path):
    """Broken TOML names the file."""
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(write(tmp_path, "[poll\n"))


def test_threshold_out_of_range_is_refused(tmp_path):
    """match.threshold must be within 0..1."""
    with pytest.raises(SettingsError, match=r"match\.threshold"):
        load_settings(write(tmp_path, "[match]\nthreshold = 1.5\n"))


def test_unknown_source_kind_is_refused(tmp_path):
    """sources.enabled only takes known kinds."""
    with pytest.raises(SettingsError, match="unknown source kind"):
        load_settings(write(tmp_path, '[sources]\nenabled = ["myspace"]\n'))


def test_missing_explicit_file_is_an_error(tmp_path):
    """--config pointing nowhere is reported, not ignored."""
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_settings_file_not_utf8_is_one_clear_error(tmp_path):
    """A settings file in another encoding is named, not a UnicodeDecodeError traceback."""
    path = tmp_path / "settings.toml"
    path.write_bytes(b'[fetch]\nuser_agent = "caf\xe9"\n')
    with pytest.raises(SettingsError, match="not UTF-8"):
        load_settings(path)


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("fetch", "concurrency", "0"),
        ("fetch", "per_host", "0"),
        ("fetch", "deadline", "0.0"),
        ("discord", "flood_cap", "0"),
    ],
)
def test_zero_that_would_stop_polling_is_refused(tmp_path, section, key, value):
    """A zero that silently stops fetching or delivery is refused, naming the key."""
    with pytest.raises(SettingsError, match=rf"{section}\.{key}: must be greater than 0"):
        load_settings(write(tmp_path, f"[{section}]\n{key} = {value}\n"))


@pytest.mark.parametrize("value", ["inf", "nan", "-inf"])
def test_non_finite_deadline_is_refused(tmp_path, value):
    """deadline = inf or nan would never cut a slow feed: refused, naming the key."""
    with pytest.raises(SettingsError, match=r"fetch\.deadline: must be a finite number"):
        load_settings(write(tmp_path, f"[fetch]\ndeadline = {value}\n"))


def test_empty_store_path_is_refused(tmp_path):
    """store.path = "" is refused before anything (a stray '..lock') is created."""
    with pytest.raises(SettingsError, match=r"store\.path: must name a file"):
        load_settings(write(tmp_path, '[store]\npath = ""\n'))
    assert list(tmp_path.iterdir()) == [tmp_path / "settings.toml"]


def test_store_path_that_is_a_directory_is_refused(tmp_path):
    """store.path naming a folder is refused with the key's name."""
    (tmp_path / "data").mkdir()
    toml = f'[store]\npath = "{tmp_path / "data"}"\n'
    with pytest.raises(SettingsError, match=r"store\.path: .* is a directory"):
        load_settings(write(tmp_path, toml))
