"""Near-duplicate detection: which copies of a story are one story, which look-alikes are not."""

from __future__ import annotations

import random

import pytest

from newsbot.similarity import compare, fingerprint, is_copy
from newsbot.similarity.lookup import text_of
from newsbot.similarity.match import Text
from tests.corpus import cases, require_corpus

DAY = 86400
T0 = 1_750_000_000

STORY = [
    "The regional council voted on Tuesday evening to close the old Harbour Street bridge to "
    "all motor traffic from next month, after engineers found corrosion in three of its "
    "supporting piers during a routine inspection in the spring.",
    "Council leader Maria Okafor said the decision had not been taken lightly, but that the "
    "safety of residents and visitors had to come first. Pedestrians and cyclists will still "
    "be able to use the crossing while a long-term plan is drawn up.",
    "The bridge, which opened in 1911, carries around 14,000 vehicles a day. Local businesses "
    "on the eastern bank warned that the closure could cut their trade by a third and asked "
    "the council for a temporary relief fund.",
    "Engineers estimate that repairs would cost between 9 and 12 million euros and take at "
    "least eighteen months. A replacement bridge further upstream has been discussed for a "
    "decade but never funded.",
    "Opposition councillors accused the administration of neglecting the structure for years "
    "and called for an independent review of how the inspections had been carried out since "
    "the last major repair in 1987.",
    "A public meeting about diversion routes and bus services will be held at the town hall "
    "next Thursday, and the council has set up a telephone line for questions from residents.",
]

OTHER_STORY = [
    "Firefighters spent most of Sunday night bringing a blaze at a disused textile mill under "
    "control, after flames were first reported by a passing taxi driver shortly before ten.",
    "Nobody was hurt, the fire service said, although several families living nearby were "
    "asked to keep their windows closed because of the thick smoke drifting across the valley.",
    "The mill has stood empty since the last looms were switched off in the late nineties, and "
    "neighbours said teenagers had often been seen climbing through its broken windows.",
    "An investigation into the cause of the fire is under way and police have appealed for "
    "anyone with dashcam footage of the area to come forward.",
]

BRIDGE = [
    *STORY,
    "Residents on the western bank said they had noticed cracks in the pavement above the "
    "piers for years and had reported them to the council several times without an answer.",
    "The council's transport committee will meet again in the autumn to decide whether the "
    "bridge should be repaired or replaced, and how either option could be paid for.",
    "Until then, delivery lorries will be directed to the ring road, adding around fifteen "
    "minutes to journeys between the industrial estate and the town centre.",
    "Emergency services have been consulted on the closure and say response times to the "
    "eastern districts should not be affected, as ambulances will use the Mill Lane crossing.",
]

FOLLOW_UP = [
    *BRIDGE[:5],
    *OTHER_STORY,
    "Officials said the blaze and the bridge closure had stretched the town's emergency "
    "services further than at any time since the floods three winters ago.",
    "The fire brigade has asked the council for two additional crews over the summer while "
    "the diversions are in place, a request councillors will consider next week.",
]

UPDATE = [
    "The council confirmed on Wednesday evening that the Harbour Street bridge will close at "
    "midnight on Sunday, three days earlier than planned, after a further inspection.",
    *[p.replace("14,000 vehicles", "15,000 vehicles") for p in BRIDGE[:8]],
    "A council spokesperson said the earlier date followed advice from the engineers who "
    "carried out Wednesday's inspection, which found the corrosion had spread to a fourth pier.",
]


BOILERPLATE = [
    "Sign up for our morning newsletter and get the day's top stories in your inbox.",
    "Follow us on Facebook and Instagram for the latest updates.",
    "Advertisement",
]


def body(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def judge(
    a: str,
    b: str,
    a_headline: str = "Harbour Street bridge to close to traffic",
    b_headline: str = "Harbour Street bridge closing",
    days: float = 0.2,
) -> bool:
    fa, fb = fingerprint(a, a_headline), fingerprint(b, b_headline)
    found = bool(set(fa.bands) & set(fb.bands)) or fa.content_hash == fb.content_hash
    signals = compare(text_of(fa, T0), text_of(fb, T0 + int(days * DAY)))
    return found and is_copy(signals)


def test_quotes_dashes_and_whitespace_do_not_change_the_content_hash() -> None:
    plain = body(STORY)
    styled = plain.replace("'", "’").replace(" a ", "  a ").replace("\n\n", "\n \n")
    assert fingerprint(plain).content_hash == fingerprint(styled).content_hash
    assert fingerprint(plain).content_hash != fingerprint(body(STORY[:-1])).content_hash


@pytest.mark.parametrize(
    ("name", "copy"),
    [
        ("other boilerplate", [BOILERPLATE[0], *STORY, *BOILERPLATE[1:]]),
        ("trimmed", STORY[:4]),
        ("brief", STORY[:2]),
        ("read more inserts", [*STORY[:2], "READ MORE: Mill fire under control", *STORY[2:]]),
        ("outlet paragraphs added", [*STORY, OTHER_STORY[3], "Our reporter was at the vote."]),
        (
            "update on top",
            [
                "This story has been updated.",
                STORY[0],
                "The council later said the closure would start on the 3rd.",
                *STORY[1:],
            ],
        ),
    ],
)
def test_copies_are_one_story(name: str, copy: list[str]) -> None:
    assert judge(body(STORY), body(copy)), name
    assert judge(body(copy), body(STORY)), f"{name}, other way round"


def test_a_different_story_is_not_a_copy() -> None:
    assert not judge(body(STORY), body(OTHER_STORY))


def test_sharing_the_first_paragraph_is_not_enough() -> None:
    assert not judge(body(STORY), body([STORY[0], *OTHER_STORY]), b_headline="Mill fire")


def test_the_same_template_with_other_figures_and_names_is_another_story() -> None:
    template = (
        "{team} beat {other} {a}-{b} on Saturday in front of {crowd} fans.\n\n"
        "{scorer} opened the scoring in the {m}th minute before {scorer2} added a second "
        "after {m2} minutes, and the visitors could not find a way back into the game.\n\n"
        "The result leaves {team} {pos}th in the table with {pts} points from {games} games, "
        "while {other} stay on {pts2} points after a difficult run of results this autumn."
    )
    rng = random.Random(1)

    def fill(team: str, other: str, scorer: str, scorer2: str) -> str:
        values = {k: rng.randint(10, 60) for k in ("crowd", "m", "m2", "pos", "pts", "pts2")}
        return template.format(team=team, other=other, scorer=scorer, scorer2=scorer2,
                               a=rng.randint(2, 5), b=rng.randint(0, 1), games=rng.randint(20, 38),
                               **values)  # fmt: skip

    first = fill("Rovers", "Albion", "Miller", "Tanaka")
    second = fill("United", "County", "Novak", "Haddad")
    assert not judge(first, second, "Rovers beat Albion", "United beat County")
    reposted = first.replace("Saturday", "Saturday afternoon") + "\n\nFollow us on Facebook."
    assert judge(first, reposted, "Rovers beat Albion", "Rovers win")


def test_copies_published_weeks_apart_are_other_stories() -> None:
    assert judge(body(STORY), body(STORY[:4]), days=3)
    assert not judge(body(STORY), body(STORY[:4]), days=40)


def test_fingerprints_are_stable_across_processes() -> None:
    # Stored fingerprints are compared with new ones in later runs: no per-process hashing.
    fp = fingerprint(body(STORY), "Harbour Street bridge to close to traffic")
    assert fp.content_hash == fingerprint(body(STORY), "x").content_hash
    assert format(fp.content_hash & (2**64 - 1), "016x") == "%016x" % (fp.content_hash % 2**64)
    assert fp.bands == fingerprint(body(STORY), "another headline").bands
    assert len(fp.sketch) % 2 == 1 and len(fp.lede) == 16 and len(fp.headline) == 16


def test_text_without_words_has_no_bands() -> None:
    assert fingerprint("", None).bands == ()


def corpus_bodies(count: int) -> list[tuple[str, str]]:
    out = []
    for case in cases("fundus"):
        exp = case.expected
        paragraphs = [p for p in (exp.get("body") or "").split("\n\n") if p.strip()]
        if len(paragraphs) >= 5 and len((exp.get("body") or "").split()) >= 200:
            out.append((exp.get("title") or "", exp["body"]))
        if len(out) == count:
            break
    return out


def test_corpus_articles_and_their_edited_copies() -> None:
    require_corpus()
    bodies = corpus_bodies(30)
    assert len(bodies) == 30
    rng = random.Random(5)
    for headline, text in bodies:
        paragraphs = text.split("\n\n")
        trimmed = body(paragraphs[: max(3, len(paragraphs) * 2 // 3)])
        styled = body([BOILERPLATE[0], *paragraphs, BOILERPLATE[1]]).replace('"', "“")
        assert judge(text, trimmed, headline, headline), headline
        assert judge(text, styled, headline, headline), headline
    merged = 0
    for (h1, t1), (h2, t2) in zip(bodies, bodies[1:] + bodies[:1], strict=True):
        merged += judge(t1, t2, h1, h2, days=rng.random())
    assert merged == 0


def test_a_follow_up_that_reuses_the_opening_is_another_story() -> None:
    assert not judge(body(BRIDGE), body(FOLLOW_UP), b_headline="Mill fire stretches services")
    assert not judge(body(FOLLOW_UP), body(BRIDGE), a_headline="Mill fire stretches services")


def test_a_wire_update_is_the_story() -> None:
    assert judge(body(BRIDGE), body(UPDATE), days=1)
    assert judge(body(UPDATE), body(BRIDGE), days=1)


def test_a_doc_of_an_earlier_state_is_still_compared() -> None:
    # Before issue 20 a sketch had no format byte and "numbers" was a list of uint16 hashes.
    fp = fingerprint(body(STORY), "Harbour Street bridge to close to traffic")
    earlier = Text(fp.size, fp.sketch[1:], fp.lede, fp.headline, b"\x02\x00\x10\x00", T0)
    brief = fingerprint(body(STORY[:3]), "Harbour Street bridge closing")
    signals = compare(text_of(brief, T0 + 3600), earlier)
    assert is_copy(signals) and (signals.slots_same, signals.slots_differ) == (0, 0)
