"""Item pipelines, one step per module. ``NEWSBOT_POOL_PIPELINES`` run in the extraction pool's
workers, ``ITEM_PIPELINES`` then in the crawling process; :mod:`newsbot.pipelines.offline` runs
both outside a crawl."""
