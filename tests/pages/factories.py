from twinning.accounts.rules import system_actor
from twinning.pages.models import PageVersion
from twinning.pages.services import page_version_publish


def publish(kind: str = "privacy", *, actor=None, **texts: str) -> PageVersion:
    """Publish a version of page ``kind`` with made-up text unless told otherwise (by default
    as the system actor, like the demo loader)."""
    values = {
        "title_en": f"{kind.title()} (English)",
        "title_zh_hans": f"{kind}（中文）",
        "body_en": f"The English text of the {kind} page.",
        "body_zh_hans": f"{kind} 页面的中文正文。",
        "change_note": "",
    } | texts
    return page_version_publish(
        page_kind=kind, actor=actor or system_actor(), **by_language(values)
    )


def by_language(values: dict[str, str]) -> dict[str, str | dict[str, str]]:
    """title_en=…, body_zh_hans=… → titles={"en": …}, bodies={"zh-hans": …} (other keys kept)."""
    result: dict = {"titles": {}, "bodies": {}}
    for name, value in values.items():
        field, _sep, suffix = name.partition("_")
        if field in ("title", "body"):
            result[{"title": "titles", "body": "bodies"}[field]][suffix.replace("_", "-")] = value
        else:
            result[name] = value
    return result
