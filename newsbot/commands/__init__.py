"""Scrapy commands of the newsbot project (``COMMANDS_MODULE``)."""
