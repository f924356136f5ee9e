"""Pointing the Celery app at another broker for a while (e.g. one that is down), and back."""

import contextlib

from kombu import pools
from kombu.exceptions import OperationalError

from supervision.celery import app

# Nothing listens on port 1: connecting is refused at once.
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


def forget_broker_connections():
    """Close and drop the cached connection and producer pools: the next publish connects anew,
    to the broker the configuration names now."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def celery_broker(url, *, eager=False):
    """Within the block, tasks are published to ``url`` (or run in-process with ``eager``);
    afterwards the configuration and connections are as before."""
    # Publishing uses broker_write_url, which wins over a CELERY_BROKER_URL in the environment.
    saved = {key: app.conf.get(key) for key in ("broker_write_url", "task_always_eager")}
    forget_broker_connections()
    app.conf.update(broker_write_url=url, task_always_eager=eager)
    try:
        yield
    finally:
        app.conf.update(saved)
        forget_broker_connections()


def publish_failed(caplog):
    """Whether handing a task to the broker failed, and was logged, after a commit."""
    return any(
        record.exc_info and isinstance(record.exc_info[1], OperationalError)
        for record in caplog.records
    )
