"""A worker's feed file: published atomically, and not at all once the worker lost Redis."""

from __future__ import annotations

import logging
from typing import IO

from newsbot.distributed.worker import Worker
from newsbot.feedexport import AtomicFileFeedStorage

logger = logging.getLogger(__name__)


class WorkerFeedStorage(AtomicFileFeedStorage):
    """:class:`~newsbot.feedexport.AtomicFileFeedStorage` that drops its temporary file instead of
    publishing it when the worker stopped for a Redis failure: the articles in it could not be
    recorded, and the requests that produced them go back to the shared queue."""

    def store(self, file: IO[bytes]) -> None:
        worker = self.crawler.get_extension(Worker) if self.crawler is not None else None
        if worker is not None and worker.lost:
            file.close()
            self.temp_path.unlink(missing_ok=True)
            self.error = f"not published: {worker.lost_reason}"
            logger.warning(
                "Feed %(path)s not published: %(reason)s",
                {"path": self.path, "reason": worker.lost_reason},
            )
            return
        super().store(file)
