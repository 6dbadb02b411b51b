"""Read raw date strings: exact formats first, dateparser only for what needs it.

Pure functions, no Scrapy. The rules the item follows:

- A string with an offset keeps it (``2017-06-30T13:17:00+03:00``): tz ``page``.
- A string without one is wall-clock time in the source's zone (tz ``source``), or, when
  nothing tells the zone, in UTC (tz ``none``, the flag).
- A date without a time of day stays a day: midnight in its zone, with precision ``day``
  (``datePublishedPrecision``), never an invented time. Otherwise precision is ``time``.
- Relative dates ("2 hours ago", "vor 2 Stunden", "hier à 13h17") are read against the
  download time, never against the clock.
- A numeric date read month first (English pages) that would lie after the download time is
  read day first ("06/01/2026" downloaded on 7 January 2026).
- Non-existent local times (the hour skipped when clocks go forward) move forward by the
  gap; ambiguous ones (the hour repeated when clocks go back) take the first, summer-time,
  reading (``fold=0``).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import cache, lru_cache
from typing import Any
from zoneinfo import ZoneInfo

EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
"""Nothing on the web we crawl was published before this."""

FUTURE_SKEW = timedelta(hours=2)
"""How far after the download time a date may lie (clock skew, zone mistakes)."""

NAIVE_SKEW = timedelta(hours=14)
"""The future skew for a wall-clock time read as UTC for want of a zone (UTC+14 exists)."""

DATEPARSER_CALLS_PER_PAGE = 3
"""dateparser costs 1-3 ms a call; a page gets at most this many."""

COARSE = timedelta(hours=48)
"""A relative date further back than this ("3 days ago") does not tell the day."""

RELATIVE_MAX_CHARS = 40
"""A relative date is a short phrase; longer text with "ago" in it is prose."""

DATEPARSER_MAX_CHARS = 60
"""Longer strings are prose, not dates; dateparser is slowest on what it cannot parse."""

DATEPARSER_LANGUAGES = frozenset({
    "en", "de", "fr", "es", "it", "pt", "nl", "ru", "ar", "tr", "ja", "zh", "ko", "sv", "nb",
    "da", "pl", "cs", "fi", "id", "vi", "uk", "hi", "el", "ro", "hu", "lt", "is", "sw", "zu",
})  # fmt: skip
"""Languages dateparser is asked about; an unknown page language falls back to English."""

DEFAULT_DATEPARSER_SETTINGS: dict[str, Any] = {
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}
"""Fixed settings; ``RELATIVE_BASE`` and ``TIMEZONE`` are set per call from the download time."""

_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip

_DAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Zone abbreviations that name one offset; ambiguous ones (IST, CST in China) are left out.
_ZONE_NAMES = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "west": 60, "cet": 60, "mez": 60,
    "cest": 120, "mesz": 120, "eet": 120, "eest": 180, "msk": 180, "trt": 180,
    "est": -300, "edt": -240, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480,
    "pdt": -420, "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "aest": 600, "aedt": 660,
    "wib": 420, "myt": 480, "pht": 480, "ict": 420, "sast": 120, "eat": 180, "wat": 60,
    "cat": 120, "nzst": 720, "nzdt": 780, "awst": 480, "hst": -600, "akst": -540,
    "akdt": -480, "pkt": 300, "art": -180, "brt": -180,
}  # fmt: skip


# US pages write "1:52 PM ET" all year round: the offset follows daylight saving time.
_US_ZONES = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}  # fmt: skip


@dataclass(frozen=True)
class ParsedDate:
    """A date read from a page, with where its zone came from and how precise it is."""

    value: datetime
    """Aware datetime in the zone it is reported in."""

    tz: str
    """``page`` (the string gave the offset), ``source`` (the sources file) or ``none`` (UTC)."""

    date_only: bool = False
    """The string named a day, not a time of day."""

    def isoformat(self) -> str:
        """ISO 8601 with seconds and offset."""
        return self.value.isoformat(timespec="seconds")


@dataclass
class ParseBudget:
    """Work left for one page: dateparser calls are capped per page."""

    dateparser_calls: int = DATEPARSER_CALLS_PER_PAGE
    languages: tuple[str, ...] = ()
    spent: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reading:
    """What a raw string says, before a zone is applied."""

    value: datetime  # aware when the string gave an offset, naive wall-clock otherwise
    date_only: bool


class Rejected(ValueError):
    """A date string that reads as a date nobody can have meant; ``reason`` names why."""

    def __init__(self, reason: str, raw: str) -> None:
        super().__init__(f"{raw!r}: {reason}")
        self.reason = reason


# --- month names ------------------------------------------------------------------------


@cache
def month_names() -> dict[str, int]:
    """Lower-cased month names and abbreviations of many languages -> month number.

    Taken from dateparser's language data, which has no name meaning two months.
    """
    names: dict[str, int] = {}
    for language in sorted(DATEPARSER_LANGUAGES):
        data = importlib.import_module(f"dateparser.data.date_translation_data.{language}").info
        for number, key in enumerate(_MONTH_KEYS, 1):
            for name in data.get(key, ()):
                name = name.lower().rstrip(".")
                if name.isalpha():
                    names.setdefault(name, number)
    return names


@cache
def day_names() -> frozenset[str]:
    """Lower-cased weekday names and abbreviations of the same languages."""
    names: set[str] = set()
    for language in sorted(DATEPARSER_LANGUAGES):
        data = importlib.import_module(f"dateparser.data.date_translation_data.{language}").info
        for key in _DAY_KEYS:
            names.update(n.lower().rstrip(".") for n in data.get(key, ()) if n.isalpha())
    return frozenset(names)


# --- the exact readers ------------------------------------------------------------------

_TIME = (
    r"(?:(?P<ampm1>오전|오후|午前|午後|上午|下午)\s*)?"
    r"(?P<hour>\d{1,2})\s*(?::|h|時|时|시|\.(?=\d\d\b))\s*(?P<minute>\d{2})"
    r"(?:\s*(?::|分|분)\s*(?P<second>\d{2})(?:[.,]\d+)?)?\s*(?:分|분|秒|초)?"
    r"(?:\s*(?P<ampm2>[ap]\.?\s?m\b\.?))?"
)
_ZONE = (
    r"(?P<zone>[zZ](?![a-z])|[+-]\d{2}:?\d{2}\b|(?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d{2})?"
    r"|\b(?:" + "|".join(sorted([*_ZONE_NAMES, *_US_ZONES], key=len, reverse=True)) + r")\b)"
)
_YMD = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)\s*(?P<sep>[-/.]|年|년)\s*(?P<month>\d{1,2})\s*(?:(?P=sep)|月|월)"
    r"\s*(?P<day>\d{1,2})(?!\d)\s*(?:日|일)?"
)
_DMY = re.compile(
    r"(?<![\d.])(?P<day>\d{1,2})\s*(?P<sep>[./-])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*"
    r"(?P<year>(?:19|20)?\d\d)(?![\d])"
)
_DAY_NAME_YEAR = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?\s*(?:de\s+|of\s+)?(?P<name>[^\W\d_]{3,12})\.?,?"
    r"\s*(?:de\s+|del\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"
)
_NAME_DAY_YEAR = re.compile(
    r"(?<![^\W\d_])(?P<name>[^\W\d_]{3,12})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year>(?:19|20)\d\d)(?!\d)"
)
_CTIME = re.compile(
    r"(?P<name>[a-z]{3})\s+(?P<day>\d{1,2})\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s+"
    r"(?P<zone>[a-z]{2,5}\s+)?(?P<year>(?:19|20)\d\d)\b"
)
_TIME_RE = re.compile(_TIME, re.IGNORECASE)
_ZONE_RE = re.compile(r"\s*(?:\(?\s*)" + _ZONE, re.IGNORECASE)
_HAS_YEAR = re.compile(r"\d{4}|\d\s*[./-]\s*\d{1,2}\s*[./-]\s*\d\d")
"""Every format read exactly has a four-digit year or a numeric d.m.yy date."""
_TIME_BEFORE = re.compile(
    r"(?<!\d)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s*(?P<ampm>[ap])\.?m\.?)?(?:\s*uhr)?"
    r"(?:\s*(?P<zone>[+-]\d{2}:?\d{2}|\b(?:"
    + "|".join(sorted([*_ZONE_NAMES, *_US_ZONES], key=len, reverse=True))
    + r")\b))?"
    r"[\s,|·•-]*(?:on\s+|am\s+)?(?:[^\W\d_]{2,12}\.?,?\s+)?$",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")
_COMPACT = re.compile(r"(?:19|20)\d{6}")


def _offset(text: str) -> tzinfo | None:
    text = text.strip()
    if text in _US_ZONES:  # upper case only: "et" is French for "and"
        return ZoneInfo(_US_ZONES[text])
    text = text.lower()
    if text in _ZONE_NAMES:
        return timezone(timedelta(minutes=_ZONE_NAMES[text]))
    m = re.fullmatch(r"(?:utc|gmt)?\s*([+-])\s*(\d{1,2}):?(\d{2})?", text)
    if not m:
        return None
    minutes = int(m[2]) * 60 + int(m[3] or 0)
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if m[1] == "-" else minutes))


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _time_after(text: str, start: int) -> tuple[int, int, int, tzinfo | None] | None:
    """The time of day that follows a date (within a short gap), with its zone if given."""
    gap = re.match(
        r"[\s,|·•@/–—-]*(?:(?:at|um|à|a las|alle|às|om|kl\.?|в|saat|T)\s*)?", text[start:], re.I
    )
    pos = start + (gap.end() if gap else 0)
    m = _TIME_RE.match(text, pos)
    if not m or pos - start > 12:
        return None
    hour, minute = int(m["hour"]), int(m["minute"])
    second = int(m["second"] or 0)
    ampm = (m["ampm1"] or m["ampm2"] or "").lower().replace(".", "").replace(" ", "")
    if ampm in ("pm", "오후", "午後", "下午") and hour < 12:
        hour += 12
    elif ampm in ("am", "오전", "午前", "上午") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    zone = None
    z = _ZONE_RE.match(text, m.end())
    if z:
        zone = _offset(z["zone"])
    return hour, minute, second, zone


def _time_before(text: str, start: int) -> tuple[int, int, int, tzinfo | None] | None:
    """A time of day written just before the date: ``13:17, 30 June 2017``,
    ``12:30 BST 30 June 2017``, ``3:41 PM EDT, Fri March 1, 2024``."""
    m = _TIME_BEFORE.search(text[max(0, start - 40) : start])
    if not m:
        return None
    hour, minute = int(m["hour"]), int(m["minute"])
    ampm = (m["ampm"] or "").lower()
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return hour, minute, 0, _offset(m["zone"]) if m["zone"] else None


def _build(year: int, month: int, day: int, text: str, start: int, end: int) -> Reading | None:
    try:
        day_value = date(year, month, day)
    except ValueError:
        return None
    found = _time_after(text, end) or _time_before(text, start)
    if found is None:
        return Reading(datetime(day_value.year, day_value.month, day_value.day), True)
    hour, minute, second, zone = found
    value = datetime(year, month, day, hour, minute, second, tzinfo=zone)
    return Reading(value, False)


def _iso(text: str) -> Reading | None:
    candidate = text.strip()
    if len(candidate) < 8 or not candidate[:4].isdigit():
        return None
    # "2024-05-03T15:47:42.389123456Z": Python reads at most microseconds.
    candidate = re.sub(r"(\.\d{6})\d+", r"\1", candidate)
    candidate = re.sub(r"\s*(UTC|GMT)$", "Z", candidate)
    candidate = re.sub(r"\s+([+-]\d\d:?\d\d)$", r"\1", candidate)
    try:
        value = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    date_only = len(candidate) <= 10
    return Reading(value, date_only)


def _rfc2822(text: str) -> Reading | None:
    if not re.match(r"\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", text):
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return Reading(value, False)


def _numeric(text: str, m: re.Match[str], start: int, month_first: bool) -> Reading | None:
    """``30.06.2017``, ``30/06/2017``; with slashes, English pages write the month first."""
    day, month = int(m["day"]), int(m["month"])
    if month > 12 or (m["sep"] == "/" and month_first and day <= 12):
        day, month = month, day
    return _build(_year(m["year"]), month, day, text, start, m.end())


def _exact(text: str, month_first: bool) -> Reading | None:
    """Formats read without dateparser; the first date in ``text`` wins."""
    if not _HAS_YEAR.search(text):
        return None
    if _EPOCH.fullmatch(text):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return Reading(datetime.fromtimestamp(seconds, UTC), False)
    if _COMPACT.fullmatch(text):
        return _iso(f"{text[:4]}-{text[4:6]}-{text[6:]}")
    reading = _iso(text) or _rfc2822(text)
    if reading:
        return reading
    lowered = text.lower()
    matches: list[tuple[int, Reading | None]] = []
    if m := _YMD.search(lowered):
        matches.append(
            (
                m.start(),
                _build(int(m["year"]), int(m["month"]), int(m["day"]), text, m.start(), m.end()),
            )
        )
    if m := _DMY.search(lowered):
        matches.append((m.start(), _numeric(text, m, m.start(), month_first)))
    names = month_names()
    if (m := _CTIME.search(lowered)) and (month := names.get(m["name"])):
        # "Fri Apr 28 19:20:36 CEST 2023" (Java's Date.toString, seen on faz.net)
        day_reading = _build(int(m["year"]), month, int(m["day"]), "", 0, 0)
        clock = _time_after(f"{m['time']} {m['zone'] or ''}", 0)
        if day_reading and clock:
            hour, minute, second, zone = clock
            return Reading(
                day_reading.value.replace(hour=hour, minute=minute, second=second, tzinfo=zone),
                False,
            )
    for pattern in (_DAY_NAME_YEAR, _NAME_DAY_YEAR):
        for m in pattern.finditer(lowered):
            month = names.get(m["name"].rstrip("."))
            if month:
                matches.append(
                    (
                        m.start(),
                        _build(int(m["year"]), month, int(m["day"]), text, m.start(), m.end()),
                    )
                )
                break
    found = [(start, r) for start, r in matches if r is not None]
    return min(found, key=lambda f: f[0])[1] if found else None


# --- dateparser, where nothing exact fits -------------------------------------------------


def _dateparser(text: str, base: datetime, languages: tuple[str, ...]) -> Reading | None:
    import dateparser

    settings = {
        **DEFAULT_DATEPARSER_SETTINGS,
        "RELATIVE_BASE": base.replace(tzinfo=None),
        "TIMEZONE": "UTC",
    }
    value = dateparser.parse(text, languages=list(languages), settings=settings)
    if value is None:
        return None
    value = value.replace(tzinfo=None)
    if re.search(r"\d[:h]\d", text):
        return Reading(value, False)
    whole_days = (base.replace(tzinfo=None) - value) % timedelta(days=1) == timedelta(0)
    if is_relative(text) and whole_days:
        # "yesterday", "gestern", "hier": a day, not the download time of day minus 24 hours.
        return Reading(value.replace(hour=0, minute=0, second=0, microsecond=0), True)
    return Reading(value, value.time() == datetime.min.time())


def warm_up(languages: tuple[str, ...] = ("en",)) -> None:
    """Load dateparser's data once: its first call in a process takes a second or more."""
    month_names()
    day_names()
    _dateparser("1 hour ago", datetime(2024, 1, 1), languages)


_RELATIVE_HINT = re.compile(
    r"\b(ago|yesterday|today|vor|gestern|heute|hier|aujourd|il y a|hace|ayer|hoy|fa|ieri|oggi"
    r"|há|ontem|hoje|geleden|gisteren|vandaag|назад|вчера|сегодня|önce|dün|bugün|منذ|أمس)"
    r"|前|昨日|今日|昨天|今天|전|어제|오늘",
    re.IGNORECASE,
)


def is_relative(text: str) -> bool:
    """Whether ``text`` looks like a short relative date ("vor 2 Stunden", "yesterday 13:17")."""
    return len(text) <= RELATIVE_MAX_CHARS and _RELATIVE_HINT.search(text) is not None


def dateparser_languages(language: str | None) -> tuple[str, ...]:
    """dateparser languages for a page language (ISO 639-1): that one and English."""
    code = {"no": "nb", "nn": "nb"}.get(language or "", language or "")
    if code in DATEPARSER_LANGUAGES and code != "en":
        return (code, "en")
    return ("en",)


# --- the day in an article's URL ---------------------------------------------------------

_URL_DAY = re.compile(
    r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|[-_]|\.html?|$)"
    r"|/((?:19|20)\d\d)([01]\d)([0-3]\d)(?:/|[-_])"
)


def url_day(url: str | None) -> date | None:
    """The day an article's URL path names (``/2024/02/18/slug``, ``/20240218-slug``)."""
    m = _URL_DAY.search(url or "")
    if not m:
        return None
    year, month, day = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


# --- reading and placing in a zone --------------------------------------------------------


@lru_cache(maxsize=4096)
def _read_exact(text: str, month_first: bool) -> Reading | None:
    return _exact(text, month_first)


def _localize(naive: datetime, zone: tzinfo) -> datetime:
    """Wall-clock time in ``zone``; skipped local times move forward by the gap."""
    aware = naive.replace(tzinfo=zone)
    back = aware.astimezone(UTC).astimezone(zone)
    return back if back.replace(tzinfo=None) != naive else aware


def parse_date(
    raw: str | None,
    *,
    zone: str | None = None,
    downloaded: datetime | None = None,
    budget: ParseBudget | None = None,
    skew: timedelta = FUTURE_SKEW,
) -> ParsedDate | None:
    """Read ``raw`` as an aware date, or return None when it is not a date.

    ``zone`` is the source's IANA zone for strings without an offset; ``downloaded`` (aware)
    anchors relative dates and the plausibility check. Raises :class:`Rejected` for a date
    that reads but cannot be true.
    """
    if raw is None:
        return None
    text = " ".join(str(raw).split())
    if not text:
        return None
    if re.match(r"0{4}-0{2}-0{2}", text):
        raise Rejected("zero_date", text)
    budget = budget or ParseBudget()
    month_first = "en" in budget.languages[:1] if budget.languages else False
    reading = _read_exact(text, month_first)
    local_zone: tzinfo = ZoneInfo(zone) if zone else UTC
    if reading is None and downloaded is not None:
        base = downloaded.astimezone(local_zone)
        reading = _read_relative(text, base, budget)
        if reading and is_relative(text) and base.replace(tzinfo=None) - reading.value > COARSE:
            # "4 months ago", "vor 3 Tagen": the day cannot be told from these.
            raise Rejected("relative_too_coarse", text)
    if reading is None:
        return None
    try:
        return _placed(reading, text, local_zone, downloaded, skew)
    except Rejected as exc:
        swapped = _read_exact(text, not month_first) if exc.reason == "after_download" else None
        if swapped is None or swapped == reading:
            raise
        # "06/01/2026" read month first is in the future: the page writes the day first.
        return _placed(swapped, text, local_zone, downloaded, skew)


def _placed(
    reading: Reading,
    text: str,
    local_zone: tzinfo,
    downloaded: datetime | None,
    skew: timedelta,
) -> ParsedDate:
    """``reading`` in its zone, checked."""
    value = reading.value.replace(microsecond=0)
    if value.tzinfo is not None:
        tz_basis = "page"
    else:
        value = _localize(value, local_zone)
        tz_basis = "none" if local_zone is UTC else "source"
    # Without a zone, a wall-clock time may be up to 14 hours ahead of UTC.
    _check(value, text, downloaded, skew if tz_basis != "none" else max(skew, NAIVE_SKEW))
    return ParsedDate(value, tz_basis, reading.date_only)


def _read_relative(text: str, base: datetime, budget: ParseBudget) -> Reading | None:
    """Relative and free-form dates through dateparser, within the page's budget."""
    if len(text) > DATEPARSER_MAX_CHARS or budget.dateparser_calls <= 0:
        return None
    if not (_RELATIVE_HINT.search(text) or re.search(r"\d", text)):
        return None
    budget.dateparser_calls -= 1
    budget.spent.append(text)
    return _dateparser(text, base, budget.languages or ("en",))


def _check(value: datetime, text: str, downloaded: datetime | None, skew: timedelta) -> None:
    if value.timestamp() == 0:
        raise Rejected("epoch_zero", text)
    if value < EARLIEST:
        raise Rejected("before_1995", text)
    limit = downloaded or datetime.now(UTC)  # no download time: only the clock bounds it
    if value > limit + skew:
        raise Rejected("after_download", text)


def looks_like_date(text: str, language: str | None = None) -> Reading | None:
    """The first full date (day, month, year) in ``text`` by the exact readers, or None."""
    month_first = language == "en"
    return _read_exact(" ".join(text.split()), month_first)
