import re

import pytest

from app.settings import Settings, SettingsError, load_settings, read_bus_token, read_token, shown


def write(tmp_path, text: str):
    path = tmp_path / "settings.toml"
    path.write_text(text)
    return path


def test_settings_come_from_toml_and_flags_override_them(tmp_path):
    path = write(tmp_path, 'store_id = "0166"\ncentral_url = "https://ecms.example"\npoll_interval = 30\n')
    settings = load_settings(path, {"store_id": "0234", "scanner": None})
    assert settings.store_id == "0234"
    assert settings.central_url == "https://ecms.example"
    assert settings.poll_interval == 30.0
    assert settings.terminal_id == Settings().terminal_id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('store_id = "0166"\ncentral_url = "https://x.example"\nstore = "1"\n', r"unknown setting\(s\) store"),
        ('store_id = 166\ncentral_url = "https://x.example"\n', "store_id must be a str"),
        ('store_id = "166"\ncentral_url = "https://x.example"\n', "must be four digits"),
        ('store_id = "0166"\n', "central_url is not set"),
        ('store_id = "0166"\ncentral_url = "https://x.example"\npoll_interval = 0\n',
         "poll_interval must be from 0.5 to 3600, not 0.0"),
        ("store_id = [", "is not valid TOML"),
    ],
)
def test_bad_settings_are_refused_with_the_reason(tmp_path, text, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(write(tmp_path, text))


BASE = 'store_id = "0166"\ncentral_url = "https://x.example"\n'


@pytest.mark.parametrize(("line", "message"), [
    ("poll_interval = nan", "poll_interval must be from 0.5 to 3600, not nan"),
    ("poll_interval = 1e-9", "poll_interval must be from 0.5 to 3600, not 1e-09"),
    ("poll_interval = inf", "poll_interval must be from 0.5 to 3600, not inf"),
    ("kiosk_idle_seconds = nan", "kiosk_idle_seconds must be from 5 to 3600, not nan"),
    ("kiosk_still_there_seconds = -inf", "kiosk_still_there_seconds must be from 5 to 600, not -inf"),
    ("retry_after_cap = 86400", "retry_after_cap must be from 1 to 3600, not 86400.0"),
    ("wedge_min_length = 1", "wedge_min_length must be from 2 to 64, not 1"),
    ('terminal_id = "../../etc"', "terminal_id must be 1 to 16 letters, digits, - or _, starting with a letter or "
                                  "digit, not '../../etc'"),
    ('terminal_id = ""', "terminal_id must be 1 to 16 letters"),
    ('store_name = "7-Eleven\\nOK TO RELEASE"', "store_name must be at most 60 characters, on one line"),
    ('mode = "admin"', "mode must be counter or kiosk, not 'admin'"),
    ('scale_request = "' + "W" * 17 + '"', "scale_request must be at most 16 ASCII characters"),
    ('[printers.receipt]\nurl = "tcp://a"\ndpi = "abc"', "printer receipt: dpi must be 203 or 300, not 'abc'"),
])
def test_every_setting_has_a_type_and_a_range_or_a_pattern_and_its_error_names_it(tmp_path, line, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        load_settings(write(tmp_path, BASE + line + "\n"))


def test_the_central_system_is_an_http_address(tmp_path):
    with pytest.raises(SettingsError, match="central_url must be an http:// or https:// address"):
        load_settings(write(tmp_path, 'store_id = "0166"\ncentral_url = "file:///etc/passwd"\n'))


def test_the_token_is_read_from_its_file_never_from_settings(tmp_path):
    token = tmp_path / "token"
    token.write_text("  secret-token\n")
    token.chmod(0o600)
    settings = load_settings(tmp_path / "none.toml", {"store_id": "0166", "central_url": "https://x.example", "token_file": str(token)})
    assert read_token(settings) == "secret-token"
    token.write_text("")
    with pytest.raises(SettingsError, match="is empty"):
        read_token(settings)


def test_a_token_file_others_can_read_is_refused_with_how_to_mend_it(tmp_path):
    token = tmp_path / "token"
    token.write_text("secret-token")
    token.chmod(0o644)
    settings = load_settings(tmp_path / "none.toml", {"store_id": "0166", "central_url": "https://x.example",
                                                      "token_file": str(token)})
    with pytest.raises(SettingsError, match=re.escape(f"the token file {token} can be read by other users (mode "
                                                      f"0644): run `chmod 600 {token}`, then start again")):
        read_token(settings)
    token.chmod(0o600)
    assert read_token(settings) == "secret-token"


def test_the_store_bus_is_a_list_of_hub_addresses_without_credentials(tmp_path):
    settings = load_settings(write(tmp_path, BASE + 'store_bus = ["nats://192.168.1.10:4222", "tls://hub-2.lan:4222"]\n'))
    assert settings.store_bus == ["nats://192.168.1.10:4222", "tls://hub-2.lan:4222"]
    assert load_settings(write(tmp_path, BASE)).store_bus == []
    for line, message in [('store_bus = "nats://a:4222"', "store_bus must be a list"),
                          ('store_bus = ["nats://ana:pw@hub:4222"]', "must be like nats://192.168.1.10:4222"),
                          ('store_bus = ["http://hub:4222"]', "must be like nats://"),
                          ('store_bus = [4222]', "not '4222'"),
                          ('store_bus = ["nats://hub:99999"]', "has no port 99999"),
                          ("store_bus = [" + '"nats://h:1",' * 17 + "]", "at most 16"),
                          ("store_hub = true", "store_hub listens on the store's LAN: set store_bus_token_file"),
                          ("store_hub_port = 0", "store_hub_port must be from 1 to 65535")]:
        with pytest.raises(SettingsError, match=re.escape(message)):
            load_settings(write(tmp_path, BASE + line + "\n"))


def test_the_store_bus_credential_is_read_from_its_own_file(tmp_path):
    secret = tmp_path / "bus-token"
    secret.write_text("store-secret\n")
    secret.chmod(0o644)
    settings = load_settings(write(tmp_path, BASE + f'store_bus_token_file = "{secret}"\n'))
    with pytest.raises(SettingsError, match="the store bus token file .* can be read by other users"):
        read_bus_token(settings)
    secret.chmod(0o600)
    assert read_bus_token(settings) == "store-secret"
    assert read_bus_token(load_settings(write(tmp_path, BASE))) == ""  # a hub on loopback needs none


def test_settings_as_shown_in_the_log_have_no_passwords():
    settings = Settings(central_url="https://pos:hunter2@ecms.example", printers={
        "receipt": {"url": "cups://clerk:letmein@printhost/receipts", "language": "escpos"}})
    text = repr(shown(settings))
    assert "hunter2" not in text and "letmein" not in text
    assert "https://***@ecms.example" in text and "cups://***@printhost/receipts" in text


def test_printers_and_document_routes_are_checked_when_settings_load(tmp_path):
    good = write(tmp_path, '''store_id = "0166"
central_url = "https://x.example"
[printers.receipt]
url = "tcp://10.0.0.5:9100"
language = "escpos"
profile = "epson-tm-t88v"
[printers.label]
url = "usb:///dev/usb/lp0"
language = "zpl"
dpi = 300
[documents]
shipping-label = "label"
''')
    settings = load_settings(good)
    assert settings.printers["label"]["dpi"] == 300 and settings.documents == {"shipping-label": "label"}
    for broken, message in (
        ('[printers.label]\nurl = "usb:///dev/usb/lp0"\n', "name one printer receipt"),
        ('[printers.receipt]\nurl = "http://x"\n', "printer receipt: http://x"),
        ('[printers.receipt]\nurl = "tcp://a"\nlanguage = "postscript"\n', "language must be one of"),
        ('[printers.receipt]\nurl = "tcp://a"\ncolour = "red"\n', "unknown setting"),
        ('[documents]\nshipping-label = "label"\n', "names printer 'label'"),
    ):
        with pytest.raises(SettingsError, match=message):
            load_settings(write(tmp_path, 'store_id = "0166"\ncentral_url = "https://x.example"\n' + broken))
