"""The `twinning` command: Django's manage.py under the project's own name, plus
`twinning schedule` (twinning/scheduler/cli.py), which runs without Django."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["schedule"]:  # the meeting scheduler needs no Django (nor its start-up)
        from twinning.scheduler.cli import main as schedule
        from twinning.scheduler.cli import process_started

        status = schedule(sys.argv[2:], started=process_started())
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # the output is written and synced: no need to tear the heap down
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
