"""What the Redis state adds to the contract: workers share it, claims, expiring URLs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from scrapy.settings import Settings

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
    settings = Settings({"NEWSBOT_REDIS_PREFIX": "ttl", "NEWSBOT_SEEN_TTL_DAYS": "2"})
    state = open_state(redis_server.url, settings=settings)
    state.add(exported("https://example.com/a"))
    state.commit()
    key = article_id("https://example.com/a")
    ttl = redis_server.client().ttl(f"ttl:state:url:{key}")
    assert 2 * 86400 - 60 < ttl <= 2 * 86400
    assert redis_server.client().ttl(f"ttl:state:doc:{key}") > 0
    state.close()
    forever = open_state(redis_server.url, settings=Settings({"NEWSBOT_REDIS_PREFIX": "keep"}))
    forever.add(exported("https://example.com/a"))
    forever.commit()
    assert redis_server.client().ttl(f"keep:state:url:{key}") == -1
    forever.close()


def test_keys_are_namespaced(redis_server: RedisServer) -> None:
    state = open_state(redis_server.url, settings=Settings({"NEWSBOT_REDIS_PREFIX": "nightly"}))
    state.add(exported("https://example.com/a"))
    state.commit()
    state.close()
    keys = {k.decode() for k in redis_server.client().keys("*")}
    assert keys and all(k.startswith("nightly:state:") for k in keys), keys


def test_unreachable_redis_is_a_state_error_naming_the_url() -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(StateError, match=f"Redis is unreachable at {url}"):
        open_state(url)


def test_a_ttl_that_is_not_a_number_is_a_state_error(redis_server: RedisServer) -> None:
    with pytest.raises(StateError, match="NEWSBOT_SEEN_TTL_DAYS='two' is not a number"):
        open_state(redis_server.url, settings=Settings({"NEWSBOT_SEEN_TTL_DAYS": "two"}))


def test_an_option_redis_does_not_know_is_a_state_error(redis_server: RedisServer) -> None:
    """redis-py hands a URL's unknown ``?option`` to its connection (a TypeError on the first
    command); the crawl says which setting to use instead (exit status 4, one line)."""
    with pytest.raises(StateError, match="NEWSBOT_REDIS_PREFIX"):
        open_state(redis_server.url + "?prefix=mine")


def test_redis_params_reach_the_states_client(tmp_path: Path) -> None:
    """The client is scrapy-redis's ``get_redis_from_settings``: ``REDIS_PARAMS`` (here the
    password of a server started with ``--requirepass``) reach the state as the scheduler."""
    server = RedisServer(tmp_path / "redis", password="s3cret")
    server.start()
    try:
        with pytest.raises(StateError, match="authenticated"):
            open_state(server.url)
        settings = Settings({"REDIS_PARAMS": {"password": "s3cret", "client_name": "state"}})
        state = open_state(server.url, settings=settings)
        assert isinstance(state, RedisState)
        assert state.server.client_getname() == "state"
        assert state.add(exported("https://example.com/a"))
        state.commit()
        state.close()
        assert server.client().exists(f"newsbot:state:url:{article_id('https://example.com/a')}")
        # A wrong password in the URL: the message names the server, never the password.
        wrong = server.url.replace("redis://", "redis://:wrong-pw@")
        with pytest.raises(StateError) as failed:
            open_state(wrong)
        assert "wrong-pw" not in str(failed.value)
        assert "redis://:***@127.0.0.1:" in str(failed.value)
    finally:
        server.stop()
