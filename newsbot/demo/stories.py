"""The demo sites' stories, generated deterministically from :mod:`newsbot.demo.prose`."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from newsbot.demo import prose

SEED = 20261124
NEWEST = datetime(2026, 11, 24, 18, 40)


@dataclass(frozen=True)
class Story:
    """One article as its site publishes it; the sites render it, the tests expect it."""

    site: str
    number: int
    """The site's numeric id for the story (goes into its URL)."""
    topic: str
    desk: str
    headline: str
    description: str
    standfirst: str
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]
    published: datetime
    """Aware, in the site's time zone."""
    modified: datetime | None
    tags: tuple[str, ...]
    caption: str
    place: str
    """The city the story is about (wire datelines name it)."""

    @property
    def slug(self) -> str:
        """The headline as a URL slug: ``flood-barrier-on-the-river-aske-fails``."""
        return slugify(self.headline)

    @property
    def body(self) -> str:
        """The article body as newsbot must export it: paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class SitePlan:
    """How many stories a site publishes, where its clock is, and who writes for it."""

    name: str
    count: int
    timezone: str
    staff: tuple[str, ...]
    first_number: int
    number_step: tuple[int, int]
    co_author_chance: float = 0.0
    no_author_chance: float = 0.0
    newest: datetime = NEWEST
    """Wall-clock time of the site's newest story, in its own time zone."""


def slugify(text: str, max_words: int = 12) -> str:
    """Lower-case ASCII words joined by hyphens, apostrophes dropped."""
    text = re.sub(r"[’']", "", text.lower())
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words[:max_words])


def person_slug(name: str) -> str:
    """``Jane O’Doe`` -> ``jane-odoe``."""
    return slugify(name)


def generate(plans: list[SitePlan]) -> dict[str, list[Story]]:
    """Stories per site, newest first. Same plans, same stories, on every machine."""
    rng = random.Random(SEED)
    topic_order = list(prose.TOPICS)
    rng.shuffle(topic_order)
    result: dict[str, list[Story]] = {}
    index = 0
    for plan in plans:
        zone = ZoneInfo(plan.timezone)
        when = plan.newest.replace(tzinfo=zone)
        number = plan.first_number
        stories = []
        for _ in range(plan.count):
            topic = topic_order[index % len(topic_order)]
            variant = index // len(topic_order)
            stories.append(_story(rng, plan, topic, variant, number, when))
            index += 1
            # Wall-clock arithmetic, then re-attach the zone: offsets follow DST.
            when = (when.replace(tzinfo=None) - timedelta(minutes=rng.randint(900, 4000))).replace(
                tzinfo=zone
            )
            number -= rng.randint(*plan.number_step)
        result[plan.name] = stories
    return result


def _story(
    rng: random.Random, plan: SitePlan, topic: prose.Topic, variant: int, number: int,
    published: datetime,
) -> Story:  # fmt: skip
    fills = _fills(rng, topic)
    fills["official_role"] = rng.choice(topic.official_roles).format(**fills)
    fills["critic_role"] = rng.choice(topic.critic_roles).format(**fills)
    headline = topic.headlines[variant % len(topic.headlines)].format(**fills)
    headline = headline[0].upper() + headline[1:]
    lede = topic.ledes[variant % len(topic.ledes)].format(**fills)
    standfirst_template = rng.choice(prose.BACKGROUND_LINES)
    # Stories on the same topic share only a third of its facts: no near-duplicates.
    facts = tuple(f for i, f in enumerate(topic.facts) if i % 3 != (variant + 2) % 3)
    paragraphs = _paragraphs(rng, facts, lede, fills, exclude=standfirst_template)
    standfirst = standfirst_template.format(**fills)
    authors: tuple[str, ...]
    roll = rng.random()
    if roll < plan.no_author_chance:
        authors = ()
    elif roll < plan.no_author_chance + plan.co_author_chance:
        authors = tuple(rng.sample(plan.staff, 2))
    else:
        authors = (rng.choice(plan.staff),)
    modified = None
    if rng.random() < 0.5:
        modified = (
            published.replace(tzinfo=None) + timedelta(minutes=rng.randint(20, 600))
        ).replace(tzinfo=published.tzinfo)
    return Story(
        site=plan.name,
        number=number,
        topic=topic.key,
        desk=topic.desk,
        headline=headline,
        description=lede,
        standfirst=standfirst,
        paragraphs=paragraphs,
        authors=authors,
        published=published,
        modified=modified,
        tags=topic.tags,
        caption=rng.choice(prose.CAPTIONS).format(**fills),
        place=fills["city"],
    )


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = f"{rng.choice(prose.FIRST_NAMES)} {rng.choice(prose.LAST_NAMES)}"
        if name not in taken:
            taken.add(name)
            return name


def _fills(rng: random.Random, topic: prose.Topic) -> dict[str, str]:
    city, city2 = rng.sample(prose.CITIES, 2)
    names: set[str] = set()
    currency = rng.choice(("£", "€", "$"))
    fills = {
        "city": city,
        "city2": city2,
        "region": rng.choice(prose.REGIONS),
        "region2": city,
        "person": _name(rng, names),
        "official": _name(rng, names),
        "critic": _name(rng, names),
        "analyst": _name(rng, names),
        "resident": _name(rng, names),
        "resident_job": rng.choice(prose.RESIDENT_JOBS),
        "analyst_org": rng.choice(prose.ANALYST_ORGS),
        "weekday": rng.choice(prose.WEEKDAYS),
        "weekday2": rng.choice(prose.WEEKDAYS),
        "month": rng.choice(prose.MONTHS),
        "year": str(rng.randint(2027, 2031)),
        "year2": str(rng.randint(2009, 2019)),
        "n": str(rng.randint(3, 40)),
        "n2": str(rng.randint(2, 12)),
        "big": f"{rng.randint(12, 950) * 100:,}",
        "big2": f"{rng.randint(8, 40) * 100:,}",
        "pct": f"{rng.randint(15, 380) / 10:g}%",
        "pct2": f"{rng.randint(30, 75)}%",
        "money": f"{currency}{rng.randint(12, 990)}m",
        "money2": f"{currency}{rng.randint(380, 720)}",
    }
    for slot, values in topic.fills.items():
        fills[slot] = rng.choice(values)
    return fills


def _paragraphs(
    rng: random.Random, facts: tuple[str, ...], lede: str, fills: dict[str, str], exclude: str
) -> tuple[str, ...]:
    pools = {
        "fact": rng.sample(facts, len(facts)),
        "official": rng.sample(prose.OFFICIAL_QUOTES, len(prose.OFFICIAL_QUOTES)),
        "critic": rng.sample(prose.CRITIC_QUOTES, len(prose.CRITIC_QUOTES)),
        "analyst": rng.sample(prose.ANALYST_LINES, len(prose.ANALYST_LINES)),
        "resident": rng.sample(prose.RESIDENT_LINES, len(prose.RESIDENT_LINES)),
        "background": rng.sample(
            [line for line in prose.BACKGROUND_LINES if line != exclude],
            len(prose.BACKGROUND_LINES) - 1,
        ),
        "numbers": rng.sample(prose.NUMBER_LINES, len(prose.NUMBER_LINES)),
    }
    plan = (
        "fact", "official", "fact", "background", "critic", "fact", "numbers", "analyst", "fact",
        "resident", "background", "official", "fact", "critic", "numbers", "analyst",
    )  # fmt: skip
    wanted = rng.randint(5, 15)
    unnamed = {"official", "critic"}
    paragraphs = [lede]
    for kind in plan:
        if len(paragraphs) >= wanted - 1:
            break
        pool = pools[kind]
        if not pool:
            continue
        if kind in unnamed:
            # A person's first appearance gives their role, as a reporter would write it.
            unnamed.discard(kind)
            first = next(i for i, t in enumerate(pool) if f"{{{kind}_role}}" in t)
            sentences = [pool.pop(first)]
        else:
            sentences = [pool.pop()]
        # Quotes stand alone; facts and context often come in pairs, as in wire copy.
        if kind in ("fact", "background", "numbers") and rng.random() < 0.5:
            partner = pools["fact"] or pools["background"]
            if partner:
                sentences.append(partner.pop())
        paragraphs.append(" ".join(s.format(**fills) for s in sentences))
    paragraphs.append(rng.choice(prose.OUTLOOK_LINES).format(**fills))
    return tuple(paragraphs)
