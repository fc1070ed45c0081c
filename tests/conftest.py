"""Shared fixtures: a real sandbox on a loopback port, a fresh local database, settings for store 0166."""

from __future__ import annotations

from tests.helpers.screens import use_counter_screen

use_counter_screen()

import pytest  # noqa: E402

from app.domain.parcels import ParcelStatus  # noqa: E402
from app.sandbox.demo import DEMO_STORE, STORES, DemoData, demo_data  # noqa: E402
from app.sandbox.server import SandboxServer  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.store import Database  # noqa: E402

TOKEN = "test-token-0166"
pytest_plugins = ["tests.helpers.logfail"]


@pytest.fixture
def sandbox(tmp_path):
    server = SandboxServer(tmp_path / "sandbox.db", TOKEN, webhook_retry_base=0.05).start()
    yield server
    server.stop()


@pytest.fixture
def demo() -> DemoData:
    return demo_data()


@pytest.fixture
def ready(demo):
    return demo.for_store(ParcelStatus.READY_FOR_CLAIM)


@pytest.fixture
def cod(demo):
    """Cash-on-delivery parcels waiting at the demo store."""
    return [p for p in demo.cash_on_delivery() if p.store_id == DEMO_STORE]


@pytest.fixture
def in_transit(demo):
    return demo.for_store(ParcelStatus.IN_TRANSIT)


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "counter.db")
    yield database
    database.close()


@pytest.fixture
def settings(tmp_path, sandbox) -> Settings:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    token_file.chmod(0o600)
    return Settings(
        store_id=DEMO_STORE,
        store_name=STORES[DEMO_STORE],
        central_url=sandbox.url,
        token_file=str(token_file),
        db=str(tmp_path / "counter.db"),
        print_dir=str(tmp_path / "prints"),
        reports_dir=str(tmp_path / "reports"),
        poll_interval=0.5,
    )


@pytest.fixture
def store_hub(tmp_path):
    """The store hub (the installed nats-server) on loopback, with the store's bus credential."""
    from app.bus.hub import HubSettings, StoreHub
    from tests.helpers.processes import free_port

    running = StoreHub(HubSettings(tmp_path / "hub", port=free_port(), token=BUS_TOKEN)).start()
    yield running
    running.stop()


BUS_TOKEN = "store-0166-bus"
