"""Near-duplicate detection: precision/recall on a labelled syndication set, and the
1,000,000-story figures of the SQLite state.

The labelled set is generated at run time from the shared corpus bodies (never stored):
each story gets syndicated copies with realistic edits (other boilerplate, rewritten
headline, trims, briefs, added outlet paragraphs, updates, "READ MORE" inserts, quote and
whitespace changes), and hard negatives (other stories sharing names or the first
paragraph, same-template stories with other figures). Baselines are measured in the same run.

    .venv/bin/python benchmarks/dedupe.py                # both parts
    .venv/bin/python benchmarks/dedupe.py --part quality
    .venv/bin/python benchmarks/dedupe.py --part scale --stories 1000000
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsbot.dedupe import compare, fingerprint, is_copy
from newsbot.dedupe import match as rules
from newsbot.dedupe.fingerprint import Fingerprint, words
from newsbot.dedupe.lookup import text_of
from tests.corpus import cases

DAY = 86400

BOILERPLATE = [
    "Sign up for our morning newsletter and get the day's top stories in your inbox.",
    "© 2024 The Daily Example. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Follow us on Facebook, Twitter and Instagram for the latest updates.",
    "This article originally appeared on a partner site and is republished with permission.",
    "Have a news tip? Contact our newsroom at tips@example.com.",
    "Subscribe now for unlimited access to award-winning journalism. Cancel anytime.",
    "Advertisement",
    "Reporting by staff writers; editing by the news desk.",
]


@dataclass
class Story:
    """One document of the labelled set."""

    id: int
    cluster: int
    kind: str
    headline: str
    body: str
    published: int


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]


def join(paras: list[str]) -> str:
    return "\n\n".join(paras)


# -- edits -------------------------------------------------------------------------------------


def requote(text: str, rng: random.Random) -> str:
    text = re.sub(r'"([^"]*)"', "“\\1”", text) if rng.random() < 0.5 else text.replace("“", '"')
    text = text.replace("'", "’").replace(" - ", " – ")
    return re.sub(r" (?=\w)", lambda m: "  " if rng.random() < 0.05 else " ", text)


def add_boilerplate(paras: list[str], rng: random.Random) -> list[str]:
    head = rng.sample(BOILERPLATE, rng.randint(0, 1))
    tail = rng.sample(BOILERPLATE, rng.randint(1, 3))
    return head + paras + tail


def read_more(paras: list[str], rng: random.Random, others: list[str]) -> list[str]:
    out = list(paras)
    for _ in range(rng.randint(1, 2)):
        out.insert(rng.randint(1, max(1, len(out) - 1)), f"READ MORE: {rng.choice(others)}")
    return out


def trim(paras: list[str], rng: random.Random) -> list[str]:
    keep = max(2, round(len(paras) * rng.uniform(0.55, 0.85)))
    return paras[:keep]


def brief(paras: list[str], rng: random.Random) -> list[str]:
    out: list[str] = []
    for p in paras:
        out.append(p)
        if len(out) >= 2 and sum(len(x.split()) for x in out) >= rng.randint(40, 90):
            break
    return out


def add_paragraphs(paras: list[str], rng: random.Random, filler: list[str]) -> list[str]:
    out = list(paras)
    for p in rng.sample(filler, min(len(filler), rng.randint(1, 2))):
        out.insert(rng.randint(len(out) // 2, len(out)), p)
    return out


def update(paras: list[str], rng: random.Random, filler: list[str]) -> list[str]:
    out = list(paras)
    out.insert(0, "This story has been updated with new information.")
    out.insert(min(len(out), 2), rng.choice(filler) if filler else "More details emerged.")
    last = out[-1]
    match = re.search(r"\b\d+\b", last)
    if match:  # the figures of the last paragraph moved on
        out[-1] = last[: match.start()] + str(int(match.group()) + 1) + last[match.end() :]
    return out


def rewrite_headline(headline: str, rng: random.Random) -> str:
    ws = headline.split()
    rng.shuffle(ws)
    ws = ws[: max(3, len(ws) * 2 // 3)]
    return rng.choice(["", "WATCH: ", "UPDATE: ", "Breaking: "]) + " ".join(ws)


NAMES = ["Miller", "Okafor", "Lindqvist", "Tanaka", "Moreau", "Castillo", "Novak", "Haddad"]


def swap_figures(body: str, rng: random.Random) -> str:
    """The same template about another company/match: other figures, other names."""
    body = re.sub(r"\d+", lambda m: str(rng.randint(10, 9999)), body)
    names = {w for w in re.findall(r"(?<=[a-z,] )[A-Z][a-z]{3,}", body)}
    for name in names:
        body = re.sub(rf"\b{name}\b", rng.choice(NAMES), body)
    return body


TEMPLATES = [
    (
        "{co} reports {dir} quarterly results",
        "{co} on {day} reported revenue of ${rev} million for the quarter ended {month}, "
        "{dir2} {pct} percent from a year earlier, the company said in a statement.\n\n"
        "Net income came to ${ni} million, or {eps} cents per share, compared with ${ni0} "
        "million a year ago. Analysts polled by the data provider had expected {aeps} cents.\n\n"
        "Chief executive {ceo} said the company remained confident in its full-year outlook "
        "and would continue to invest in its core markets.\n\n"
        "Shares of {co} were {dir3} {spct} percent in after-hours trading at ${price}.\n\n"
        "The company will hold a conference call with analysts at {hour} p.m. Eastern time.",
    ),
    (
        "{home} beat {away} {hs}-{as_}",
        "{home} beat {away} {hs}-{as_} on {day} night in front of {crowd} fans at the "
        "{stadium} stadium.\n\n{scorer} opened the scoring in the {m1}th minute before "
        "{scorer2} added a second after {m2} minutes.\n\n{away} pulled one back through "
        "{scorer3} late on, but could not find an equaliser.\n\nThe result leaves {home} "
        "{pos}th in the table with {pts} points from {games} games, while {away} stay on "
        "{pts2} points.\n\n{home} travel to face their rivals next weekend.",
    ),
    (
        "Police appeal after {crime} in {town}",
        "Police in {town} are appealing for witnesses after a {crime} on {street} Road at "
        "around {hour}.{minute} on {day}.\n\nOfficers said a {age}-year-old man was taken to "
        "hospital with injuries that are not thought to be life-threatening.\n\nA {age2}-year-"
        "old man was arrested at the scene and remains in custody, a spokesperson said.\n\n"
        "Anyone with information is asked to call the force on 101, quoting incident number "
        "{ref}.",
    ),
]


def fill(template: tuple[str, str], rng: random.Random) -> tuple[str, str]:
    companies = [
        "Acme Corp",
        "Globex",
        "Initech",
        "Umbrella Holdings",
        "Stark Industries",
        "Wayne Enterprises",
        "Hooli",
        "Vandelay Industries",
        "Soylent",
        "Tyrell",
    ]
    teams = ["Rovers", "United", "City", "Athletic", "Wanderers", "Albion", "Town", "County"]
    towns = ["Ashford", "Brockton", "Carlow", "Dunmore", "Eastleigh", "Fenwick", "Galway"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    home, away = rng.sample(teams, 2)
    values = {
        "co": rng.choice(companies),
        "dir": rng.choice(["higher", "lower"]),
        "dir2": rng.choice(["up", "down"]),
        "dir3": rng.choice(["up", "down"]),
        "day": rng.choice(days),
        "rev": rng.randint(100, 9000),
        "month": rng.choice(["March 31", "June 30", "September 30", "December 31"]),
        "pct": rng.randint(2, 40),
        "ni": rng.randint(10, 900),
        "ni0": rng.randint(10, 900),
        "eps": rng.randint(10, 300),
        "aeps": rng.randint(10, 300),
        "ceo": rng.choice(NAMES),
        "spct": rng.randint(1, 15),
        "price": rng.randint(12, 400),
        "hour": rng.randint(1, 11),
        "minute": rng.randint(10, 59),
        "home": home,
        "away": away,
        "hs": rng.randint(2, 5),
        "as_": rng.randint(0, 1),
        "crowd": rng.randint(2000, 60000),
        "stadium": rng.choice(["Riverside", "Park Lane", "Victoria", "Meadow"]),
        "scorer": rng.choice(NAMES),
        "scorer2": rng.choice(NAMES),
        "scorer3": rng.choice(NAMES),
        "m1": rng.randint(4, 40),
        "m2": rng.randint(41, 80),
        "pos": rng.randint(4, 20),
        "pts": rng.randint(10, 80),
        "games": rng.randint(10, 38),
        "pts2": rng.randint(10, 80),
        "town": rng.choice(towns),
        "crime": rng.choice(["stabbing", "robbery", "assault"]),
        "street": rng.choice(["Mill", "Station", "Church", "Kings"]),
        "age": rng.randint(18, 70),
        "age2": rng.randint(18, 70),
        "ref": rng.randint(100, 999),
    }
    return template[0].format(**values), template[1].format(**values)


# -- the labelled set --------------------------------------------------------------------------


def originals() -> list[tuple[str, str]]:
    """(headline, body) of corpus articles, without the corpus's own near-copies."""
    out: list[tuple[str, str]] = []
    seen: list[set[str]] = []
    for case in cases():
        exp = case.expected
        body, headline = exp.get("body") or "", exp.get("title") or ""
        ws = words(body)
        if len(ws) < 60 or len(paragraphs(body)) < 3 or not headline:
            continue
        shingles = {" ".join(ws[i : i + 4]) for i in range(len(ws) - 3)}
        if any(len(shingles & s) > 0.2 * min(len(s), len(shingles)) for s in seen):
            continue
        seen.append(shingles)
        out.append((headline, body))
    return out


def build_set(seed: int = 7) -> list[Story]:
    rng = random.Random(seed)
    everything = originals()
    # Every fourth article only lends paragraphs (to negatives and added paragraphs), so no
    # negative is itself a copy of a story in the set.
    base = [a for i, a in enumerate(everything) if i % 4]
    donors = [p for i, (_, b) in enumerate(everything) if not i % 4 for p in paragraphs(b)]
    donors = [p for p in donors if len(p.split()) > 12]
    headlines = [h for h, _ in everything]
    stories: list[Story] = []
    cluster = itertools.count()

    def add(cl: int, kind: str, headline: str, body: str, published: int) -> None:
        stories.append(Story(len(stories), cl, kind, headline, body, published))

    edits: dict[str, Callable[[list[str]], list[str]]] = {
        "boilerplate": lambda ps: ps,
        "read_more": lambda ps: read_more(ps, rng, headlines),
        "trim": lambda ps: trim(ps, rng),
        "brief": lambda ps: brief(ps, rng),
        "added_paragraphs": lambda ps: add_paragraphs(ps, rng, rng.sample(donors, 3)),
        "update": lambda ps: update(ps, rng, rng.sample(donors, 2)),
    }
    for headline, body in base:
        cl = next(cluster)
        t0 = 1_700_000_000 + rng.randint(0, 365) * DAY
        add(cl, "original", headline, body, t0)
        for kind in rng.sample(list(edits), 3):
            paras = add_boilerplate(edits[kind](paragraphs(body)), rng)
            text = requote(join(paras), rng)
            add(cl, kind, rewrite_headline(headline, rng), text, t0 + rng.randint(0, 36 * 3600))
        # hard negatives: another story opening with this one's first paragraph
        other = [paragraphs(body)[0], *rng.sample(donors, rng.randint(3, 8))]
        add(
            next(cluster),
            "neg_shared_lede",
            rng.choice(headlines),
            join(other),
            t0 + rng.randint(0, DAY),
        )
        # ... another story with this one's headline, naming its people
        names = re.findall(r"(?<=[a-z,] )[A-Z][a-z]{3,}", body)[:5]
        if names:
            other = rng.sample(donors, rng.randint(3, 8))
            other.insert(1, f"{' and '.join(names)} were also mentioned in the report.")
            add(next(cluster), "neg_shared_names", headline, join(other), t0 + 3600)
        # ... the same template with other figures and names
        if len(set(re.findall(r"\d\d+", body))) >= 5:
            days = rng.choice([0, 0, 7, 30])
            add(
                next(cluster),
                "neg_same_template",
                headline,
                swap_figures(body, rng),
                t0 + days * DAY + 7200,
            )
    for template in TEMPLATES:
        for _ in range(25):
            cl = next(cluster)
            headline, body = fill(template, rng)
            t0 = 1_700_000_000 + rng.randint(0, 60) * DAY
            add(cl, "template", headline, body, t0)
            copy = requote(join(add_boilerplate(paragraphs(body), rng)), rng)
            add(cl, "template_copy", rewrite_headline(headline, rng), copy, t0 + 1800)
    return stories


# -- scoring -----------------------------------------------------------------------------------


def true_pairs(stories: list[Story]) -> set[tuple[int, int]]:
    by_cluster: dict[int, list[int]] = defaultdict(list)
    for s in stories:
        by_cluster[s.cluster].append(s.id)
    return {p for ids in by_cluster.values() for p in itertools.combinations(sorted(ids), 2)}


def score(pred: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float, float]:
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def candidate_pairs(fps: list[Fingerprint]) -> set[tuple[int, int]]:
    index: dict[int, list[int]] = defaultdict(list)
    pairs = set()
    for i, fp in enumerate(fps):
        found = {j for band in fp.bands for j in index[band]}
        found |= {j for j in range(i) if fps[j].content_hash == fp.content_hash}
        pairs |= {(j, i) for j in found}
        for band in fp.bands:
            index[band].append(i)
    return pairs


def quality() -> None:
    t = time.perf_counter()
    stories = build_set()
    truth = true_pairs(stories)
    kinds = defaultdict(int)
    for s in stories:
        kinds[s.kind] += 1
    print(
        f"labelled set: {len(stories)} documents, {len(truth)} duplicate pairs; "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    )
    t0 = time.perf_counter()
    fps = [fingerprint(s.body, s.headline) for s in stories]
    per_doc = (time.perf_counter() - t0) / len(stories) * 1000
    texts = [text_of(fp, s.published) for fp, s in zip(fps, stories, strict=True)]
    cands = candidate_pairs(fps)
    signals = {(i, j): compare(texts[j], texts[i]) for i, j in cands}
    rows: list[tuple[str, set[tuple[int, int]]]] = []

    # Baselines, same run.
    exact = {(i, j) for i, j in cands if fps[i].content_hash == fps[j].content_hash}
    rows.append(("exact contentHash", exact))
    rows.append(minhash_baseline(stories))
    rows.append(("LSH candidates (retrieval only)", cands))
    for th in (0.5, 0.8):
        rows.append((f"sketch Jaccard >= {th}", {p for p, s in signals.items() if s.jaccard >= th}))
    rows.append(
        (
            f"containment >= {rules.CONTAINMENT}",
            {p for p, s in signals.items() if s.containment >= rules.CONTAINMENT},
        )
    )
    rows.append(
        (
            "+ same figures and names",
            {
                p
                for p, s in signals.items()
                if s.containment >= rules.CONTAINMENT and rules.same_figures(s)
            },
        )
    )
    rows.append(
        (
            "+ lede (lower containment bar)",
            {
                p
                for p, s in signals.items()
                if rules.same_figures(s)
                and (
                    s.containment >= rules.CONTAINMENT
                    or (
                        s.lede >= rules.LEDE_AGREES and s.containment >= rules.CONTAINMENT_WITH_LEDE
                    )
                )
            },
        )
    )
    rows.append(
        (
            "+ time proximity",
            {
                p
                for p, s in signals.items()
                if rules.close_in_time(s)
                and rules.same_figures(s)
                and (
                    s.containment >= rules.CONTAINMENT
                    or (
                        s.lede >= rules.LEDE_AGREES and s.containment >= rules.CONTAINMENT_WITH_LEDE
                    )
                )
            },
        )
    )
    rows.append(
        ("+ headline for short texts = newsbot", {p for p, s in signals.items() if is_copy(s)})
    )
    print(f"\n{'method':<44} {'precision':>9} {'recall':>7} {'F1':>6}")
    for name, pred in rows:
        p, r, f = score(pred, truth)
        print(f"{name:<44} {p:9.3f} {r:7.3f} {f:6.3f}")
    final = {p for p, s in signals.items() if is_copy(s)}
    print("\nrecall by edit (pairs original-copy):")
    by_id = {s.id: s for s in stories}
    copies = {s.kind for s in stories if not s.kind.startswith(("neg", "orig"))} - {"template"}
    for kind in sorted(copies):
        pairs = {
            p
            for p in truth
            if {by_id[p[0]].kind, by_id[p[1]].kind} <= {"original", "template", kind}
            and kind in (by_id[p[0]].kind, by_id[p[1]].kind)
        }
        print(f"  {kind:<18} {len(pairs & final) / max(1, len(pairs)):.3f}  ({len(pairs)} pairs)")
    print("false merges by kind:", dict(_kinds(final - truth, by_id)))
    print(
        f"fingerprint: {per_doc:.2f} ms per document; quality part took "
        f"{time.perf_counter() - t:.0f} s"
    )


def _kinds(pairs: set[tuple[int, int]], by_id: dict[int, Story]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for i, j in pairs:
        out["/".join(sorted((by_id[i].kind, by_id[j].kind)))] += 1
    return out


def minhash_baseline(stories: list[Story]) -> tuple[str, set[tuple[int, int]]]:
    """datasketch MinHash LSH, 128 permutations, word 5-shingles, at its best threshold."""
    from datasketch import MinHash, MinHashLSH

    truth = true_pairs(stories)
    sigs = []
    for s in stories:
        ws = words(s.body)
        m = MinHash(num_perm=128)
        m.update_batch([" ".join(ws[i : i + 5]).encode() for i in range(max(1, len(ws) - 4))])
        sigs.append(m)
    best: tuple[float, float, set[tuple[int, int]]] = (-1.0, 0.0, set())
    for th in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        lsh = MinHashLSH(threshold=th, num_perm=128)
        pred = set()
        for i, m in enumerate(sigs):
            pred |= {(j, i) for j in lsh.query(m)}
            lsh.insert(i, m)
        f = score(pred, truth)[2]
        if f > best[0]:
            best = (f, th, pred)
    return f"datasketch MinHashLSH (best threshold {best[1]})", best[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["quality", "scale", "all"], default="all")
    parser.add_argument("--stories", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.part in ("quality", "all"):
        quality()
    if args.part in ("scale", "all"):
        scale(args.stories)


def scale(n: int) -> None:
    """Fill a SQLite state with ``n`` stories through the real API (one transaction per batch
    of 10,000), then time look-ups and measure the file and a fresh crawl process's memory."""
    from newsbot.state import Doc, Entry, Status
    from newsbot.state.sqlite import SqliteState

    rng = random.Random(3)
    real = build_set()
    fps = [fingerprint(s.body, s.headline) for s in real]
    sketch_sizes = [len(fp.sketch) for fp in fps]
    number_sizes = [len(fp.numbers) for fp in fps]
    print(
        f"\nscale: {n:,} stories; sketch {statistics.mean(sketch_sizes):.0f} B and "
        f"numbers {statistics.mean(number_sizes):.0f} B on average (sizes drawn from the set)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.sqlite3"
        state = SqliteState(path)
        t0 = time.perf_counter()
        now = int(time.time())
        batch = 10_000
        for start in range(0, n, batch):
            for i in range(start, min(n, start + batch)):
                key = f"{rng.getrandbits(64):016x}"
                keys = (key,) if i % 3 else (key, f"{rng.getrandbits(64):016x}")
                size = rng.choice(sketch_sizes)
                doc = Doc(
                    key,
                    key,
                    1,
                    rng.getrandbits(63),
                    size * 2,
                    rng.randbytes(rng.choice(number_sizes)),
                    now - rng.randint(0, 365 * DAY),
                    now,
                    rng.randbytes(size),
                    rng.randbytes(16),
                    rng.randbytes(16),
                )
                bands = tuple(rng.getrandbits(63) for _ in range(len(fps[0].bands)))
                state.add(Entry(keys, Status.EXPORTED, now, doc, bands))
            state.prepare(f"{tmp}/.batch.part")
            state.confirm(f"{tmp}/.batch.part")
            if start and start % 200_000 == 0:
                print(f"  {start:,} stories in {time.perf_counter() - t0:.0f} s", flush=True)
        # The labelled set's originals and negatives too, so look-ups of its copies meet
        # real candidates and go through the bands and the signals.
        stored = [
            (s, fp)
            for s, fp in zip(real, fps, strict=True)
            if s.kind in ("original", "template") or s.kind.startswith("neg")
        ]
        for story, fp in stored:
            key = f"{story.id:016x}"
            doc = Doc(
                key,
                key,
                1,
                fp.content_hash,
                fp.size,
                fp.numbers,
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
        copies = [
            s
            for s in real
            if s.kind not in ("original", "template") and not s.kind.startswith("neg")
        ]
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
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        ).stdout
        print(out, end="")
    baseline_memory(min(n, 50_000))


LOOKUP_PROBE = """
import json, statistics, time
from newsbot.dedupe import fingerprint, find_copy
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


def _rss() -> int:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) * 1024


def baseline_memory(n: int) -> None:
    """In-memory datasketch MinHashLSH (128 permutations, threshold 0.7), measured at ``n``
    and scaled."""
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    before = _rss()
    lsh = MinHashLSH(threshold=0.7, num_perm=128)
    for i in range(n):
        m = MinHash(num_perm=128)
        m.update_batch([f"{i} {j}".encode() for j in range(3)])
        lsh.insert(i, LeanMinHash(m))
    used = _rss() - before
    per_million = used / n * 1_000_000 / 2**30
    print(
        f"  baseline, datasketch MinHashLSH (0.7) in RAM: {per_million:.2f} GiB per million "
        f"stories (measured at {n:,}); newsbot holds none of it in RAM"
    )


if __name__ == "__main__":
    main()
