"""The allow rule for push endpoints: only the browsers' push services (no SSRF)."""

from __future__ import annotations

import pytest

from app.push.rules import device_label, endpoint_allowed

HOSTS = ["fcm.googleapis.com", "updates.push.services.mozilla.com", "notify.windows.com", "push.apple.com"]


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc:APA91b",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
        "https://wns2-db5p.notify.windows.com/w/?token=BQYAAA",
        "https://web.push.apple.com/QGx0",
        "https://fcm.googleapis.com:443/fcm/send/x",
    ],
)
def test_the_push_services_are_allowed(endpoint: str) -> None:
    assert endpoint_allowed(endpoint, allowed_hosts=HOSTS, allow_local_standin=False)


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/x",  # not https
        "https://fcm.googleapis.com:8443/x",  # another port
        "https://user:pw@fcm.googleapis.com/x",  # credentials
        "https://fcm.googleapis.com.evil.example/x",  # a look-alike
        "https://evilfcm.googleapis.com.example/x",
        "https://notgoogleapis.com/x",
        "https://169.254.169.254/latest/meta-data",  # cloud metadata
        "https://10.0.0.5/x",
        "https://[::1]/x",
        "https://localhost/x",
        "https://klimadyst-db.internal/x",
        "http://127.0.0.1:8080/x",  # the stand-in, when not allowed
        "ftp://fcm.googleapis.com/x",
        "file:///etc/passwd",
        "https://fcm.googleapis.com/" + "x" * 1000,  # too long
        "https://fcm.googleapis.com/a b",
        "https://fcm.googleapis.com:99999/x",  # a port that cannot be
        "",
    ],
)
def test_everything_else_is_refused(endpoint: str) -> None:
    assert not endpoint_allowed(endpoint, allowed_hosts=HOSTS, allow_local_standin=False)


def test_the_local_stand_in_only_when_switched_on() -> None:
    assert endpoint_allowed("http://127.0.0.1:8123/push/1", allowed_hosts=HOSTS, allow_local_standin=True)
    assert not endpoint_allowed("http://127.0.0.1/push/1", allowed_hosts=HOSTS, allow_local_standin=True)
    assert not endpoint_allowed("http://127.0.0.2:8123/p", allowed_hosts=HOSTS, allow_local_standin=True)
    assert not endpoint_allowed("http://localhost:8123/p", allowed_hosts=HOSTS, allow_local_standin=True)


def test_device_labels_keep_only_browser_and_platform() -> None:
    android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"
    assert device_label(android) == "Chrome · Android"
    assert device_label(iphone) == "Safari · iPhone"
    assert (
        device_label("Mozilla/5.0 (Windows NT 10.0; rv:133.0) Gecko/20100101 Firefox/133.0")
        == "Firefox · Windows"
    )
    assert device_label("curl/8.5") == ""
