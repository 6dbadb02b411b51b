"""Near-duplicate detection: pairwise precision and recall by class on a labelled set of our
own, newsbot against baselines in the same run; and the per-article cost of the SQLite state
from 1,000 to 1,000,000 stories.

The set (``benchmarks/dedupe_set.py``) is generated at run time from the shared corpus, the
demo's prose generator and automated-story templates, seeded. Every method sees the same
articles in the same shuffled order, one at a time, as a crawl does: an article joins the
story of the one it copies, or starts its own. newsbot runs its real pipeline
(``Deduplicate``, ``NEWSBOT_DUPLICATES=tag``) on a real SQLite state.

    .venv/bin/python benchmarks/dedupe.py                       # quality, seeds 1 (tune) and 2
    .venv/bin/python benchmarks/dedupe.py --part quality --seeds 2 3 4
    .venv/bin/python benchmarks/dedupe.py --part scale --stories 1000 100000 1000000
    .venv/bin/python benchmarks/dedupe.py --part cost --rounds 15
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import dedupe_before
from benchmarks.dedupe_set import Doc, build
from newsbot.items import Article
from newsbot.pipelines.dedupe import Deduplicate
from newsbot.similarity import fingerprint
from newsbot.similarity.sketch import words
from newsbot.state.sqlite import SqliteState
from newsbot.urls import article_id

DAY = 86400
COPY_KINDS = ("copy", "brief", "added", "update", "trim")
"""Classes of copies (one story with their original)."""


# -- methods: each gives every doc a story, in arrival order ----------------------------------


def newsbot_stories(docs: list[Doc], order: list[int]) -> dict[int, str]:
    """The real pipeline on a real SQLite state, tag mode: a story is a ``storyId``."""
    stories = {}
    with tempfile.TemporaryDirectory() as tmp:
        state = SqliteState(Path(tmp) / "state.sqlite3")
        pipeline = Deduplicate(state, mode="tag")
        for i in order:
            doc = docs[i]
            url = f"https://outlet{doc.id % 7}.example/news/{doc.id}"
            item = Article(
                url=url, canonicalUrl=url, articleId=article_id(url), source="bench",
                headline=doc.headline, articleBody=doc.body, datePublished=doc.iso,
            )  # fmt: skip
            item = pipeline.process_item(item)
            assert item.storyId is not None
            stories[i] = item.storyId
        state.close()
    return stories


def before_stories(docs: list[Doc], order: list[int]) -> dict[int, int]:
    """newsbot before issue 20 (``benchmarks/dedupe_before.py``)."""
    index = dedupe_before.Index()
    return {i: index.add(i, docs[i].body, docs[i].headline, docs[i].published) for i in order}


def minhash_stories(docs: list[Doc], order: list[int], threshold: float) -> dict[int, int]:
    """datasketch MinHash LSH (128 permutations, word 5-shingles): an article that finds a
    stored one joins its story, else it is stored."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    stories: dict[int, int] = {}
    for i in order:
        ws = words(docs[i].body)
        m = MinHash(num_perm=128)
        m.update_batch([" ".join(ws[k : k + 5]).encode() for k in range(max(1, len(ws) - 4))])
        found = lsh.query(m)
        if found:
            stories[i] = stories[min(found)]
        else:
            stories[i] = i
            lsh.insert(i, m)
    return stories


# -- scoring -----------------------------------------------------------------------------------


def pairs(ids: list[int], label: dict[int, object]) -> set[tuple[int, int]]:
    groups: dict[object, list[int]] = defaultdict(list)
    for i in ids:
        groups[label[i]].append(i)
    return {p for g in groups.values() for p in itertools.combinations(sorted(g), 2)}


def scores(docs: list[Doc], stories: dict[int, object], split: str) -> dict[str, float]:
    """Pairwise precision, recall, F1 over the docs of ``split``; recall of each copy class
    (pairs of an original with its copies of that class); and the share of same-template
    stories and of follow-ups merged with another story."""
    ids = [d.id for d in docs if d.split == split]
    truth = pairs(ids, {d.id: d.cluster for d in docs})
    pred = pairs(ids, stories)
    tp = len(truth & pred)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(truth) if truth else 1.0
    out = {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}
    original = {d.cluster: d.id for d in docs if d.kind == "original"}
    for kind in COPY_KINDS:
        wanted = [(original[d.cluster], d.id) for d in docs if d.kind == kind and d.split == split]
        out[kind] = sum(stories[a] == stories[b] for a, b in wanted) / max(1, len(wanted))
    members: dict[object, set[int]] = defaultdict(set)
    for d in docs:
        members[stories[d.id]].add(d.cluster)
    templates = [d for d in docs if d.family == "template" and d.kind == "original"]
    followups = [d for d in docs if d.kind == "followup"]
    for name, negatives in (("template", templates), ("followup", followups)):
        chosen = [d for d in negatives if d.split == split]
        merged = sum(len(members[stories[d.id]]) > 1 for d in chosen)
        out[name] = merged / max(1, len(chosen))
    return out


COLUMNS = ("P", "R", "F1", *COPY_KINDS, "template", "followup")


def quality(seeds: list[int]) -> None:
    print(
        "Pairwise precision/recall of stories; copy classes: recall of (original, copy) "
        "pairs; template, followup: share merged with another story (lower is better)."
    )
    for seed in seeds:
        started = time.perf_counter()
        docs = build(seed)
        order = list(range(len(docs)))
        random.Random(seed).shuffle(order)
        kinds = defaultdict(int)
        for d in docs:
            kinds[f"{d.family}/{d.kind}"] += 1
        print(f"\nseed {seed}: {len(docs)} articles; " + ", ".join(
            f"{k} {n}" for k, n in sorted(kinds.items())))  # fmt: skip
        methods: list[tuple[str, dict[int, object]]] = []
        for threshold in (0.5, 0.8):
            methods.append(
                (f"MinHash LSH {threshold}", dict(minhash_stories(docs, order, threshold)))
            )
        methods.append(("newsbot before", dict(before_stories(docs, order))))
        t = time.perf_counter()
        methods.append(("newsbot", dict(newsbot_stories(docs, order))))
        per_doc = (time.perf_counter() - t) / len(docs) * 1000
        head = f"{'method':<18} {'split':<8}" + "".join(f"{c:>9}" for c in COLUMNS)
        print(head)
        for name, stories in methods:
            for split in ("tune", "heldout"):
                s = scores(docs, stories, split)
                print(f"{name:<18} {split:<8}" + "".join(f"{s[c]:9.3f}" for c in COLUMNS))
        print(f"newsbot: {per_doc:.2f} ms per article (fingerprint, look-up, decision, SQLite); "
              f"seed took {time.perf_counter() - started:.0f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["quality", "scale", "cost", "all"], default="all")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--stories", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=15, help="cost: timed rounds per method")
    args = parser.parse_args()
    if args.part in ("quality", "all"):
        quality(args.seeds)
    if args.part in ("scale", "all"):
        for n in args.stories:
            scale(n)
    if args.part in ("cost", "all"):
        cost(args.rounds)


def cost(rounds: int) -> None:
    """CPU per article of the fingerprint an extraction worker computes, newsbot before issue
    20 against now, on corpus bodies and on the crawl benchmark's: both in this process, taking
    turns round by round, the minimum of each (the machine is shared)."""
    from benchmarks.crawl import SiteBuilder
    from tests.corpus import cases

    bodies = {
        "corpus": [(c.expected["body"], c.expected.get("title")) for c in cases()
                   if c.expected.get("body")],
        "crawl": [("\n\n".join(s.paragraphs), s.headline)
                  for s in SiteBuilder(Path(tempfile.gettempdir()), 400).stories()],
    }  # fmt: skip
    methods = {"before": dedupe_before.fingerprint, "now": fingerprint}
    print(f"Fingerprint CPU per article (ms), min of {rounds} alternating rounds")
    for name, texts in bodies.items():
        best = dict.fromkeys(methods, float("inf"))
        for r in range(rounds):
            for method in sorted(methods, reverse=r % 2 == 1):
                started = time.process_time()
                for body, headline in texts:
                    methods[method](body, headline)
                best[method] = min(best[method], time.process_time() - started)
        per = {m: best[m] / len(texts) * 1000 for m in methods}
        print(
            f"  {name} ({len(texts)} bodies): before {per['before']:.3f}, now {per['now']:.3f}, "
            f"now / before {per['now'] / per['before']:.2f}"
        )


COMMON_KEYS = 1000
"""Look-up keys of the labelled set that synthetic stories share too (as a template's fixed
sentence or an outlet's furniture would): their lists grow with the index."""


def scale(n: int) -> None:
    """Fill a SQLite state with ``n`` synthetic stories (bulk SQL, in the state's schema),
    add the labelled set's originals through the real API, then time look-ups of its copies
    and measure the file and a fresh crawl process's memory."""
    from newsbot.state import Doc, Entry, Status
    from newsbot.state.sqlite import SqliteState

    rng = random.Random(3)
    real = build(1)
    fps = [fingerprint(s.body, s.headline) for s in real]
    sketch_sizes = [len(fp.sketch) for fp in fps]
    number_sizes = [len(fp.slots) for fp in fps]
    keys_per_doc = max(len(fp.bands) for fp in fps)
    print(
        f"\nscale: {n:,} stories; sketch {statistics.mean(sketch_sizes):.0f} B, "
        f"slots {statistics.mean(number_sizes):.0f} B, {keys_per_doc} look-up keys "
        "(sizes drawn from the set; a third of the stories share one of "
        f"{COMMON_KEYS:,} common keys)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.sqlite3"
        SqliteState(path).close()  # the schema
        t0 = time.perf_counter()
        now = int(time.time())
        # Common keys are keys of the labelled set: look-ups of its copies meet long lists.
        common = rng.sample(sorted({k for fp in fps for k in fp.bands}), COMMON_KEYS)
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA synchronous = OFF")
        chunk = 50_000
        for first in range(1, n + 1, chunk):
            ids = range(first, min(n + 1, first + chunk))
            docs, urls, bands = [], [], []
            for i in ids:
                article = rng.getrandbits(64) - (1 << 63)
                size = rng.choice(sketch_sizes)
                docs.append((
                    i, article, article, 1, rng.getrandbits(63), size * 2,
                    b"\x02" + rng.randbytes(rng.choice(number_sizes) - 1),
                    now - rng.randint(0, 365 * DAY), now, b"\x02" + rng.randbytes(size - 1),
                    rng.randbytes(16), rng.randbytes(16),
                ))  # fmt: skip
                urls.append((article, i, int(Status.EXPORTED), now))
                keys = {rng.getrandbits(32) - (1 << 31) for _ in range(keys_per_doc - 1)}
                if i % 3 == 0:
                    keys.add(rng.choice(common))
                bands.extend((k, i) for k in keys)
            bands.sort()
            db.execute("BEGIN")
            db.executemany(f"INSERT INTO docs VALUES ({','.join('?' * 12)})", docs)
            db.executemany("INSERT OR IGNORE INTO urls VALUES (?, ?, ?, ?, 0)", urls)
            db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", bands)
            db.execute("COMMIT")
        db.close()
        state = SqliteState(path)
        # The labelled set's originals and negatives too, so look-ups of its copies meet
        # real candidates and go through the bands and the signals.
        stored = [
            (s, fp) for s, fp in zip(real, fps, strict=True) if s.kind in ("original", "followup")
        ]
        for story, fp in stored:
            key = f"{story.id:016x}"
            doc = Doc(
                key,
                key,
                1,
                fp.content_hash,
                fp.size,
                fp.slots,
                story.published,
                now,
                fp.sketch,
                fp.lede,
                fp.headline,
            )
            state.add(Entry((key,), Status.EXPORTED, now, doc, fp.bands))
        state.commit()
        load = time.perf_counter() - t0
        state.close()
        db = sqlite3.connect(path)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        size = sum(p.stat().st_size for p in Path(tmp).glob("state.sqlite3*"))
        print(
            f"  loaded in {load:.0f} s ({n / load:,.0f} stories/s); peak RSS of the load "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
        print(f"  SQLite file: {size / 2**20:.0f} MB ({size / n:.0f} B per story)")
        probe = [f"{s.id:016x}" for s, _ in stored[:500]] + [
            f"{rng.getrandbits(64):016x}" for _ in range(500)
        ]
        probe_file = Path(tmp) / "probe.json"
        copies = [s for s in real if s.kind in COPY_KINDS]
        sample = rng.sample(copies, 300)
        probe_file.write_text(
            json.dumps(
                {"keys": probe, "bodies": [(s.body, s.headline, s.published) for s in sample]}
            )
        )
        script = LOOKUP_PROBE.format(path=str(path), probe=str(probe_file))
        out = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        print(out.stdout, out.stderr[-2000:], end="")
    baseline_memory(min(n, 50_000))


LOOKUP_PROBE = """
import json, statistics, time
from newsbot.similarity import fingerprint, find_copy
from newsbot.state import open_state
def peak_mb():
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024
rss0 = peak_mb()
t = time.perf_counter()
state = open_state("sqlite:///{path}")
state.lock()
opened = time.perf_counter() - t
probe = json.load(open("{probe}"))
keys = probe["keys"]
url_times = []
for key in keys * 3:
    t = time.perf_counter()
    state.records([key])
    url_times.append(time.perf_counter() - t)
fps = [(fingerprint(b, h), p) for b, h, p in probe["bodies"]]
dup_times, found = [], 0
for fp, published in fps * 2:
    t = time.perf_counter()
    found += find_copy(state, fp, published) is not None
    dup_times.append(time.perf_counter() - t)
rss = peak_mb()
print(f"  open (lock; header and schema checked, quick_check only below 256 MB): "
      f"{{opened * 1000:.0f}} ms")
print(f"  URL look-up: median {{statistics.median(url_times) * 1e3:.3f}} ms, "
      f"p99 {{sorted(url_times)[int(len(url_times) * .99)] * 1e3:.3f}} ms")
print(f"  near-duplicate look-up (content hash + bands + verify, fingerprint excluded): "
      f"median {{statistics.median(dup_times) * 1e3:.3f}} ms, "
      f"p99 {{sorted(dup_times)[int(len(dup_times) * .99)] * 1e3:.3f}} ms; "
      f"{{found}} of {{len(dup_times)}} copies found")
print(f"  crawl-side memory: peak RSS {{rss:.0f}} MB in a fresh process doing the look-ups "
      f"(of which interpreter and libraries {{rss0:.0f}} MB)")
"""


def baseline_memory(n: int) -> None:
    """In-memory datasketch MinHashLSH (128 permutations, threshold 0.7), measured at ``n``
    and scaled."""
    import tracemalloc

    from datasketch import LeanMinHash, MinHash, MinHashLSH

    # Allocations traced, not RSS: RSS is a delta of a heap that earlier stages freed into, so it
    # read negative (-0.25 GiB per million) when the index reused their memory.
    tracemalloc.start()
    lsh = MinHashLSH(threshold=0.7, num_perm=128)
    for i in range(n):
        m = MinHash(num_perm=128)
        m.update_batch([f"{i} {j}".encode() for j in range(3)])
        lsh.insert(i, LeanMinHash(m))
    used, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del lsh
    per_million = used / n * 1_000_000 / 2**30
    print(
        f"  baseline, datasketch MinHashLSH (0.7) in RAM: {per_million:.2f} GiB per million "
        f"stories (measured at {n:,}); newsbot holds none of it in RAM"
    )


if __name__ == "__main__":
    main()
