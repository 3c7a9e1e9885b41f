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
