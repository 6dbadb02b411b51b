"""Several ``scrapy crawl articles`` workers, one real redis-server, the loopback demo site."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from newsbot.demo.site import DemoSite
from newsbot.distributed.addon import feed_uri_for_worker
from newsbot.partial import partial_path
from tests.crawl import crawl_command, start_crawl
from tests.redis_server import RedisServer, free_port, running_redis

if TYPE_CHECKING:
    from collections.abc import Iterator

FAST = {
    "NEWSBOT_IDLE_CLOSE_SECONDS": "2",
    "NEWSBOT_WORKER_TTL_SECONDS": "5",  # 3 s once declared a live worker dead on a loaded machine
    "NEWSBOT_EXTRACT_WORKERS": "0",  # three workers on two cores: no extraction pools
}


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    with DemoSite() as demo:
        yield demo


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    yield from running_redis(tmp_path / "redis")


@dataclass
class Workers:
    """Worker processes sharing ``tmp_path``: feeds ``feed-<id>.jsonl``, stats ``stats-<id>``."""

    tmp_path: Path
    state: str
    sources_toml: str

    def start(self, worker: str, **settings: str) -> subprocess.Popen[bytes]:
        sources = self.tmp_path / "sources.toml"
        sources.write_text(self.sources_toml, encoding="utf-8")
        command = crawl_command(
            sources,
            state=self.state,
            feed=self.tmp_path / "feed-%(worker)s.jsonl",
            stats=self.tmp_path / f"stats-{worker}.json",
            settings={"NEWSBOT_WORKER_ID": worker, **FAST, **settings},
        )
        return start_crawl(command, self.tmp_path, self.tmp_path / f"log-{worker}.txt")

    def log(self, worker: str) -> str:
        return (self.tmp_path / f"log-{worker}.txt").read_text(encoding="utf-8")

    def stats(self, worker: str) -> dict[str, Any]:
        path = self.tmp_path / f"stats-{worker}.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def exported(self) -> Counter[str]:
        """URL -> how many published feed files hold it."""
        urls: Counter[str] = Counter()
        for feed in self.tmp_path.glob("feed-*.jsonl"):
            for line in feed.read_text(encoding="utf-8").splitlines():
                urls[json.loads(line)["url"]] += 1
        return urls


def wait(procs: list[subprocess.Popen[bytes]], timeout: float = 240) -> list[int]:
    return [proc.wait(timeout) for proc in procs]


def wait_until(condition: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)


@pytest.fixture
def workers(tmp_path: Path, redis_server: RedisServer, site: DemoSite) -> Workers:
    return Workers(tmp_path, redis_server.url, site.sources_toml())


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("feeds/articles-%(time)s.jsonl", "feeds/articles-%(time)s-w1.jsonl"),
        ("feeds/articles-%(time)s.jsonl.gz", "feeds/articles-%(time)s-w1.jsonl.gz"),
        ("file:///x/out-%(worker)s.jsonl", "file:///x/out-w1.jsonl"),
        ("out", "out-w1"),
        ("/data/.hidden.jsonl", "/data/.hidden-w1.jsonl"),
    ],
)
def test_each_worker_writes_its_own_feed_file(uri: str, expected: str) -> None:
    assert feed_uri_for_worker(uri, "w1") == expected


def test_two_workers_export_every_article_once(workers: Workers, site: DemoSite) -> None:
    before = {name: len(paths) for name, paths in site.requests().items()}
    codes = wait([workers.start("w0"), workers.start("w1")])
    assert codes == [0, 0], workers.log("w0")[-3000:] + workers.log("w1")[-3000:]
    exported = workers.exported()
    assert [url for url, n in exported.items() if n > 1] == []
    assert set(exported) == set(site.expected_articles())
    stats = [workers.stats("w0"), workers.stats("w1")]
    assert all(s["finish_reason"] == "finished" for s in stats)
    assert sum(s.get("item_scraped_count", 0) for s in stats) == len(exported)
    # One worker opened the round and scheduled the entry points; the other joined it.
    assert sorted(s["newsbot/distributed/starter"] for s in stats) == [0, 1]
    requests = {name: Counter(paths[before[name] :]) for name, paths in site.requests().items()}
    assert requests["wire"]["/rss/topnews.xml"] == 1
    assert requests["gazette"]["/sitemap_index.xml"] == 1
    for worker in ("w0", "w1"):
        assert "Traceback" not in workers.log(worker)
        assert workers.stats(worker).get("log_count/ERROR", 0) == 0


def test_redis_params_reach_the_scheduler_and_the_state(tmp_path: Path, site: DemoSite) -> None:
    """A password in ``REDIS_PARAMS``, not in ``NEWSBOT_STATE``: every client of the crawl
    (scrapy-redis's scheduler, the worker, the state) authenticates with it."""
    server = RedisServer(tmp_path / "redis", password="s3cret")
    server.start()
    try:
        workers = Workers(tmp_path, server.url, site.sources_toml())
        params = {"REDIS_PARAMS": json.dumps({"password": "s3cret"})}
        codes = wait([workers.start("w0", **params), workers.start("w1", **params)])
        assert codes == [0, 0], workers.log("w0")[-3000:] + workers.log("w1")[-3000:]
        exported = workers.exported()
        assert [url for url, n in exported.items() if n > 1] == []
        assert set(exported) == set(site.expected_articles())
        states = server.client().keys("newsbot:state:url:*")
        assert len(states) >= len(exported)
    finally:
        server.stop()


def test_a_worker_killed_mid_crawl_loses_nothing(
    workers: Workers, redis_server: RedisServer, site: DemoSite
) -> None:
    slow = {"DOWNLOAD_DELAY": "0.3", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}
    procs = {w: workers.start(w, **slow) for w in ("w0", "w1", "w2")}
    client = redis_server.client()

    def victim() -> str | None:
        # A worker that has taken requests (some already exported into its unfinished file).
        taken = {w: client.hlen(f"newsbot:worker:{w}:taken") for w in procs}
        return next((w for w, n in taken.items() if n >= 4), None)

    wait_until(lambda: victim() is not None)
    dead = victim()
    assert dead is not None
    procs[dead].send_signal(signal.SIGKILL)
    survivors = [w for w in procs if w != dead]
    codes = wait([procs[w] for w in survivors])
    assert codes == [0, 0], "".join(workers.log(w)[-3000:] for w in survivors)
    assert procs[dead].wait() == -signal.SIGKILL
    exported = workers.exported()
    assert [url for url, n in exported.items() if n > 1] == []
    assert set(exported) == set(site.expected_articles())
    assert not (workers.tmp_path / f"feed-{dead}.jsonl").exists()
    requeued = sum(workers.stats(w).get("newsbot/distributed/requeued", 0) for w in survivors)
    assert requeued >= 4
    assert f"Worker {dead} has no heartbeat: re-queued" in "".join(map(workers.log, survivors))
    assert client.hlen(f"newsbot:worker:{dead}:taken") == 0
    assert client.smembers("newsbot:workers") == set()


def test_the_next_round_exports_only_new_articles(
    workers: Workers, redis_server: RedisServer, site: DemoSite
) -> None:
    first = [workers.start(w) for w in ("a0", "a1")]
    assert wait(first) == [0, 0], workers.log("a0")[-3000:] + workers.log("a1")[-3000:]
    assert set(workers.exported()) == set(site.expected_articles())
    assert redis_server.client().get("newsbot:round") is None  # the last worker ended it
    second = [workers.start(w) for w in ("b0", "b1")]
    assert wait(second) == [0, 0], workers.log("b0")[-3000:] + workers.log("b1")[-3000:]
    stats = [workers.stats("b0"), workers.stats("b1")]
    assert sum(s.get("item_scraped_count", 0) for s in stats) == 0
    assert sum(s.get("newsbot/state/article_downloads", 0) for s in stats) == 0
    assert sum(s.get("newsbot/known", 0) for s in stats) > 0  # listings: known articles
    assert sum(s.get("newsbot/state/not_modified", 0) for s in stats) > 0  # feeds: 304
    assert sorted(s["newsbot/distributed/starter"] for s in stats) == [0, 1]  # a new round
    assert max(workers.exported().values()) == 1


def test_a_worker_with_nothing_to_do_closes_by_itself(
    workers: Workers, redis_server: RedisServer
) -> None:
    # A round is running (another worker opened it and scheduled its entry points), but its
    # queue stays empty.
    redis_server.client().set("newsbot:round", "r1", px=60_000)
    redis_server.client().set("newsbot:round:r1:started", 1, px=60_000)
    proc = workers.start("late")
    assert wait([proc], timeout=120) == [0], workers.log("late")[-3000:]
    stats = workers.stats("late")
    assert stats["finish_reason"] == "finished"
    assert stats["newsbot/distributed/starter"] == 0
    assert stats.get("downloader/request_count", 0) == 0
    assert "Nothing to crawl for" in workers.log("late")
    assert workers.exported() == Counter()


def test_keys_are_namespaced_by_the_prefix(workers: Workers, redis_server: RedisServer) -> None:
    proc = workers.start("w0", NEWSBOT_REDIS_PREFIX="nightly", **{"CLOSESPIDER_ITEMCOUNT": "3"})
    wait([proc])
    keys = {k.decode() for k in redis_server.client().keys("*")}
    assert keys and all(k.startswith("nightly:") for k in keys), keys


def test_redis_unreachable_at_start_exits_4_naming_the_url(tmp_path: Path, site: DemoSite) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    down = Workers(tmp_path, url, site.sources_toml())
    proc = down.start("w0")
    assert wait([proc], timeout=120) == [4]
    last = down.log("w0").rstrip().splitlines()[-1]
    assert last.startswith(f"newsbot: Redis is unreachable at {url}"), last
    assert down.exported() == Counter()


def test_redis_lost_mid_crawl_stops_the_worker_without_publishing(
    workers: Workers, redis_server: RedisServer, site: DemoSite
) -> None:
    proc = workers.start("w0", DOWNLOAD_DELAY="0.3", CONCURRENT_REQUESTS_PER_DOMAIN="1")
    part = partial_path(workers.tmp_path / "feed-w0.jsonl")
    wait_until(lambda: part.exists() and part.stat().st_size > 0)  # articles are exported
    redis_server.stop()
    code = wait([proc], timeout=120)[0]
    assert code == 4, workers.log("w0")[-3000:]
    assert "newsbot: Redis lost at" in workers.log("w0")
    assert workers.stats("w0")["finish_reason"] == "redis_lost"
    assert workers.stats("w0").get("item_scraped_count", 0) > 0
    assert list(workers.tmp_path.glob("*feed-w0.jsonl*")) == []
    assert not part.exists()
    assert "Traceback" not in workers.log("w0")
    # Redis is back (with its data): the next run picks up what w0 had taken.
    redis_server.start()
    assert wait([workers.start("w1")]) == [0], workers.log("w1")[-3000:]
    exported = workers.exported()
    assert [url for url, n in exported.items() if n > 1] == []
    assert set(exported) == set(site.expected_articles())
