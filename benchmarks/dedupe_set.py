"""The labelled near-duplicate set of ``benchmarks/dedupe.py``: generated at run time, seeded.

Three families of originals, each split into a tuning part and a held-out part:

- ``corpus``: bodies of the shared corpus (many languages), held out by publisher;
- ``prose``: stories of the demo's prose generator (same-topic stories share sentence
  templates and background lines), held out by topic;
- ``template``: automated stories (earnings, match reports, weather, markets, earthquakes,
  police appeals, elections; English, German, French, Spanish, Japanese), many stories per
  template, held out by template.

Each original gets copies of the classes the issue names (``copy`` with light edits,
``brief``, ``added`` outlet paragraphs, wire ``update``, ``trim``), all of its story, and
hard negatives that are other stories: ``followup`` (the first 5-6 paragraphs reused, then
a long different continuation) and every other story of its template.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from newsbot.demo import prose
from newsbot.demo.stories import SitePlan, _story
from tests.corpus import cases

HOUR = 3600
DAY = 86400
T0 = 1_767_225_600  # 2026-01-01


@dataclass
class Doc:
    """One article of the labelled set."""

    id: int
    cluster: int
    """Documents of one cluster are one story; every other pair is not."""
    kind: str
    family: str
    group: str
    """Template, publisher or topic: the unit held out."""
    split: str
    """``tune`` or ``heldout``."""
    lang: str
    headline: str
    body: str
    published: int
    reuses: int | None = None
    """For a follow-up: the cluster of the story whose first paragraphs it reuses."""

    @property
    def iso(self) -> str:
        return datetime.fromtimestamp(self.published, UTC).isoformat()


HELD_OUT_TEMPLATES = {"earnings-en", "weather-en", "markets-en", "match-es", "quake-en"}
"""One template of each kind the issue names, and a kind never tuned on (earthquakes)."""


def held_out(group: str) -> bool:
    """Those templates, and a third of the publishers and topics (by a stable hash)."""
    return group in HELD_OUT_TEMPLATES or zlib.crc32(group.encode()) % 3 == 0


# -- text pools --------------------------------------------------------------------------------

BOILERPLATE = {
    "en": [
        "Sign up for our morning newsletter and get the day's top stories in your inbox.",
        "© 2026 The Daily Courier. All rights reserved. This material may not be published, "
        "broadcast, rewritten or redistributed.",
        "Follow us on Facebook, X and Instagram for the latest updates.",
        "This article originally appeared on a partner site and is republished with permission.",
        "Have a news tip? Contact our newsroom.",
        "Advertisement",
        "Reporting by staff writers; editing by the news desk.",
        "Read the full story on our website.",
    ],
    "de": [
        "Abonnieren Sie unseren Newsletter und erhalten Sie die wichtigsten Nachrichten.",
        "© 2026 Nachrichtenagentur. Alle Rechte vorbehalten.",
        "Folgen Sie uns auf Facebook und Instagram.",
        "Anzeige",
        "Mehr zum Thema lesen Sie auf unserer Website.",
    ],
    "fr": [
        "Inscrivez-vous à notre newsletter pour recevoir l'essentiel de l'actualité.",
        "© 2026 Agence de presse. Tous droits réservés.",
        "Publicité",
        "Suivez-nous sur Facebook et Instagram.",
    ],
    "es": [
        "Suscríbase a nuestro boletín y reciba las noticias más importantes del día.",
        "© 2026 Agencia de noticias. Todos los derechos reservados.",
        "Publicidad",
        "Síganos en Facebook e Instagram.",
    ],
}

SUBSTITUTIONS = {
    "en": [
        (r"\bsaid\b", "told reporters"),
        (r"\bpercent\b", "per cent"),
        (r"\bMr\. ", "Mr "),
        (r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", r"\1"),
        (r"\bhowever\b", "though"),
        (r"\babout\b", "around"),
        (r"\bbut\b", "yet"),
        (r"\bwill\b", "would"),
    ],
    "de": [
        (r"\bsagte\b", "erklärte"),
        (r"\baber\b", "jedoch"),
        (r"\betwa\b", "rund"),
        (r"\bProzent\b", "Prozent"),
    ],
    "fr": [
        (r"\ba déclaré\b", "a indiqué"),
        (r"\benviron\b", "près de"),
        (r"\bmais\b", "cependant"),
    ],
    "es": [(r"\bdijo\b", "afirmó"), (r"\bunos\b", "alrededor de"), (r"\bpero\b", "aunque")],
}


def sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?。])\s+", paragraph) if s]


# -- edits -------------------------------------------------------------------------------------


def light_edit(paras: list[str], lang: str, rng: random.Random) -> list[str]:
    """Quotes, dashes, spaces, a word here and there, rarely a sentence cut: as a copy desk."""
    subs = SUBSTITUTIONS.get(lang, [])
    out = []
    for p in paras:
        if subs and rng.random() < 0.3:
            pattern, repl = rng.choice(subs)
            p = re.sub(pattern, repl, p, count=1)
        parts = sentences(p)
        if len(parts) > 2 and rng.random() < 0.1:
            p = " ".join(parts[:-1])
        if rng.random() < 0.05:
            p = re.sub(r"(\d),(\d\d\d)\b", r"\1\2", p)
        out.append(p)
    text = "\n\n".join(out)
    if rng.random() < 0.5:
        text = re.sub(r'"([^"\n]*)"', "“\\1”", text)
    else:
        text = text.replace("“", '"').replace("”", '"')
    text = text.replace("'", "’").replace(" - ", " – ")
    text = re.sub(r" (?=\w)", lambda m: "  " if rng.random() < 0.03 else " ", text)
    return text.split("\n\n")


def with_boilerplate(paras: list[str], lang: str, rng: random.Random) -> list[str]:
    pool = BOILERPLATE.get(lang, BOILERPLATE["en"])
    head = rng.sample(pool, rng.randint(0, 1))
    tail = rng.sample(pool, rng.randint(1, 3))
    return head + paras + tail


def rewrite_headline(headline: str, rng: random.Random) -> str:
    ws = headline.split()
    if rng.random() < 0.5:
        rng.shuffle(ws)
    ws = ws[: max(3, len(ws) * 3 // 4)]
    return rng.choice(["", "", "UPDATE: ", "Breaking: ", "WATCH: "]) + " ".join(ws)


def change_figure(paras: list[str], rng: random.Random) -> list[str]:
    """One figure of the story moves on (a toll, a price, a count), everywhere it appears."""
    figures = sorted({m for p in paras[1:] for m in re.findall(r"\b\d[\d,.]*\d\b|\b\d\b", p)})
    if not figures:
        return paras
    old = rng.choice(figures)
    digits = re.sub(r"\D", "", old)
    new = str(int(digits) + rng.randint(1, 9) * max(1, int(digits) // 10))
    return [re.sub(rf"(?<![\d,.]){re.escape(old)}(?![\d,]\d)", new, p) for p in paras]


@dataclass
class Pools:
    """Text to draw new paragraphs from, per language (paragraphs of articles that are not
    in the set, each drawn once while the language has fresh ones), and the headlines of the
    set for "READ MORE" lines."""

    paragraphs: dict[str, list[str]]
    headlines: list[str]

    def take(self, lang: str, rng: random.Random, count: int) -> list[str]:
        if len(self.paragraphs.get(lang, [])) < count:
            lang = "en"
        pool = self.paragraphs[lang]
        if len(pool) < count:  # every paragraph used: start again
            pool += [p for other in self.paragraphs.values() for p in other][: 50 * count]
            rng.shuffle(pool)
        return [pool.pop() for _ in range(count)]


def copy(paras: list[str], lang: str, rng: random.Random, pools: Pools) -> list[str]:
    out = light_edit(paras, lang, rng)
    if rng.random() < 0.3:
        out.insert(rng.randint(1, len(out)), f"READ MORE: {rng.choice(pools.headlines)}")
    return with_boilerplate(out, lang, rng)


def brief(paras: list[str], lang: str, rng: random.Random, pools: Pools) -> list[str]:
    keep = rng.choice([2, 2, 3])
    return with_boilerplate(light_edit(paras[:keep], lang, rng), lang, rng)


def trim(paras: list[str], lang: str, rng: random.Random, pools: Pools) -> list[str]:
    keep = max(2, round(len(paras) * rng.uniform(0.55, 0.85)))
    return with_boilerplate(light_edit(paras[:keep], lang, rng), lang, rng)


def added(paras: list[str], lang: str, rng: random.Random, pools: Pools) -> list[str]:
    """The outlet's own paragraphs (local reaction, background) added to the copy."""
    out = light_edit(paras, lang, rng)
    for p in pools.take(lang, rng, rng.randint(1, 3)):
        where = rng.random()
        if where < 0.6:
            out.append(p)
        elif where < 0.8:
            out.insert(1, p)
        else:
            out.insert(rng.randint(1, len(out)), p)
    return with_boilerplate(out, lang, rng)


def update(paras: list[str], lang: str, rng: random.Random, pools: Pools) -> list[str]:
    """A wire update: a new lede on top, the original's lede and most of its body, new
    paragraphs, a figure changed."""
    body = change_figure(list(paras), rng)
    if len(body) > 5 and rng.random() < 0.5:
        body.pop(rng.randint(2, len(body) - 1))
    new = pools.take(lang, rng, rng.randint(2, 3))
    out = [new[0], *body]
    for p in new[1:]:
        out.insert(rng.randint(2, len(out)), p)
    return with_boilerplate(light_edit(out, lang, rng), lang, rng)


def followup(paras: list[str], lang: str, rng: random.Random, pools: Pools) -> list[str]:
    """Another story: it reuses the first 5-6 paragraphs, then goes on with new text."""
    keep = min(rng.choice([5, 6]), len(paras) - 2)
    continuation = pools.take(lang, rng, rng.randint(max(4, keep), 12))
    return with_boilerplate(light_edit(paras[:keep] + continuation, lang, rng), lang, rng)


def correction(paras: list[str], lang: str, rng: random.Random, pools: Pools) -> list[str]:
    """An automated story's update: a figure corrected, a note on top."""
    note = rng.choice(["Updated with revised figures.", "Corrects a figure in the story.",
                       "This story has been updated."])  # fmt: skip
    return with_boilerplate([note, *change_figure(list(paras), rng)], lang, rng)


EDITS: dict[str, Callable[[list[str], str, random.Random, Pools], list[str]]] = {
    "copy": copy,
    "brief": brief,
    "added": added,
    "update": update,
    "trim": trim,
    "correction": correction,
}


# -- automated stories -------------------------------------------------------------------------

COMPANIES = ["Acme Corp", "Globex", "Initech", "Umbrella Holdings", "Stark Industries",
             "Wayne Enterprises", "Hooli", "Vandelay Industries", "Soylent", "Tyrell",
             "Cyberdyne", "Oscorp", "Massive Dynamic", "Wonka Industries"]  # fmt: skip
TEAMS_EN = ["Rovers", "United", "City", "Athletic", "Wanderers", "Albion", "Town", "County",
            "Rangers", "Harriers"]  # fmt: skip
TEAMS_DE = ["Borussia Velmora", "FC Kessington", "SV Brackwater", "Eintracht Oston",
            "VfL Marrowgate", "TSG Hollin", "1. FC Redmarsh", "SC Tarrow"]  # fmt: skip
TEAMS_ES = ["Real Velmora", "Atlético Oston", "Deportivo Caldera", "CD Hollin",
            "Racing Tarrow", "Sporting Brackwater", "UD Linden", "CF Saltmere"]  # fmt: skip
CITIES = list(prose.CITIES[:12])
NAMES = [f"{f} {last}" for f, last in zip(prose.FIRST_NAMES, prose.LAST_NAMES, strict=False)]
WEEKDAYS_EN = list(prose.WEEKDAYS)
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
WEEKDAYS_ES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]


def _values(rng: random.Random) -> dict[str, object]:
    """Slot values for any template: each template reads the ones it names."""
    home, away = rng.sample(range(8), 2)
    r = rng.randint
    return {
        "co": rng.choice(COMPANIES), "ticker": "".join(rng.sample("ABCDEFGHKLMNPRSTWXZ", 3)),
        "rev": r(100, 9000), "pct": r(2, 40), "ni": r(10, 900), "ni0": r(10, 900),
        "eps": f"{r(10, 300) / 100:.2f}", "eps0": f"{r(10, 300) / 100:.2f}",
        "est": f"{r(10, 300) / 100:.2f}", "g1": f"{r(10, 90) / 10:.1f}",
        "g2": f"{r(91, 150) / 10:.1f}", "spct": f"{r(5, 150) / 10:.1f}", "price": r(12, 400),
        "ceo": rng.choice(NAMES), "q": rng.choice(["first", "second", "third", "fourth"]),
        "home_en": TEAMS_EN[home], "away_en": TEAMS_EN[away], "home_de": TEAMS_DE[home],
        "away_de": TEAMS_DE[away], "home_es": TEAMS_ES[home], "away_es": TEAMS_ES[away],
        "hs": r(1, 5), "as_": r(0, 1), "crowd": f"{r(2, 75) * 1000 + r(0, 999):,}",
        "s1": rng.choice(NAMES), "s2": rng.choice(NAMES), "s3": rng.choice(NAMES),
        "m1": r(3, 44), "m2": r(46, 89), "m3": r(60, 90), "pos": r(2, 18), "pts": r(8, 70),
        "games": r(10, 34), "pts2": r(8, 70),
        "city": rng.choice(CITIES), "hi": r(-5, 36), "lo": r(-12, 20), "wind": r(5, 90),
        "rain": r(0, 100), "uv": r(1, 11), "hum": r(20, 99),
        "index": rng.choice(["Composite", "Industrial Average", "Tech 100", "Small Cap 600"]),
        "pts_move": f"{r(5, 900) / 10:.1f}", "level": f"{r(2000, 40000):,}.{r(10, 99)}",
        "idx_pct": f"{r(1, 250) / 100:.2f}", "vol": f"{r(2, 9)}.{r(1, 9)}",
        "gain_co": rng.choice(COMPANIES), "gain": f"{r(20, 190) / 10:.1f}",
        "lose_co": rng.choice(COMPANIES), "loss": f"{r(20, 190) / 10:.1f}",
        "oil": f"{r(600, 950) / 10:.2f}", "gold": f"{r(1800, 2600):,}",
        "mag": f"{r(30, 72) / 10:.1f}", "km": r(3, 180), "dir": rng.choice(["N", "NE", "E",
        "SE", "S", "SW", "W", "NW"]), "depth": r(2, 70), "hh": f"{r(0, 23):02d}",
        "mm": f"{r(0, 59):02d}", "felt": r(5, 900),
        "street": rng.choice(["Mill", "Station", "Church", "Kings", "Queen", "High"]),
        "age": r(16, 80), "age2": r(16, 80), "ref": r(100, 999), "crime": rng.choice(
            ["stabbing", "robbery", "burglary", "assault"]),
        "cand": rng.choice(NAMES), "cand2": rng.choice(NAMES), "party": rng.choice(
            ["Labour", "Liberal", "Green", "Conservative", "Independent"]),
        "party2": rng.choice(["Labour", "Liberal", "Green", "Conservative"]),
        "votes": f"{r(5000, 40000):,}", "votes2": f"{r(3000, 30000):,}",
        "turnout": r(35, 80), "ward": rng.choice(CITIES) + rng.choice([" North", " South",
        " East", " West", " Central"]),
        "day_en": rng.choice(WEEKDAYS_EN), "day_de": rng.choice(WEEKDAYS_DE),
        "day_fr": rng.choice(WEEKDAYS_FR), "day_es": rng.choice(WEEKDAYS_ES),
        "jp_lvl": f"{r(30000, 42000):,}", "jp_move": r(10, 900), "jp_vol": r(10, 40),
        "jp_fx": f"{r(1400, 1600) / 10:.1f}", "jp_co": rng.choice(["トヨタ自動車", "ソニーグループ",
        "任天堂", "三菱商事", "ソフトバンクグループ"]), "jp_pct": f"{r(1, 90) / 10:.1f}",
    }  # fmt: skip


@dataclass(frozen=True)
class Template:
    """An automated story: a headline and paragraphs, ``[a|b]`` picks a wording per story."""

    name: str
    lang: str
    headline: str
    paragraphs: tuple[str, ...]


TEMPLATES = (
    Template("earnings-en", "en", "{co} [reports|posts] {q}-quarter [profit|results]", (
        "{co} ({ticker}) on {day_en} reported {q}-quarter revenue of ${rev} million, [up|down] "
        "{pct} percent from a year earlier, the company said in a statement.",
        "Net income [came to|was] ${ni} million, or ${eps} per share, compared with ${ni0} "
        "million, or ${eps0} per share, in the same period last year.",
        "Analysts [polled by|surveyed by] market data providers had expected earnings of ${est} "
        "per share.",
        "Chief executive {ceo} said the company [remained confident in|was reaffirming] its "
        "full-year outlook of revenue between ${g1} billion and ${g2} billion.",
        "Shares of {co} were [up|down] {spct} percent at ${price} in extended trading.",
        "The company's results are reported under generally accepted accounting principles; "
        "adjusted figures exclude one-time items such as restructuring charges, impairments "
        "and gains or losses on the sale of businesses.",
        "This story was generated automatically from company filings.",
    )),
    Template("match-en", "en", "{home_en} [beat|see off|edge past] {away_en} {hs}-{as_}", (
        "{home_en} beat {away_en} {hs}-{as_} on {day_en} in front of {crowd} fans.",
        "{s1} opened the scoring in the {m1}th minute [before|and] {s2} added a second "
        "after {m2} minutes.",
        "{away_en} [pulled one back|replied] through {s3} in the {m3}th minute but could not "
        "find an equaliser.",
        "The result leaves {home_en} in {pos}th place with {pts} points from {games} games, "
        "while {away_en} stay on {pts2} points.",
        "The league's top two clubs at the end of the season win automatic promotion, while "
        "the teams finishing third to sixth go into the play-offs for the final promotion place "
        "at the national stadium in May.",
    )),
    Template("weather-en", "en", "{city} weather: [highs of|up to] {hi}C [on|this] {day_en}", (
        "{city} can expect [a mostly dry|a changeable|a bright] {day_en} with a high of {hi}C "
        "and a low of {lo}C overnight, forecasters said.",
        "Winds from the [west|south|north] will reach {wind} km/h [in the afternoon|by "
        "evening], and the chance of rain stands at {rain} percent.",
        "The UV index will peak at {uv} around midday, with humidity near {hum} percent.",
        "Forecasters advise residents to check the latest warnings before travelling, to keep "
        "an eye on elderly neighbours during spells of extreme weather and to follow the "
        "advice of local authorities if conditions change during the day.",
        "Forecast data supplied by the national weather service.",
    )),
    Template("markets-en", "en", "Stocks [close|end] [higher|lower]: {index} at {level}", (
        "The {index} [closed|ended] [up|down] {pts_move} points, or {idx_pct} percent, at "
        "{level} on {day_en}, in trading volume of {vol} billion shares.",
        "{gain_co} led the gainers, rising {gain} percent, while {lose_co} fell {loss} percent.",
        "Brent crude settled at ${oil} a barrel and gold [traded at|was at] ${gold} an ounce.",
        "Investors continue to weigh the outlook for interest rates, with traders watching "
        "for any signal from the central bank about the timing of its next move and for "
        "fresh data on inflation, jobs and consumer spending later in the week.",
        "Market data delayed by at least 15 minutes.",
    )),
    Template("police-en", "en", "Police appeal after {crime} in {city}", (
        "Police in {city} are appealing for witnesses after a {crime} on {street} Road at "
        "around {hh}:{mm} on {day_en}.",
        "Officers said a {age}-year-old [man|woman] was taken to hospital with injuries that "
        "are not thought to be life-threatening.",
        "A {age2}-year-old man was arrested [at the scene|nearby] and remains in custody, a "
        "spokesperson said.",
        "Anyone with information is asked to call the force on 101, quoting incident "
        "{ref}.",
    )),
    Template("quake-en", "en", "Magnitude {mag} earthquake [strikes|hits] near {city}", (
        "A magnitude {mag} earthquake struck {km} km {dir} of {city} at {hh}:{mm} local time "
        "on {day_en}, the geological survey said.",
        "The quake [was recorded|occurred] at a depth of {depth} km. More than {felt} people "
        "reported feeling the shaking [on the survey's website|online].",
        "There were no immediate reports of damage or injuries.",
        "Earthquakes of this size are common in the region, which sits near the boundary of "
        "two tectonic plates; the survey publishes preliminary magnitudes within minutes and "
        "may revise them as more data from monitoring stations are analysed.",
        "This report was generated automatically from seismic data.",
    )),
    Template("election-en", "en", "{cand} wins {ward} for {party}", (
        "{cand} of the {party} party won the {ward} seat with {votes} votes, the returning "
        "officer announced on {day_en}.",
        "{cand2} of the {party2} party came second with {votes2} votes.",
        "Turnout was {turnout} percent. [The seat was previously held by the {party2} "
        "party.|The result was declared shortly after midnight.]",
    )),
    Template("earnings-de", "de", "{co} [steigert|meldet] Umsatz im {q} Quartal", (
        "{co} hat am {day_de} für das abgelaufene Quartal einen Umsatz von {rev} Millionen "
        "Euro gemeldet, {pct} Prozent [mehr|weniger] als im Vorjahr.",
        "Der Nettogewinn lag bei {ni} Millionen Euro nach {ni0} Millionen Euro vor einem Jahr; "
        "je Aktie wurden {eps} Euro verdient.",
        "Analysten hatten im Schnitt mit {est} Euro je Aktie gerechnet.",
        "Vorstandschef {ceo} bestätigte die Prognose für das Gesamtjahr.",
        "Die Aktie [stieg|fiel] nachbörslich um {spct} Prozent auf {price} Euro.",
    )),
    Template("match-de", "de", "{home_de} [schlägt|besiegt] {away_de} mit {hs}:{as_}", (
        "{home_de} hat am {day_de} vor {crowd} Zuschauern mit {hs}:{as_} gegen {away_de} "
        "gewonnen.",
        "{s1} traf in der {m1}. Minute zur Führung, {s2} erhöhte nach {m2} Minuten.",
        "Der Anschlusstreffer durch {s3} in der {m3}. Minute kam für {away_de} zu spät.",
        "Die beiden besten Mannschaften am Saisonende steigen direkt auf, der Tabellendritte "
        "muss in die Relegation, in der er in Hin- und Rückspiel gegen den Drittletzten der "
        "höheren Liga antritt.",
        "{home_de} steht nun mit {pts} Punkten aus {games} Spielen auf Platz {pos}.",
    )),
    Template("weather-fr", "fr", "Météo à {city} : jusqu'à {hi} degrés {day_fr}", (
        "À {city}, la journée de {day_fr} sera [ensoleillée|nuageuse|variable] avec une "
        "température maximale de {hi} degrés et une minimale de {lo} degrés.",
        "Le vent soufflera jusqu'à {wind} km/h et le risque de pluie est de {rain} %.",
        "L'indice UV atteindra {uv} en milieu de journée, avec une humidité de {hum} %.",
        "Les autorités recommandent de consulter les dernières vigilances avant tout "
        "déplacement, de veiller sur les personnes âgées lors des épisodes de fortes "
        "chaleurs et de suivre les consignes des services locaux.",
        "Prévisions fournies par le service météorologique national.",
    )),
    Template("match-es", "es", "{home_es} [gana|vence] a {away_es} por {hs}-{as_}", (
        "{home_es} venció {hs}-{as_} a {away_es} el {day_es} ante {crowd} espectadores.",
        "{s1} abrió el marcador en el minuto {m1} y {s2} amplió la ventaja en el minuto {m2}.",
        "{away_es} descontó por medio de {s3} en el minuto {m3}, pero no logró empatar.",
        "Los dos primeros clasificados al final de la temporada ascienden de forma directa, "
        "mientras que los equipos del tercer al sexto puesto disputan una eliminatoria por "
        "la última plaza de ascenso.",
        "Con este resultado, {home_es} suma {pts} puntos en {games} partidos y ocupa el puesto "
        "{pos}.",
    )),
    Template("markets-ja", "ja", "日経平均、{jp_move}円[高|安]の{jp_lvl}円", (
        "{day_en}の東京株式市場で日経平均株価は前日比{jp_move}円[高|安]の{jp_lvl}円で取引を終えた。",
        "東証プライムの売買代金は概算で{jp_vol}億円だった。{jp_co}が{jp_pct}%[上昇|下落]した。",
        "外国為替市場では円相場が1ドル={jp_fx}円近辺で推移した。",
    )),
)  # fmt: skip

PER_DAY = {"earnings": 6, "match": 5, "weather": 4, "markets": 1, "police": 2, "quake": 2,
           "election": 8}  # fmt: skip
"""Stories of one template per day: many the same day (earnings season, a match day)."""


def render(text: str, values: dict[str, object], rng: random.Random) -> str:
    text = re.sub(r"\[([^\]]*)\]", lambda m: rng.choice(m.group(1).split("|")), text)
    return text.format(**values)


def template_story(template: Template, rng: random.Random) -> tuple[str, list[str]]:
    values = _values(rng)
    paras = [render(p, values, rng) for p in template.paragraphs]
    return render(template.headline, values, rng), paras


# -- the set -----------------------------------------------------------------------------------


def corpus_originals() -> list[tuple[str, str, str, list[str]]]:
    """(publisher, language, headline, paragraphs) of corpus articles, without the corpus's
    own near-copies (a fifth of the words' 4-shingles shared)."""
    out = []
    seen: list[set[str]] = []
    for case in cases():
        exp = case.expected
        paras = [p.strip() for p in (exp.get("body") or "").split("\n\n") if p.strip()]
        words = " ".join(paras).split()
        if len(words) < 120 or len(paras) < 4 or not exp.get("title"):
            continue
        shingles = {" ".join(words[i : i + 4]) for i in range(len(words) - 3)}
        if any(len(shingles & s) > 0.2 * min(len(s), len(shingles)) for s in seen):
            continue
        seen.append(shingles)
        publisher = case.meta.get("publisher") or case.id
        out.append((publisher, exp.get("language") or "en", exp["title"], paras))
    return out


def prose_originals(count: int, rng: random.Random) -> list[tuple[str, str, list[str]]]:
    """(topic, headline, paragraphs) of generated stories: stories of one topic share
    sentence templates (other names and figures), background and quotes."""
    plan = SitePlan("bench", count, "UTC", ("A B",), 1000, (1, 1))
    out = []
    for i in range(count):
        topic = prose.TOPICS[rng.randrange(len(prose.TOPICS))]
        story = _story(rng, plan, topic, rng.randrange(3), i, datetime(2026, 1, 1, tzinfo=UTC))
        out.append((topic.key, story.headline, list(story.paragraphs)))
    return out


def build(seed: int, *, templates: int = 40, prose_count: int = 160) -> list[Doc]:
    """The labelled set of ``seed``: same seed, same set."""
    rng = random.Random(seed)
    originals = corpus_originals()
    rng.shuffle(originals)
    # A third of the corpus articles only lend paragraphs (outlet additions, updates,
    # follow-up continuations), so no new paragraph is itself a story of the set.
    lenders, originals = originals[::3], [o for i, o in enumerate(originals) if i % 3]
    paragraphs: dict[str, list[str]] = {}
    for _, lang, _, paras in lenders:
        paragraphs.setdefault(lang, []).extend(p for p in paras if len(p.split()) >= 15)
    for pool in paragraphs.values():
        rng.shuffle(pool)
    pools = Pools(paragraphs, [h for _, _, h, _ in originals])
    docs: list[Doc] = []
    clusters = iter(range(10**9))

    def add(cluster: int, kind: str, family: str, group: str, lang: str, headline: str,
            paras: list[str], published: int, reuses: int | None = None) -> None:  # fmt: skip
        split = "heldout" if held_out(group) else "tune"
        docs.append(Doc(len(docs), cluster, kind, family, group, split, lang, headline,
                        "\n\n".join(paras), published, reuses))  # fmt: skip

    def story_with_copies(family: str, group: str, lang: str, headline: str,
                          paras: list[str], t0: int, kinds: list[str]) -> None:  # fmt: skip
        cluster = next(clusters)
        add(cluster, "original", family, group, lang, headline, paras, t0)
        for edit in kinds:
            text = EDITS[edit](paras, lang, rng, pools)
            kind = "update" if edit == "correction" else edit
            delay = rng.randint(HOUR, 48 * HOUR) if kind == "update" else rng.randint(0, 36 * HOUR)
            add(cluster, kind, family, group, lang, rewrite_headline(headline, rng), text,
                t0 + delay)  # fmt: skip
        if family != "template" and len(paras) >= 7 and rng.random() < 0.6:
            text = followup(paras, lang, rng, pools)
            add(next(clusters), "followup", family, group, lang, rng.choice(pools.headlines),
                text, t0 + rng.randint(3 * HOUR, 5 * DAY), cluster)  # fmt: skip

    prose_kinds = ["copy", "brief", "added", "update", "trim"]
    for publisher, lang, headline, paras in originals:
        if len(paras) > 8 and rng.random() < 0.5:  # as a wire would run it: 6 to 12 paragraphs
            paras = paras[: rng.randint(6, 12)]
        t0 = T0 + rng.randint(0, 120) * DAY + rng.randint(0, DAY)
        kinds = rng.sample(prose_kinds, rng.randint(1, 4))
        story_with_copies("corpus", publisher, lang, headline, paras, t0, kinds)
    for topic, headline, paras in prose_originals(prose_count, rng):
        t0 = T0 + rng.randint(0, 20) * DAY + rng.randint(0, DAY)
        kinds = rng.sample(prose_kinds, rng.randint(1, 3))
        story_with_copies("prose", topic, "en", headline, paras, t0, kinds)
    for template in TEMPLATES:
        per_day = PER_DAY[template.name.split("-")[0]]
        for i in range(templates):
            t0 = T0 + (i // per_day) * DAY + rng.randint(6 * HOUR, 22 * HOUR)
            headline, paras = template_story(template, rng)
            roll = rng.random()
            kinds = (["copy"] if roll < 0.5 else []) + (["brief"] if rng.random() < 0.2 else [])
            kinds += ["correction"] if rng.random() < 0.1 else []
            story_with_copies("template", template.name, template.lang, headline, paras, t0,
                              kinds)  # fmt: skip
    return docs
