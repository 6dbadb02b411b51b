"""newsbot: a news crawler on Scrapy that writes one clean, de-duplicated JSON Lines feed."""

__version__ = "0.1.0"
