"""Load the demo site's information and legal pages (idempotent).

Each page in ``demo_data.yaml`` is published as a new version only when its text differs
from the version in force, so a second load creates nothing.
"""

from pathlib import Path

import yaml
from django.db import transaction

from twinning.accounts.rules import system_actor
from twinning.pages import selectors, services

DATA_FILE = Path(__file__).with_name("demo_data.yaml")


@transaction.atomic
def load() -> dict[str, int]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    actor = system_actor()
    published = 0
    for record in data["pages"]:
        texts = {"titles": record["title"], "bodies": record["body"]}
        current = selectors.page_version_current(kind=record["kind"])
        if services.page_version_text_equals(current, **texts):
            continue
        services.page_version_publish(
            page_kind=record["kind"],
            change_note=record.get("change_note", ""),
            actor=actor,
            **texts,
        )
        published += 1
    return {"pages": len(data["pages"]), "versions": published}
