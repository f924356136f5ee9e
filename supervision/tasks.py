"""Celery tasks of the project itself.

``ping`` is the smoke test of the task pipeline: a request enqueues it with
``transaction.on_commit(...)``, a worker (or, with no broker configured, the process itself) runs
it. It answers with where it ran, and leaves its token in the cache of the process that ran it.
"""

import os
import socket

from celery import shared_task
from django.core.cache import cache
from django.db import connection


def ping_cache_key(token):
    return f"supervision:ping:{token}"


@shared_task
def ping(token):
    """Answer ``token`` with the host, process and database that ran the task."""
    with connection.cursor() as cursor:  # the worker reaches the database
        cursor.execute("SELECT 1")
    cache.set(ping_cache_key(token), os.getpid(), timeout=300)
    return {
        "token": token,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "database": connection.settings_dict["NAME"],
    }
