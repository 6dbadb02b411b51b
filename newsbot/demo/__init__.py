"""A loopback news web for the end-to-end tests and ``newsbot demo``.

Entry point: :class:`newsbot.demo.site.DemoSite`.
"""
