"""Page weight that real news pages carry around the story: inline CSS, analytics and state
scripts, SVG icons. It makes the demo pages as heavy (30–60 KB) and as noisy as real ones, with
article text repeated inside scripts where extractors must not look.
"""

from __future__ import annotations

import json
import random


def inline_css(name: str, rules: int) -> str:
    """A ``<style>`` block of ``rules`` deterministic, plausible rules."""
    rng = random.Random(name)
    props = ("margin", "padding", "color", "font-size", "line-height", "border-bottom", "gap")
    out = []
    for i in range(rules):
        prop = rng.choice(props)
        value = {
            "color": f"#{rng.randrange(0x1000000):06x}",
            "font-size": f"{rng.randint(11, 42)}px",
            "line-height": f"{rng.randint(110, 180) / 100}",
            "border-bottom": f"1px solid #{rng.randrange(0x1000):03x}",
        }.get(prop, f"{rng.randint(0, 24)}px {rng.randint(0, 32)}px")
        media = "@media (min-width:980px){" if i % 9 == 0 else ""
        out.append(f"{media}.{name}-{i:x}{{{prop}:{value}}}{'}' if media else ''}")
    return f"<style>{''.join(out)}</style>"


def analytics_script(site: str, path: str) -> str:
    """The tag-manager and consent boilerplate most publishers paste into every page."""
    config = {
        "site": site,
        "page": path,
        "consent": {"analytics": False, "ads": False, "vendorList": list(range(1, 48))},
        "experiments": {"paywall_v3": "control", "related_v2": "b"},
    }
    return (
        "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),"
        "event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;"
        "j.src='https://www.googletagmanager.com/gtm.js?id='+i;f.parentNode.insertBefore(j,f);"
        f"}})(window,document,'script','dataLayer','GTM-{site.upper()[:6]}');</script>"
        f"<script>window.__CONFIG__={json.dumps(config)};</script>"
    )


def state_script(variable: str, state: object, element_id: str | None = None) -> str:
    """Page state as single-page-app frameworks embed it (``__NEXT_DATA__``, ``Fusion``)."""
    text = json.dumps(state, ensure_ascii=False).replace("</", "<\\/")
    if element_id:
        return f'<script id="{element_id}" type="application/json">{text}</script>'
    return f"<script>window.{variable}={text};</script>"


def svg_icons(names: tuple[str, ...]) -> str:
    """An inline SVG sprite: one ``<symbol>`` with a path per icon name."""
    rng = random.Random(",".join(names))
    symbols = "".join(
        f'<symbol id="i-{n.replace(" ", "-")}" viewBox="0 0 24 24"><path d="M{rng.randint(1, 9)} '
        f"{rng.randint(1, 9)}l{rng.randint(2, 12)} {rng.randint(2, 12)}-{rng.randint(1, 8)} "
        f"{rng.randint(1, 8)}zm{rng.randint(1, 5)}.{rng.randint(0, 9)} {rng.randint(1, 9)}h"
        f'{rng.randint(2, 14)}v{rng.randint(2, 14)}"/></symbol>'
        for n in names
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{symbols}</svg>'
