"""Everything the pages load comes from the project itself (mainland China and offline)."""

import re
from pathlib import Path

import twinning

PACKAGE = Path(twinning.__file__).parent
# An address to another host in something the browser would load: src, href of a
# stylesheet/icon/script, CSS url() or @import.
OUTSIDE = re.compile(
    r"""(?:src=|<link[^>]+href=|url\(|@import\s+)["']?(?:https?:)?//""", re.IGNORECASE
)


def test_templates_and_stylesheets_load_nothing_from_other_hosts():
    offenders = [
        str(path.relative_to(PACKAGE))
        for pattern in ("**/*.html", "**/*.css", "**/*.js")
        for path in PACKAGE.glob(pattern)
        if OUTSIDE.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_stylesheet_uses_system_fonts_that_cover_chinese():
    css = (PACKAGE / "core/static/twinning/css/site.css").read_text(encoding="utf-8")

    assert "@font-face" not in css
    for family in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"):
        assert family in css
