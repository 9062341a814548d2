#!/usr/bin/env python
import os
import sys

# Commands that send no Celery task start without importing Celery (config/__init__.py). `audit_report`
# imports it itself for a batch sent to the workers (gongkai.annual_reports.batch).
WITHOUT_CELERY = frozenset({"audit_report"})


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in WITHOUT_CELERY:
        os.environ.setdefault("GONGKAI_WITHOUT_CELERY", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
