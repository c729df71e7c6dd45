"""The `twinning` command: Django's manage.py under the project's own name, plus
`twinning schedule` (twinning/scheduler/cli.py), which runs without Django."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["schedule"]:  # the meeting scheduler needs no Django (nor its start-up)
        from twinning.scheduler.cli import run_as_command

        run_as_command(sys.argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
