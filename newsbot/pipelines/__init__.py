"""Item pipelines, one step per module, in the order of ``ITEM_PIPELINES``."""
