"""What the Redis state adds to the contract: workers share it, claims, expiring URLs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from newsbot.exceptions import StateError
from newsbot.state import open_state
from newsbot.state.redis import RedisState
from newsbot.urls import article_id
from tests.redis_server import RedisServer, free_port, running_redis
from tests.test_state import exported

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    yield from running_redis(tmp_path / "redis")


def test_two_workers_cannot_both_add_one_article(redis_server: RedisServer) -> None:
    first, second = open_state(redis_server.url), open_state(redis_server.url)
    first.lock()
    second.lock()  # no run lock: workers share the state
    assert first.add(exported("https://example.com/a"))
    assert not second.add(exported("https://www.example.com/a/"))  # claimed, pending
    assert second.add(exported("https://example.com/b"))
    first.commit()
    assert not second.add(exported("https://example.com/a"))  # now exported
    second.close()
    first.close()


def test_a_dead_workers_claims_are_taken_over(redis_server: RedisServer) -> None:
    killed, other = open_state(redis_server.url), open_state(redis_server.url)
    assert isinstance(killed, RedisState)
    assert killed.add(exported("https://example.com/a"))
    assert not other.add(exported("https://example.com/a"))
    # SIGKILL: the heartbeat stops and expires; simulated by removing it.
    killed._stop.set()
    redis_server.client().delete(killed._holder(killed.owner))
    assert other.add(exported("https://example.com/a"))
    other.close()


def test_seen_urls_expire_after_the_ttl(redis_server: RedisServer) -> None:
    state = open_state(f"{redis_server.url}?prefix=ttl&seen_ttl_days=2")
    state.add(exported("https://example.com/a"))
    state.commit()
    key = article_id("https://example.com/a")
    ttl = redis_server.client().ttl(f"ttl:state:url:{key}")
    assert 2 * 86400 - 60 < ttl <= 2 * 86400
    assert redis_server.client().ttl(f"ttl:state:doc:{key}") > 0
    state.close()
    forever = open_state(f"{redis_server.url}?prefix=keep")
    forever.add(exported("https://example.com/a"))
    forever.commit()
    assert redis_server.client().ttl(f"keep:state:url:{key}") == -1
    forever.close()


def test_keys_are_namespaced(redis_server: RedisServer) -> None:
    state = open_state(f"{redis_server.url}?prefix=nightly")
    state.add(exported("https://example.com/a"))
    state.commit()
    state.close()
    keys = {k.decode() for k in redis_server.client().keys("*")}
    assert keys and all(k.startswith("nightly:state:") for k in keys), keys


def test_unreachable_redis_is_a_state_error_naming_the_url() -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(StateError, match=f"Redis is unreachable at {url}"):
        open_state(url)
