"""The app's sync controller: network changes, capped backoff, status bar states."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from PySide6.QtNetwork import QNetworkInformation

from koffer.ui import worker
from koffer.ui.connection import ConnectionIndicator, ConnectionState
from koffer.ui.sync_controller import CONNECTED_INTERVAL, SETTLE_DELAY, SyncController
from sync.client.enrollment import SERVER_URL
from tests.helpers.fixtures import sync_worker
from tests.unit.sync.client.fakes import FakeIntake

from .conftest import Laptop, make_laptop

__all__ = ["sync_worker"]  # the fixture
pytestmark = [pytest.mark.integration, pytest.mark.gui]


@pytest.fixture(autouse=True)
def _jobs_run_at_once(sync_worker: worker.SyncRunner) -> worker.SyncRunner:
    return sync_worker


@pytest.fixture
def enrolled(tmp_path: Path) -> Iterator[Laptop]:
    laptop = make_laptop(tmp_path / "profil", None)
    laptop.store.set_setting(SERVER_URL, "http://rathaus.test")
    laptop.store.set_token("token")
    yield laptop
    laptop.profile.close()


def _controller(qtbot, laptop: Laptop, handler) -> SyncController:
    session = SimpleNamespace(
        profile=laptop.profile, device=laptop.device, workspace=laptop.workspace, catalog=None
    )
    indicator = ConnectionIndicator()
    qtbot.addWidget(indicator)
    controller = SyncController(session, indicator, transport=httpx.MockTransport(handler))
    controller.started = True
    controller.online = True
    return controller


def _down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("no route to host")


def test_unreachable_backs_off_and_caps(qtbot, enrolled: Laptop) -> None:
    controller = _controller(qtbot, enrolled, _down)
    intervals = []
    for _ in range(9):
        controller.sync_now()
        assert controller.indicator.state is ConnectionState.NETWORK_NO_TOWN_HALL
        assert controller.timer.isActive()
        intervals.append(controller.timer.interval())
    assert intervals[1] > intervals[0]
    assert max(intervals) <= 60_000
    assert intervals[-1] >= 54_000  # reached the cap (with jitter)
    controller.stop()


def test_network_change_offline_stops_and_online_probes_soon(qtbot, enrolled: Laptop) -> None:
    controller = _controller(qtbot, enrolled, _down)
    for _ in range(4):
        controller.sync_now()
    controller._network_changed(QNetworkInformation.Reachability.Disconnected)
    assert controller.indicator.state is ConnectionState.OFFLINE
    assert not controller.timer.isActive()
    controller.sync_now()  # no probing without a network
    assert controller.indicator.state is ConnectionState.OFFLINE
    controller._network_changed(QNetworkInformation.Reachability.Online)
    assert controller.timer.isActive()
    assert controller.timer.interval() == int(SETTLE_DELAY * 1000)
    assert controller.backoff.attempts == 0
    controller.stop()


def test_connected_pass_schedules_the_next_one_calmly(qtbot, enrolled: Laptop) -> None:
    intake = FakeIntake()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/catalog/manifest":
            return httpx.Response(404, json={"error": "no_catalog", "message": "kein Katalog"})
        return intake.handler(request)

    controller = _controller(qtbot, enrolled, handler)
    controller.sync_now()
    assert controller.indicator.state is ConnectionState.CONNECTED
    assert controller.timer.interval() == int(CONNECTED_INTERVAL * 1000)
    assert "/v1/devices/me/status" in " ".join(intake.requests)
    controller.stop()


def test_not_enrolled_says_so(qtbot, tmp_path: Path) -> None:
    laptop = make_laptop(tmp_path / "neu", None)
    try:
        controller = _controller(qtbot, laptop, _down)
        controller.sync_now()
        assert controller.indicator.state is ConnectionState.NOT_CONFIGURED
    finally:
        laptop.profile.close()


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "Ein Antrag wurde vom Rathaus abgelehnt"), (2, "2 Anträge wurden vom Rathaus abgelehnt")],
)
def test_refused_submissions_are_counted_in_words(
    qtbot, enrolled: Laptop, count: int, expected: str
) -> None:
    """The status bar says "Ein Antrag …" or "2 Anträge …", never "Antrag/Anträge"."""
    from sync.client.delivery import DeliveryStats
    from sync.client.runner import SyncReport
    from sync.ports import Rejection

    controller = _controller(qtbot, enrolled, _down)
    rejected = [Rejection(f"s{i}", f"d{i}", "Formular zurückgezogen") for i in range(count)]
    controller._pass_done(SyncReport(reachable=True, delivery=DeliveryStats(rejected=rejected)))
    assert controller.detail.text() == expected
    controller.stop()


def test_an_unconnected_laptop_offers_connecting_beside_the_connection_state(
    qtbot, tmp_path: Path
) -> None:
    """Connecting to the town hall is where a worker sees "Kein Rathaus eingerichtet", not
    hidden in the settings menu (issue 12); it goes away once the laptop is connected."""
    laptop = make_laptop(tmp_path / "neu", None)
    controller = _controller(qtbot, laptop, _down)
    qtbot.addWidget(controller.connect_button)
    controller.connect_button.show()  # shown with its status bar; it decides by itself
    controller.sync_now()
    assert controller.indicator.state is ConnectionState.NOT_CONFIGURED
    assert not controller.connect_button.isHidden()
    assert controller.connect_button.text() == "Verbinden …"
    assert controller.connect_button.accessibleName() == "Mit dem Rathaus verbinden"
    laptop.store.set_setting(SERVER_URL, "http://rathaus.test")
    laptop.store.set_token("token")
    controller.sync_now()
    assert controller.indicator.state is ConnectionState.NETWORK_NO_TOWN_HALL
    assert controller.connect_button.isHidden()
    controller.stop()
    laptop.profile.close()
