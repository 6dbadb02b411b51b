"""Loopback news sites built to fail or mislead in one way each, served by the tests."""
